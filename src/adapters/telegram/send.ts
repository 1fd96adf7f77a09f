/**
 * Unprompted sends (scheduled digests). Called on an Api WITHOUT auto-retry: a failure is classified
 * (errors.ts) and handed back, and the digest outbox decides whether and when to try again. Never throws.
 */
import type { Api } from "grammy";
import type { Logger } from "../../log.js";
import type { SendResult } from "../../core/adapter.js";
import type { MessageDoc } from "../../core/message.js";
import { parseChannelRef, type ChannelRef } from "../../core/origin.js";
import type { PagerStore } from "../../core/pager.js";
import { renderTelegramMessages, TELEGRAM_MAX_MESSAGE_LENGTH } from "../../render/telegram-html.js";
import { classifyTelegramError } from "./errors.js";
import { keyboardFor } from "./keyboard.js";

/** Every message Brief sends: HTML, and no link previews (a cited answer would otherwise show a big card). */
export const HTML_OPTIONS = { parse_mode: "HTML", link_preview_options: { is_disabled: true } } as const;

/** Telegram chat ids are numbers (up to 52 bits); "@channelname" is accepted for public channels. */
export function toChatId(id: string): number | string {
  return /^-?\d{1,16}$/.test(id) && Number.isSafeInteger(Number(id)) ? Number(id) : id;
}

/**
 * Renders, splits and sends each part in order. If a part fails, the parts already sent are named in the
 * detail: Telegram has no idempotency key, so a retry of the whole document repeats them.
 */
export async function sendDocument(api: Api, pager: PagerStore, log: Logger, channel: ChannelRef, doc: MessageDoc): Promise<SendResult> {
  const parsed = parseChannelRef(channel);
  if (!parsed || parsed.platform !== "telegram") {
    return { ok: false, kind: "permanent", detail: `not a Telegram channel: ${channel}` };
  }
  const chatId = toChatId(parsed.id);
  const ids: string[] = [];
  let chunks: string[] = [];
  try {
    chunks = renderTelegramMessages(doc, TELEGRAM_MAX_MESSAGE_LENGTH);
    const keyboard = keyboardFor(pager, doc);
    for (const [i, chunk] of chunks.entries()) {
      const last = i === chunks.length - 1;
      const m = await api.sendMessage(chatId, chunk, { ...HTML_OPTIONS, ...(last && keyboard ? { reply_markup: keyboard } : {}) });
      ids.push(String(m.message_id));
    }
    return { ok: true, messageIds: ids };
  } catch (err) {
    const failure = classifyTelegramError(err);
    const partial = ids.length > 0 ? ` (after ${ids.length} of ${chunks.length} parts were sent: ${ids.join(", ")})` : "";
    log.warn({ channel, kind: failure.kind, detail: failure.detail, sent: ids }, "telegram: send failed");
    return { ...failure, detail: failure.detail + partial };
  }
}
