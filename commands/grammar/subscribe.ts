/**
 * The text form of /subscribe: [target] [daily | weekly <day> | follow] [time] [time zone] [new-only] [topic
 * words]. "follow" sends new articles as they arrive instead of on a schedule; "new-only" sends a scheduled
 * digest only when something is new. Forgiving: "7am", "7:30 pm", "19h", "7 утра"; a city, a country with one zone, an abbreviation or an
 * IANA name for the zone ("moscow", "Душанбе", "MSK", "Asia/Dushanbe"), over one to three words ("new
 * york"). Pure: returns a request or a precise complaint with examples.
 */
import type { Result, UserErrorCode } from "../../src/core/errors.js";
import { type T, translator } from "../../src/core/i18n.js";
import { parseChannelRef } from "../../src/core/origin.js";
import { type DeliveryMode, type Schedule, type SubscribeRequest, WEEKDAY_NAMES } from "../../src/core/subscriptions.js";
import { looksLikeZone, lookUpZone } from "../../src/core/zone-names.js";

export interface ParseComplaint {
  code: UserErrorCode;
  message: string;
  hints: string[];
  /** Nearest zones, to offer as buttons. */
  zones?: string[];
  /** The words read as the zone, so a button can put a nearest zone in their place. */
  typed?: string;
}

export const SUBSCRIBE_EXAMPLES = ["/subscribe daily 08:00 Asia/Dushanbe", "/subscribe weekly mon 7:30pm Moscow isis-k", "/subscribe follow surveillance"];

export const DEFAULT_SCHEDULE: Schedule = { kind: "daily", hour: 8, minute: 0, tz: "UTC" };

const LONG_DAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
const RU_DAYS = [
  ["вс", "воскресенье"],
  ["пн", "понедельник"],
  ["вт", "вторник"],
  ["ср", "среда", "среду"],
  ["чт", "четверг"],
  ["пт", "пятница", "пятницу"],
  ["сб", "суббота", "субботу"],
];
const DAY_ALIASES: Record<string, number> = Object.fromEntries(
  WEEKDAY_NAMES.flatMap((d, i) => [[d, i] as const, [LONG_DAYS[i]!, i] as const, ...RU_DAYS[i]!.map((r) => [r, i] as const)]),
);
const DAILY = new Set(["daily", "ежедневно", "каждый"]);
const WEEKLY = new Set(["weekly", "еженедельно"]);
const FOLLOW = new Set(["follow", "live", "следить"]);
/** The words that ask for a digest only when something is new (any of them, anywhere before the topic). */
const NEW_ONLY = new Set(["new-only", "newonly", "only-new", "new_only", "только-новое"]);

const EN = translator("en");

function complain(t: T, code: UserErrorCode, message: string, extra: string[] = [], zones?: string[], typed?: string): Result<never, ParseComplaint> {
  const hints = [...extra, t("commands.subscribe.forExample", { examples: SUBSCRIBE_EXAMPLES.join("  ·  ") })];
  return { ok: false, error: { code, message, hints, zones, typed } };
}

type TimeRead = { ok: true; hour: number; minute: number; used: number } | { ok: false; typed: string } | undefined;

/** Reads a time at tokens[i] (one or two tokens: "7", "pm"); undefined when what is there is no time at all. */
export function readTime(tokens: readonly string[], i: number): TimeRead {
  const a = tokens[i]?.toLowerCase();
  if (a === undefined) return undefined;
  const next = tokens[i + 1]?.toLowerCase() ?? "";
  const suffix = /^(am|pm|a\.m\.|p\.m\.|утра|дня|вечера|ночи)$/.test(next) ? next : "";
  const m = /^(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.|h)?$/.exec(a);
  if (a === "noon" || a === "полдень") return { ok: true, hour: 12, minute: 0, used: 1 };
  if (a === "midnight" || a === "полночь") return { ok: true, hour: 0, minute: 0, used: 1 };
  if (!m) return /^\d{1,4}([:.h]\d{0,3})?(am|pm)?$/.test(a) ? { ok: false, typed: a } : undefined;
  // A bare number is a time only with a colon or a 12-hour mark: "137" or "2024" may be a topic.
  const half = (m[3] && m[3] !== "h" ? m[3] : "") || suffix;
  if (!m[2] && !half && m[3] !== "h") return /^\d{1,2}$/.test(a) ? { ok: false, typed: a } : undefined;
  let hour = Number(m[1]);
  const minute = Number(m[2] ?? 0);
  if (minute > 59) return { ok: false, typed: a };
  if (half) {
    if (hour < 1 || hour > 12) return { ok: false, typed: `${a} ${suffix}`.trim() };
    const pm = /^(pm|p\.m\.|дня|вечера)$/.test(half);
    const night = half === "ночи";
    hour = (hour % 12) + (pm ? 12 : 0);
    if (night && hour >= 6) return { ok: false, typed: `${a} ${suffix}` };
  } else if (hour > 23) return { ok: false, typed: a };
  return { ok: true, hour, minute, used: suffix && !(m[3] && m[3] !== "h") ? 2 : 1 };
}

