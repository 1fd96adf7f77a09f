/** The feed and fetch settings: defaults that are safe and polite, and bad values named. */
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.js";

describe("feed settings", () => {
  it("GIVEN nothing set THEN feeds are polled every 30 minutes, from public addresses only, politely", () => {
    expect(parseConfig({}).feeds).toEqual({
      intervalMs: 30 * 60_000,
      fetch: { allowPrivate: false, userAgent: "BriefBot/0.1 (news brief bot; feed reader)", maxBytes: 5 * 1_048_576, timeoutMs: 20_000, hostDelayMs: 1000 },
    });
  });
  it("GIVEN the variables THEN they are read, and a bad one is named", () => {
    const f = parseConfig({
      BRIEF_FEED_INTERVAL: "5",
      BRIEF_FETCH_ALLOW_PRIVATE: "1",
      BRIEF_FETCH_CONTACT: "https://example.org/bot",
      BRIEF_FETCH_MAX_MB: "2",
      BRIEF_FETCH_TIMEOUT_SECONDS: "7",
      BRIEF_FETCH_HOST_DELAY_MS: "0",
    }).feeds;
    expect(f).toEqual({
      intervalMs: 5 * 60_000,
      fetch: {
        allowPrivate: true,
        userAgent: "BriefBot/0.1 (news brief bot; feed reader; +https://example.org/bot)",
        maxBytes: 2 * 1_048_576,
        timeoutMs: 7000,
        hostDelayMs: 0,
      },
    });
    expect(() => parseConfig({ BRIEF_FEED_INTERVAL: "0" })).toThrow(/BRIEF_FEED_INTERVAL/);
    expect(() => parseConfig({ BRIEF_FETCH_ALLOW_PRIVATE: "maybe" })).toThrow(/BRIEF_FETCH_ALLOW_PRIVATE/);
  });
});
