/**
 * The text form of /subscribe: [target] [daily | weekly <day> | follow] [HH:MM] [timezone] [new-only] [topic words].
 * "follow" sends new articles as they arrive instead of on a schedule; "new-only" sends a scheduled digest
 * only when something is new. Pure: returns a request or a precise complaint with examples.
 */
import type { Result, UserErrorCode } from "../../src/core/errors.js";
import { parseChannelRef } from "../../src/core/origin.js";
import { type DeliveryMode, type Schedule, type SubscribeRequest, WEEKDAY_NAMES } from "../../src/core/subscriptions.js";
import { canonicalTimeZone } from "../../src/core/time-zones.js";

export interface ParseComplaint {
  code: UserErrorCode;
  message: string;
  hints: string[];
}

export const SUBSCRIBE_EXAMPLES = [
  "/subscribe daily 08:00 Asia/Dushanbe",
  "/subscribe weekly mon 09:30 Europe/Moscow isis-k",
  "/subscribe follow surveillance",
];

/** The words that ask for a digest only when something is new (any of them, anywhere before the topic). */
const NEW_ONLY = new Set(["new-only", "newonly", "only-new", "new_only"]);

export const DEFAULT_SCHEDULE: Schedule = { kind: "daily", hour: 8, minute: 0, tz: "UTC" };

const DAY_ALIASES: Record<string, number> = Object.fromEntries(
  WEEKDAY_NAMES.flatMap((d, i) => [
    [d, i],
    [["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"][i]!, i],
  ]),
);

const complain = (code: UserErrorCode, message: string, extra: string[] = []): Result<never, ParseComplaint> => ({
  ok: false,
  error: { code, message, hints: [...extra, `For example: ${SUBSCRIBE_EXAMPLES.join("  or  ")}`] },
});

/**
 * `isChannelMention` says whether a word names another channel in the platform's own syntax (the adapter
 * knows: see Origin.isChannelMention); a "platform:id" reference (how Discord's channel option arrives)
 * is one everywhere.
 */
export function parseSubscribe(text: string, isChannelMention: (word: string) => boolean = () => false): Result<SubscribeRequest, ParseComplaint> {
  const all = text.trim().split(/\s+/).filter(Boolean);
  const tokens = all.filter((t) => !NEW_ONLY.has(t.toLowerCase()));
  let mode: DeliveryMode = tokens.length < all.length ? "new-only" : "scheduled";
  let i = 0;
  const schedule: Schedule = { ...DEFAULT_SCHEDULE };
  let target: string | undefined;

  const first = tokens[i];
  if (first !== undefined && (isChannelMention(first) || parseChannelRef(first) !== undefined)) target = tokens[i++];

  const freq = tokens[i]?.toLowerCase();
  if (freq === "follow" || freq === "live") {
    if (mode === "new-only") return complain("bad-argument", "“follow” already sends only what is new; leave out “new-only”.");
    mode = "follow";
    i++;
    const next = tokens[i];
    if (next !== undefined && (/^\d{1,2}:\d{2}$/.test(next) || next.includes("/"))) {
      return complain("bad-argument", "“follow” sends new articles as they arrive: it takes no time or time zone, only a topic.");
    }
    const topic = tokens.slice(i).join(" ").trim();
    return { ok: true, value: { schedule, mode, topic: topic || undefined, target } };
  }
  if (freq === "daily") i++;
  else if (freq === "weekly") {
    i++;
    const day = tokens[i]?.toLowerCase();
    if (day === undefined || DAY_ALIASES[day] === undefined) {
      return complain("bad-argument", `“weekly” needs a day of the week: mon, tue, wed, thu, fri, sat or sun.`);
    }
    schedule.kind = "weekly";
    schedule.weekday = DAY_ALIASES[day];
    i++;
  } else if (freq !== undefined && DAY_ALIASES[freq] !== undefined) {
    schedule.kind = "weekly";
    schedule.weekday = DAY_ALIASES[freq];
    i++;
  }

  const time = tokens[i];
  if (time !== undefined && /^\d{1,2}:\d{2}$/.test(time)) {
    const [h, m] = time.split(":").map(Number) as [number, number];
    if (h > 23 || m > 59) return complain("invalid-time", `“${time}” is not a time of day. Use 24-hour HH:MM, from 00:00 to 23:59.`);
    schedule.hour = h;
    schedule.minute = m;
    i++;
  } else if (time !== undefined && /^(\d{1,2}([.:h]\d{0,3})?\s*(am|pm)?|\d{3,4})$/i.test(time)) {
    return complain("invalid-time", `“${time.slice(0, 20)}” is not a time I understand. Use 24-hour HH:MM, such as 08:00 or 18:30.`);
  }

  const zone = tokens[i];
  if (zone !== undefined && (zone.includes("/") || /^(utc|gmt|z)$/i.test(zone) || /^[+-]\d{1,2}(:?\d{2})?$/.test(zone) || /^(utc|gmt)[+-]/i.test(zone))) {
    const tz = canonicalTimeZone(zone);
    if (!tz) {
      return complain("invalid-timezone", `“${zone.slice(0, 40)}” is not a time zone I know. Use an IANA name such as Asia/Dushanbe, Europe/Moscow or UTC.`);
    }
    schedule.tz = tz;
    i++;
  }

  const topic = tokens.slice(i).join(" ").trim();
  return { ok: true, value: { schedule, ...(mode === "new-only" ? { mode } : {}), topic: topic || undefined, target } };
}