/** The longest run of one to three tokens at tokens[i] that names a time zone. */
function readZone(tokens: readonly string[], i: number): { zone: string; used: number } | { country: string; zones: string[]; used: number } | undefined {
  for (let n = Math.min(3, tokens.length - i); n >= 1; n--) {
    const found = lookUpZone(tokens.slice(i, i + n).join(" "));
    if (found.kind === "zone") return { zone: found.zone, used: n };
    if (found.kind === "country") return { country: found.country, zones: found.zones, used: n };
  }
  return undefined;
}

/** A word shaped like a zone id or an offset ("Mars/Olympus", "+25:00"): refused rather than read as a topic. */
const ZONE_SHAPED = /\/|^[+-]\d{1,2}(:?\d{2})?$|^(utc|gmt)[+-]/i;

/**
 * `isChannelMention` says whether a word names another channel in the platform's own syntax (the adapter
 * knows: see Origin.isChannelMention); a "platform:id" reference (how Discord's channel option arrives)
 * is one everywhere.
 */
export function parseSubscribe(text: string, isChannelMention: (word: string) => boolean = () => false, t: T = EN): Result<SubscribeRequest, ParseComplaint> {
  const all = text.trim().split(/\s+/).filter(Boolean);
  const tokens = all.filter((w) => !NEW_ONLY.has(w.toLowerCase()));
  const mode: DeliveryMode = tokens.length < all.length ? "new-only" : "scheduled";
  let i = 0;
  const schedule: Schedule = { ...DEFAULT_SCHEDULE };
  let target: string | undefined;

  const first = tokens[i];
  if (first !== undefined && (isChannelMention(first) || parseChannelRef(first) !== undefined)) target = tokens[i++];

  const freq = tokens[i]?.toLowerCase();
  if (freq !== undefined && FOLLOW.has(freq)) return readFollow(tokens, i + 1, mode, target, t);
  if (freq !== undefined && DAILY.has(freq)) i++;
  else if (freq !== undefined && WEEKLY.has(freq)) {
    i++;
    const day = tokens[i]?.toLowerCase();
    if (day === undefined || DAY_ALIASES[day] === undefined) return complain(t, "bad-argument", t("commands.subscribe.weeklyNeedsDay"));
    schedule.kind = "weekly";
    schedule.weekday = DAY_ALIASES[day];
    i++;
  } else if (freq !== undefined && DAY_ALIASES[freq] !== undefined) {
    schedule.kind = "weekly";
    schedule.weekday = DAY_ALIASES[freq];
    i++;
  }

  const time = readTime(tokens, i);
  if (time && !time.ok) return complain(t, "invalid-time", t("commands.subscribe.badTime", { time: time.typed.slice(0, 20) }));
  if (time?.ok) {
    schedule.hour = time.hour;
    schedule.minute = time.minute;
    i += time.used;
  }

  if (i < tokens.length) {
    const zone = readZone(tokens, i);
    if (zone && "country" in zone) {
      const typed = tokens.slice(i, i + zone.used).join(" ");
      return complain(
        t,
        "invalid-timezone",
        t("commands.subscribe.countryZones", { country: zone.country, zones: zone.zones.join(", ") }),
        [],
        zone.zones,
        typed,
      );
    }
    if (zone) {
      schedule.tz = zone.zone;
      i += zone.used;
    } else if (ZONE_SHAPED.test(tokens[i]!)) {
      const candidates = looksLikeZone(tokens[i]!);
      return complain(
        t,
        "invalid-timezone",
        t("commands.subscribe.badZone", { zone: tokens[i]!.slice(0, 40) }),
        [...(candidates.length ? [t("commands.subscribe.zoneCandidates", { zones: candidates.join(", ") })] : []), t("commands.subscribe.zoneHint")],
        candidates,
        tokens[i],
      );
    }
  }

  const topic = tokens.slice(i).join(" ").trim();
  return { ok: true, value: { schedule, ...(mode === "new-only" ? { mode } : {}), topic: topic || undefined, target } };
}

