/**
 * No token in any log line, on any error path: every Bot API call and every Discord request fails, once
 * with the connection cut and once with HTTP 500, while the real adapters start, answer a user, press a
 * button, deliver a digest, check a /subscribe target and stop; all of it logged at trace level through
 * the production logger, and every line searched for the bot tokens, the webhook secret and each
 * interaction token.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDiscordAdapter } from "../../src/adapters/discord/index.js";
import { createTelegramAdapter } from "../../src/adapters/telegram/index.js";
import type { Dispatch } from "../../src/core/dispatcher.js";
import { createLogger } from "../../src/core/log.js";
import { para } from "../../src/core/message.js";
import { FakeDiscord, makeUser, PERMS, snowflake } from "../helpers/discord-fake.js";
import { type Breakage, type Emulator, freePort, startEmulator } from "../helpers/telegram-emulator.js";

/** The shape of a real token (bot id, colon, 35 characters), so both the shape and the value are tested. */
const TELEGRAM_TOKENS: Record<Breakage, string> = {
  network: "7012345678:AAF3kqL0b9xZ-wq_Tp5sYd8mNnC2rVh4eJu",
  "http-500": "7012345679:AAG7uu1Q2w3e4r5t6y7u8i9o0p_aSdFgHjK",
  "api-500": "7012345681:AAJapi500TokenShapedLikeARealOne_xy",
};
const WEBHOOK_SECRET = "whsec-do-not-log-me-0123456789";

function capture() {
  const lines: string[] = [];
  const log = createLogger("trace", "json", { write: (s: string) => void lines.push(s) });
  return { log, lines, has: (msg: string) => lines.some((l) => l.includes(msg)) };
}

async function until(what: string, check: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function expectNoSecret(lines: string[], secrets: string[]): void {
  const all = lines.join("");
  for (const secret of secrets) expect(all, `a log line holds ${secret.slice(0, 12)}…`).not.toContain(secret);
}

describe("Telegram: secrets never logged", () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator();
  });
  afterAll(async () => {
    emu.breakCalls(undefined);
    await emu.stop();
  });

  // (The Bot API's own JSON 500 is retried with backoff by auto-retry on these paths: see the next test.)
  for (const how of ["network", "http-500"] as const) {
    it(`GIVEN every Bot API call fails (${how}) WHEN the bot starts, answers, pages, sends a digest and stops THEN no line holds the token or the webhook secret`, async () => {
      const token = TELEGRAM_TOKENS[how];
      const { log, lines, has } = capture();
      // The bot still needs to know who it is and to hear updates (grammY retries deleteWebhook until it
      // succeeds before polling); everything else fails.
      emu.breakCalls((m) => !["getMe", "getUpdates", "deleteWebhook"].includes(m), how);
      const asksAdmin: Dispatch = async (_input, origin) => {
        await origin.isChatAdmin();
        return { blocks: [para("ok")], citations: [] };
      };
      const adapter = createTelegramAdapter({ config: { token, apiRoot: emu.apiRoot, adminIds: [] }, log, commands: [], pollingThrottleMs: 30 });
      await adapter.start(asksAdmin);
      await until("setMyCommands failed", () => has("setMyCommands failed"));

      const member = emu.client({ chatId: -4001, userId: 4001, type: "group" }, token);
      await member.sendCommand(member.makeCommand("/subscribe"));
      await until("getChatAdministrators failed", () => has("getChatAdministrators failed"));
      await until("update handling failed", () => has("update handling failed"));

      await member.sendCallback(member.makeCallbackQuery("pg:noop", { message: { message_id: 1 } }));
      await until("answerCallbackQuery failed", () => has("answerCallbackQuery failed"));

      const sent = await adapter.send("telegram:4002", { blocks: [para("digest")], citations: [] });
      expect(sent.ok).toBe(false);
      await adapter.resolveTarget?.("@somechannel", {
        platform: "telegram",
        channel: "telegram:4003",
        chatKind: "private",
        user: { id: "4003", name: "admin" },
        isBotAdmin: false,
        isChatAdmin: async () => true,
      });

      emu.breakCalls(() => true, how);
      await adapter.stop();
      expect(has("bot.stop failed")).toBe(true);
      emu.breakCalls(undefined);

      expectNoSecret(lines, [token, token.split(":")[1]!]);
      expect(lines.join("")).toContain("[redacted]");
    });
  }

  it("GIVEN the Bot API answers 500 with its JSON error WHEN a digest is sent (no retries on that path) THEN no line holds the token", async () => {
    const token = TELEGRAM_TOKENS["api-500"];
    const { log, lines, has } = capture();
    const adapter = createTelegramAdapter({ config: { token, apiRoot: emu.apiRoot, adminIds: [] }, log, commands: [], pollingThrottleMs: 30 });
    emu.breakCalls(() => true, "api-500");
    const sent = await adapter.send("telegram:4002", { blocks: [para("digest")], citations: [] });
    expect(sent.ok).toBe(false);
    expect(has("telegram: send failed")).toBe(true);
    emu.breakCalls(undefined);
    expectNoSecret(lines, [token, token.split(":")[1]!]);
  });

  it("GIVEN setWebhook fails WHEN the bot starts in webhook mode THEN the start-up error names the failure but neither the token nor the secret", async () => {
    const token = "7012345680:AAHwebhookTokenShapedLikeARealOne_x";
    const { log, lines } = capture();
    emu.breakCalls((m) => m === "setWebhook", "network");
    const port = await freePort();
    const adapter = createTelegramAdapter({
      config: { token, apiRoot: emu.apiRoot, adminIds: [], webhook: { url: "https://brief.example/telegram", secret: WEBHOOK_SECRET, port } },
      log,
      commands: [],
    });
    const failure = await adapter.start(async () => null).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(Error);
    log.error({ err: failure }, "start-up failed");
    emu.breakCalls(undefined);
    await adapter.stop();
    expect(lines.join("")).toContain("setWebhook");
    expectNoSecret(lines, [token, token.split(":")[1]!, WEBHOOK_SECRET]);
  });
});

