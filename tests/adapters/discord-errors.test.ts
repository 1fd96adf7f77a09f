import { DiscordAPIError, HTTPError, RateLimitError } from "discord.js";
import { describe, expect, it } from "vitest";
import { AUTOCOMPLETE_MAX_CHOICES, autocompleteChoices, timezoneSuggestions } from "../../src/adapters/discord/autocomplete.js";
import { classifySendError, isInteractionGone, isInteractionStateError } from "../../src/adapters/discord/errors.js";
import { NONCE_MAX, pagerRow, partNonce } from "../../src/adapters/discord/payloads.js";
import { decodePagerData } from "../../src/core/pager.js";

const request = { body: undefined, files: undefined };
const apiError = (status: number, code: number, extra: Record<string, unknown> = {}) =>
  new DiscordAPIError({ code, message: `error ${code}`, ...extra }, code, status, "POST", "https://discord.com/api/v10/channels/1/messages", request);

describe("classifying send failures", () => {
  it.each([
    [403, 50013, "missing permissions"],
    [403, 50001, "missing access"],
    [404, 10003, "unknown channel"],
    [404, 10004, "unknown guild"],
    [403, 50007, "cannot message the user"],
    [403, 0, "plain 403"],
    [400, 50035, "invalid form body (a retry sends the same request)"],
  ])("GIVEN HTTP %i code %i (%s) THEN it is permanent", (status, code) => {
    expect(classifySendError(apiError(status, code))).toMatchObject({ ok: false, kind: "permanent" });
  });

  it("GIVEN a 429 from the API THEN it is rate-limited with Discord's retry_after, rounded up", () => {
    expect(classifySendError(apiError(429, 0, { retry_after: 2.4 }))).toMatchObject({ kind: "rate-limited", retryAfterSeconds: 3 });
  });

  it("GIVEN @discordjs/rest's RateLimitError THEN it is rate-limited for the longer of retryAfter and timeToReset", () => {
    const err = new RateLimitError({
      timeToReset: 4200,
      limit: 5,
      method: "POST",
      hash: "h",
      url: "u",
      route: "/channels/:id/messages",
      majorParameter: "1",
      global: false,
      retryAfter: 1050,
      sublimitTimeout: 0,
      scope: "user",
    });
    expect(classifySendError(err)).toMatchObject({ kind: "rate-limited", retryAfterSeconds: 5 });
  });

  it("GIVEN a 5xx after @discordjs/rest's own retries THEN it is transient", () => {
    expect(classifySendError(new HTTPError(502, "Bad Gateway", "POST", "u", request))).toMatchObject({ kind: "transient" });
  });

  it("GIVEN a network error, a timeout or a 401 THEN it is transient (never pauses a subscription)", () => {
    expect(classifySendError(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }))).toMatchObject({ kind: "transient" });
    expect(classifySendError(Object.assign(new Error("aborted"), { name: "AbortError" }))).toMatchObject({ kind: "transient" });
    expect(classifySendError(apiError(401, 0))).toMatchObject({ kind: "transient" });
    expect(classifySendError("weird")).toMatchObject({ kind: "transient", detail: "weird" });
  });

  it("GIVEN an API error THEN the detail names the status and code", () => {
    expect(classifySendError(apiError(403, 50013)).detail).toContain("HTTP 403, code 50013");
  });
});

describe("interaction errors", () => {
  it("GIVEN 10062 or 40060 THEN the interaction is gone; other codes are not", () => {
    expect(isInteractionGone(apiError(404, 10062))).toBe(true);
    expect(isInteractionGone(apiError(400, 40060))).toBe(true);
    expect(isInteractionGone(apiError(403, 50013))).toBe(false);
    expect(isInteractionGone(null)).toBe(false);
  });

  it("GIVEN discord.js's already-replied error THEN it is recognised", () => {
    expect(isInteractionStateError({ code: "InteractionAlreadyReplied" })).toBe(true);
    expect(isInteractionStateError(new Error("x"))).toBe(false);
  });
});

