/**
 * The Discord adapter: slash commands, autocomplete and pager buttons in, embeds out; digests through send().
 * Gateway intents: Guilds only (INTERACTION_CREATE is always delivered, in servers and DMs alike).
 */
import {
  Client,
  Events,
  GatewayIntentBits,
  MessageFlags,
  PermissionFlagsBits,
  RESTEvents,
  Routes,
  type APIMessage,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type InteractionEditReplyOptions,
  type InteractionReplyOptions,
  type InteractionUpdateOptions,
  type RateLimitData,
} from "discord.js";
import { once } from "node:events";
import type { Adapter, SendOptions, SendResult } from "../../core/adapter.js";
import { findCommand, type Dispatch, type DispatchInput } from "../../core/dispatcher.js";
import type { Args, AutocompleteKind, CommandDef } from "../../core/command.js";
import type { MessageDoc } from "../../core/message.js";
import { channelRef, parseChannelRef, type ChannelRef, type Origin } from "../../core/origin.js";
import { decodePagerData, PagerStore } from "../../core/pager.js";
import type { Config } from "../../config.js";
import type { Logger } from "../../log.js";
import { autocompleteChoices, type Suggestion } from "./autocomplete.js";
import { classifySendError, DiscordErrorCode, isInteractionGone, isInteractionStateError } from "./errors.js";
import { originFromInteraction } from "./origin.js";
import { NO_MENTIONS, pagerRow, partNonce, renderParts, type ButtonRow, type MessagePart } from "./payloads.js";

export interface DiscordAdapterOptions {
  config: NonNullable<Config["discord"]>;
  log: Logger;
  commands: readonly CommandDef[];
  /** The knowledge layer's suggestions for autocomplete; time zones fall back to Intl. */
  suggest?: (kind: AutocompleteKind, prefix: string) => Suggestion[];
  pager?: PagerStore;
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

export type ChannelPermissionCheck = { ok: true } | { ok: false; missing: string[] };

export interface DiscordAdapter extends Adapter {
  readonly platform: "discord";
  /** Whether Brief can post digests there: ViewChannel, SendMessages (in threads: SendMessagesInThreads), EmbedLinks. */
  checkChannelPermissions(channelId: string): Promise<ChannelPermissionCheck>;
}

export const DEFAULT_DEFER_AFTER_MS = 1500;
const DEFAULT_STOP_GRACE_MS = 5000;

export const NOTES = {
  notOwner: "Only the person who asked can turn these pages. Run the command yourself to browse.",
  expired: "These pages have expired (Brief may have restarted). Run the command again to see them.",
  unknownButton: "This button is no longer in use. Run the command again.",
  notForBrief: "Brief has nothing to say to that. Type /help to see the commands.",
  apology: "Sorry, something went wrong on our side. It has been logged; please try again in a moment.",
} as const;

const CHANNEL_PERMISSIONS = ["ViewChannel", "SendMessages", "EmbedLinks"] as const;

/** Only digest posts reject on a rate limit (so the outbox can reschedule); interaction replies wait it out. */
function rejectChannelPostOnRateLimit(data: RateLimitData): boolean {
  return data.method.toUpperCase() === "POST" && data.route === "/channels/:id/messages";
}

export function createDiscordAdapter(opts: DiscordAdapterOptions): DiscordAdapter {
  const { config, commands } = opts;
  const log = opts.log.child({ platform: "discord" });
  const pager = opts.pager ?? new PagerStore();
  const deferAfterMs = opts.deferAfterMs ?? DEFAULT_DEFER_AFTER_MS;
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
  client.rest.on(RESTEvents.RateLimited, (info) =>
    log.warn({ route: info.route, retryAfter: info.retryAfter, global: info.global }, "discord rate limited"),
  );
  client.on(Events.InteractionCreate, (interaction) => {
    if (stopping || !dispatch) return;
    const task = handleInteraction(interaction, dispatch).catch((err) => log.error({ err }, "interaction handler failed"));
    inFlight.add(task);
    void task.finally(() => inFlight.delete(task));
  });

  // ------------------------------------------------------------ interactions

  async function handleInteraction(interaction: Interaction, run: Dispatch): Promise<void> {
    try {
      if (interaction.isAutocomplete()) await onAutocomplete(interaction);
      else if (interaction.isChatInputCommand()) await onCommand(interaction, run);
      else if (interaction.isButton()) await onButton(interaction, run);
    } catch (err) {
      const context = { err, interaction: interaction.id, user: interaction.user.id, channel: interaction.channelId };
      if (isInteractionGone(err) || isInteractionStateError(err)) {
        log.warn(context, "interaction could not be answered (expired or already answered)");
        return;
      }
      log.error(context, "interaction failed");
      if (interaction.isRepliable()) await apologise(interaction);
    }
  }

  async function apologise(interaction: ChatInputCommandInteraction | ButtonInteraction | Interaction): Promise<void> {
    if (!interaction.isRepliable()) return;
    const body = { content: NOTES.apology, flags: MessageFlags.Ephemeral as const };
    try {
      if (interaction.replied || interaction.deferred) await interaction.followUp(body);
      else await interaction.reply(body);
    } catch (err) {
      log.warn({ err, interaction: interaction.id }, "could not apologise either");
    }
  }

  async function onAutocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const focused = interaction.options.getFocused(true);
    const option = findCommand(commands, interaction.commandName)?.options?.find((o) => o.name === focused.name);
    const kind = option?.autocomplete;
    const choices = kind
      ? autocompleteChoices(kind, String(focused.value ?? ""), opts.suggest, (err) =>
          log.warn({ err, kind }, "autocomplete suggestions failed"),
        )
      : [];
    if (option?.type === "integer") {
      await interaction.respond(
        choices.filter((c) => /^-?\d{1,15}$/.test(c.value)).map((c) => ({ name: c.name, value: Number(c.value) })),
      );
    } else {
      await interaction.respond(choices);
    }
  }

