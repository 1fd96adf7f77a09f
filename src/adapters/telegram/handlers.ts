/**
 * Incoming updates: text messages and channel posts go to the dispatcher, pager buttons re-run their
 * command on another page and edit the message in place, my_chat_member updates that remove the bot
 * report the chat as gone (digests pause), and every failure is logged with its context and answered
 * briefly. Nothing here may throw into grammY's polling loop.
 */
import { type Bot, type BotError, type Context, GrammyError } from "grammy";
import type { ChatMemberUpdated, Message, Update } from "grammy/types";
import type { ChannelGone } from "../../core/adapter.js";
import { type Dispatch, parseCommandLine } from "../../core/dispatcher.js";
import { APOLOGY } from "../../core/errors.js";
import type { Logger } from "../../core/log.js";
import type { MessageDoc } from "../../core/message.js";
import { channelRef, type Origin } from "../../core/origin.js";
import { decodePagerData, type PagerTokens } from "../../core/pager.js";
import type { RateLimiter } from "../../core/rate-limit.js";
import { newRequestId, withRequest } from "../../core/request-context.js";
import { classifyTelegramError } from "./errors.js";
import { keyboardFor, PAGER_NOOP_DATA, type PagerScope } from "./keyboard.js";
import { displayName, type OriginSource } from "./origin.js";
import { HTML_OPTIONS, renderMessages } from "./send.js";

export const TELEGRAM_TEXT = {
  slowDown: "Please slow down: you're sending commands faster than I can answer. Try again in a few seconds.",
  expired: "This button has expired — run the command again.",
  apology: APOLOGY,
} as const;

/** Show "typing…" only when an answer takes longer than this, to spare API calls on fast answers. */
export const TYPING_DELAY_MS = 400;

export interface HandlerDeps {
  log: Logger;
  pager: PagerTokens;
  limiter: RateLimiter;
  origin(src: OriginSource): Origin;
  /** Set by start(); undefined before. */
  dispatch(): Dispatch | undefined;
  username(): string | undefined;
  /** The bot can no longer post in a chat (removed, kicked, blocked by the user). */
  channelGone(event: ChannelGone): void;
}

