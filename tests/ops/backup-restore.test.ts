/**
 * Backups and restore on real SQLite files: `brief db backup` while another process writes, the running
 * bot's daily backups with their pruning, and the README's "Restore from backup" steps followed as written,
 * with a bot running at first (the restore must refuse then).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { backupDatabase, verifyDatabaseFile } from "../../src/ops/backup.js";
import { openBrief } from "../../src/root.js";
import { recordAudit } from "../../src/store/audit.js";
import { openDb } from "../../src/store/db.js";
import { BOT_LEASE, leaseHolder } from "../../src/store/lease.js";
import { ask, REPO_DATA, tempDir } from "../helpers/app.js";
import { startBotRun } from "../helpers/bot-run.js";
import { parsePrometheus, sampleValue } from "../helpers/prometheus.js";

const REPO = resolve(import.meta.dirname, "../..");
const dirs: ReturnType<typeof tempDir>[] = [];
afterAll(() => {
  for (const d of dirs) d.cleanup();
});
function workDir(): string {
  const d = tempDir("brief-backup-");
  dirs.push(d);
  return d.path;
}

/** `node bin/brief.js …` in `cwd`, as `npx brief …` runs it there; resolves with the exit code and output. */
function brief(cwd: string, args: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [join(REPO, "bin/brief.js"), ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? "", HOME: cwd, BRIEF_DATA: REPO_DATA, LOG_LEVEL: "warn" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (b: Buffer) => (stdout += b.toString()));
  child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
  child.stdin.end(stdin ?? "");
  return new Promise((done) => child.once("exit", (code) => done({ code: code ?? -1, stdout, stderr })));
}

async function until(what: string, probe: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const auditCount = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare("SELECT count(*) AS n FROM audit_log").get() as { n: number }).n;
  } finally {
    db.close();
  }
};

describe("brief db backup", () => {
  it("GIVEN another process writing all along THEN the copy is consistent, verified, and holds a moment of those writes", async () => {
    const cwd = workDir();
    const dbFile = join(cwd, "var/brief.sqlite");
    const db = openDb(dbFile);
    let written = 0;
    let writing = true;
    const writer = (async () => {
      while (writing) {
        recordAudit(db, { actor: "writer", action: "write", outcome: "ok", detail: { n: written } });
        written++;
        await new Promise((r) => setImmediate(r));
      }
    })();
    try {
      await until("some writes", () => written > 50);
      const before = written;
      const r = await brief(cwd, ["db", "backup", "var/backups/during-writes.sqlite"]);
      const after = written;
      writing = false;
      await writer;
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/integrity check ok/);
      const copy = join(cwd, "var/backups/during-writes.sqlite");
      expect(verifyDatabaseFile(copy)).toMatchObject({ ok: true });
      const held = auditCount(copy);
      expect(held).toBeGreaterThanOrEqual(before);
      expect(held).toBeLessThanOrEqual(after);
      // No partial file is left, and an existing backup is never overwritten.
      expect(readdirSync(join(cwd, "var/backups"))).toEqual(["during-writes.sqlite"]);
      const again = await brief(cwd, ["db", "backup", "var/backups/during-writes.sqlite"]);
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/already exists/);
    } finally {
      writing = false;
      await writer;
      db.close();
    }
  });
});

describe("GIVEN BRIEF_BACKUP_DIR with older backups than BRIEF_BACKUP_KEEP allows", () => {
  it("THEN the running bot takes a verified backup at once, keeps the newest N, and the metrics say when", async () => {
    const cwd = workDir();
    const dir = join(cwd, "backups");
    mkdirSync(dir);
    for (const day of ["01", "02", "03"]) writeFileSync(join(dir, `brief-202001${day}T040000Z.sqlite`), "old");
    writeFileSync(join(dir, "notes.txt"), "not a backup: left alone");
    const run = await startBotRun({ BRIEF_DB: join(cwd, "var/brief.sqlite"), BRIEF_DATA: REPO_DATA, BRIEF_BACKUP_DIR: dir, BRIEF_BACKUP_KEEP: "2" });
    try {
      const backups = () => readdirSync(dir).filter((f) => f.startsWith("brief-"));
      await run.until("the daily backup", async () => backups().length === 2 && !backups().includes("brief-20200102T040000Z.sqlite"));
      const taken = backups().sort().at(-1)!;
      expect(backups()).toEqual(["brief-20200103T040000Z.sqlite", taken]);
      expect(readdirSync(dir)).toContain("notes.txt");
      expect(verifyDatabaseFile(join(dir, taken))).toMatchObject({ ok: true });
      const samples = parsePrometheus((await run.get("/metrics")).text);
      expect(sampleValue(samples, "brief_backup_last_success_timestamp_seconds")).toBeGreaterThan(Date.now() / 1000 - 60);
    } finally {
      expect(await run.stop()).toBe(0);
    }
  });
});

