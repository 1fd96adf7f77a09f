/**
 * Incoming updates: text messages and channel posts go to the dispatcher, pager buttons re-run their
 * command on another page and edit the message in place, my_chat_member updates that remove the bot
 * report the chat as gone (digests pause), and every failure is logged with its context and answered
 * briefly. Nothing here may throw into grammY's polling loop.
 */
import type { Bot, BotError, Context } from "grammy";
import type { ChatMemberUpdated, Message, Update } from "grammy/types";
import type { ChannelGone } from "../../core/adapter.js";
import { type Dispatch, parseCommandLine } from "../../core/dispatcher.js";
import { localeFromTag, translator } from "../../core/i18n.js";
import type { Logger } from "../../core/log.js";
import type { MessageDoc } from "../../core/message.js";
import { channelRef, type Origin } from "../../core/origin.js";
import type { PagerTokens } from "../../core/pager.js";
import type { RateLimiter } from "../../core/rate-limit.js";
import { newRequestId, withRequest } from "../../core/request-context.js";
import { commandFromStartLink } from "../../render/telegram-html.js";
import { classifyTelegramError } from "./errors.js";
import { PAGER_NOOP_DATA, type PagerScope } from "./keyboard.js";
import { displayName, type OriginSource } from "./origin.js";
import { createTelegramReplies } from "./reply.js";

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
  const replies = createTelegramReplies({ pager, username });

  /** Is this text meant for Brief (so it costs a rate-limit token and shows "typing")? */
  function addressedToMe(text: string, chatKind: Origin["chatKind"]): boolean {
    const parsed = parseCommandLine(text);
    if (!parsed) return chatKind === "private" && text.trim() !== "";
    return !parsed.mention || parsed.mention.toLowerCase() === username()?.toLowerCase();
  }

  async function onText(ctx: Context, msg: Message, isChannelPost: boolean): Promise<void> {
    // A tapped command in a reply opens the chat with "/start run-…": run the command it carries.
    const text = msg.text === undefined ? undefined : (commandFromStartLink(msg.text) ?? msg.text);
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
        if (decision.notify) await ctx.reply(translator(o.locale)("buttonNotes.slowDown"), replyTo(msg, o));
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

  /** Sends a reply as one message: its first screen, with buttons for the rest (see reply.ts). */
  async function replyWithDoc(ctx: Context, doc: MessageDoc, scope: PagerScope, first: object = {}): Promise<void> {
    await replies.send(ctx, doc, scope, first);
  }

  async function onCallback(ctx: Context): Promise<void> {
    const query = ctx.callbackQuery!;
    let toast: string | undefined;
    try {
      toast = await handlePagerPress(ctx, query.data ?? "", query.message);
    } catch (err) {
      toast = said(ctx)("common.apology");
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
    const run = dispatch();
    if (!run || !message || !("message_id" in message)) return said(ctx)("buttonNotes.expired");
    const from = ctx.callbackQuery!.from;
    const o = origin({ chat: message.chat, from, isChannelPost: false });
    // Who may press comes first: someone else's press spends none of their rate limit.
    const allowed = replies.check(data, o);
    if (allowed === "expired") return translator(o.locale)("buttonNotes.expired");
    if (allowed === "not-owner") return translator(o.locale)("buttonNotes.notOwner");
    const decision = limiter.take(o.user.id);
    if (!decision.allowed) return decision.notify ? translator(o.locale)("buttonNotes.slowDown") : undefined;
    const outcome = await replies.press(ctx, data, message, o, run);
    if (outcome === "expired") return translator(o.locale)("buttonNotes.expired");
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
        await ctx.answerCallbackQuery({ text: said(ctx)("common.apology") });
      } else if (ctx.chat && !cannotReplyAfter(err.error)) {
        await ctx.reply(said(ctx)("common.apology"));
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

/** The language of the person behind an update (Telegram's language_code), where no origin was built. */
function said(ctx: Context) {
  return translator(localeFromTag(ctx.from?.language_code));
}

/** After these, replying in the same chat cannot work either. */
function cannotReplyAfter(err: unknown): boolean {
  const kind = classifyTelegramError(err).kind;
  return kind === "permanent" || kind === "migrated" || kind === "rate-limited";
}
