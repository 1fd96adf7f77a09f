/**
 * Unprompted sends (scheduled digests). Called on an Api WITHOUT auto-retry: a failure is classified
 * (errors.ts) and handed back, and the digest outbox decides whether and when to try again. Never throws.
 */
import type { Api } from "grammy";
import type { SendOptions, SendResult } from "../../core/adapter.js";
import type { Logger } from "../../core/log.js";
import type { MessageDoc } from "../../core/message.js";
import { type ChannelRef, parseChannelRef } from "../../core/origin.js";
import type { PagerTokens } from "../../core/pager.js";
import { capParts } from "../../render/reply-cap.js";
import { renderTelegramMessages, TELEGRAM_MAX_MESSAGE_LENGTH } from "../../render/telegram-html.js";
import { classifyTelegramError } from "./errors.js";
import { keyboardFor } from "./keyboard.js";

/** Every message Brief sends: HTML, and no link previews (a cited answer would otherwise show a big card). */
export const HTML_OPTIONS = { parse_mode: "HTML", link_preview_options: { is_disabled: true } } as const;

/** Telegram chat ids are numbers (up to 52 bits); "@channelname" is accepted for public channels. */
export function toChatId(id: string): number | string {
  return /^-?\d{1,16}$/.test(id) && Number.isSafeInteger(Number(id)) ? Number(id) : id;
}

/** The messages a document takes, at most MAX_MESSAGES_PER_REPLY (see reply-cap.ts). */
export function renderMessages(doc: MessageDoc): string[] {
  return capParts(renderTelegramMessages(doc, TELEGRAM_MAX_MESSAGE_LENGTH), (notice) => `<i>${notice}</i>`);
}

/**
 * A digest fan-out sends one composed document to every subscriber: render it once, not once per chat
 * (about a tenth of each send's CPU time in bench 3). Documents are not changed after they are built.
 */
const rendered = new WeakMap<MessageDoc, string[]>();
function renderOnce(doc: MessageDoc): string[] {
  let chunks = rendered.get(doc);
  if (!chunks) rendered.set(doc, (chunks = renderMessages(doc)));
  return chunks;
}

/**
 * Renders, splits and sends each part in order, skipping the first `skipParts` (an earlier attempt
 * delivered them: Telegram has no idempotency key, so resending would repeat them). On a failure the
 * result carries `sentParts`, the parts delivered by THIS call, so the outbox can resume after them.
 */
export async function sendDocument(
  api: Api,
  pager: PagerTokens,
  log: Logger,
  channel: ChannelRef,
  doc: MessageDoc,
  options: SendOptions = {},
): Promise<SendResult> {
  const parsed = parseChannelRef(channel);
  if (parsed?.platform !== "telegram") {
    return { ok: false, kind: "permanent", detail: `not a Telegram channel: ${channel}`, sentParts: 0 };
  }
  const chatId = toChatId(parsed.id);
  const skip = Math.max(0, Math.floor(options.skipParts ?? 0));
  const ids: string[] = [];
  let chunks: string[] = [];
  try {
    chunks = renderOnce(doc);
    if (skip > 0 && skip >= chunks.length) {
      // Everything was delivered before (or the document now renders shorter): nothing left to send.
      log.info({ channel, skip, parts: chunks.length }, "telegram: every part was already sent");
      return { ok: true, messageIds: [] };
    }
    // Anyone in the chat may page a digest, in that chat only.
    const keyboard = keyboardFor(pager, doc, { channel });
    for (let i = skip; i < chunks.length; i++) {
      if (i > skip) await options.beforeNextPart?.();
      const last = i === chunks.length - 1;
      const m = await api.sendMessage(chatId, chunks[i]!, { ...HTML_OPTIONS, ...(last && keyboard ? { reply_markup: keyboard } : {}) });
      ids.push(String(m.message_id));
      if (!last) options.onPartSent?.(skip + ids.length);
    }
    return { ok: true, messageIds: ids };
  } catch (err) {
    const failure = classifyTelegramError(err);
    const done = skip + ids.length;
    const partial = done > 0 && chunks.length > 1 ? ` (after ${done} of ${chunks.length} parts were sent${ids.length ? `: ${ids.join(", ")}` : ""})` : "";
    log.warn({ channel, kind: failure.kind, detail: failure.detail, skipped: skip, sent: ids }, "telegram: send failed");
    return { ...failure, detail: failure.detail + partial, sentParts: ids.length };
  }
}