  function argsFrom(interaction: ChatInputCommandInteraction, def: CommandDef | undefined): Args {
    const args: Args = {};
    if (!def) {
      for (const o of interaction.options.data) {
        if (typeof o.value === "string" || typeof o.value === "number") args[o.name] = o.value;
      }
      return args;
    }
    for (const opt of def.options ?? []) {
      switch (opt.type) {
        case "string": {
          const v = interaction.options.getString(opt.name);
          if (v !== null) args[opt.name] = v;
          break;
        }
        case "integer": {
          const v = interaction.options.getInteger(opt.name);
          if (v !== null) args[opt.name] = v;
          break;
        }
        case "channel": {
          // Channels travel as ChannelRefs ("discord:<id>"): platform-neutral and unambiguous.
          const v = interaction.options.getChannel(opt.name);
          if (v) args[opt.name] = channelRef("discord", v.id);
          break;
        }
      }
    }
    return args;
  }

  async function onCommand(interaction: ChatInputCommandInteraction, run: Dispatch): Promise<void> {
    const origin = originFromInteraction(interaction, config.adminIds);
    const def = findCommand(commands, interaction.commandName);
    const input: DispatchInput = { kind: "options", command: interaction.commandName, args: argsFrom(interaction, def) };
    log.debug({ command: interaction.commandName, user: origin.user.id, channel: origin.channel }, "slash command");
    await answer(interaction, run(input, origin), { mode: "reply", origin });
  }

  async function onButton(interaction: ButtonInteraction, run: Dispatch): Promise<void> {
    const data = decodePagerData(interaction.customId);
    if (!data) return void (await ephemeral(interaction, NOTES.unknownButton));
    const entry = pager.resolve(data.token);
    if (!entry) return void (await ephemeral(interaction, NOTES.expired));
    if (entry.ownerId !== undefined && entry.ownerId !== interaction.user.id) {
      return void (await ephemeral(interaction, NOTES.notOwner));
    }
    const page = Math.min(Math.max(1, data.page), Math.max(1, entry.count));
    const origin = originFromInteraction(interaction, config.adminIds);
    const text = `/${entry.command}${entry.args ? ` ${entry.args}` : ""}`;
    await answer(interaction, run({ kind: "text", text, page }, origin), { mode: "update", origin, token: data.token });
  }

  async function ephemeral(interaction: ButtonInteraction | ChatInputCommandInteraction, content: string): Promise<void> {
    await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
  }

  function embedsAllowed(interaction: Interaction): boolean {
    if (opts.embeds === false) return false;
    // In a server, respect the bot's own Embed Links permission there; DMs always allow embeds.
    return interaction.guildId === null || interaction.appPermissions.has(PermissionFlagsBits.EmbedLinks);
  }

  /**
   * Acknowledges within Discord's 3 s: a fast answer is the first response itself; a slow one is deferred
   * after `deferAfterMs`, then edited in. Extra parts of a long answer follow as follow-up messages.
   */
  async function answer(
    interaction: ChatInputCommandInteraction | ButtonInteraction,
    work: Promise<MessageDoc | null>,
    how: { mode: "reply" | "update"; origin: Origin; token?: string },
  ): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<"late">((resolve) => {
      timer = setTimeout(() => resolve("late"), deferAfterMs);
    });
    const first = await Promise.race([work.then((doc) => ({ doc })), late]);
    clearTimeout(timer);
    let deferred = false;
    let doc: MessageDoc | null;
    if (first === "late") {
      if (how.mode === "reply") await interaction.deferReply();
      else await (interaction as ButtonInteraction).deferUpdate();
      deferred = true;
      doc = await work;
    } else {
      doc = first.doc;
    }

