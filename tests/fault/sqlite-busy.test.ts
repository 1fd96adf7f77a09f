/**
 * Another connection holds SQLite's write lock (BEGIN IMMEDIATE plus a write, in a worker thread) for
 * 2 s. Commands that only read are answered meanwhile (WAL: readers never wait for the writer); writes —
 * /subscribe, a reload — wait for the lock (the busy timeout is 5 s, src/store/db.ts) and succeed once it
 * is released. Real time is used only for the lock hold; the assertions are about outcomes and order.
 */
import { appendFileSync, cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listSubscriptions } from "../../src/digest/subscription-table.js";
import { type BriefApp, openBrief } from "../../src/root.js";
import { BUSY_TIMEOUT_MS } from "../../src/store/db.js";
import { ask, privateOrigin, REPO_DATA } from "../helpers/app.js";

const HOLD_MS = 2_000;

/**
 * A second connection in a worker thread: takes the write lock, writes, holds it HOLD_MS, commits.
 * `state` is shared memory (0 idle, 1 locked, 2 released), readable while this thread is blocked in a
 * busy wait — a message could not be handled until the wait is over.
 */
function holdWriteLock(dbPath: string, state: Int32Array): Promise<void> {
  const worker = new Worker(
    `const { workerData } = require("node:worker_threads");
     const Database = require("better-sqlite3");
     const db = new Database(workerData.dbPath);
     const state = new Int32Array(workerData.buffer);
     db.exec("BEGIN IMMEDIATE");
     db.prepare("INSERT INTO audit_log (at, actor, action, outcome) VALUES (?, 'lock holder', 'hold', 'ok')").run(new Date().toISOString());
     Atomics.store(state, 0, 1);
     Atomics.notify(state, 0);
     setTimeout(() => {
       db.exec("COMMIT");
       db.close();
       Atomics.store(state, 0, 2);
     }, workerData.holdMs);`,
    { eval: true, workerData: { dbPath, buffer: state.buffer, holdMs: HOLD_MS } },
  );
  return new Promise((resolve, reject) => {
    worker.once("error", reject);
    worker.once("exit", () => resolve());
  });
}

/** Starts the lock holder and waits (without blocking the event loop for long) until it holds the lock. */
async function lockHeld(dbPath: string): Promise<{ state: Int32Array; done: Promise<void> }> {
  const state = new Int32Array(new SharedArrayBuffer(4));
  const done = holdWriteLock(dbPath, state);
  while (Atomics.load(state, 0) === 0) await new Promise((r) => setTimeout(r, 5));
  return { state, done };
}

let app: BriefApp;
let dir: string;
let dbPath: string;
let dataDir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "brief-fault-busy-"));
  dbPath = join(dir, "brief.sqlite");
  dataDir = join(dir, "data");
  cpSync(REPO_DATA, dataDir, { recursive: true });
  app = await openBrief({ dbPath, dataDir });
});

afterAll(() => {
  app?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe(`another connection holds the write lock for ${HOLD_MS} ms (busy timeout ${BUSY_TIMEOUT_MS} ms)`, () => {
  it("GIVEN the lock held THEN reading commands are answered before it is released, and /subscribe succeeds after", async () => {
    const { state, done } = await lockHeld(dbPath);
    const readsWhileLocked: boolean[] = [];
    for (const line of ["/search huawei cameras", "/who Rahmon", "/ask who leads ISIS-K?", "/timeline 2024", "/brief", "/sources"]) {
      const { doc } = await ask(app, line);
      expect(doc.tone, line).not.toBe("error");
      readsWhileLocked.push(Atomics.load(state, 0) === 1);
    }
    expect(readsWhileLocked.every(Boolean), "a read waited for the writer").toBe(true);

    // The write waits for the lock; it cannot have succeeded before the holder committed.
    const origin = privateOrigin({ platform: "telegram", channel: "telegram:4242", user: { id: "4242", name: "busy" } });
    const { doc, text } = await ask(app, "/subscribe daily 08:00 UTC", undefined, origin);
    expect(doc.tone, text).not.toBe("error");
    expect(doc.title).toBe("Subscribed");
    expect(Atomics.load(state, 0)).toBe(2);
    expect(listSubscriptions(app.db, "telegram:4242")).toHaveLength(1);
    await done;
    // The holder's own write went in too: nothing was lost on either side.
    expect(app.db.prepare("SELECT count(*) AS n FROM audit_log WHERE actor = 'lock holder'").get()).toEqual({ n: 1 });
  }, 20_000);

  it("GIVEN the lock held WHEN data changed and a reload runs THEN the reload waits and then swaps the new data in", async () => {
    appendFileSync(
      join(dataDir, "articles", "busy-test-article.md"),
      "---\ntitle: An article added while the database was busy\npublished: 2024-05\n---\nThe zyxwvut lockstep article exists only in this test.\n",
    );
    const before = app.services.knowledge.current.version.id;
    const { state, done } = await lockHeld(dbPath);
    const during = await ask(app, "/search huawei cameras");
    expect(during.doc.tone).not.toBe("error");
    expect(Atomics.load(state, 0)).toBe(1);

    const outcome = await app.admin.reload("busy test");
    expect(outcome.ok, JSON.stringify(!outcome.ok && outcome.problems)).toBe(true);
    expect(Atomics.load(state, 0)).toBe(2);
    expect(app.services.knowledge.current.version.id).toBeGreaterThan(before);
    const found = await ask(app, "/search zyxwvut lockstep");
    expect(found.text).toMatch(/An article added while the database was busy/);
    await done;
  }, 20_000);
});
