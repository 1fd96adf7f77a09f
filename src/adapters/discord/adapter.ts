/**
 * The Discord adapter: the client's lifecycle, interactions handed to interactions.ts, digests out through
 * send(), the checks /subscribe asks for (channels.ts), and servers or channels that go away (gone.ts).
 * Gateway intents: Guilds only (INTERACTION_CREATE is always delivered, in servers and DMs alike; guild
 * and channel deletions arrive with Guilds).
 */

import { once } from "node:events";
import { type APIMessage, Client, Events, GatewayIntentBits, PermissionFlagsBits, type RateLimitData, RESTEvents, Routes } from "discord.js";
import { type Adapter, type AdapterHealth, AdapterStartRefused, type SendOptions, type SendResult, type TargetCheck } from "../../core/adapter.js";
import type { AutocompleteKind, CommandDef } from "../../core/command.js";
import type { Dispatch } from "../../core/dispatcher.js";
import type { Logger } from "../../core/log.js";
import type { MessageDoc } from "../../core/message.js";
import { type ChannelRef, channelRef, type Origin, parseChannelRef } from "../../core/origin.js";
import { PagerTokens } from "../../core/pager.js";
import { rememberSecret } from "../../core/redact.js";
import { newRequestId, withRequest } from "../../core/request-context.js";
import type { Suggestion } from "./autocomplete.js";
import { type ChannelPermissionCheck, checkCanPost, checkChannelPermissions, resolveTarget } from "./channels.js";
import { classifySendError } from "./errors.js";
import { channelGoneFrom, type RawDispatch } from "./gone.js";
import { createInteractionHandler, DEFAULT_DEFER_AFTER_MS } from "./interactions.js";
import { NO_MENTIONS, pagerRow, partNonce, renderParts } from "./payloads.js";

export { NOTES } from "./interactions.js";

export interface DiscordConfig {
  token: string;
  appId: string;
  /** Another REST base (a proxy, or the local fake the tests use). */
  apiBase?: string;
  adminIds: readonly string[];
}

export interface DiscordAdapterOptions {
  config: DiscordConfig;
  log: Logger;
  commands: readonly CommandDef[];
  /** The knowledge layer's suggestions for autocomplete; time zones fall back to Intl. */
  suggest?: (kind: AutocompleteKind, prefix: string) => Suggestion[];
  pager?: PagerTokens;
  /**
   * Answers arriving within this many milliseconds are sent as the first response (so errors can be
   * ephemeral); slower ones are acknowledged with a deferred reply first. Discord's deadline is 3 s.
   */
  deferAfterMs?: number;
  /** false: always plain content instead of embeds. Default true (content is used where embeds are not allowed). */
  embeds?: boolean;
  /** How long stop() waits for interactions in flight. */
  stopGraceMs?: number;
}

export type { ChannelPermissionCheck };

export interface DiscordAdapter extends Adapter {
  readonly platform: "discord";
  /** Whether Brief can post digests there: ViewChannel, SendMessages (in threads: SendMessagesInThreads), EmbedLinks. */
  checkChannelPermissions(channelId: string): Promise<ChannelPermissionCheck>;
  /** /subscribe in this channel: the same permissions, refused with a reason naming what is missing. DMs: ok. */
  checkCanPost(channel: ChannelRef): Promise<{ ok: true } | { ok: false; reason: string }>;
  /** /subscribe channel:#x: same server as the command, manageable by the person, postable by Brief. */
  resolveTarget(target: string, origin: Origin): Promise<TargetCheck>;
}

const DEFAULT_STOP_GRACE_MS = 5000;

/** Only digest posts reject on a rate limit (so the outbox can reschedule); interaction replies wait it out. */
function rejectChannelPostOnRateLimit(data: RateLimitData): boolean {
  return data.method.toUpperCase() === "POST" && data.route === "/channels/:id/messages";
}

