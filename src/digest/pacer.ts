/**
 * Paced fan-out under a platform's limits (each adapter states its own: see Adapter.pacing). The worker
 * asks the pacer when a send may go, then tells it when it went.
 *
 * The global limit is a sliding window, the way Telegram counts: at most `globalPerSecond × (1 − headroom)`
 * sends in any one second. A send that went late does not lose its slot for good: the next ones may
 * follow faster (down to half the usual spacing) until the window is full again. Strict even spacing,
 * as before, lost every late slot and reached only 0.85–0.89 of the limit (bench 3).
 */
import type { PacingLimits } from "../core/adapter.js";
import type { ChannelRef } from "../core/origin.js";

/**
 * The share of the global limit left unused. The platform counts arrivals, not departures: two sends a
 * millisecond apart here may arrive closer together there, so a window filled to the brim here could
 * overflow there by the jitter of the network in between.
 */
export const GLOBAL_HEADROOM = 0.03;
/** While catching up after late sends, sends are at least this share of the usual spacing apart. */
export const CATCH_UP_SPACING = 0.5;
const WINDOW_MS = 1000;

export class Pacer {
  /** The global window's capacity: sends allowed in any WINDOW_MS. */
  private readonly capacity: number;
  private readonly minSpacingMs: number;
  /** The last `capacity` global send times, oldest first (a ring). */
  private readonly ring: number[] = [];
  private ringStart = 0;
  private lastGlobal = -Infinity;
  private heldUntil = 0;
  private readonly lastByChat = new Map<string, number>();
  private readonly recentByGroup = new Map<string, number[]>();

  constructor(private readonly limits: PacingLimits) {
    const rate = limits.globalPerSecond;
    this.capacity = rate > 0 ? Math.max(1, Math.floor(rate * (1 - GLOBAL_HEADROOM))) : 0;
    this.minSpacingMs = rate > 0 ? (WINDOW_MS / rate) * CATCH_UP_SPACING : 0;
  }

  /** How long to wait (ms) before sending to this channel at `now`. Pure with respect to the clock. */
  delayFor(channel: ChannelRef, isGroup: boolean, now: number): number {
    let at = Math.max(now, this.heldUntil);
    if (this.capacity > 0) {
      at = Math.max(at, this.lastGlobal + this.minSpacingMs);
      // With the window full, the next send waits until the oldest in it has left.
      if (this.ring.length === this.capacity) at = Math.max(at, this.ring[this.ringStart]! + WINDOW_MS);
    }
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

  /** Records a send at `at` (the worker takes its slot before waiting for it, so `at` may be ahead). */
  sent(channel: ChannelRef, isGroup: boolean, at: number): void {
    if (this.capacity > 0) {
      // Slots are handed out in order; a send recorded out of order still counts from the latest one.
      const t = Math.max(at, this.lastGlobal);
      this.lastGlobal = t;
      if (this.ring.length < this.capacity) this.ring.push(t);
      else {
        this.ring[this.ringStart] = t;
        this.ringStart = (this.ringStart + 1) % this.capacity;
      }
    }
    // Re-inserted so each map stays in order of last send, and forgetting starts with the stalest.
    this.lastByChat.delete(channel);
    this.lastByChat.set(channel, at);
    if (isGroup) {
      const recent = (this.recentByGroup.get(channel) ?? []).filter((t) => t > at - 60_000);
      recent.push(at);
      this.recentByGroup.delete(channel);
      this.recentByGroup.set(channel, recent);
    }
    forgetBefore(this.lastByChat, at - 1000, (t) => t);
    forgetBefore(this.recentByGroup, at - 60_000, (times) => times[times.length - 1]!);
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

/** Chats remembered before old entries are forgotten; only the last second (a minute for groups) matters. */
const REMEMBERED_CHATS = 10_000;

function forgetBefore<V>(byChat: Map<string, V>, cutoff: number, lastSend: (v: V) => number): void {
  if (byChat.size <= REMEMBERED_CHATS) return;
  for (const [chat, v] of byChat) {
    if (lastSend(v) >= cutoff) break;
    byChat.delete(chat);
  }
}
