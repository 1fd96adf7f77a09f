/**
 * Benchmark 3: a digest fan-out to N subscriptions through telegram-test-api (in its own process), with
 * Brief's global pace set to `limit` messages/s and the emulator enforcing that same limit (and 1/s per
 * chat) the way Telegram does, with 429s. The real Telegram adapter sends; the real outbox worker paces.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Api } from "grammy";
import { createTelegramAdapter } from "../src/adapters/telegram/index.js";
import { renderMessages } from "../src/adapters/telegram/send.js";
import { silentLogger } from "../src/core/log.js";
import { PagerTokens } from "../src/core/pager.js";
import { DigestWorker } from "../src/digest/deliver.js";
import { nextDueAt, outboxCounts, sweep } from "../src/digest/outbox.js";
import { DEFAULT_STALE_AFTER_MS } from "../src/digest/scheduler.js";
import { addSubscription } from "../src/digest/subscription-table.js";
import { composeDigest } from "../src/present/digest.js";
import { openBrief } from "../src/root.js";
import { startEmulatorProcess } from "./emulator.js";
import { progress, round, sleep } from "./stats.js";

export interface FanoutResult {
  subscriptions: number;
  limitPerSecond: number;
  messagesPerDigest: number;
  /** Messages accepted by the emulator per second, first to last. */
  achievedPerSecond: number;
  rateRatio: number;
  /** The most messages the emulator accepted in any one second. */
  peakPerSecond: number;
  received429: number;
  lost: number;
  duplicated: number;
  seconds: number;
  outbox: Record<string, number>;
  /**
   * Baseline in the same run: a bare grammY loop sending the same digest text to fresh chats, one at a
   * time, through the same emulator (no limit enforced): what one-at-a-time sending can reach here.
   */
  bareSequentialPerSecond: number;
  /** CPU busy share during the fan-out: Brief's process and the emulator's (1 = one core). */
  cpu: { brief: number; emulator: number };
}

const FIRST_CHAT = 500_000_000;

export async function runFanout(dataDir: string, subscriptions = 10_000, limit = 1000, maxInFlight = 4): Promise<FanoutResult> {
  const tmp = mkdtempSync(join(tmpdir(), "brief-bench-fanout-"));
  const emu = await startEmulatorProcess();
  const log = silentLogger();
  const app = await openBrief({ dbPath: join(tmp, "brief.sqlite"), dataDir, log });
  const adapter = createTelegramAdapter({
    config: { token: emu.token, apiRoot: emu.apiRoot, adminIds: [] },
    // The pace under test, as BRIEF_TELEGRAM_RATE sets it for a large deployment.
    pacing: { globalPerSecond: limit, perChatPerSecond: 1, perGroupPerMinute: 20 },
    log,
    commands: app.commands,
    pager: new PagerTokens(),
    pollingThrottleMs: 30,
  });
  try {
    app.adapters.set("telegram", adapter);
    await adapter.start(app.dispatch);
    await emu.limits(limit, 1);

    // Every subscription is due at the same minute: the worst case, one slot for all of them.
    const at = Math.floor(Date.now() / 60_000) * 60_000;
    const d = new Date(at);
    const schedule = { kind: "daily" as const, hour: d.getUTCHours(), minute: d.getUTCMinutes(), tz: "UTC" };
    app.db.transaction(() => {
      for (let i = 0; i < subscriptions; i++) {
        addSubscription(app.db, { channel: `telegram:${FIRST_CHAT + i}`, schedule, createdBy: "bench", createdAt: at - 3_600_000 });
      }
    })();
    const doc = composeDigest(app.knowledge, {}, at).doc;
    // As the adapter sends a digest (its marks plain, its sources linked at its end).
    const parts = renderMessages(doc).length;
    progress(`  ${subscriptions} subscriptions due; each digest is ${parts} message(s); pace ${limit}/s`);

    // The worker a running bot drains with, on the real clock (one worker: a 429's hold carries over).
    const worker = new DigestWorker({
      db: app.db,
      knowledge: app.knowledge,
      compose: (input, now) => composeDigest(app.knowledge, input, now),
      adapters: () => app.adapters,
      log,
      // As a large deployment would set BRIEF_DIGEST_IN_FLIGHT; the default (1) keeps crash repeats to one.
      maxInFlight,
    });
    sweep(app.db, Date.now(), DEFAULT_STALE_AFTER_MS);
    await emu.reset();
    const cpu0 = process.cpuUsage();
    const started = Date.now();
    await worker.drain();
    // Retries (after a 429, say) wait in the outbox: keep draining until nothing is left.
    for (let due = nextDueAt(app.db); due !== undefined && Date.now() - started < 600_000; due = nextDueAt(app.db)) {
      await sleep(Math.max(0, due - Date.now()));
      await worker.drain();
    }
    const seconds = (Date.now() - started) / 1000;
    const cpu = process.cpuUsage(cpu0);

    const stats = await emu.stats();
    const bare = new Api(emu.token, { apiRoot: emu.apiRoot });
    await emu.limits(0, 0);
    const html = renderMessages(doc)[0]!;
    const baseN = Math.min(2000, subscriptions);
    const b0 = performance.now();
    for (let i = 0; i < baseN; i++) await bare.sendMessage(FIRST_CHAT - 1 - i, html, { parse_mode: "HTML", link_preview_options: { is_disabled: true } });
    const bareRate = baseN / ((performance.now() - b0) / 1000);
    const perChat = new Map(stats.perChat);
    let lost = 0;
    let duplicated = 0;
    for (let i = 0; i < subscriptions; i++) {
      const n = perChat.get(String(FIRST_CHAT + i)) ?? 0;
      if (n < parts) lost += parts - n;
      if (n > parts) duplicated += n - parts;
    }
    const achieved = stats.accepted > 1 ? (stats.accepted - 1) / ((stats.lastAt - stats.firstAt) / 1000) : 0;
    return {
      subscriptions,
      limitPerSecond: limit,
      messagesPerDigest: parts,
      achievedPerSecond: round(achieved, 1),
      rateRatio: round(achieved / limit, 3),
      peakPerSecond: stats.maxPerSecond,
      received429: stats.rejectedGlobal + stats.rejectedPerChat,
      lost,
      duplicated,
      seconds: round(seconds, 1),
      outbox: outboxCounts(app.db),
      bareSequentialPerSecond: round(bareRate, 1),
      cpu: { brief: round((cpu.user + cpu.system) / 1000 / 1000 / seconds), emulator: round(stats.cpuMs / 1000 / seconds) },
    };
  } finally {
    await adapter.stop();
    app.close();
    await emu.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const n = Number(process.argv[2] ?? 10_000);
  const result = await runFanout(join(import.meta.dirname, "..", "data"), n, 1000, Number(process.argv[3] ?? 4));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
