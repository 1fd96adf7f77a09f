import { describe, expect, it } from "vitest";
import type { Schedule } from "../../src/core/subscriptions.js";
import { canonicalTimeZone } from "../../src/core/time-zones.js";
import { latestSlot, nextSlot } from "../../src/digest/schedule.js";
import { localToUtc } from "../../src/digest/timezone.js";

const t = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const daily = (hour: number, minute: number, tz: string): Schedule => ({ kind: "daily", hour, minute, tz });

describe("daily and weekly slots in several time zones", () => {
  it("puts 08:00 Asia/Dushanbe (UTC+5, no DST) at 03:00 UTC", () => {
    expect(iso(nextSlot(daily(8, 0, "Asia/Dushanbe"), t("2024-03-25T00:00:00Z")))).toBe("2024-03-25T03:00:00.000Z");
    expect(iso(latestSlot(daily(8, 0, "Asia/Dushanbe"), t("2024-03-25T02:59:00Z")))).toBe("2024-03-24T03:00:00.000Z");
  });

  it("handles a zone behind UTC crossing the date line (America/Los_Angeles)", () => {
    expect(iso(nextSlot(daily(23, 30, "America/Los_Angeles"), t("2024-06-01T00:00:00Z")))).toBe("2024-06-01T06:30:00.000Z");
  });

  it("finds the next Monday 09:30 in Europe/Moscow (UTC+3)", () => {
    const weekly: Schedule = { kind: "weekly", weekday: 1, hour: 9, minute: 30, tz: "Europe/Moscow" };
    // Wednesday 2024-03-27 → Monday 2024-04-01 06:30 UTC
    expect(iso(nextSlot(weekly, t("2024-03-27T12:00:00Z")))).toBe("2024-04-01T06:30:00.000Z");
    expect(iso(latestSlot(weekly, t("2024-03-27T12:00:00Z")))).toBe("2024-03-25T06:30:00.000Z");
  });

  it("handles half-hour zones (Asia/Kolkata, UTC+5:30)", () => {
    expect(iso(nextSlot(daily(8, 0, "Asia/Kolkata"), t("2024-01-01T00:00:00Z")))).toBe("2024-01-01T02:30:00.000Z");
  });
});

describe("across a DST change", () => {
  it("keeps 08:00 local in Europe/Berlin before and after spring forward (UTC+1 → UTC+2)", () => {
    const s = daily(8, 0, "Europe/Berlin");
    expect(iso(nextSlot(s, t("2024-03-30T12:00:00Z")))).toBe("2024-03-31T06:00:00.000Z");
    expect(iso(nextSlot(s, t("2024-03-30T00:00:00Z")))).toBe("2024-03-30T07:00:00.000Z");
  });

  it("moves a time inside the spring-forward gap forward instead of skipping the day", () => {
    // 02:30 does not exist in Berlin on 2024-03-31; the digest goes at 03:30 local (01:30 UTC).
    expect(iso(nextSlot(daily(2, 30, "Europe/Berlin"), t("2024-03-30T12:00:00Z")))).toBe("2024-03-31T01:30:00.000Z");
  });

  it("delivers once on the fall-back day, when 02:30 happens twice", () => {
    const s = daily(2, 30, "Europe/Berlin");
    const first = nextSlot(s, t("2024-10-26T12:00:00Z"));
    expect(new Date(first).toISOString().slice(0, 10)).toBe("2024-10-27");
    expect(nextSlot(s, first) - first).toBeGreaterThan(20 * 3600_000);
  });

  it("keeps New York's 09:00 across its own DST change (UTC-5 → UTC-4)", () => {
    const s = daily(9, 0, "America/New_York");
    expect(iso(nextSlot(s, t("2024-03-09T20:00:00Z")))).toBe("2024-03-10T13:00:00.000Z");
    expect(iso(nextSlot(s, t("2024-03-08T20:00:00Z")))).toBe("2024-03-09T14:00:00.000Z");
  });

  it("converts local wall times consistently", () => {
    expect(iso(localToUtc(2024, 7, 1, 12, 0, "Europe/London"))).toBe("2024-07-01T11:00:00.000Z");
    expect(iso(localToUtc(2024, 1, 1, 12, 0, "Europe/London"))).toBe("2024-01-01T12:00:00.000Z");
  });
});

describe("time-zone names", () => {
  it("accepts IANA names in any case and refuses unknown ones", () => {
    expect(canonicalTimeZone("asia/dushanbe")).toBe("Asia/Dushanbe");
    expect(canonicalTimeZone("UTC")).toBe("UTC");
    expect(canonicalTimeZone("Mars/Olympus")).toBeUndefined();
    expect(canonicalTimeZone("../../etc/passwd")).toBeUndefined();
  });
});
