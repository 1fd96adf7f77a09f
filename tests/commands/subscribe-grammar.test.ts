import { describe, expect, it } from "vitest";
import { parseSubscribe, parseSubscribeOptions } from "../../commands/grammar/subscribe.js";
import { isTelegramChannelMention } from "../../src/adapters/telegram/origin.js";

describe("the /subscribe grammar", () => {
  it("defaults to daily at 08:00 UTC", () => {
    expect(parseSubscribe("")).toEqual({
      ok: true,
      value: { schedule: { kind: "daily", hour: 8, minute: 0, tz: "UTC" }, topic: undefined, target: undefined },
    });
  });

  it("reads the issue's examples", () => {
    expect(parseSubscribe("daily 08:00 Asia/Dushanbe")).toMatchObject({
      ok: true,
      value: { schedule: { kind: "daily", hour: 8, minute: 0, tz: "Asia/Dushanbe" } },
    });
    expect(parseSubscribe("weekly mon 09:30 Europe/Moscow isis-k")).toMatchObject({
      ok: true,
      value: { schedule: { kind: "weekly", weekday: 1, hour: 9, minute: 30, tz: "Europe/Moscow" }, topic: "isis-k" },
    });
  });

  it("reads a target channel first, in the platform's own syntax or as a platform:id reference", () => {
    expect(parseSubscribe("@briefnews daily 07:00", isTelegramChannelMention)).toMatchObject({ ok: true, value: { target: "@briefnews" } });
    expect(parseSubscribe("-1001234567890 daily", isTelegramChannelMention)).toMatchObject({ ok: true, value: { target: "-1001234567890" } });
    expect(parseSubscribe("discord:123456789012345678 weekly fri")).toMatchObject({ ok: true, value: { target: "discord:123456789012345678" } });
  });

  it("reads a word the platform does not call a channel as the start of the schedule or topic", () => {
    expect(parseSubscribe("@briefnews daily")).toMatchObject({ ok: true, value: { target: undefined, topic: "@briefnews daily" } });
    expect(parseSubscribe("crocus", isTelegramChannelMention)).toMatchObject({ ok: true, value: { target: undefined, topic: "crocus" } });
  });

  it.each(["25:00", "08:61", "13pm", "0800", "8"])("refuses the time %s with examples", (time) => {
    const r = parseSubscribe(`daily ${time}`);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe("invalid-time");
      expect(r.error.hints.join(" ")).toContain("/subscribe daily 08:00 Asia/Dushanbe");
    }
  });

  it.each(["Mars/Olympus", "Europe/Atlantis", "+25:00"])("refuses the time zone %s with examples", (tz) => {
    const r = parseSubscribe(`daily 08:00 ${tz}`);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe("invalid-timezone");
  });

  it("insists on a day for weekly digests", () => {
    const r = parseSubscribe("weekly 08:00");
    expect(r.ok).toBe(false);
  });
});

describe("the /subscribe grammar with #16's follow and new-only", () => {
  it("GIVEN a forgiving time and a city with new-only THEN a new-only digest in that zone", () => {
    expect(parseSubscribe("weekly mon 7:30pm Moscow new-only isis-k")).toMatchObject({
      ok: true,
      value: { schedule: { kind: "weekly", weekday: 1, hour: 19, minute: 30, tz: "Europe/Moscow" }, mode: "new-only", topic: "isis-k" },
    });
  });

  it("GIVEN follow with a topic THEN new articles as they arrive, no schedule asked for", () => {
    expect(parseSubscribe("follow surveillance")).toMatchObject({ ok: true, value: { mode: "follow", topic: "surveillance" } });
  });

  it.each(["follow 7am", "follow 08:00 isis-k", "follow Asia/Dushanbe", "new-only follow isis-k"])(
    "GIVEN '%s' THEN refused: follow takes only a topic",
    (line) => {
      expect(parseSubscribe(line)).toMatchObject({ ok: false, error: { code: "bad-argument" } });
    },
  );

  it("GIVEN a zone nobody has before new-only THEN the refusal names the words read as the zone, for its buttons", () => {
    expect(parseSubscribe("daily 08:00 Mars/Olympus new-only")).toMatchObject({ ok: false, error: { code: "invalid-timezone", typed: "Mars/Olympus" } });
  });

  it("GIVEN Discord's options THEN follow and only_new are read like the others; follow with a time is refused", () => {
    expect(parseSubscribeOptions({ frequency: "follow", topic: "isis-k" })).toMatchObject({ ok: true, value: { mode: "follow", topic: "isis-k" } });
    expect(parseSubscribeOptions({ time: "7am", timezone: "Dushanbe", only_new: "new-only" })).toMatchObject({
      ok: true,
      value: { schedule: { hour: 7, tz: "Asia/Dushanbe" }, mode: "new-only" },
    });
    expect(parseSubscribeOptions({ frequency: "follow", time: "08:00" })).toMatchObject({ ok: false });
    expect(parseSubscribeOptions({ frequency: "follow", only_new: "new-only" })).toMatchObject({ ok: false });
  });
});
