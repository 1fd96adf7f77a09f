/**
 * Brief as an operator runs it: `brief start` in process with BRIEF_HTTP_PORT, Telegram in webhook mode
 * against the local emulator, Discord against the local fake. Health, readiness and metrics over real
 * HTTP; a platform unreachable at start; the chat-admin audit trail. No sleeps: every wait polls a condition.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addSubscription } from "../../src/digest/subscription-table.js";
import { openBrief } from "../../src/root.js";
import { listAudit } from "../../src/store/audit.js";
import { openDb } from "../../src/store/db.js";
import { REPO_DATA, tempDir } from "../helpers/app.js";
import { type BotRun, startBotRun } from "../helpers/bot-run.js";
import { FakeDiscord, makeUser, PERMS, snowflake } from "../helpers/discord-fake.js";
import { parsePrometheus, sampleValue } from "../helpers/prometheus.js";
import { runBrief } from "../helpers/telegram-digest.js";
import { type Emulator, freePort, startEmulator } from "../helpers/telegram-emulator.js";

let emu: Emulator;
const dirs: ReturnType<typeof tempDir>[] = [];
const runs: BotRun[] = [];

beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(async () => {
  await Promise.allSettled(runs.map((r) => r.stop()));
  await emu?.stop();
  for (const d of dirs) d.cleanup();
});

function dbPath(): string {
  const d = tempDir("brief-ops-");
  dirs.push(d);
  return `${d.path}/brief.sqlite`;
}

async function metrics(run: BotRun) {
  const res = await run.get("/metrics");
  expect(res.status).toBe(200);
  return parsePrometheus(res.text);
}

describe("GIVEN a running bot with BRIEF_HTTP_PORT", () => {
  let run: BotRun;
  const token = "5001:ops-http-token";
  beforeAll(async () => {
    run = await startBotRun({ BRIEF_DB: dbPath(), BRIEF_DATA: REPO_DATA, TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: emu.apiRoot });
    runs.push(run);
    await run.until("ready", async () => (await run.get("/readyz")).status === 200);
  });

  it("THEN /healthz and /readyz answer 200, readiness naming each check", async () => {
    expect((await run.get("/healthz")).json()).toMatchObject({ status: "alive" });
    const ready = (await run.get("/readyz")).json();
    expect(ready).toMatchObject({
      status: "ready",
      ready: true,
      degraded: false,
      checks: { knowledge: { ok: true }, database: { ok: true, detail: "writable" }, telegram: { ok: true, detail: "connected" } },
    });
    expect((await run.get("/nowhere")).status).toBe(404);
  });

  it("THEN /metrics is Prometheus text, with process metrics, and the command counters and latency move when commands run", async () => {
    const before = await metrics(run);
    expect(sampleValue(before, "brief_process_resident_memory_bytes")).toBeGreaterThan(0);
    expect(sampleValue(before, "brief_knowledge_records", { kind: "article" })).toBe(5);
    expect(sampleValue(before, "brief_knowledge_version")).toBe(1);
    expect(sampleValue(before, "brief_knowledge_degraded")).toBe(0);
    expect(sampleValue(before, "brief_knowledge_load_duration_seconds_count", { outcome: "ok" })).toBe(1);
    expect(sampleValue(before, "brief_platform_connected", { platform: "telegram" })).toBe(1);
    const searches = { command: "search", platform: "telegram", outcome: "ok" };
    expect(sampleValue(before, "brief_commands_total", searches)).toBe(0);

    expect(await run.telegram("/search huawei", { chatId: 7101, userId: 7101 })).toBe(200);
    expect(await run.telegram("/nosuchcommand", { chatId: 7101, userId: 7101 })).toBe(200);
    await emu.waitForBotMessages(7101, 2);

    const after = await metrics(run);
    expect(sampleValue(after, "brief_commands_total", searches)).toBe(1);
    expect(sampleValue(after, "brief_command_duration_seconds_count", { command: "search", platform: "telegram" })).toBe(1);
    expect(sampleValue(after, "brief_command_duration_seconds_bucket", { command: "search", platform: "telegram", le: "+Inf" })).toBe(1);
    // A command that does not exist counts under one label, never under what was typed.
    expect(sampleValue(after, "brief_commands_total", { command: "unknown", platform: "telegram", outcome: "user-error" })).toBe(1);
    expect(after.some((s) => s.labels.command === "nosuchcommand")).toBe(false);
    expect(sampleValue(after, "brief_digest_outbox", { state: "pending" })).toBe(0);
  });

  it("THEN each command's log lines carry one request id, from the update received to the reply", async () => {
    await run.telegram("/who Rahmon", { chatId: 7102, userId: 7102 });
    await emu.waitForBotMessages(7102, 1);
    const received = run.logs.find((l) => l.msg === "telegram: update received" && l.chat === 7102);
    const req = received?.req;
    expect(req).toMatch(/^[0-9a-f]{12}$/);
    const lines = run.logs.filter((l) => l.req === req).map((l) => l.msg);
    expect(lines).toEqual(expect.arrayContaining(["telegram: update received", "command answered", "telegram: replied"]));
  });

  it("THEN subscribe, unsubscribe and a refused subscribe by a non-admin are in the audit log with who, where and outcome", async () => {
    const group = -100710;
    emu.setChatAdmins(group, [7201]);
    await run.telegram("/subscribe daily 09:00 Europe/Moscow", { chatId: group, userId: 7201, type: "group" });
    await run.telegram("/unsubscribe all", { chatId: group, userId: 7202, type: "group" });
    await run.telegram("/unsubscribe all", { chatId: group, userId: 7201, type: "group" });
    await emu.waitForBotMessages(group, 3);

    const db = openDb(run.config.dbPath);
    try {
      const entries = listAudit(db).filter((e) => e.detail.channel === `telegram:${group}`);
      expect(entries.map((e) => [e.action, e.outcome, e.actor])).toEqual([
        ["subscribe", "ok", "telegram:7201 (Ana)"],
        ["unsubscribe", "refused", "telegram:7202 (Ana)"],
        ["unsubscribe", "ok", "telegram:7201 (Ana)"],
      ]);
      expect(entries[0]!.detail).toMatchObject({
        channelName: "Steppe Desk",
        args: "daily 09:00 Europe/Moscow",
        request: expect.stringMatching(/^[0-9a-f]{12}$/),
      });
      expect(entries[1]!.detail.reason).toMatch(/only this chat's admins/);
    } finally {
      db.close();
    }
  });
});

describe("brief digest status", () => {
  it("names each channel where the platform told us its name, and shows the id alone where not", async () => {
    const path = dbPath();
    const app = await openBrief({ dbPath: path, dataDir: REPO_DATA });
    const schedule = { kind: "daily" as const, hour: 8, minute: 0, tz: "UTC" };
    const base = { schedule, createdBy: "test", createdAt: Date.now() };
    addSubscription(app.db, { ...base, channel: "telegram:-100555", channelName: "Steppe Desk" });
    addSubscription(app.db, { ...base, channel: "discord:1180000000000000001", channelName: "#general" });
    addSubscription(app.db, { ...base, channel: "telegram:42" });
    app.close();
    const status = runBrief(["digest", "status"], { BRIEF_DB: path });
    expect(await status.exited).toBe(0);
    expect(status.stdout()).toContain('telegram:-100555 "Steppe Desk"');
    expect(status.stdout()).toContain('discord:1180000000000000001 "#general"');
    expect(status.stdout()).toMatch(/#3 {2}telegram:42 {2}daily/);
  });
});

describe("GIVEN Telegram cannot be reached when the bot starts", () => {
  it("THEN Discord serves meanwhile, /readyz is 503 naming Telegram, and Telegram is retried until it connects", async () => {
    const discord = await FakeDiscord.start();
    const telegramPort = await freePort();
    const token = "5002:ops-late-token";
    const run = await startBotRun({
      BRIEF_DB: dbPath(),
      BRIEF_DATA: REPO_DATA,
      TELEGRAM_BOT_TOKEN: token,
      TELEGRAM_API_ROOT: `http://127.0.0.1:${telegramPort}`,
      DISCORD_TOKEN: discord.token,
      DISCORD_APP_ID: discord.appId,
      DISCORD_API_BASE: discord.apiBase,
    });
    runs.push(run);
    let late: Emulator | undefined;
    try {
      const notReady = await run.until("a second failed attempt", async () => {
        const r = await run.get("/readyz");
        const body = r.json() as { checks: Record<string, { detail: string }> };
        return r.status === 503 && /attempt [2-9]/.test(body.checks.telegram?.detail ?? "") && body.checks.discord?.detail === "connected" && body;
      });
      expect(notReady).toMatchObject({ ready: false, checks: { telegram: { ok: false }, discord: { ok: true, detail: "connected" } } });
      expect(sampleValue(await metrics(run), "brief_platform_connected", { platform: "telegram" })).toBe(0);

      // Discord answers while Telegram is down.
      const who = { user: makeUser(snowflake(), "ana"), permissions: PERMS.member };
      const interaction = discord.slash(who, "search", { words: "huawei" });
      const [answer] = await discord.answered(interaction);
      expect(JSON.stringify(answer)).toMatch(/huawei/i);

      // Telegram comes back where the bot looks for it.
      late = await startEmulator({ port: telegramPort });
      await run.until("ready", async () => (await run.get("/readyz")).status === 200);
      expect(sampleValue(await metrics(run), "brief_platform_connected", { platform: "telegram" })).toBe(1);
      expect(late.calls("setWebhook", token)).toHaveLength(1);
      expect(run.logs.some((l) => l.msg === "telegram: connected after 2 failed attempt(s)" || /connected after \d+ failed/.test(String(l.msg)))).toBe(true);
    } finally {
      expect(await run.stop()).toBe(0);
      await late?.stop();
      await discord.close();
    }
  });
});
