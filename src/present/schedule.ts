/**
 * Schedules and instants as people read them: "daily at 08:00, Moscow Standard Time (Europe/Moscow,
 * GMT+3)", "Mon 25 Mar 2024, 08:00 (…)". The zone is always said in words, not only as an id. Pure.
 */
import { type T, translateList, translator } from "../core/i18n.js";
import type { DeliveryMode, Schedule } from "../core/subscriptions.js";

const EN = translator("en");

function zonePart(tz: string, locale: string, style: "long" | "longGeneric" | "shortOffset"): string {
  try {
    const parts = new Intl.DateTimeFormat(locale, { timeZone: tz, timeZoneName: style }).formatToParts(new Date());
    return parts.find((p) => p.type === "timeZoneName")?.value ?? tz;
  } catch {
    return tz;
  }
}

/**
 * "Moscow Standard Time (Europe/Moscow, GMT+3)"; UTC as "UTC (Coordinated Universal Time)". English takes
 * the generic name ("Central European Time", not the season's "… Summer Time": a schedule spans seasons).
 * A zone the runtime has no name for is named by its id and offset only ("GMT+05:00" is no name).
 */
export function zoneInWords(tz: string, t: T = EN): string {
  if (tz === "UTC" || tz === "Etc/UTC") return t("schedule.utc");
  const place = zonePart(tz, t.locale, t.locale === "en" ? "longGeneric" : "long");
  const offset = zonePart(tz, "en", "shortOffset");
  if (place === tz || /^(GMT|UTC)([+-−]|$)/.test(place)) return t("schedule.zoneNoName", { zone: tz, offset });
  return t("schedule.zoneInWords", { place, zone: tz, offset });
}

export function describeSchedule(s: Schedule, t: T = EN): string {
  const time = `${String(s.hour).padStart(2, "0")}:${String(s.minute).padStart(2, "0")}`;
  const zone = zoneInWords(s.tz, t);
  return s.kind === "daily"
    ? t("schedule.daily", { time, zone })
    : t("schedule.weekly", { day: translateList(t.locale, "schedule.weekdays")[s.weekday ?? 0], time, zone });
}

/** A subscription's timing: its schedule and mode ("daily at 08:00 UTC, only when something is new"; "as new articles arrive"). */
export function describeDelivery(s: { schedule: Schedule; mode: DeliveryMode }, t: T = EN): string {
  if (s.mode === "follow") return t("schedule.follow");
  const schedule = describeSchedule(s.schedule, t);
  return s.mode === "new-only" ? t("schedule.newOnly", { schedule }) : schedule;
}

/** "Mon 25 Mar 2024, 08:00 (Asia/Dushanbe)": the instant on the zone's own clock. */
export function formatInZone(utcMs: number, tz: string, t: T = EN): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", {
      timeZone: tz,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      weekday: "short",
    })
      .formatToParts(new Date(utcMs))
      .map((p) => [p.type, p.value]),
  );
  const weekday = new Date(Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day))).getUTCDay();
  const day = translateList(t.locale, "schedule.weekdaysShort")[weekday];
  const month = translateList(t.locale, "schedule.monthsShort")[Number(parts.month) - 1];
  return `${day} ${Number(parts.day)} ${month} ${parts.year}, ${parts.hour}:${parts.minute} (${tz})`;
}
