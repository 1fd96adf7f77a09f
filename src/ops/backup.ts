/**
 * Backups of the state database (subscriptions, the digest outbox, the audit log, knowledge versions).
 * SQLite's online backup API copies a consistent snapshot while the bot runs and writes; every copy is
 * checked with PRAGMA integrity_check before it is given its name, so a file under a backup's name is
 * a whole, sound database. The search index file is not copied: it is rebuilt from data/ on start.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import Database from "better-sqlite3";
import type { Db } from "../store/db.js";
import { listMigrations, openDb } from "../store/db.js";
import { BOT_LEASE, leaseHolder } from "../store/lease.js";

/** Tables every Brief state database has; a file without them is not one. */
const REQUIRED_TABLES = ["knowledge_versions", "audit_log", "leases", "subscriptions", "deliveries"];

export type Verdict = { ok: true; schemaVersion: number } | { ok: false; reason: string };

/** Whether `file` is a sound Brief state database this Brief can open. Reads only. */
export function verifyDatabaseFile(file: string): Verdict {
  if (!existsSync(file)) return { ok: false, reason: `${file} does not exist` };
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const check = db.pragma("integrity_check") as { integrity_check: string }[];
    const verdict = check.map((r) => r.integrity_check);
    if (verdict.length !== 1 || verdict[0] !== "ok") return { ok: false, reason: `integrity check failed: ${verdict.slice(0, 3).join("; ")}` };
    const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
    const missing = REQUIRED_TABLES.filter((t) => !tables.has(t));
    if (missing.length > 0) return { ok: false, reason: `not a Brief database (no ${missing.join(", ")} table)` };
    const schemaVersion = db.pragma("user_version", { simple: true }) as number;
    const newest = Math.max(...listMigrations().map((m) => m.version));
    if (schemaVersion > newest) return { ok: false, reason: `made by a newer Brief (schema ${schemaVersion}; this one knows up to ${newest})` };
    return { ok: true, schemaVersion };
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  } finally {
    db?.close();
  }
}

export interface BackupResult {
  file: string;
  bytes: number;
  ms: number;
  schemaVersion: number;
}

/**
 * Copies the open database to `file` (online: the bot may keep writing), verifies the copy, and only then
 * gives it its name. Refuses to overwrite a file. Throws with the reason on failure (nothing left behind).
 */
export async function backupDatabase(db: Db, file: string): Promise<BackupResult> {
  if (existsSync(file)) throw new Error(`${file} already exists; choose another name`);
  mkdirSync(dirname(file), { recursive: true });
  const partial = `${file}.partial-${process.pid}`;
  const started = performance.now();
  try {
    // better-sqlite3 copies a few pages at a time between turns of the event loop; a write meanwhile by
    // another connection makes SQLite restart the copy, so the result is one consistent snapshot.
    await db.backup(partial);
    // A backup is one self-contained file: out of WAL mode, which the copy inherits from the database.
    const copy = new Database(partial);
    try {
      copy.pragma("journal_mode = DELETE");
    } finally {
      copy.close();
    }
    const verdict = verifyDatabaseFile(partial);
    if (!verdict.ok) throw new Error(`the copy failed its check: ${verdict.reason}`);
    renameSync(partial, file);
    return { file, bytes: statSync(file).size, ms: performance.now() - started, schemaVersion: verdict.schemaVersion };
  } finally {
    for (const leftover of [partial, `${partial}-wal`, `${partial}-shm`]) rmSync(leftover, { force: true });
  }
}

export interface RestoreResult {
  /** Where the database that was replaced now is (none when there was none). */
  replacedFile?: string;
  schemaVersion: number;
}

export class RestoreRefused extends Error {}

/**
 * Puts the backup `file` in place of the database at `dbPath`: refuses while a bot holds the database,
 * checks the backup first, keeps the replaced database beside it (`<db>.replaced-<time>`), then opens
 * the restored one so migrations bring an older backup up to date.
 */
export function restoreDatabase(dbPath: string, file: string, now = new Date()): RestoreResult {
  const verdict = verifyDatabaseFile(file);
  if (!verdict.ok) throw new RestoreRefused(`${file} cannot be restored: ${verdict.reason}`);
  let replacedFile: string | undefined;
  if (existsSync(dbPath)) {
    const current = openDb(dbPath);
    try {
      const bot = leaseHolder(current, BOT_LEASE);
      if (bot) throw new RestoreRefused(`a bot is running on ${dbPath} (pid ${bot.pid}, ${bot.holder}); stop it first`);
      // Everything in the write-ahead log into the file, so the file moved aside is the whole database.
      current.pragma("wal_checkpoint(TRUNCATE)");
    } finally {
      current.close();
    }
    replacedFile = `${dbPath}.replaced-${stamp(now)}`;
    renameSync(dbPath, replacedFile);
    for (const suffix of ["-wal", "-shm"]) rmSync(`${dbPath}${suffix}`, { force: true });
  }
  const incoming = `${dbPath}.restoring-${process.pid}`;
  copyFileSync(file, incoming);
  renameSync(incoming, dbPath);
  openDb(dbPath).close();
  return { replacedFile, schemaVersion: verdict.schemaVersion };
}

/** "2026-03-01T04:00:00.000Z" → "20260301T040000Z": sorts by time, and is a safe file name everywhere. */
export function stamp(at: Date): string {
  return at
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

/** Backups taken by the running bot: "brief-<stamp>.sqlite". */
const DAILY = /^brief-(\d{8}T\d{6}Z)\.sqlite$/;

/** The daily backups in `dir`, newest first. */
export function listDailyBackups(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => DAILY.test(f))
    .sort()
    .reverse()
    .map((f) => join(dir, f));
}

/** Deletes all but the newest `keep` daily backups in `dir`; returns what it deleted. Other files are left alone. */
export function pruneDailyBackups(dir: string, keep: number): string[] {
  const old = listDailyBackups(dir).slice(keep);
  for (const f of old) rmSync(f, { force: true });
  return old;
}

/** Whether a day has passed since the newest daily backup in `dir` (or there is none). */
export function dailyBackupDue(dir: string, now: Date): boolean {
  const newest = listDailyBackups(dir)[0];
  if (!newest) return true;
  const m = DAILY.exec(newest.slice(newest.lastIndexOf("/") + 1))!;
  const s = m[1]!;
  const taken = Date.parse(`${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}Z`);
  return now.getTime() - taken >= 24 * 3_600_000;
}
