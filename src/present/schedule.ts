/** Schedules and instants as people read them: "daily at 08:00 Asia/Dushanbe", "Mon 25 Mar 2024, 08:00 (…)". Pure. */
import { type DeliveryMode, type Schedule, WEEKDAY_LONG } from "../core/subscriptions.js";

const MONTHS_SHORT = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export function describeSchedule(s: Schedule): string {
  const time = `${String(s.hour).padStart(2, "0")}:${String(s.minute).padStart(2, "0")}`;
  return s.kind === "daily" ? `daily at ${time} ${s.tz}` : `every ${WEEKDAY_LONG[s.weekday ?? 0]} at ${time} ${s.tz}`;
}

/** A subscription's timing: its schedule and mode ("daily at 08:00 UTC, only when something is new"; "as new articles arrive"). */
export function describeDelivery(s: { schedule: Schedule; mode: DeliveryMode }): string {
  if (s.mode === "follow") return "as new articles arrive";
  return s.mode === "new-only" ? `${describeSchedule(s.schedule)}, only when something is new` : describeSchedule(s.schedule);
}

/** "Mon 25 Mar 2024, 08:00 (Asia/Dushanbe)": the instant on the zone's own clock. */
export function formatInZone(utcMs: number, tz: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", {
      timeZone: tz,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      weekday: "long",
    })
      .formatToParts(new Date(utcMs))
      .map((p) => [p.type, p.value]),
  );
  const day = String(parts.weekday).slice(0, 3);
  return `${day} ${Number(parts.day)} ${MONTHS_SHORT[Number(parts.month) - 1]} ${parts.year}, ${parts.hour}:${parts.minute} (${tz})`;
}
