/**
 * The Telegram adapter: grammY in, neutral MessageDoc out through the shared dispatcher, Telegram HTML back.
 *
 * - Connection: long polling (grammY's bot.start) by default; a webhook served by node:http when
 *   config.webhook is set, with the secret-token check. config.apiRoot points grammY at another Bot API
 *   server (self-hosted, or telegram-test-api in tests).
 * - Replies to people go through bot.api with @grammyjs/auto-retry (capped) so a 429 waits retry_after.
 *   Unprompted sends (digests) use a separate Api without auto-retry: the outbox decides about retries.
 * - Everything that can fail in a handler is caught, logged with its context, and answered briefly;
 *   nothing here may stop the polling loop.
 * - Digests: send() resumes a split digest (skipParts); resolveTarget() checks `/subscribe @channel`
 *   (target.ts); a my_chat_member update saying the bot was removed or blocked calls onChannelGone.
 */
import { randomBytes } from "node:crypto";
import { autoRetry } from "@grammyjs/auto-retry";
import { Api, Bot, GrammyError, type Transformer } from "grammy";
import {
  type Adapter,
  type AdapterHealth,
  AdapterStartRefused,
  type ChannelGone,
  type PacingLimits,
  type SendOptions,
  type SendResult,
  type TargetCheck,
} from "../../core/adapter.js";
import type { CommandDef } from "../../core/command.js";
import type { Dispatch } from "../../core/dispatcher.js";
import type { Logger } from "../../core/log.js";
import type { MessageDoc } from "../../core/message.js";
import { type ChannelRef, channelRef, type Origin, parseChannelRef } from "../../core/origin.js";
import { PagerTokens } from "../../core/pager.js";
import { DEFAULT_RATE_LIMIT, RateLimiter } from "../../core/rate-limit.js";
import { rememberSecret } from "../../core/redact.js";
import { installHandlers } from "./handlers.js";
import { menuCommands } from "./menu.js";
import { ChatAdminCache, originFrom } from "./origin.js";
import { isTelegramGroup, TELEGRAM_PACING } from "./pacing.js";
import { sendDocument } from "./send.js";
import { resolveTelegramTarget } from "./target.js";
import { startWebhookServer, type WebhookServer } from "./webhook.js";

export interface TelegramConfig {
  token: string;
  /** Another Bot API server (self-hosted, or a local emulator in tests). */
  apiRoot?: string;
  /** `host` is the address to listen on: loopback (127.0.0.1) unless set, as behind a TLS proxy on the same host. */
  webhook?: { url: string; secret?: string; port: number; host?: string };
  adminIds: readonly string[];
}

export interface TelegramAdapterOptions {
  config: TelegramConfig;
  /** Digest pacing; Telegram's published limits by default. */
  pacing?: PacingLimits;
  log: Logger;
  /** Published as the command menu (setMyCommands) at start. */
  commands: readonly CommandDef[];
  pager?: PagerTokens;
  /** Per user; default 8 commands at once, then 1 per second. */
  rateLimit?: { capacity: number; refillPerSecond: number };
  /** Tests only: sleep this long after an empty getUpdates (telegram-test-api ignores the long-poll timeout). */
  pollingThrottleMs?: number;
}

export type TelegramAdapter = Adapter & { readonly botUsername: string | undefined };

/**
 * Updates Brief handles; anything else is not even fetched. my_chat_member tells us the bot was removed
 * from a chat or blocked by a user (core.telegram.org/bots/api#chatmemberupdated): digests there pause.
 */
export const ALLOWED_UPDATES = ["message", "channel_post", "callback_query", "my_chat_member"] as const;
/** How long a digest send may wait for Telegram's answer before it counts as a transient failure. */
export const SEND_TIMEOUT_SECONDS = 30;
/** auto-retry caps: a reply that must wait longer than this is not worth sending late. */
const AUTO_RETRY = { maxRetryAttempts: 3, maxDelaySeconds: 60, rethrowHttpErrors: true } as const;

