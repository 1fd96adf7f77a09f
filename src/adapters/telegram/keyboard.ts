/**
 * Pager buttons under a paginated reply: ◀ i/n ▶. Each button carries encodePagerData(token, page),
 * at most 64 bytes as Telegram requires for callback_data (core.telegram.org/bots/api#inlinekeyboardbutton).
 */
import type { InlineKeyboardMarkup } from "grammy/types";
import type { MessageDoc, Pages } from "../../core/message.js";
import { encodePagerData, type PagerTokens } from "../../core/pager.js";

export const TELEGRAM_MAX_CALLBACK_DATA_BYTES = 64;
/** The middle "i/n" button: pressing it changes nothing and is answered silently. */
export const PAGER_NOOP_DATA = "pg:noop";

export function pagerKeyboard(token: string, pages: Pages): InlineKeyboardMarkup {
  const { index, count } = pages;
  const row: { text: string; callback_data: string }[] = [];
  if (index > 1) row.push({ text: "◀", callback_data: encodePagerData(token, index - 1) });
  row.push({ text: `${index}/${count}`, callback_data: PAGER_NOOP_DATA });
  if (index < count) row.push({ text: "▶", callback_data: encodePagerData(token, index + 1) });
  for (const b of row) {
    if (Buffer.byteLength(b.callback_data, "utf8") > TELEGRAM_MAX_CALLBACK_DATA_BYTES) {
      throw new RangeError(`callback_data over ${TELEGRAM_MAX_CALLBACK_DATA_BYTES} bytes: ${b.callback_data}`);
    }
  }
  return { inline_keyboard: [row] };
}

/** Whether a document gets pager buttons at all. */
export function isPaged(pages: Pages | undefined): pages is Pages {
  return pages !== undefined && pages.count > 1 && pages.index >= 1 && pages.index <= pages.count;
}

/** Who may press a document's pager buttons: the chat it is in, and the person who asked (if one did). */
export interface PagerScope {
  channel: string;
  ownerId?: string;
}

/** The keyboard for a document: none unless it has several pages; `token` reuses an existing pager entry. */
export function keyboardFor(pager: PagerTokens, doc: MessageDoc, scope: PagerScope, token?: string): InlineKeyboardMarkup | undefined {
  if (!isPaged(doc.pages)) return undefined;
  return pagerKeyboard(token ?? pager.register(doc.pages, scope.ownerId, scope.channel), doc.pages);
}