describe("Discord: secrets never logged", () => {
  for (const how of ["network", "http-500"] as const) {
    it(`GIVEN every interaction reply and channel post fails (${how}) THEN no line holds the bot token or an interaction token`, async () => {
      const fake = await FakeDiscord.start();
      const { log, lines, has } = capture();
      const adapter = createDiscordAdapter({
        config: { token: fake.token, appId: fake.appId, apiBase: fake.apiBase, adminIds: [] },
        log,
        commands: [
          { name: "help", description: "Help", usage: "/help", example: "/help", permission: "everyone", run: async () => ({ blocks: [], citations: [] }) },
        ],
        deferAfterMs: 50,
      });
      try {
        await adapter.start(async () => ({ blocks: [para("an answer")], citations: [] }));
        fake.broken = { path: /^\/(interactions|webhooks|channels)\//, how };
        const alice = { user: makeUser(snowflake(), "alice"), permissions: PERMS.member };
        const ids = [fake.slash(alice, "help"), fake.slash(alice, "help", {}, "dm")];
        await until("interaction failed", () => lines.filter((l) => l.includes("interaction failed")).length >= 2, 30_000);
        await until("could not apologise", () => has("could not apologise either"), 30_000);
        const sent = await adapter.send(`discord:${fake.guild.channels.general}`, { blocks: [para("digest")], citations: [] });
        expect(sent.ok).toBe(false);
        expect(has("discord send failed")).toBe(true);
        const interactionTokens = ids.map((id) => fake.interaction(id).token);
        expectNoSecret(lines, [fake.token, ...interactionTokens]);
        // A 500 names the request URL, token and all, in the error: it must show up censored.
        if (how === "http-500") expect(lines.join("")).toMatch(/\/interactions\/\d+\/\[redacted\]/);
      } finally {
        fake.broken = undefined;
        await adapter.stop();
        await fake.close();
      }
    }, 60_000);
  }
});