export function createTelegramAdapter(opts: TelegramAdapterOptions): TelegramAdapter {
  const { config, log } = opts;
  // The token is in every Bot API URL, and so in every network error: the logger must know it.
  rememberSecret(config.token);
  rememberSecret(config.webhook?.secret);
  const pager = opts.pager ?? new PagerTokens();
  const limiter = new RateLimiter(opts.rateLimit ?? DEFAULT_RATE_LIMIT);
  const client = config.apiRoot ? { apiRoot: config.apiRoot } : {};
  const bot = new Bot(config.token, { client });
  bot.api.config.use(autoRetry(AUTO_RETRY));
  if (opts.pollingThrottleMs) bot.api.config.use(throttleEmptyPolls(opts.pollingThrottleMs));
  /**
   * For send(): no auto-retry, failures are classified and handed back to the outbox; and a bounded wait,
   * so a hung connection cannot hold a delivery for grammY's default 500 s.
   */
  const rawApi = new Api(config.token, { ...client, timeoutSeconds: SEND_TIMEOUT_SECONDS });
  const admins = new ChatAdminCache(async (chatId) => (await bot.api.getChatAdministrators(chatId)).map((m) => m.user.id));
  const botAdminIds = new Set(config.adminIds);

  let dispatch: Dispatch | undefined;
  let username: string | undefined;
  let state: "idle" | "starting" | "running" | "stopping" | "stopped" = "idle";
  /** Why Telegram stopped being served after start (a 409 or 401 from getUpdates), for health(). */
  let stoppedBecause: string | undefined;
  let polling: Promise<void> | undefined;
  let webhook: WebhookServer | undefined;
  /** Updates being handled, so stop() can wait for them (webhook answers may outlive their HTTP request). */
  let inFlight = new Set<Promise<unknown>>();

  async function publishCommands(): Promise<void> {
    const everyone = menuCommands(opts.commands, "everyone");
    try {
      await bot.api.setMyCommands(everyone);
    } catch (err) {
      log.warn({ err }, "telegram: setMyCommands failed; the command menu may be out of date");
      return;
    }
    // Bot admins see the admin commands too, in their private chat with the bot.
    const withAdmin = menuCommands(opts.commands, "bot-admin");
    if (withAdmin.length === everyone.length) return;
    for (const id of config.adminIds) {
      await bot.api
        .setMyCommands(withAdmin, { scope: { type: "chat", chat_id: Number(id) } })
        .catch((err: unknown) => log.info({ err, admin: id }, "telegram: admin command menu not set (has the admin started the bot?)"));
    }
  }

  async function startPolling(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      let launched = false;
      polling = bot
        .start({
          allowed_updates: ALLOWED_UPDATES,
          onStart: () => {
            launched = true;
            resolve();
          },
        })
        .then(
          () => log.info("telegram: polling stopped"),
          (err: unknown) => {
            if (!launched) return reject(err);
            reportPollingFailure(err);
          },
        );
    });
  }

  function reportPollingFailure(err: unknown): void {
    stoppedBecause = err instanceof GrammyError ? `polling stopped: ${err.error_code} ${err.description}` : "polling stopped after an unexpected error";
    if (err instanceof GrammyError && err.error_code === 409) {
      log.error(
        { err: err.description },
        "telegram: 409 Conflict from getUpdates — another process is polling this bot token (or a webhook is set). " +
          "Polling has stopped; Telegram is not served by this process. Stop the other instance and restart.",
      );
    } else if (err instanceof GrammyError && err.error_code === 401) {
      log.error({ err: err.description }, "telegram: 401 Unauthorized — TELEGRAM_BOT_TOKEN was revoked. Polling has stopped.");
    } else {
      log.error({ err }, "telegram: polling stopped after an unexpected error");
    }
    state = state === "stopping" ? state : "stopped";
  }

  /** Calls the hook main.ts set; a failing hook is logged, never thrown into the update loop. */
  function reportChannelGone(event: ChannelGone): void {
    log.warn(event, "telegram: a chat is gone for the bot");
    try {
      adapter.onChannelGone?.(event);
    } catch (err) {
      log.error({ err, ...event }, "telegram: onChannelGone failed");
    }
  }

  async function botId(): Promise<number> {
    if (bot.isInited()) return bot.botInfo.id;
    return (await bot.api.getMe()).id;
  }

  const adapter: TelegramAdapter = {
    platform: "telegram",
    pacing: { limits: opts.pacing ?? TELEGRAM_PACING, isGroup: isTelegramGroup },
    onChannelGone: undefined,

    get botUsername() {
      return username;
    },

    async start(d: Dispatch): Promise<void> {
      if (state !== "idle") throw new Error(`telegram adapter cannot start: it is ${state}`);
      state = "starting";
      dispatch = d;
      try {
        const me = await bot.api.getMe();
        bot.botInfo = me;
        username = me.username;
        ({ inFlight } = installHandlers(bot, {
          log,
          pager,
          limiter,
          origin: (src) => originFrom(src, { botAdminIds, admins, log }),
          dispatch: () => dispatch,
          username: () => username,
          channelGone: (event) => reportChannelGone(event),
        }));
        await publishCommands();
        if (config.webhook) {
          const secret = config.webhook.secret ?? randomBytes(32).toString("base64url");
          rememberSecret(secret);
          webhook = await startWebhookServer({ bot, url: config.webhook.url, port: config.webhook.port, host: config.webhook.host, secret, log });
          await bot.api.setWebhook(config.webhook.url, { secret_token: secret, allowed_updates: ALLOWED_UPDATES });
        } else {
          await startPolling();
        }
      } catch (err) {
        state = "stopped";
        await webhook?.close().catch(() => undefined);
        throw describeStartFailure(err);
      }
      state = "running";
      log.info({ username, mode: config.webhook ? "webhook" : "polling" }, "telegram: serving as @%s", username);
    },

    health(): AdapterHealth {
      if (state === "running") return { connected: true };
      return { connected: false, detail: stoppedBecause ?? state };
    },

    /** A private chat's id is the user's id: each admin who has started the bot gets the notice there. */
    async notifyAdmins(doc: MessageDoc): Promise<void> {
      for (const id of config.adminIds) {
        const result = await sendDocument(rawApi, pager, log, channelRef("telegram", id), doc);
        if (!result.ok) log.info({ admin: id, detail: result.detail }, "telegram: could not notify a bot admin (has the admin started the bot?)");
      }
    },

    async stop(): Promise<void> {
      if (state === "stopped" || state === "idle") {
        state = "stopped";
        return;
      }
      state = "stopping";
      if (webhook) await webhook.close();
      if (bot.isRunning()) {
        // Saves the update offset, so a restart does not see the same updates again.
        await bot.stop().catch((err: unknown) => log.warn({ err }, "telegram: bot.stop failed"));
      }
      await polling; // resolves once the update being handled has been answered
      await Promise.allSettled([...inFlight]);
      state = "stopped";
    },

    async send(channel: ChannelRef, doc: MessageDoc, options?: SendOptions): Promise<SendResult> {
      // Telegram has no idempotency key, so the nonce is unused; skipParts resumes a split digest.
      return sendDocument(rawApi, pager, log, channel, doc, options);
    },

    async resolveTarget(target: string, origin: Origin): Promise<TargetCheck> {
      try {
        // The raw Api: the person is waiting for an answer, so one attempt and an honest "try again"
        // beat auto-retry's backoff (3 s, 6 s, 12 s on a 5xx).
        return await resolveTelegramTarget(target, origin, { api: rawApi, botId, log });
      } catch (err) {
        log.error({ err, target }, "telegram: checking a /subscribe target failed");
        return { ok: false, reason: `I could not check ${target} with Telegram just now. Please try again in a moment.` };
      }
    },

    /**
     * The bot is answering in this very chat, so it can post there: no API call. (A channel post or a
     * group command reached us, and the reply goes to the same chat; if posting breaks later, the first
     * digest's 403 pauses the subscription with the reason.)
     */
    async checkCanPost(channel: ChannelRef): Promise<{ ok: true } | { ok: false; reason: string }> {
      return parseChannelRef(channel)?.platform === "telegram" ? { ok: true } : { ok: false, reason: `not a Telegram chat: ${channel}` };
    },
  };
  return adapter;
}

/** A rejected token is refused for good (retrying cannot help); anything else (unreachable, 5xx) is retried. */
function describeStartFailure(err: unknown): Error {
  if (err instanceof GrammyError && (err.error_code === 401 || err.error_code === 404) && err.method === "getMe") {
    return new AdapterStartRefused(`Telegram rejected TELEGRAM_BOT_TOKEN (${err.error_code} ${err.description}). Check the token from @BotFather.`, {
      cause: err,
    });
  }
  if (err instanceof Error) return new Error(`Telegram adapter failed to start: ${err.message}`, { cause: err });
  return new Error(`Telegram adapter failed to start: ${String(err)}`);
}

/** Tests only: telegram-test-api answers getUpdates at once even when empty, so pause between empty polls. */
function throttleEmptyPolls(ms: number): Transformer {
  return async (prev, method, payload, signal) => {
    const res = await prev(method, payload, signal);
    if (method === "getUpdates" && res.ok && Array.isArray(res.result) && res.result.length === 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        signal?.addEventListener(
          "abort",
          () => {
            clearTimeout(timer);
            resolve();
          },
          { once: true },
        );
      });
    }
    return res;
  };
}
