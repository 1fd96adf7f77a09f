/**
 * Start-up that degrades instead of failing: invalid data with a last good knowledge in the database
 * starts on that knowledge and says so everywhere an operator looks; invalid data with nothing to fall
 * back to refuses, listing the problems, as before.
 */
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.js";
import { silentLogger } from "../../src/core/log.js";
import { DataError, openBrief } from "../../src/root.js";
import { runBot } from "../../src/serve.js";
import { REPO_DATA, tempDir } from "../helpers/app.js";
import { startBotRun } from "../helpers/bot-run.js";
import { FakeDiscord } from "../helpers/discord-fake.js";
import { parsePrometheus, sampleValue } from "../helpers/prometheus.js";
import { type Emulator, startEmulator } from "../helpers/telegram-emulator.js";

const ARTICLE = "articles/re-russia-isis-k-tajikistan.md";
let emu: Emulator;
const dirs: ReturnType<typeof tempDir>[] = [];

function dataCopy(): { dir: string; db: string; file: string } {
  const d = tempDir("brief-degraded-");
  dirs.push(d);
  cpSync(REPO_DATA, `${d.path}/data`, { recursive: true });
  return { dir: `${d.path}/data`, db: `${d.path}/var/brief.sqlite`, file: `${d.path}/data/${ARTICLE}` };
}

/** The typo from the issue: the title line loses its colon. */
function breakTitle(file: string): string {
  const good = readFileSync(file, "utf8");
  writeFileSync(file, good.replace(/^title: /m, "title "));
  return good;
}

beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(async () => {
  await emu?.stop();
  for (const d of dirs) d.cleanup();
});

describe("GIVEN data/ breaks after a good start", () => {
  it("WHEN the bot restarts THEN it serves the last good knowledge, and /readyz, /metrics, /status and the bot admins say so; a fixed /reload ends it", async () => {
    const data = dataCopy();
    (await openBrief({ dbPath: data.db, dataDir: data.dir })).close();
    const good = breakTitle(data.file);

    const admin = 7301;
    const discord = await FakeDiscord.start();
    const run = await startBotRun({
      BRIEF_DB: data.db,
      BRIEF_DATA: data.dir,
      TELEGRAM_BOT_TOKEN: "5101:degraded-token",
      TELEGRAM_API_ROOT: emu.apiRoot,
      TELEGRAM_ADMIN_IDS: String(admin),
      DISCORD_TOKEN: discord.token,
      DISCORD_APP_ID: discord.appId,
      DISCORD_API_BASE: discord.apiBase,
      DISCORD_ADMIN_IDS: "1180000000000000077",
    });
    try {
      await run.until("ready", async () => (await run.get("/readyz")).status === 200);
      const ready = (await run.get("/readyz")).json() as { status: string; degraded: boolean; checks: { knowledge: { detail: string; warning: boolean } } };
      expect(ready.status).toBe("ready, degraded");
      expect(ready.checks.knowledge).toMatchObject({
        warning: true,
        detail: expect.stringMatching(/^degraded: serving the last good knowledge, version 1 .*1 problem/),
      });
      expect(ready.checks.knowledge.detail).toContain(`${ARTICLE}:2:`);

      const samples = parsePrometheus((await run.get("/metrics")).text);
      expect(sampleValue(samples, "brief_knowledge_degraded")).toBe(1);
      expect(sampleValue(samples, "brief_data_problems")).toBe(1);
      expect(sampleValue(samples, "brief_knowledge_load_refusals_total")).toBe(1);
      expect(sampleValue(samples, "brief_knowledge_records", { kind: "article" })).toBe(5);

      // The bot admins were told in a private message, with the problem: on Telegram and on Discord.
      const [notice] = await emu.waitForBotMessages(admin, 1);
      expect(notice!.message.text).toMatch(/last good knowledge/);
      expect(notice!.message.text).toContain(`${ARTICLE}:2`);
      const dm = await run
        .until("the admin's Discord DM", async () => discord.messages.find((m) => m.channelId === discord.dmChannelId), 30_000)
        .catch((err: Error) => {
          throw new Error(`${err.message}; log: ${JSON.stringify(run.logs.filter((l) => /admin|discord/i.test(String(l.msg))))}`);
        });
      expect(JSON.stringify(dm)).toMatch(/last good knowledge/);

      // The old knowledge answers: the broken article is still a source.
      await run.telegram("/source re-russia-isis-k-tajikistan", { chatId: 7302, userId: 7302 });
      const [source] = await emu.waitForBotMessages(7302, 1);
      expect(source!.message.text).toMatch(/Authoritarian Incompetence/);

      await run.telegram("/status", { chatId: admin, userId: admin });
      const [, status] = await emu.waitForBotMessages(admin, 2);
      expect(status!.message.text).toMatch(/Data problems/);

      // Fixed and reloaded: no longer degraded.
      writeFileSync(data.file, good);
      await run.telegram("/reload", { chatId: admin, userId: admin });
      await emu.waitForBotMessages(admin, 3);
      const after = (await run.get("/readyz")).json() as { status: string; degraded: boolean };
      expect(after).toMatchObject({ status: "ready", degraded: false });
      expect(sampleValue(parsePrometheus((await run.get("/metrics")).text), "brief_knowledge_degraded")).toBe(0);
    } finally {
      expect(await run.stop()).toBe(0);
      await discord.close();
    }
  });
});

describe("GIVEN invalid data and a new database", () => {
  it("WHEN the bot starts THEN it refuses, listing the problem with file and line", async () => {
    const data = dataCopy();
    breakTitle(data.file);
    const config = parseConfig({ BRIEF_DB: data.db, BRIEF_DATA: data.dir });
    const started = runBot({ config, log: silentLogger(), stdin: new PassThrough() as never, stdout: new PassThrough() as never });
    const err = await started.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect((err as DataError).problems).toEqual([expect.objectContaining({ file: expect.stringContaining(ARTICLE), line: 2 })]);
  });
});