describe("the README's restore from backup", () => {
  it("GIVEN a backup and a bot running on a changed database WHEN the steps are followed THEN the backup's state is back and the replaced database kept", async () => {
    const cwd = workDir();
    const dbFile = join(cwd, "var/brief.sqlite");
    // The state worth restoring: one daily subscription, backed up as the running bot would name it.
    const app = await openBrief({ dbPath: dbFile, dataDir: REPO_DATA });
    await ask(app, "/subscribe daily 07:30 Asia/Dushanbe", undefined, { ...consoleOrigin() });
    await backupDatabase(app.db, join(cwd, "var/backups/brief-20260301T040000Z.sqlite"));
    app.close();
    // Then the state changed: that subscription stopped, another made.
    const changed = await openBrief({ dbPath: dbFile, dataDir: REPO_DATA });
    await ask(changed, "/unsubscribe all", undefined, consoleOrigin());
    await ask(changed, "/subscribe weekly mon 18:00 Europe/Moscow", undefined, consoleOrigin());
    changed.close();

    // The bot runs in this process (its lease names this live pid), on the same file the commands find from cwd.
    const startBot = () => startBotRun({ BRIEF_DB: dbFile, BRIEF_DATA: REPO_DATA });
    let bot = await startBot();
    const lease = () => {
      const db = openDb(dbFile);
      try {
        return leaseHolder(db, BOT_LEASE);
      } finally {
        db.close();
      }
    };
    await until("the bot's lease", () => lease() !== undefined);
    // Skipping the stop is refused, naming the bot.
    const early = await brief(cwd, ["db", "restore", "var/backups/brief-20260301T040000Z.sqlite"]);
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(new RegExp(`a bot is running .*pid ${process.pid}`));

    const steps = restoreSteps();
    expect(steps).toHaveLength(5);
    const outputs: string[] = [];
    for (const step of steps) {
      if (/^sudo systemctl stop brief$/.test(step)) {
        await bot.stop();
      } else if (/^sudo systemctl start brief$/.test(step)) {
        bot = await startBot();
        await until("the restarted bot's lease", () => lease() !== undefined);
      } else if (step.startsWith("npx brief ")) {
        const r = await brief(cwd, step.slice("npx brief ".length).split(/\s+/));
        expect(r.code, `${step}\n${r.stderr}`).toBe(0);
        outputs.push(r.stdout);
      } else {
        throw new Error(`a README step this test cannot follow: ${step}`);
      }
    }
    expect(await bot.stop()).toBe(0);

    expect(existsSync(join(cwd, "var/backups/before-restore.sqlite"))).toBe(true);
    expect(outputs[1]).toMatch(/The database it replaced is kept as .*brief\.sqlite\.replaced-\d{8}T\d{6}Z/);
    const replaced = readdirSync(join(cwd, "var")).filter((f) => f.startsWith("brief.sqlite.replaced-"));
    expect(replaced).toHaveLength(1);
    // `brief digest status`: the backup's subscription is back, the later one gone.
    const status = outputs[2]!;
    expect(status).toMatch(/Subscriptions \(1\)/);
    expect(status).toMatch(/07:30/);
    expect(status).not.toMatch(/18:00/);
    // The replaced database still holds the later state.
    const old = new Database(join(cwd, "var", replaced[0]!), { readonly: true });
    expect(old.prepare("SELECT hour FROM subscriptions").all()).toEqual([{ hour: 18 }]);
    old.close();
  }, 120_000); // the README's steps as separate processes, each a cold start of Node and tsx: ~13 s on a quiet machine, 30+ under load
});

function consoleOrigin() {
  return {
    platform: "console" as const,
    channel: "console:local" as const,
    chatKind: "private" as const,
    user: { id: "op", name: "op" },
    isBotAdmin: true,
    isChatAdmin: async () => true,
  };
}

/** The commands of the README's "Restore from backup" section, in order. */
function restoreSteps(): string[] {
  const readme = readFileSync(join(REPO, "README.md"), "utf8");
  const section = /### Restore from backup\n([\s\S]*?)(\n#{2,3} |$)/.exec(readme)?.[1];
  if (!section) throw new Error('README.md has no "### Restore from backup" section');
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error("the restore section has no sh block");
  return block
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
}
