import { describe, expect, it } from "vitest";
import { parseSubscribe } from "../../commands/grammar/subscribe.js";
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
