/**
 * Tokens and webhook secrets never appear in the log, at any level: a bot run at debug through the
 * logger `brief start` makes, including the paths that log errors carrying request URLs (Telegram's
 * token is part of every Bot API URL): a platform unreachable at start, retried, then connecting; a
 * webhook update answered; a request with a wrong secret refused; shutdown.
 */
import { afterAll, describe, expect, it } from "vitest";
import { REPO_DATA, tempDir } from "../helpers/app.js";
import { startBotRun, WEBHOOK_SECRET } from "../helpers/bot-run.js";
import { FakeDiscord } from "../helpers/discord-fake.js";
import { type Emulator, freePort, startEmulator } from "../helpers/telegram-emulator.js";

const dir = tempDir("brief-secrets-");
afterAll(() => dir.cleanup());

describe("GIVEN a bot run logging at debug", () => {
  it("THEN neither platform token nor the webhook secret appears in any log line", async () => {
    const discord = await FakeDiscord.start();
    const telegramPort = await freePort();
    const telegramToken = "5201:SECRETPART-telegram_Token";
    const run = await startBotRun({
      BRIEF_DB: `${dir.path}/brief.sqlite`,
      BRIEF_DATA: REPO_DATA,
      TELEGRAM_BOT_TOKEN: telegramToken,
      TELEGRAM_API_ROOT: `http://127.0.0.1:${telegramPort}`,
      DISCORD_TOKEN: discord.token,
      DISCORD_APP_ID: discord.appId,
      DISCORD_API_BASE: discord.apiBase,
    });
    let emu: Emulator | undefined;
    try {
      await run.until("two failed connection attempts", async () => run.logs.filter((l) => /could not connect/.test(String(l.msg))).length >= 2);
      emu = await startEmulator({ port: telegramPort });
      await run.until("ready", async () => (await run.get("/readyz")).status === 200);
      expect(await run.telegram("/search huawei", { chatId: 7401, userId: 7401 })).toBe(200);
      await emu.waitForBotMessages(7401, 1);
      const wrong = await fetch(`http://127.0.0.1:${run.webhookPort}/telegram`, {
        method: "POST",
        headers: { "content-type": "application/json", "X-Telegram-Bot-Api-Secret-Token": "not-the-secret" },
        body: "{}",
      });
      expect(wrong.status).toBe(401);
    } finally {
      expect(await run.stop()).toBe(0);
      await emu?.stop();
      await discord.close();
    }
    const log = run.rawLog.join("");
    expect(run.logs.some((l) => l.level === 20)).toBe(true); // debug lines were written
    const leaks = [telegramToken, telegramToken.split(":")[1]!, WEBHOOK_SECRET, discord.token].filter((secret) => log.includes(secret));
    expect(leaks, `secrets found in the log:\n${run.rawLog.filter((l) => leaks.some((s) => l.includes(s))).join("")}`).toEqual([]);
  });
});
