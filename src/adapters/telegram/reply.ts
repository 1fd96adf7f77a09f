/**
 * A reply on Telegram: one message per reply (or page), its first screen within TELEGRAM_SCREEN_BUDGET,
 * and inline buttons that edit that same message in place — More ▶ / ◀ through screens and pages,
 * "Sources (n)" and ↩ back, and "did you mean" candidates that run their command. Sources keep their
 * numbers across the pages of a reply (renumberCitations). The buttons work only in the chat they were
 * sent to, and for the person who asked (a digest or a channel post: anyone there).
 */
import { type Context, GrammyError } from "grammy";
import type { InlineKeyboardButton, InlineKeyboardMarkup, Message } from "grammy/types";
import { renumberCitations } from "../../core/citations.js";
import type { Dispatch } from "../../core/dispatcher.js";
import { translator } from "../../core/i18n.js";
import type { MessageDoc } from "../../core/message.js";
import type { Origin } from "../../core/origin.js";
import type { PagerEntry, PagerTokens } from "../../core/pager.js";
import { decodeAction, decodeView, type NavButton, needsButtons, replyButtons, type ViewState } from "../../core/reply-view.js";
import { renderTelegramScreens } from "../../render/telegram-html.js";
import { PAGER_NOOP_DATA, type PagerScope, TELEGRAM_MAX_CALLBACK_DATA_BYTES } from "./keyboard.js";
import { HTML_OPTIONS } from "./send.js";

export interface ReplyDeps {
  pager: PagerTokens;
  username(): string | undefined;
}

/** Neutral buttons → an inline keyboard; a label without payload answers silently. */
export function toKeyboard(rows: readonly NavButton[][]): InlineKeyboardMarkup | undefined {
  const keyboard: InlineKeyboardButton[][] = rows
    .filter((row) => row.length > 0)
    .map((row) =>
      row.map((b) => {
        const data = b.data ?? PAGER_NOOP_DATA;
        if (Buffer.byteLength(data, "utf8") > TELEGRAM_MAX_CALLBACK_DATA_BYTES) throw new RangeError(`callback_data over 64 bytes: ${data}`);
        return { text: b.label, callback_data: data };
      }),
    );
  return keyboard.length > 0 ? { inline_keyboard: keyboard } : undefined;
}

interface Shown {
  text: string;
  keyboard?: InlineKeyboardMarkup;
}

export function createTelegramReplies(deps: ReplyDeps) {
  const { pager } = deps;

  /** The message for a reply at `state`, registering the reply (once, for `scope`) when it has buttons. */
  function view(doc: MessageDoc, state: ViewState, scope: PagerScope, token?: string): Shown & { token?: string } {
    const rendered = renderTelegramScreens(doc, { botUsername: deps.username() });
    const list = state.sources && rendered.sources.length > 0 ? rendered.sources : rendered.screens;
    const screen = Math.min(Math.max(1, state.screen || list.length), list.length);
    if (!token && !needsButtons(doc, rendered.screens.length)) return { text: list[screen - 1]! };
    const t =
      token ??
      pager.register(doc.pages ?? { index: 1, count: 1, command: "", args: "" }, scope.ownerId, scope.channel, {
        doc,
        sources: doc.citations,
      });
    const rows = replyButtons(doc, t, { ...state, screen, sources: state.sources && rendered.sources.length > 0 }, list.length, translator(doc.locale));
    return { text: list[screen - 1]!, keyboard: toKeyboard(rows), token: t };
  }

  /** Sends a reply: the first screen of its first page, with its buttons. */
  async function send(ctx: Context, doc: MessageDoc, scope: PagerScope, extra: object = {}): Promise<void> {
    const shown = view(doc, { page: doc.pages?.index ?? 1, screen: 1, sources: false }, scope);
    await ctx.reply(shown.text, { ...HTML_OPTIONS, ...extra, ...(shown.keyboard ? { reply_markup: shown.keyboard } : {}) });
  }

  /** Replaces the pressed message with `shown`; a message too old to edit gets a new one instead. */
  async function edit(ctx: Context, shown: Shown): Promise<void> {
    try {
      await ctx.editMessageText(shown.text, { ...HTML_OPTIONS, ...(shown.keyboard ? { reply_markup: shown.keyboard } : {}) });
    } catch (err) {
      // Pressing the same button twice: Telegram refuses an edit that changes nothing. Not an error.
      if (err instanceof GrammyError && /message is not modified/i.test(err.description)) return;
      if (!(err instanceof GrammyError && /message can't be edited|message to edit not found/i.test(err.description))) throw err;
      await ctx.reply(shown.text, { ...HTML_OPTIONS, ...(shown.keyboard ? { reply_markup: shown.keyboard } : {}) });
    }
  }

  /** The page the button asks for: the one kept, or the command run again for another page, renumbered. */
  async function pageOf(entry: PagerEntry, page: number, run: Dispatch, origin: Origin): Promise<MessageDoc | undefined> {
    if (entry.doc && (entry.doc.pages?.index ?? 1) === page) return entry.doc;
    if (!entry.command) return entry.doc;
    const text = `/${entry.command}${entry.args ? ` ${entry.args}` : ""}`;
    const fresh = await run({ kind: "text", text, botUsername: deps.username(), page }, origin);
    if (!fresh) return undefined;
    const doc = renumberCitations(fresh, entry.sources ?? []);
    entry.doc = doc;
    entry.sources = doc.citations;
    return doc;
  }

  /**
   * Who may press this button, before anything runs: "expired" when the reply is forgotten (or the button
   * was forged for another chat's reply), "not-owner" when someone else asked, "ok" otherwise.
   */
  function check(data: string, origin: Origin): "expired" | "not-owner" | "ok" {
    const entry = pager.resolve((decodeView(data) ?? decodeAction(data))?.token ?? "");
    if (!entry) return "expired";
    // The token came with the button, but a button can be forged: it works only where, and for whom, it was made.
    if (entry.channel !== undefined && entry.channel !== origin.channel) return "expired";
    if (entry.ownerId !== undefined && entry.ownerId !== origin.user.id) return "not-owner";
    return "ok";
  }

  /** A button was pressed (and passed check()): edits the message; returns "expired" when it cannot. */
  async function press(ctx: Context, data: string, message: Message | undefined, origin: Origin, run: Dispatch): Promise<"expired" | undefined> {
    const v = decodeView(data);
    const a = v ? undefined : decodeAction(data);
    const entry = pager.resolve((v ?? a)?.token ?? "");
    if (!entry || !message || check(data, origin) !== "ok") return "expired";
    const scope: PagerScope = { channel: origin.channel, ownerId: entry.ownerId };
    if (v) {
      const page = Math.min(Math.max(1, v.page), Math.max(1, entry.count));
      const doc = await pageOf(entry, page, run, origin);
      if (!doc) return "expired";
      await edit(ctx, view(doc, { page, screen: v.screen, sources: v.sources, back: v.back }, scope, v.token));
      return undefined;
    }
    const action = entry.doc?.actions?.[a!.index];
    if (!action) return "expired";
    const doc = await run({ kind: "text", text: `/${action.command}${action.args ? ` ${action.args}` : ""}`, botUsername: deps.username() }, origin);
    if (!doc) return "expired";
    await edit(ctx, view(doc, { page: doc.pages?.index ?? 1, screen: 1, sources: false }, scope));
    return undefined;
  }

  return { send, check, press };
}
