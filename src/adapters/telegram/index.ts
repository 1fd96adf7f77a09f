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
 */
import { randomBytes } from "node:crypto";
import { Api, Bot, GrammyError, type BotError, type Context, type Transformer } from "grammy";
import type { InlineKeyboardMarkup, Message, Update } from "grammy/types";
import { autoRetry } from "@grammyjs/auto-retry";
import type { Config } from "../../config.js";
import type { Logger } from "../../log.js";
import type { Adapter, SendOptions, SendResult } from "../../core/adapter.js";
import type { CommandDef } from "../../core/command.js";
import { parseCommandLine, type Dispatch } from "../../core/dispatcher.js";
import type { MessageDoc } from "../../core/message.js";
import { parseChannelRef, type ChannelRef, type Origin } from "../../core/origin.js";
import { PagerStore, decodePagerData } from "../../core/pager.js";
import { DEFAULT_RATE_LIMIT, RateLimiter } from "../../core/rate-limit.js";
import { renderTelegramMessages, TELEGRAM_MAX_MESSAGE_LENGTH } from "../../render/telegram-html.js";
import { classifyTelegramError } from "./errors.js";
import { PAGER_NOOP_DATA, isPaged, pagerKeyboard } from "./keyboard.js";
import { menuCommands } from "./menu.js";
import { ChatAdminCache, originFrom } from "./origin.js";
import { startWebhookServer, type WebhookServer } from "./webhook.js";

export { classifyTelegramError } from "./errors.js";
export { menuCommands } from "./menu.js";
export { pagerKeyboard, PAGER_NOOP_DATA } from "./keyboard.js";

export interface TelegramAdapterOptions {
  config: NonNullable<Config["telegram"]>;
  log: Logger;
  /** Published as the command menu (setMyCommands) at start. */
  commands: readonly CommandDef[];
  pager?: PagerStore;
  /** Per user; default 8 commands at once, then 1 per second. */
  rateLimit?: { capacity: number; refillPerSecond: number };
  /** Tests only: sleep this long after an empty getUpdates (telegram-test-api ignores the long-poll timeout). */
  pollingThrottleMs?: number;
}

export type TelegramAdapter = Adapter & { readonly botUsername: string | undefined };

export const TELEGRAM_TEXT = {
  slowDown: "Please slow down: you're sending commands faster than I can answer. Try again in a few seconds.",
  expired: "This button has expired — run the command again.",
  apology: "Sorry, something went wrong on our side. It has been logged; please try again in a moment.",
} as const;

/** Updates Brief handles; anything else is not even fetched. */
const ALLOWED_UPDATES = ["message", "channel_post", "callback_query"] as const;
/** auto-retry caps: a reply that must wait longer than this is not worth sending late. */
const AUTO_RETRY = { maxRetryAttempts: 3, maxDelaySeconds: 60, rethrowHttpErrors: true } as const;
/** Show "typing…" only when an answer takes longer than this, to spare API calls on fast answers. */
const TYPING_DELAY_MS = 400;

const HTML_OPTIONS = { parse_mode: "HTML", link_preview_options: { is_disabled: true } } as const;