/**
 * After "follow": only a topic. A time or a zone-shaped word is refused rather than read as the topic
 * ("follow" has no schedule); a city is not checked here, since a topic may be named like one ("tajikistan").
 */
function readFollow(tokens: readonly string[], i: number, mode: DeliveryMode, target: string | undefined, t: T): Result<SubscribeRequest, ParseComplaint> {
  if (mode === "new-only") return complain(t, "bad-argument", t("commands.subscribe.followIsNewOnly"));
  const next = tokens[i];
  if (next !== undefined && (readTime(tokens, i) !== undefined || ZONE_SHAPED.test(next)))
    return complain(t, "bad-argument", t("commands.subscribe.followNoTime"));
  const topic = tokens.slice(i).join(" ").trim();
  return { ok: true, value: { schedule: { ...DEFAULT_SCHEDULE }, mode: "follow", topic: topic || undefined, target } };
}

/**
 * Discord's options, each read on its own (a city typed into the zone option is a zone, never a topic).
 * Pure, like the text form.
 */
export function parseSubscribeOptions(
  options: { channel?: string; frequency?: string; day?: string; time?: string; timezone?: string; only_new?: string; topic?: string },
  t: T = EN,
): Result<SubscribeRequest, ParseComplaint> {
  const schedule: Schedule = { ...DEFAULT_SCHEDULE };
  const newOnly = options.only_new !== undefined && NEW_ONLY.has(options.only_new.trim().toLowerCase());
  if (options.frequency === "follow") {
    if (newOnly) return complain(t, "bad-argument", t("commands.subscribe.followIsNewOnly"));
    if (options.day?.trim() || options.time?.trim() || options.timezone?.trim()) return complain(t, "bad-argument", t("commands.subscribe.followNoTime"));
    const topic = options.topic?.trim();
    return { ok: true, value: { schedule, mode: "follow", topic: topic || undefined, target: options.channel } };
  }
  const day = options.day?.trim().toLowerCase();
  if (options.frequency === "weekly" || day) {
    if (!day || DAY_ALIASES[day] === undefined) return complain(t, "bad-argument", t("commands.subscribe.weeklyNeedsDay"));
    schedule.kind = "weekly";
    schedule.weekday = DAY_ALIASES[day];
  }
  if (options.time?.trim()) {
    const tokens = options.time.trim().split(/\s+/);
    const time = readTime(tokens, 0);
    if (!time?.ok || time.used !== tokens.length)
      return complain(t, "invalid-time", t("commands.subscribe.badTime", { time: options.time.trim().slice(0, 20) }));
    schedule.hour = time.hour;
    schedule.minute = time.minute;
  }
  if (options.timezone?.trim()) {
    const typed = options.timezone.trim();
    const found = lookUpZone(typed);
    if (found.kind === "country") {
      return complain(t, "invalid-timezone", t("commands.subscribe.countryZones", { country: found.country, zones: found.zones.join(", ") }), [], found.zones);
    }
    if (found.kind === "none") {
      return complain(
        t,
        "invalid-timezone",
        t("commands.subscribe.badZone", { zone: typed.slice(0, 40) }),
        [
          ...(found.candidates.length ? [t("commands.subscribe.zoneCandidates", { zones: found.candidates.join(", ") })] : []),
          t("commands.subscribe.zoneHint"),
        ],
        found.candidates,
      );
    }
    schedule.tz = found.zone;
  }
  const topic = options.topic?.trim();
  return { ok: true, value: { schedule, ...(newOnly ? { mode: "new-only" as const } : {}), topic: topic || undefined, target: options.channel } };
}
