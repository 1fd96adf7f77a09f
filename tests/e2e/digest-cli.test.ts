/** The operator CLI for digests, as a separate process on a shared SQLite file. */
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCHEDULER_LEASE_TTL_MS, schedulerLease } from "../../src/digest/scheduler.js";
import { addSubscription } from "../../src/digest/subscription-table.js";
import { openBrief } from "../../src/root.js";
import { acquireLease, leaseHolderName, releaseLease } from "../../src/store/lease.js";
import { consoleOnlyEnv, REPO_DATA, tempDir } from "../helpers/app.js";

const ROOT = resolve(import.meta.dirname, "../..");
const brief = (args: string[], env: NodeJS.ProcessEnv) =>
  spawnSync(process.execPath, [join(ROOT, "bin", "brief.js"), ...args], {
    cwd: ROOT,
    env: consoleOnlyEnv(env),
    encoding: "utf8",
  });

describe("brief digest status and run", () => {
  let dir: ReturnType<typeof tempDir>;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    dir = tempDir("brief-digest-cli-");
    env = { BRIEF_DB: join(dir.path, "brief.sqlite"), BRIEF_DATA: REPO_DATA };
    const app = await openBrief({ dbPath: env.BRIEF_DB!, dataDir: REPO_DATA });
    addSubscription(app.db, {
      channel: "console:local",
      schedule: { kind: "daily", hour: 8, minute: 0, tz: "Asia/Dushanbe" },
      topic: "isis-k",
      createdBy: "test",
      createdAt: Date.parse("2026-03-01T00:00:00Z"),
      version: app.services.knowledge.current.version.id,
    });
    app.close();
  });
  afterAll(() => dir.cleanup());

  it("shows subscriptions with their next slot and the outbox by state", () => {
    const r = brief(["digest", "status"], env);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/#1 {2}console:local {2}daily at 08:00 [A-Z][\w ]+ \(Asia\/Dushanbe, GMT\+5\) {2}topic "isis-k" {2}next /);
    expect(r.stdout).toContain("Outbox: pending 0, sending 0, sent 0, failed 0, skipped 0");
  });

  it("refuses to run while a live process holds the scheduler lease", async () => {
    const { default: Database } = await import("better-sqlite3");
    const db = new Database(env.BRIEF_DB!);
    const holder = leaseHolderName("test");
    expect(acquireLease(db, schedulerLease("console"), holder, SCHEDULER_LEASE_TTL_MS)).toBe(true);
    try {
      const r = brief(["digest", "run", "--now", "2026-03-02T03:00:30Z"], env);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/Refusing: a live process \(pid \d+\) holds the digest scheduler lease/);
    } finally {
      releaseLease(db, schedulerLease("console"), holder);
      db.close();
    }
  });

  it("runs one sweep as if at the given time and delivers through the console", () => {
    const r = brief(["digest", "run", "--now", "2026-03-02T03:00:30Z"], env);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("DIGEST — ISIS-K AND THE ISLAMIC STATE — 2026-03-02");
    expect(r.stdout).toContain("queued 1, skipped 0; sent 1, retried 0, failed 0");
    const again = brief(["digest", "run", "--now", "2026-03-02T03:05:00Z"], env);
    expect(again.stdout).toContain("queued 0, skipped 0; sent 0");
  });

  it("rejects a missing or malformed --now", () => {
    expect(brief(["digest", "run"], env).status).toBe(2);
    expect(brief(["digest", "run", "--now", "yesterday"], env).stderr).toContain("--now <ISO time>");
  });
});
