/**
 * When digests are due: daily or weekly at a local time in an IANA zone. The sweep asks for the newest
 * slot at or before "now", so restarts, downtime and missed ticks are caught up from the database. Pure.
 */
import type { Schedule } from "../core/subscriptions.js";
import { addDays, localTime, localToUtc } from "./timezone.js";

/** The slot on the local calendar date given, if the schedule has one that day. */
function slotOn(s: Schedule, date: { year: number; month: number; day: number }): number | undefined {
  if (s.kind === "weekly") {
    const weekday = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
    if (weekday !== s.weekday) return undefined;
  }
  return localToUtc(date.year, date.month, date.day, s.hour, s.minute, s.tz);
}

/** The newest slot at or before `now` (ms). */
export function latestSlot(s: Schedule, now: number): number {
  const today = localTime(now, s.tz);
  for (let back = 0; back <= 8; back++) {
    const slot = slotOn(s, addDays(today.year, today.month, today.day, -back));
    if (slot !== undefined && slot <= now) return slot;
  }
  throw new Error(`no slot found for ${JSON.stringify(s)}`);
}

/** The first slot strictly after `now` (ms). */
export function nextSlot(s: Schedule, now: number): number {
  const today = localTime(now, s.tz);
  for (let ahead = 0; ahead <= 8; ahead++) {
    const slot = slotOn(s, addDays(today.year, today.month, today.day, ahead));
    if (slot !== undefined && slot > now) return slot;
  }
  throw new Error(`no slot found for ${JSON.stringify(s)}`);
}