export function createTelegramAdapter(opts: TelegramAdapterOptions): TelegramAdapter {
  const { config, log } = opts;
  const pager = opts.pager ?? new PagerStore();
  const limiter = new RateLimiter(opts.rateLimit ?? DEFAULT_RATE_LIMIT);
  const client = config.apiRoot ? { apiRoot: config.apiRoot } : {};
  const bot = new Bot(config.token, { client });
  bot.api.config.use(autoRetry(AUTO_RETRY));
  if (opts.pollingThrottleMs) bot.api.config.use(throttleEmptyPolls(opts.pollingThrottleMs));
  /** For send(): no auto-retry, failures are classified and handed back to the outbox. */
  const rawApi = new Api(config.token, client);
  const admins = new ChatAdminCache(async (chatId) =>
    (await bot.api.getChatAdministrators(chatId)).map((m) => m.user.id),
  );
  const botAdminIds = new Set(config.adminIds);

  let dispatch: Dispatch | undefined;
  let username: string | undefined;
  let state: "idle" | "starting" | "running" | "stopping" | "stopped" = "idle";
  let polling: Promise<void> | undefined;
  let webhook: WebhookServer | undefined;

  // ---------- incoming ----------

  function origin(src: Parameters<typeof originFrom>[0]): Origin {
    return originFrom(src, { botAdminIds, admins, log });
  }

  /** Is this text meant for Brief (so it costs a rate-limit token and shows "typing")? */
  function addressedToMe(text: string, chatKind: Origin["chatKind"]): boolean {
    const parsed = parseCommandLine(text);
    if (!parsed) return chatKind === "private" && text.trim() !== "";
    return !parsed.mention || parsed.mention.toLowerCase() === username?.toLowerCase();
  }

  async function onText(ctx: Context, msg: Message, isChannelPost: boolean): Promise<void> {
    const text = msg.text;
    if (!dispatch || text === undefined) return;
    // A channel post mirrored into the linked discussion group arrives twice: answer the original only.
    if (msg.is_automatic_forward) return;
    // Other bots' messages (except the placeholder bots that carry anonymous admins and channel posts).
    if (msg.from?.is_bot && !msg.sender_chat) return;

    const o = origin({ chat: msg.chat, from: msg.from, senderChat: msg.sender_chat, isChannelPost });
    const counted = addressedToMe(text, o.chatKind);
    if (counted) {
      const decision = limiter.take(o.user.id);
      if (!decision.allowed) {
        log.info({ user: o.user.id, channel: o.channel, notify: decision.notify }, "telegram: rate-limited a command");
        if (decision.notify) await ctx.reply(TELEGRAM_TEXT.slowDown, replyTo(msg, o));
        return;
      }
    }
    const typing = counted ? scheduleTyping(ctx) : undefined;
    let doc: MessageDoc | null;
    try {
      doc = await dispatch({ kind: "text", text, botUsername: username }, o);
    } finally {
      if (typing) clearTimeout(typing);
    }
    if (doc) await replyWithDoc(ctx, doc, replyTo(msg, o));
  }

  /** In groups a reply quotes the command, so people see whose question it answers. */
  function replyTo(msg: Message, o: Origin): { reply_parameters?: { message_id: number; allow_sending_without_reply: true } } {
    return o.chatKind === "group" ? { reply_parameters: { message_id: msg.message_id, allow_sending_without_reply: true } } : {};
  }

  function scheduleTyping(ctx: Context): NodeJS.Timeout {
    return setTimeout(() => {
      ctx.replyWithChatAction("typing").catch((err: unknown) => log.debug({ err }, "telegram: sendChatAction failed"));
    }, TYPING_DELAY_MS);
  }

  function keyboardFor(doc: MessageDoc, token?: string): InlineKeyboardMarkup | undefined {
    if (!isPaged(doc.pages)) return undefined;
    return pagerKeyboard(token ?? pager.register(doc.pages), doc.pages);
  }

  /** Sends a document as one or more messages; only the last carries the pager keyboard. */
  async function replyWithDoc(ctx: Context, doc: MessageDoc, first: object = {}, token?: string): Promise<void> {
    const chunks = renderTelegramMessages(doc, TELEGRAM_MAX_MESSAGE_LENGTH);
    const keyboard = keyboardFor(doc, token);
    for (const [i, chunk] of chunks.entries()) {
      const last = i === chunks.length - 1;
      await ctx.reply(chunk, { ...HTML_OPTIONS, ...(i === 0 ? first : {}), ...(last && keyboard ? { reply_markup: keyboard } : {}) });
    }
  }

  async function onCallback(ctx: Context): Promise<void> {
    const query = ctx.callbackQuery!;
    let toast: string | undefined;
    try {
      toast = await handlePagerPress(ctx, query.data ?? "", query.message);
    } catch (err) {
      toast = TELEGRAM_TEXT.apology;
      log.error({ err, ...updateContext(ctx) }, "telegram: pager button failed");
    } finally {
      // Always answered, or the button spins until Telegram gives up.
      await ctx.answerCallbackQuery(toast ? { text: toast } : undefined).catch((err: unknown) => {
        log.warn({ err, ...updateContext(ctx) }, "telegram: answerCallbackQuery failed");
      });
    }
  }

  /** Returns the toast to show, if any. */
  async function handlePagerPress(ctx: Context, data: string, message: Message | undefined | { chat: unknown }): Promise<string | undefined> {
    if (data === PAGER_NOOP_DATA) return undefined;
    const decoded = decodePagerData(data);
    const entry = decoded ? pager.resolve(decoded.token) : undefined;
    if (!decoded || !entry || !dispatch || !message || !("message_id" in message)) return TELEGRAM_TEXT.expired;

    const from = ctx.callbackQuery!.from;
    const o = origin({ chat: message.chat, from, isChannelPost: false });
    if (entry.ownerId !== undefined && entry.ownerId !== o.user.id) return "Only the person who asked can turn these pages.";
    const decision = limiter.take(o.user.id);
    if (!decision.allowed) return decision.notify ? TELEGRAM_TEXT.slowDown : undefined;

    const page = Math.min(Math.max(1, decoded.page), Math.max(1, entry.count));
    const text = `/${entry.command}${entry.args ? ` ${entry.args}` : ""}`;
    const doc = await dispatch({ kind: "text", text, botUsername: username, page }, o);
    if (!doc) return TELEGRAM_TEXT.expired;

    const sameQuery = doc.pages && doc.pages.command === entry.command && doc.pages.args === entry.args;
    const token = sameQuery ? decoded.token : undefined;
    const chunks = renderTelegramMessages(doc, TELEGRAM_MAX_MESSAGE_LENGTH);
    if (chunks.length === 1) {
      const keyboard = keyboardFor(doc, token);
      try {
        await ctx.editMessageText(chunks[0]!, { ...HTML_OPTIONS, ...(keyboard ? { reply_markup: keyboard } : {}) });
      } catch (err) {
        // Pressing the same page twice: Telegram refuses an edit that changes nothing. Not an error.
        if (!(err instanceof GrammyError && /message is not modified/i.test(err.description))) throw err;
      }
      return undefined;
    }
    // This page needs several messages, which cannot replace one in place: retire the old buttons and
    // send the page as new messages, the last one carrying the keyboard.
    await ctx.editMessageReplyMarkup({ reply_markup: { inline_keyboard: [] } }).catch((err: unknown) => {
      log.debug({ err }, "telegram: could not remove old pager buttons");
    });
    await replyWithDoc(ctx, doc, {}, token);
    return undefined;
  }

  function updateContext(ctx: Context): Record<string, unknown> {
    const update: Update = ctx.update;
    return {
      updateId: update.update_id,
      updateType: Object.keys(update).find((k) => k !== "update_id"),
      chat: ctx.chat?.id,
      user: ctx.from?.id,
      text: ctx.msg?.text?.slice(0, 200) ?? ctx.callbackQuery?.data,
    };
  }

  /** bot.catch and the error boundary: log with context, apologise briefly, never throw. */
  async function onError(err: BotError<Context>): Promise<void> {
    const ctx = err.ctx;
    log.error({ err: err.error, ...updateContext(ctx) }, "telegram: update handling failed");
    try {
      if (ctx.callbackQuery) {
        await ctx.answerCallbackQuery({ text: TELEGRAM_TEXT.apology });
      } else if (ctx.chat && !cannotReplyAfter(err.error)) {
        await ctx.reply(TELEGRAM_TEXT.apology);
      }
    } catch (e) {
      log.debug({ err: e }, "telegram: could not send the apology");
    }
  }

  function install(): void {
    bot.catch(onError);
    const safe = bot.errorBoundary(onError);
    safe.on("message:text", (ctx) => onText(ctx, ctx.message, false));
    safe.on("channel_post:text", (ctx) => onText(ctx, ctx.channelPost, true));
    safe.on("callback_query", (ctx) => onCallback(ctx));
  }

  // ---------- lifecycle ----------

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

  const adapter: TelegramAdapter = {
    platform: "telegram",

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
        install();
        await publishCommands();
        if (config.webhook) {
          const secret = config.webhook.secret ?? randomBytes(32).toString("base64url");
          webhook = await startWebhookServer({ bot, url: config.webhook.url, port: config.webhook.port, secret, log });
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
      state = "stopped";
    },

    async send(channel: ChannelRef, doc: MessageDoc, _options?: SendOptions): Promise<SendResult> {
      // Telegram has no idempotency key (no nonce), so options are unused.
      const parsed = parseChannelRef(channel);
      if (!parsed || parsed.platform !== "telegram") {
        return { ok: false, kind: "permanent", detail: `not a Telegram channel: ${channel}` };
      }
      const chatId = toChatId(parsed.id);
      const ids: string[] = [];
      let chunks: string[] = [];
      try {
        chunks = renderTelegramMessages(doc, TELEGRAM_MAX_MESSAGE_LENGTH);
        const keyboard = keyboardFor(doc);
        for (const [i, chunk] of chunks.entries()) {
          const last = i === chunks.length - 1;
          const m = await rawApi.sendMessage(chatId, chunk, { ...HTML_OPTIONS, ...(last && keyboard ? { reply_markup: keyboard } : {}) });
          ids.push(String(m.message_id));
        }
        return { ok: true, messageIds: ids };
      } catch (err) {
        const failure = classifyTelegramError(err);
        const partial = ids.length > 0 ? ` (after ${ids.length} of ${chunks.length} parts were sent: ${ids.join(", ")})` : "";
        log.warn({ channel, kind: failure.kind, detail: failure.detail, sent: ids }, "telegram: send failed");
        return { ...failure, detail: failure.detail + partial };
      }
    },
  };
  return adapter;
}

/** Telegram chat ids are numbers (up to 52 bits); "@channelname" is accepted for public channels. */
function toChatId(id: string): number | string {
  return /^-?\d{1,16}$/.test(id) && Number.isSafeInteger(Number(id)) ? Number(id) : id;
}

function cannotReplyAfter(err: unknown): boolean {
  const kind = classifyTelegramError(err).kind;
  return kind === "permanent" || kind === "migrated" || kind === "rate-limited";
}

function describeStartFailure(err: unknown): Error {
  if (err instanceof GrammyError && err.error_code === 401) {
    return new Error("Telegram rejected TELEGRAM_BOT_TOKEN (401 Unauthorized). Check the token from @BotFather.", { cause: err });
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
        signal?.addEventListener("abort", () => {
          clearTimeout(timer);
          resolve();
        }, { once: true });
      });
    }
    return res;
  };
}
