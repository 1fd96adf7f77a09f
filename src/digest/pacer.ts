/**
 * Paced fan-out under the platforms' limits (Telegram: about 30 messages/s overall, 1/s per chat,
 * 20/min per group). The worker sends one message at a time and asks the pacer how long to wait first.
 */
import type { ChannelRef } from "../core/origin.js";

export interface PacingLimits {
  /** Messages per second across all chats; 0 = unlimited. */
  globalPerSecond: number;
  /** Messages per second to one chat; 0 = unlimited. */
  perChatPerSecond: number;
  /** Messages per minute to one group or channel; 0 = unlimited. */
  perGroupPerMinute: number;
}

export const TELEGRAM_PACING: PacingLimits = { globalPerSecond: 30, perChatPerSecond: 1, perGroupPerMinute: 20 };
/** Discord's per-route limits are handled by @discordjs/rest, which queues and honours its buckets. */
export const UNPACED: PacingLimits = { globalPerSecond: 0, perChatPerSecond: 0, perGroupPerMinute: 0 };

export class Pacer {
  private nextGlobal = 0;
  private heldUntil = 0;
  private readonly lastByChat = new Map<string, number>();
  private readonly recentByGroup = new Map<string, number[]>();

  constructor(private readonly limits: PacingLimits) {}

  /** How long to wait (ms) before sending to this channel at `now`. Pure with respect to the clock. */
  delayFor(channel: ChannelRef, isGroup: boolean, now: number): number {
    let at = Math.max(now, this.heldUntil);
    if (this.limits.globalPerSecond > 0) at = Math.max(at, this.nextGlobal);
    if (this.limits.perChatPerSecond > 0) {
      const last = this.lastByChat.get(channel);
      if (last !== undefined) at = Math.max(at, last + 1000 / this.limits.perChatPerSecond);
    }
    if (isGroup && this.limits.perGroupPerMinute > 0) {
      const recent = (this.recentByGroup.get(channel) ?? []).filter((t) => t > at - 60_000);
      if (recent.length >= this.limits.perGroupPerMinute) at = Math.max(at, recent[recent.length - this.limits.perGroupPerMinute]! + 60_000);
    }
    return at - now;
  }

  /** Records a send at `at`. */
  sent(channel: ChannelRef, isGroup: boolean, at: number): void {
    if (this.limits.globalPerSecond > 0) this.nextGlobal = Math.max(this.nextGlobal, at) + 1000 / this.limits.globalPerSecond;
    this.lastByChat.set(channel, at);
    if (isGroup) {
      const recent = (this.recentByGroup.get(channel) ?? []).filter((t) => t > at - 60_000);
      recent.push(at);
      this.recentByGroup.set(channel, recent);
    }
    if (this.lastByChat.size > 50_000) this.lastByChat.clear();
  }

  /** How long (ms) a 429's hold still has to run at `now`; 0 when none. */
  heldFor(now: number): number {
    return Math.max(0, this.heldUntil - now);
  }

  /** A 429 said to wait: nothing goes out on this platform until then. */
  hold(until: number): void {
    this.heldUntil = Math.max(this.heldUntil, until);
  }
}
