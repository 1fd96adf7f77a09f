/**
 * Opens the one SQLite file Brief keeps its state in, with the pragmas a long-running bot wants,
 * and applies the numbered migrations it has not seen yet (tracked by PRAGMA user_version).
 */

import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { checkPages } from "./integrity.js";
import { explainOpenFault } from "./open-fault.js";
import { type Migration, refuseDriftedSchema, refuseNewerSchema } from "./schema-guard.js";

export type { Migration };

export type Db = Database.Database;

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), "migrations");

/** How long a write waits for another connection's lock before SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5000;

/**
 * Opens, checks and migrates the state database. Every failure comes out as a StoreFault that names the
 * file and the cause in words (open-fault.ts); a database from a newer Brief, with damaged pages or with
 * columns missing is refused before anything is written to it (schema-guard.ts).
 */
export function openDb(path: string): Db {
  let db: Db | undefined;
  try {
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
    const migrations = listMigrations();
    // Read before the pragmas below, which write to the file.
    refuseNewerSchema(db, migrations);
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma("foreign_keys = ON");
    const damage = checkPages(db, "quick_check", 3);
    if (damage.length > 0) throw Object.assign(new Error(`quick_check: ${damage.join("; ")}`), { code: "SQLITE_CORRUPT" });
    migrate(db, migrations);
    refuseDriftedSchema(db, migrations);
    return db;
  } catch (err) {
    db?.close();
    throw explainOpenFault(path, err);
  }
}

/** Migrations are "NNN-name.sql", append-only; each runs in its own transaction with its version bump. */
export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3}-[\w-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 3)), name: f, sql: readFileSync(join(dir, f), "utf8") }));
}

export function migrate(db: Db, migrations = listMigrations()): number {
  const current = db.pragma("user_version", { simple: true }) as number;
  let applied = 0;
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
    applied++;
  }
  return applied;
}