export function createDiscordAdapter(opts: DiscordAdapterOptions): DiscordAdapter {
  const { config, commands } = opts;
  // discord.js errors carry request URLs; interaction tokens are caught by shape, the bot token by value too.
  rememberSecret(config.token);
  const log = opts.log.child({ platform: "discord" });
  const pager = opts.pager ?? new PagerTokens();
  const stopGraceMs = opts.stopGraceMs ?? DEFAULT_STOP_GRACE_MS;

  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { ...(config.apiBase ? { api: config.apiBase } : {}), rejectOnRateLimit: rejectChannelPostOnRateLimit },
    allowedMentions: NO_MENTIONS,
  });
  // send() and checkChannelPermissions() work before start() (login sets the same token again).
  client.rest.setToken(config.token);

  let dispatch: Dispatch | undefined;
  let stopping = false;
  const inFlight = new Set<Promise<void>>();

  client.on(Events.Error, (err) => log.error({ err }, "discord client error"));
  client.on(Events.Warn, (message) => log.warn({ message }, "discord warning"));
  client.on(Events.ShardDisconnect, (event, shard) => {
    if (!stopping) log.warn({ code: event.code, shard }, "discord gateway disconnected");
  });
  client.on(Events.ShardReconnecting, (shard) => {
    if (!stopping) log.info({ shard }, "discord gateway reconnecting");
  });
  client.on(Events.ShardResume, (shard) => log.info({ shard }, "discord gateway resumed"));
  client.rest.on(RESTEvents.RateLimited, (info) => log.warn({ route: info.route, retryAfter: info.retryAfter, global: info.global }, "discord rate limited"));
  const handleInteraction = createInteractionHandler({
    commands,
    adminIds: config.adminIds,
    log,
    pager,
    suggest: opts.suggest,
    deferAfterMs: opts.deferAfterMs ?? DEFAULT_DEFER_AFTER_MS,
    embeds: opts.embeds !== false,
  });
  client.on(Events.InteractionCreate, (interaction) => {
    if (stopping || !dispatch) return;
    // One request id per interaction, on every log line written while it is answered.
    const run = dispatch;
    const task = withRequest(newRequestId(), () => handleInteraction(interaction, run)).catch((err) => log.error({ err }, "interaction handler failed"));
    inFlight.add(task);
    void task.finally(() => inFlight.delete(task));
  });

  // ------------------------------------------------------------ outbound

  /** Never throws: even a bug in rendering comes back as a (transient) failure for the outbox to log. */
  async function send(channel: ChannelRef, doc: MessageDoc, options?: SendOptions): Promise<SendResult> {
    try {
      return await sendParts(channel, doc, options);
    } catch (err) {
      log.error({ err, channel }, "discord send failed unexpectedly");
      return { ok: false, kind: "transient", detail: err instanceof Error ? err.message : String(err) };
    }
  }

  async function sendParts(channel: ChannelRef, doc: MessageDoc, options?: SendOptions): Promise<SendResult> {
    const ref = parseChannelRef(channel);
    if (ref?.platform !== "discord" || !/^\d{1,25}$/.test(ref.id)) {
      return { ok: false, kind: "permanent", detail: `not a Discord channel: ${channel}` };
    }
    const parts = renderParts(doc, embedsAllowedIn(ref.id));
    // Parts delivered by an earlier attempt that failed part-way are not sent again.
    const skip = Math.min(Math.max(0, Math.floor(options?.skipParts ?? 0)), parts.length);
    if (skip > 0 && skip >= parts.length) {
      log.info({ channel, parts: parts.length, skipParts: options?.skipParts }, "every part of this digest was already delivered");
      return { ok: true, messageIds: [] };
    }
    // Digests page for anyone in the channel.
    const row = doc.pages && doc.pages.count > 1 ? pagerRow(pager.register(doc.pages), doc.pages) : undefined;
    const ids: string[] = [];
    for (let i = skip; i < parts.length; i++) {
      const part = parts[i]!;
      // Each part's nonce depends on the caller's nonce and the part's place in the whole document (not in
      // this attempt), so a retry that resumes, or repeats after a crash, is dropped by Discord as a duplicate.
      const body = {
        ...part,
        allowed_mentions: NO_MENTIONS,
        ...(row && i === parts.length - 1 ? { components: [row] } : {}),
        ...(options?.nonce ? { nonce: partNonce(options.nonce, i), enforce_nonce: true } : {}),
      };
      try {
        if (i > skip) await options?.beforeNextPart?.();
        const message = (await client.rest.post(Routes.channelMessages(ref.id), { body })) as APIMessage;
        ids.push(message.id);
        if (i < parts.length - 1) options?.onPartSent?.(skip + ids.length);
      } catch (err) {
        const result = classifySendError(err);
        const delivered = skip + ids.length;
        const detail = delivered > 0 ? `${result.detail} (after ${delivered} of ${parts.length} parts)` : result.detail;
        log[result.kind === "transient" ? "warn" : "info"]({ channel, kind: result.kind, detail, sentParts: ids.length }, "discord send failed");
        // sentParts: delivered by this call; the outbox adds them to the skipParts it passed.
        return { ...result, detail, sentParts: ids.length };
      }
    }
    return { ok: true, messageIds: ids };
  }

  /**
   * Whether an unprompted post may carry embeds, judged from the gateway cache (guild channels, roles and
   * the bot's member arrive with the Guilds intent). Unknown means yes: /subscribe checks up front.
   */
  function embedsAllowedIn(channelId: string): boolean {
    if (opts.embeds === false) return false;
    const channel = client.channels.cache.get(channelId);
    if (!channel || channel.isDMBased()) return true;
    const me = channel.guild.members.me;
    if (!me) return true;
    return channel.permissionsFor(me)?.has(PermissionFlagsBits.EmbedLinks) ?? true;
  }

  // ------------------------------------------------------------ servers and channels that go away

  client.on(Events.Raw, (packet: RawDispatch) => {
    const gone = channelGoneFrom(packet, (id) => client.guilds.cache.get(id)?.name);
    if (!gone) return;
    log.info(gone, "a Discord channel or server is gone for Brief");
    try {
      adapter.onChannelGone?.(gone);
    } catch (err) {
      log.error({ err, gone }, "onChannelGone failed");
    }
  });

  const adapter: DiscordAdapter = {
    platform: "discord",
    async start(d: Dispatch): Promise<void> {
      dispatch = d;
      stopping = false;
      const abort = new AbortController();
      const ready = once(client, Events.ClientReady, { signal: abort.signal });
      ready.catch(() => undefined);
      try {
        await client.login(config.token);
        await ready;
      } catch (err) {
        abort.abort();
        // A rejected token is refused for good; anything else (Discord unreachable, a 5xx) is retried.
        const status = (err as { status?: unknown }).status;
        const code = (err as { code?: unknown }).code;
        if (status === 401 || code === "TokenInvalid") {
          throw new AdapterStartRefused(
            `Discord rejected DISCORD_TOKEN (${err instanceof Error ? err.message : String(err)}). Reset it in the Developer Portal.`,
            {
              cause: err,
            },
          );
        }
        throw err;
      }
      log.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, "discord ready");
    },
    async stop(): Promise<void> {
      stopping = true;
      if (inFlight.size > 0) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          Promise.allSettled([...inFlight]),
          new Promise((resolve) => {
            timer = setTimeout(resolve, stopGraceMs);
          }),
        ]);
        clearTimeout(timer);
      }
      await client.destroy();
      log.info("discord stopped");
    },
    send,
    health(): AdapterHealth {
      // discord.js reconnects by itself after a drop; until it has, Discord is not served.
      return client.isReady() ? { connected: true } : { connected: false, detail: stopping ? "stopped" : "gateway not ready (reconnecting)" };
    },
    /** Each bot admin gets the notice in a direct message (the DM channel is opened first; Discord returns the existing one). */
    async notifyAdmins(doc: MessageDoc): Promise<void> {
      for (const id of config.adminIds) {
        try {
          const dm = (await client.rest.post(Routes.userChannels(), { body: { recipient_id: id } })) as { id: string };
          const result = await send(channelRef("discord", dm.id), doc);
          if (!result.ok) log.info({ admin: id, detail: result.detail }, "could not notify a bot admin");
        } catch (err) {
          log.info({ err, admin: id }, "could not open a direct message to a bot admin");
        }
      }
    },
    checkChannelPermissions: (channelId) => checkChannelPermissions(client, channelId),
    checkCanPost: (channel) => checkCanPost(client, channel),
    resolveTarget: (target, origin) => resolveTarget(client, target, origin),
  };
  return adapter;
}