    if (!doc) {
      await sendPrivate(interaction, deferred, how.mode, [{ content: NOTES.notForBrief }]);
      return;
    }
    const parts = renderParts(doc, embedsAllowed(interaction));
    if (doc.private) {
      await sendPrivate(interaction, deferred, how.mode, parts);
      return;
    }

    let row: ButtonRow | undefined;
    if (doc.pages && doc.pages.count > 1) {
      const token = how.token ?? pager.register(doc.pages, interaction.user.id);
      row = pagerRow(token, doc.pages);
    }
    const components = (i: number): ButtonRow[] => (row && i === parts.length - 1 ? [row] : []);
    const [head, ...tail] = parts;
    if (!head) return;
    if (!deferred) {
      if (how.mode === "reply") {
        await (interaction as ChatInputCommandInteraction).reply({ ...head, components: components(0), allowedMentions: NO_MENTIONS } satisfies InteractionReplyOptions);
      } else {
        await (interaction as ButtonInteraction).update({ ...head, components: components(0), allowedMentions: NO_MENTIONS } satisfies InteractionUpdateOptions);
      }
    } else {
      await interaction.editReply({ ...head, components: components(0), allowedMentions: NO_MENTIONS } satisfies InteractionEditReplyOptions);
    }
    for (const [i, part] of tail.entries()) {
      await interaction.followUp({ ...part, components: components(i + 1), allowedMentions: NO_MENTIONS });
    }
    log.debug({ user: how.origin.user.id, channel: how.origin.channel, parts: parts.length, deferred }, "answered");
  }

  /** Errors and usage hints are shown only to the person who asked. */
  async function sendPrivate(
    interaction: ChatInputCommandInteraction | ButtonInteraction,
    deferred: boolean,
    mode: "reply" | "update",
    parts: MessagePart[],
  ): Promise<void> {
    const flags = MessageFlags.Ephemeral as const;
    let rest = parts;
    if (!deferred) {
      const [head, ...tail] = parts;
      if (head) await interaction.reply({ ...head, flags, allowedMentions: NO_MENTIONS });
      rest = tail;
    } else if (mode === "reply") {
      // The deferral was public ("Brief is thinking…"); remove it so the private answer stands alone.
      await interaction.deleteReply().catch((err: unknown) => log.warn({ err }, "could not remove the deferred reply"));
    }
    for (const part of rest) await interaction.followUp({ ...part, flags, allowedMentions: NO_MENTIONS });
  }

  // ------------------------------------------------------------ outbound

  async function send(channel: ChannelRef, doc: MessageDoc, options?: SendOptions): Promise<SendResult> {
    const ref = parseChannelRef(channel);
    if (!ref || ref.platform !== "discord" || !/^\d{1,25}$/.test(ref.id)) {
      return { ok: false, kind: "permanent", detail: `not a Discord channel: ${channel}` };
    }
    const parts = renderParts(doc, opts.embeds !== false);
    // Digests page for anyone in the channel.
    const row = doc.pages && doc.pages.count > 1 ? pagerRow(pager.register(doc.pages), doc.pages) : undefined;
    const ids: string[] = [];
    for (const [i, part] of parts.entries()) {
      const body = {
        ...part,
        allowed_mentions: NO_MENTIONS,
        ...(row && i === parts.length - 1 ? { components: [row] } : {}),
        ...(options?.nonce ? { nonce: partNonce(options.nonce, i), enforce_nonce: true } : {}),
      };
      try {
        const message = (await client.rest.post(Routes.channelMessages(ref.id), { body })) as APIMessage;
        ids.push(message.id);
      } catch (err) {
        const result = classifySendError(err);
        const detail = ids.length > 0 ? `${result.detail} (after ${ids.length} of ${parts.length} parts)` : result.detail;
        log[result.kind === "transient" ? "warn" : "info"]({ channel, kind: result.kind, detail }, "discord send failed");
        return { ...result, detail };
      }
    }
    return { ok: true, messageIds: ids };
  }

  async function checkChannelPermissions(channelId: string): Promise<ChannelPermissionCheck> {
    const unreachable: ChannelPermissionCheck = { ok: false, missing: ["ViewChannel"] };
    try {
      const channel = await client.channels.fetch(channelId);
      if (!channel) return unreachable;
      if (channel.isDMBased()) return { ok: true };
      const me = channel.guild.members.me ?? (await channel.guild.members.fetchMe());
      const perms = channel.permissionsFor(me);
      const needed = CHANNEL_PERMISSIONS.map((p) => (p === "SendMessages" && channel.isThread() ? "SendMessagesInThreads" : p));
      const missing = needed.filter((p) => !perms.has(PermissionFlagsBits[p]));
      return missing.length === 0 ? { ok: true } : { ok: false, missing };
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (code === DiscordErrorCode.UnknownChannel || code === DiscordErrorCode.MissingAccess || code === DiscordErrorCode.UnknownGuild) {
        return unreachable;
      }
      throw err;
    }
  }

  return {
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
    checkChannelPermissions,
  };
}
