/**
 * Digests on Telegram survive a crash: `brief digest run` (a real process, the real grammY adapter) fans a
 * slot out to 500 private chats on telegram-test-api; it is killed with SIGKILL part-way, then run again.
 * Every chat gets its digest, and at most one is repeated (the message in flight when the process died:
 * Telegram has no idempotency key). The lease the dead process left is free because its pid is gone.
 * No sleeps: every step waits for a condition with a deadline.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { outboxCounts } from "../../src/digest/outbox.js";
import { addSubscription } from "../../src/digest/subscription-table.js";
import { openBrief } from "../../src/root.js";
import { openDb } from "../../src/store/db.js";
import { type BriefRun, DATA, runBrief } from "../helpers/telegram-digest.js";
import { type Emulator, startEmulator } from "../helpers/telegram-emulator.js";
import { telegramHtmlToText } from "../helpers/telegram-html.js";

const SUBSCRIBERS = 500;
const KILL_AFTER = 150;
const FIRST_CHAT = 710_000;
/** The instant of the run; every subscription has a daily slot at 08:00 UTC, just before it. */
const T = "2026-03-30T08:00:30.000Z";

let emu: Emulator;
let tmp: string;
let dbPath: string;
const runs: BriefRun[] = [];

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "brief-tg-crash-"));
  dbPath = join(tmp, "brief.sqlite");
  // The emulator forgets messages after 60 s by default; this test must see all of them.
  emu = await startEmulator({ storeTimeoutSeconds: 600 });
  const app = await openBrief({ dbPath, dataDir: DATA });
  try {
    const createdAt = Date.parse(T) - 3_600_000; // subscribed before the slot: 08:00 on the 30th is the first one due
    for (let i = 0; i < SUBSCRIBERS; i++) {
      addSubscription(app.db, {
        channel: `telegram:${FIRST_CHAT + i}`,
        channelName: `reader ${i}`,
        schedule: { kind: "daily", hour: 8, minute: 0, tz: "UTC" },
        topic: "surveillance", // a short digest: one message each
        createdBy: "test",
        createdAt,
      });
    }
  } finally {
    app.close();
  }
});

afterAll(async () => {
  for (const r of runs) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill("SIGKILL");
  await Promise.allSettled(runs.map((r) => r.exited));
  await emu?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function digestRun(): BriefRun {
  const run = runBrief(["digest", "run", "--now", T], {
    BRIEF_DB: dbPath,
    BRIEF_DATA: DATA,
    TELEGRAM_BOT_TOKEN: emu.token,
    TELEGRAM_API_ROOT: emu.apiRoot,
    // Fast enough for a test, slow enough that the kill lands mid-fan-out.
    BRIEF_TELEGRAM_RATE: "200",
    BRIEF_TELEGRAM_CHAT_RATE: "1",
    BRIEF_TELEGRAM_GROUP_RATE: "20",
  });
  runs.push(run);
  return run;
}

it("GIVEN a fan-out to 500 chats killed with SIGKILL part-way WHEN it runs again THEN every chat has its digest and at most one repeats", async () => {
  const started = Date.now();
  const first = digestRun();
  await emu.waitFor(`${KILL_AFTER} digests before the kill`, () => emu.botMessages().length >= KILL_AFTER || first.child.exitCode !== null, 40_000);
  expect(first.child.exitCode, `the first run ended before it could be killed: ${first.stderr()}`).toBeNull();
  first.child.kill("SIGKILL");
  expect(await first.exited).toBe("SIGKILL");
  const beforeRestart = emu.botMessages().length;
  expect(beforeRestart).toBeLessThan(SUBSCRIBERS);

  const second = digestRun();
  const code = await second.exited;
  expect(code, second.stderr()).toBe(0);
  expect(second.stdout()).toMatch(/queued 0, skipped 0; sent \d+, retried 0, failed 0/);
  const elapsed = Date.now() - started;

  // Every chat received its digest…
  const perChat = new Map<number, string[]>();
  for (const m of emu.botMessages()) {
    const chat = Number(m.message.chat_id);
    perChat.set(chat, [...(perChat.get(chat) ?? []), m.message.text]);
  }
  const missing = Array.from({ length: SUBSCRIBERS }, (_, i) => FIRST_CHAT + i).filter((c) => !perChat.has(c));
  expect(missing).toEqual([]);
  expect(perChat.size).toBe(SUBSCRIBERS);
  // …as one whole message (this digest fits one), the same text everywhere…
  const texts = new Set([...perChat.values()].flat());
  expect(texts.size).toBe(1);
  expect(telegramHtmlToText([...texts][0]!)).toMatch(/^Digest — Surveillance/);
  // …and nothing repeats except, at most, the one in flight at the kill.
  const repeats = [...perChat.values()].reduce((n, msgs) => n + msgs.length - 1, 0);
  expect(repeats).toBeLessThanOrEqual(1);

  const db = openDb(dbPath);
  try {
    expect(outboxCounts(db)).toMatchObject({ sent: SUBSCRIBERS, pending: 0, sending: 0, failed: 0 });
  } finally {
    db.close();
  }
  console.info(`crash test: ${beforeRestart} digests delivered before the kill, ${repeats} repeated, ${SUBSCRIBERS} chats served, ${elapsed} ms in all`);
}, 60_000);
