/**
 * Digests on Telegram, end to end: the real Brief core (openBrief over the repo's data/, a SQLite file in
 * a temp dir), the real grammY adapter attached the way main.ts attaches it, and telegram-test-api.
 * Also: subscriptions due "now", the outbox rows of a subscription, and running `node bin/brief.js`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type Logger, pino } from "pino";
import { createTelegramAdapter, type TelegramAdapter } from "../../src/adapters/telegram/index.js";
import type { ChannelRef } from "../../src/core/origin.js";
import { PagerTokens } from "../../src/core/pager.js";
import type { Schedule, Subscription } from "../../src/core/subscriptions.js";
import { DigestScheduler } from "../../src/digest/scheduler.js";
import { addSubscription } from "../../src/digest/subscription-table.js";
import { type BriefApp, openBrief } from "../../src/root.js";
import type { Db } from "../../src/store/db.js";
import { digestParts } from "./app.js";
import { type Emulator, type EmulatorOptions, startEmulator } from "./telegram-emulator.js";

export const REPO = resolve(import.meta.dirname, "../..");
export const DATA = join(REPO, "data");

/** A logger that keeps its lines, so tests can assert what was reported. */
export function memoryLogger(): { log: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const log = pino({ level: "debug" }, { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) });
  return { log, lines };
}

export interface DigestBot {
  emu: Emulator;
  app: BriefApp;
  adapter: TelegramAdapter;
  /** In-process scheduler over the app's adapters (not started: tests call runOnce/drain). */
  scheduler: DigestScheduler;
  dbPath: string;
  logs: Record<string, unknown>[];
  close(): Promise<void>;
}

/** Starts the emulator, the core and the polling adapter, wired like src/main.ts (adapters map, onChannelGone). */
export async function startDigestBot(options: EmulatorOptions = {}): Promise<DigestBot> {
  const tmp = mkdtempSync(join(tmpdir(), "brief-tg-digest-"));
  const dbPath = join(tmp, "brief.sqlite");
  const emu = await startEmulator(options);
  const { log, lines } = memoryLogger();
  const app = await openBrief({ dbPath, dataDir: DATA, log });
  const adapter = createTelegramAdapter({
    config: { token: emu.token, apiRoot: emu.apiRoot, adminIds: [] },
    log,
    commands: app.commands,
    pager: new PagerTokens(),
    rateLimit: { capacity: 100, refillPerSecond: 100 },
    pollingThrottleMs: 30,
  });
  // As main.ts's attach(): digests reach the adapter, and the adapter reports chats that are gone.
  app.adapters.set("telegram", adapter);
  adapter.onChannelGone = (event) => app.digests.channelGone(event);
  await adapter.start(app.dispatch);
  const scheduler = new DigestScheduler({
    ...digestParts(app),
    adapters: () => app.adapters,
    log,
  });
  return {
    emu,
    app,
    adapter,
    scheduler,
    dbPath,
    logs: lines,
    async close() {
      await scheduler.stop();
      await adapter.stop();
      await emu.stop();
      app.close();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** A daily schedule whose newest slot is the UTC minute of `at` (so a sweep at `at` finds it due). */
export function scheduleDueAt(at: number): Schedule {
  const d = new Date(at);
  return { kind: "daily", hour: d.getUTCHours(), minute: d.getUTCMinutes(), tz: "UTC" };
}

/** A subscription created an hour before its slot at `at`'s minute: the next sweep at or after `at` queues it. */
export function subscribeDue(db: Db, channel: ChannelRef, at = Date.now(), topic?: string): Subscription {
  const schedule = scheduleDueAt(at);
  const slot = Math.floor(at / 60_000) * 60_000;
  return addSubscription(db, { channel, schedule, topic, createdBy: "test", createdAt: slot - 3_600_000, channelName: channel });
}

export interface DeliveryRow {
  id: number;
  state: string;
  attempts: number;
  parts_sent: number;
  detail: string | null;
  message_ids: string | null;
}

export function deliveriesOf(db: Db, subscriptionId: number): DeliveryRow[] {
  return db
    .prepare("SELECT id, state, attempts, parts_sent, detail, message_ids FROM deliveries WHERE subscription_id = ? ORDER BY id")
    .all(subscriptionId) as DeliveryRow[];
}

export interface BriefRun {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the exit code (or the signal's name) once the process has exited. */
  exited: Promise<number | string>;
}

/** Spawns `node bin/brief.js <args>` in the repo with exactly these extra variables (plus PATH/HOME). */
export function runBrief(args: string[], env: Record<string, string>): BriefRun {
  const child = spawn(process.execPath, [join(REPO, "bin/brief.js"), ...args], {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? tmpdir(), LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout!.on("data", (b: Buffer) => (out += b.toString()));
  child.stderr!.on("data", (b: Buffer) => (err += b.toString()));
  const exited = new Promise<number | string>((resolveExit) => child.once("exit", (code, signal) => resolveExit(code ?? signal ?? -1)));
  return { child, stdout: () => out, stderr: () => err, exited };
}
