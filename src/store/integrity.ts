/**
 * SQLite's own consistency checks, for the state database and the index files alike. quick_check reads
 * every page but skips the index-to-table cross-checks: O(N), fast enough for every start. integrity_check
 * does those too, for `brief db check`.
 */
import type Database from "better-sqlite3";
import { storageFault } from "../core/faults.js";

/** The connection type, named here rather than imported from db.ts, which imports this file. */
type Db = Database.Database;

/** The problems SQLite finds, at most `max`; an empty list means the file is sound. */
export function checkPages(db: Db, how: "quick_check" | "integrity_check", max = 10, schema = "main"): string[] {
  let rows: Record<string, string>[];
  try {
    rows = db.pragma(`${schema}.${how}(${max})`) as Record<string, string>[];
  } catch (err) {
    // Damage to the schema itself stops the check before it can list anything: that is the finding.
    if (storageFault(err)?.kind === "damaged" || storageFault(err)?.kind === "not-a-database") return [(err as Error).message];
    throw err;
  }
  const found = rows.map((r) => String(Object.values(r)[0]));
  return found.length === 1 && found[0] === "ok" ? [] : found;
}
