/**
 * Telegram's sending limits, as the digest pacer applies them: about 30 messages a second overall, one a
 * second to a chat, twenty a minute to a group (core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this).
 * Groups and channels have negative chat ids; people have positive ones.
 */
import type { PacingLimits } from "../../core/adapter.js";
import { type ChannelRef, parseChannelRef } from "../../core/origin.js";

export const TELEGRAM_PACING: PacingLimits = { globalPerSecond: 30, perChatPerSecond: 1, perGroupPerMinute: 20 };

/** Whether a chat counts against the per-group limit: groups, supergroups and channels have negative ids. */
export function isTelegramGroup(channel: ChannelRef): boolean {
  const ref = parseChannelRef(channel);
  return ref?.platform === "telegram" && ref.id.startsWith("-");
}