describe("nonces for multi-part sends", () => {
  it("GIVEN a short nonce THEN the first part uses it and later parts get stable distinct nonces within 25 characters", () => {
    expect(partNonce("digest-42", 0)).toBe("digest-42");
    const second = partNonce("digest-42", 1);
    expect(second).toHaveLength(NONCE_MAX);
    expect(partNonce("digest-42", 1)).toBe(second);
    expect(partNonce("digest-42", 2)).not.toBe(second);
  });

  it("GIVEN a nonce over 25 characters THEN even the first part gets a digest of it", () => {
    const long = "x".repeat(40);
    expect(partNonce(long, 0)).toHaveLength(NONCE_MAX);
    expect(partNonce(long, 0)).not.toBe(long.slice(0, 25));
  });
});

describe("pager buttons", () => {
  it("GIVEN page 1 of 3 THEN ◀ is disabled, ▶ leads to page 2 and the custom ids decode", () => {
    const row = pagerRow("tok123", { index: 1, count: 3 });
    const [prev, where, next] = row.components as { custom_id: string; disabled: boolean; label: string }[];
    expect(prev).toMatchObject({ label: "◀", disabled: true });
    expect(where).toMatchObject({ label: "1 / 3", disabled: true });
    expect(next).toMatchObject({ label: "▶", disabled: false });
    expect(decodePagerData(next!.custom_id)).toEqual({ token: "tok123", page: 2 });
    expect(new Set(row.components.map((c) => (c as { custom_id: string }).custom_id)).size).toBe(3);
    for (const c of row.components) expect((c as { custom_id: string }).custom_id.length).toBeLessThanOrEqual(100);
  });

  it("GIVEN the last page THEN ▶ is disabled", () => {
    const [, , next] = pagerRow("t", { index: 3, count: 3 }).components as { disabled: boolean }[];
    expect(next!.disabled).toBe(true);
  });
});

describe("autocomplete choices", () => {
  it("GIVEN suggest returns more than 25 THEN at most 25 are offered, names and values within 100 characters", () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ name: `Name ${i} ${"x".repeat(120)}`, value: `v${i}` }));
    const choices = autocompleteChoices("entity", "n", () => many);
    expect(choices).toHaveLength(AUTOCOMPLETE_MAX_CHOICES);
    for (const c of choices) {
      expect(c.name.length).toBeLessThanOrEqual(100);
      expect(c.value.length).toBeLessThanOrEqual(100);
    }
  });

  it("GIVEN a value over 100 characters or a duplicate THEN it is dropped, not cut", () => {
    const choices = autocompleteChoices("source", "", () => [
      { name: "a", value: "x".repeat(101) },
      { name: "b", value: "ok" },
      { name: "c", value: "ok" },
    ]);
    expect(choices).toEqual([{ name: "b", value: "ok" }]);
  });

  it("GIVEN suggest throws THEN no choices are offered and the error is reported", () => {
    const errors: unknown[] = [];
    expect(
      autocompleteChoices(
        "event",
        "x",
        () => {
          throw new Error("boom");
        },
        (e) => errors.push(e),
      ),
    ).toEqual([]);
    expect(errors).toHaveLength(1);
  });

  it("GIVEN a timezone option and no suggestions from the knowledge layer THEN Intl's zones are offered", () => {
    const choices = autocompleteChoices("timezone", "tashk", () => []);
    expect(choices[0]).toEqual({ name: "Asia/Tashkent", value: "Asia/Tashkent" });
    expect(autocompleteChoices("timezone", "", undefined).map((c) => c.value)).toContain("Asia/Almaty");
    expect(timezoneSuggestions("new york")[0]!.value).toBe("America/New_York");
    expect(timezoneSuggestions("e").length).toBeLessThanOrEqual(25);
    expect(timezoneSuggestions("utc")[0]!.value).toBe("UTC");
  });
});
