import { GrammyError, HttpError } from "grammy";
import { describe, expect, it } from "vitest";
import { classifyTelegramError, DEFAULT_RETRY_AFTER_SECONDS } from "../../src/adapters/telegram/errors.js";

/** A GrammyError as grammY builds it from a failed Bot API response. */
function apiError(error_code: number, description: string, parameters: Record<string, number> = {}): GrammyError {
  return new GrammyError(
    `Call to 'sendMessage' failed! (${error_code}: ${description})`,
    { ok: false, error_code, description, parameters },
    "sendMessage",
    {},
  );
}

describe("classifyTelegramError", () => {
  it("GIVEN a 429 THEN rate-limited with Telegram's retry_after", () => {
    expect(classifyTelegramError(apiError(429, "Too Many Requests: retry after 17", { retry_after: 17 }))).toMatchObject({
      ok: false,
      kind: "rate-limited",
      retryAfterSeconds: 17,
    });
  });

  it("GIVEN a 429 without retry_after THEN a default wait", () => {
    expect(classifyTelegramError(apiError(429, "Too Many Requests"))).toMatchObject({ kind: "rate-limited", retryAfterSeconds: DEFAULT_RETRY_AFTER_SECONDS });
  });

  it("GIVEN a group upgraded to a supergroup THEN migrated to the new chat id", () => {
    const r = classifyTelegramError(apiError(400, "Bad Request: group chat was upgraded to a supergroup chat", { migrate_to_chat_id: -1001234567890 }));
    expect(r).toMatchObject({ kind: "migrated", newChannel: "telegram:-1001234567890" });
  });

  it.each([
    [403, "Forbidden: bot was blocked by the user"],
    [403, "Forbidden: bot was kicked from the group chat"],
    [403, "Forbidden: bot is not a member of the channel chat"],
    [403, "Forbidden: user is deactivated"],
    [400, "Bad Request: chat not found"],
    [400, "Bad Request: not enough rights to send text messages to the chat"],
    [400, "Bad Request: need administrator rights in the channel chat"],
    [400, "Bad Request: CHAT_WRITE_FORBIDDEN"],
    [400, "Bad Request: TOPIC_CLOSED"],
  ])("GIVEN %i %s THEN permanent", (code, description) => {
    expect(classifyTelegramError(apiError(code, description))).toMatchObject({ ok: false, kind: "permanent" });
  });

  it.each([
    [500, "Internal Server Error"],
    [502, "Bad Gateway"],
    [400, "Bad Request: can't parse entities: Unsupported start tag"],
    [400, "Bad Request: message is too long"],
    [401, "Unauthorized"],
  ])("GIVEN %i %s THEN transient (our fault or the network's: never pause a subscriber for it)", (code, description) => {
    expect(classifyTelegramError(apiError(code, description))).toMatchObject({ ok: false, kind: "transient" });
  });

  it("GIVEN a network failure THEN transient, with the cause in the detail", () => {
    const err = new HttpError("Network request for 'sendMessage' failed!", new Error("ECONNRESET"));
    const r = classifyTelegramError(err);
    expect(r).toMatchObject({ kind: "transient" });
    expect(r.detail).toContain("sendMessage");
  });

  it("GIVEN something that is not an error at all THEN transient", () => {
    expect(classifyTelegramError("boom")).toMatchObject({ kind: "transient", detail: "boom" });
    expect(classifyTelegramError(undefined)).toMatchObject({ kind: "transient" });
  });
});
