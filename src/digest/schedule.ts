/**
 * When digests are due: daily or weekly at a local time in an IANA zone. The sweep asks for the newest
 * slot at or before "now", so restarts, downtime and missed ticks are caught up from the database. Pure.
 */
import { addDays, localTime, localToUtc } from "./timezone.js";

export interface Schedule {
  kind: "daily" | "weekly";
  /** 0 = Sunday … 6 = Saturday; weekly only. */
  weekday?: number;
  hour: number;
  minute: number;
  tz: string;
}

export const WEEKDAY_NAMES = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
export const WEEKDAY_LONG = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;

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

export function describeSchedule(s: Schedule): string {
  const time = `${String(s.hour).padStart(2, "0")}:${String(s.minute).padStart(2, "0")}`;
  return s.kind === "daily" ? `daily at ${time} ${s.tz}` : `every ${WEEKDAY_LONG[s.weekday!]} at ${time} ${s.tz}`;
}

/** "Mon 25 Mar 2024, 08:00 (Asia/Dushanbe)" */
export function formatInZone(utcMs: number, tz: string): string {
  const t = localTime(utcMs, tz);
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const day = WEEKDAY_LONG[t.weekday]!.slice(0, 3);
  return `${day} ${t.day} ${months[t.month - 1]} ${t.year}, ${String(t.hour).padStart(2, "0")}:${String(t.minute).padStart(2, "0")} (${tz})`;
}