/** Installs the handlers on `bot`; returns the set of updates being handled, for a graceful stop. */
export function installHandlers(bot: Bot, deps: HandlerDeps): { inFlight: Set<Promise<unknown>> } {
  const { log, pager, limiter, origin, dispatch, username, channelGone } = deps;
  const inFlight = new Set<Promise<unknown>>();

  /** Is this text meant for Brief (so it costs a rate-limit token and shows "typing")? */
  function addressedToMe(text: string, chatKind: Origin["chatKind"]): boolean {
    const parsed = parseCommandLine(text);
    if (!parsed) return chatKind === "private" && text.trim() !== "";
    return !parsed.mention || parsed.mention.toLowerCase() === username()?.toLowerCase();
  }

  async function onText(ctx: Context, msg: Message, isChannelPost: boolean): Promise<void> {
    const text = msg.text;
    const run = dispatch();
    if (!run || text === undefined) return;
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
      doc = await run({ kind: "text", text, botUsername: username() }, o);
    } finally {
      if (typing) clearTimeout(typing);
    }
    // A person's answer pages for them alone; a post on behalf of a chat (a channel, an anonymous admin) for anyone there.
    const owner = msg.from && !msg.sender_chat && !isChannelPost ? String(msg.from.id) : undefined;
    if (doc) {
      await replyWithDoc(ctx, doc, { channel: o.channel, ownerId: owner }, replyTo(msg, o));
      log.debug({ chat: msg.chat.id }, "telegram: replied");
    }
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

  /** Sends a document as one or more messages; only the last carries the pager keyboard. */
  async function replyWithDoc(ctx: Context, doc: MessageDoc, scope: PagerScope, first: object = {}, token?: string): Promise<void> {
    const chunks = renderMessages(doc);
    const keyboard = keyboardFor(pager, doc, scope, token);
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
    const run = dispatch();
    if (!decoded || !entry || !run || !message || !("message_id" in message)) return TELEGRAM_TEXT.expired;

    const from = ctx.callbackQuery!.from;
    const o = origin({ chat: message.chat, from, isChannelPost: false });
    // The token came with the button, but a button can be forged: it pages only where, and for whom, it was made.
    if (entry.channel !== undefined && entry.channel !== o.channel) return TELEGRAM_TEXT.expired;
    if (entry.ownerId !== undefined && entry.ownerId !== o.user.id) return "Only the person who asked can turn these pages.";
    const scope: PagerScope = { channel: o.channel, ownerId: entry.ownerId };
    const decision = limiter.take(o.user.id);
    if (!decision.allowed) return decision.notify ? TELEGRAM_TEXT.slowDown : undefined;

    const page = Math.min(Math.max(1, decoded.page), Math.max(1, entry.count));
    const text = `/${entry.command}${entry.args ? ` ${entry.args}` : ""}`;
    const doc = await run({ kind: "text", text, botUsername: username(), page }, o);
    if (!doc) return TELEGRAM_TEXT.expired;

    const sameQuery = doc.pages && doc.pages.command === entry.command && doc.pages.args === entry.args;
    const token = sameQuery ? decoded.token : undefined;
    const chunks = renderMessages(doc);
    if (chunks.length === 1) {
      const keyboard = keyboardFor(pager, doc, scope, token);
      try {
        await ctx.editMessageText(chunks[0]!, { ...HTML_OPTIONS, ...(keyboard ? { reply_markup: keyboard } : {}) });
        return undefined;
      } catch (err) {
        // Pressing the same page twice: Telegram refuses an edit that changes nothing. Not an error.
        if (err instanceof GrammyError && /message is not modified/i.test(err.description)) return undefined;
        // Too old to edit, or deleted meanwhile: send the page as a new message instead.
        if (!(err instanceof GrammyError && /message can't be edited|message to edit not found/i.test(err.description))) throw err;
      }
      await replyWithDoc(ctx, doc, scope, {}, token);
      return undefined;
    }
    // This page needs several messages, which cannot replace one in place: retire the old buttons and
    // send the page as new messages, the last one carrying the keyboard.
    await ctx.editMessageReplyMarkup({ reply_markup: { inline_keyboard: [] } }).catch((err: unknown) => {
      log.debug({ err }, "telegram: could not remove old pager buttons");
    });
    await replyWithDoc(ctx, doc, scope, {}, token);
    return undefined;
  }

  /**
   * The bot's own membership changed. "kicked" or "left" (or restricted and no longer a member) means it
   * cannot post there any more: in a private chat the user blocked it; elsewhere it was removed.
   * (A group upgraded to a supergroup sends no "left" for the old id; the send path follows
   * migrate_to_chat_id instead.)
   */
  function onMyChatMember(update: ChatMemberUpdated): void {
    const next = update.new_chat_member;
    const gone = next.status === "kicked" || next.status === "left" || (next.status === "restricted" && !next.is_member);
    if (!gone) {
      log.info({ chat: update.chat.id, status: next.status }, "telegram: the bot's membership changed");
      return;
    }
    const when = new Date(update.date * 1000).toISOString().slice(0, 10);
    const by = update.from && !update.from.is_bot ? ` by ${displayName(update.from)}` : "";
    const where = update.chat.type === "channel" ? "channel" : "group";
    const reason = update.chat.type === "private" ? `the user blocked the bot (${when})` : `the bot was removed from the ${where}${by} (${when})`;
    channelGone({ channel: channelRef("telegram", update.chat.id), reason });
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

  bot.catch(onError);
  bot.use(async (ctx, next) => {
    // One request id per update, on every log line written while it is handled, up to the reply.
    const work = withRequest(newRequestId(), () => {
      log.debug({ updateId: ctx.update.update_id, chat: ctx.chat?.id }, "telegram: update received");
      return next();
    });
    inFlight.add(work);
    try {
      await work;
    } finally {
      inFlight.delete(work);
    }
  });
  const safe = bot.errorBoundary(onError);
  safe.on("message:text", (ctx) => onText(ctx, ctx.message, false));
  safe.on("channel_post:text", (ctx) => onText(ctx, ctx.channelPost, true));
  safe.on("callback_query", (ctx) => onCallback(ctx));
  safe.on("my_chat_member", (ctx) => onMyChatMember(ctx.myChatMember));
  // A basic group became a supergroup: its id changed. Digests follow on their next send (the 400 carries
  // migrate_to_chat_id); the adapter contract has no hook to move them earlier, so this is only logged.
  safe.on("message:migrate_to_chat_id", (ctx) => {
    log.info({ from: ctx.chat.id, to: ctx.message.migrate_to_chat_id }, "telegram: group upgraded to a supergroup");
  });
  return { inFlight };
}

/** After these, replying in the same chat cannot work either. */
function cannotReplyAfter(err: unknown): boolean {
  const kind = classifyTelegramError(err).kind;
  return kind === "permanent" || kind === "migrated" || kind === "rate-limited";
}
