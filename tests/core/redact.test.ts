import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/core/log.js";
import { REDACTED, rememberSecret, scrubSecrets } from "../../src/core/redact.js";

describe("scrubSecrets", () => {
  it("GIVEN a Bot API URL THEN the token between /bot and the method is censored, the method kept", () => {
    expect(scrubSecrets("request to https://api.telegram.org/bot123456789:AAEhBOweik6ad9r_QXMENQjcrGbqCr4K-bs/getMe failed")).toBe(
      `request to https://api.telegram.org/bot${REDACTED}/getMe failed`,
    );
  });

  it("GIVEN a bare Telegram token THEN it is censored", () => {
    expect(scrubSecrets("token=123456789:AAEhBOweik6ad9r_QXMENQjcrGbqCr4K-bs")).toBe(`token=${REDACTED}`);
  });

  it("GIVEN Discord interaction and webhook URLs THEN the token segment is censored and the ids kept", () => {
    expect(scrubSecrets("POST /api/v10/interactions/1290000000000000016/aW50ZXJhY3Rpb246MTIz/callback")).toBe(
      `POST /api/v10/interactions/1290000000000000016/${REDACTED}/callback`,
    );
    expect(scrubSecrets("PATCH https://discord.com/api/v10/webhooks/42/aW50ZXJhY3Rpb246MTIz/messages/@original?wait=true")).toBe(
      `PATCH https://discord.com/api/v10/webhooks/42/${REDACTED}/messages/@original?wait=true`,
    );
  });

  it("GIVEN a Discord bot token or an Authorization value THEN it is censored", () => {
    expect(scrubSecrets("MTI5MDAwMDAwMDAwMDAwMDAx.GhT8aB.abcdefghijklmnopqrstuvwxyz012345")).toBe(REDACTED);
    expect(scrubSecrets("authorization: Bot abcdefghijklmnopqrstuvwxyz")).toBe(`authorization: Bot ${REDACTED}`);
  });

  it("GIVEN a remembered secret of no known shape THEN it is censored wherever it appears, escaped or not", () => {
    rememberSecret('odd"secret\\value');
    expect(scrubSecrets(JSON.stringify({ detail: 'x odd"secret\\value y' }))).toBe(JSON.stringify({ detail: "x [redacted] y" }));
  });

  it("GIVEN ordinary text, ids and times THEN nothing changes", () => {
    const line = "delivery 12 to telegram:-1001234567890 at 08:00 failed: 429 retry after 5s (message 12:34)";
    expect(scrubSecrets(line)).toBe(line);
  });
});

describe("the logger", () => {
  it("GIVEN errors, messages and fields carrying tokens THEN the written line holds none of them", () => {
    const lines: string[] = [];
    const log = createLogger("trace", "json", { write: (s: string) => void lines.push(s) });
    const cause = new Error("request to http://127.0.0.1:9/bot123456:a-short-test-token/setMyCommands failed, reason: ECONNREFUSED");
    log.warn(
      {
        err: new Error("Network request for 'setMyCommands' failed!", { cause }),
        payload: { secret_token: "webhook-secret-value" },
        token: "anything at all",
        detail: "see /bot123456:a-short-test-token/getMe",
      },
      "telegram: setMyCommands failed for /bot123456:a-short-test-token/x",
    );
    const out = lines.join("");
    expect(out).not.toContain("a-short-test-token");
    expect(out).not.toContain("webhook-secret-value");
    expect(out).not.toContain("anything at all");
    expect(out).toContain("setMyCommands failed");
    expect(JSON.parse(out).payload.secret_token).toBe(REDACTED);
  });
});
