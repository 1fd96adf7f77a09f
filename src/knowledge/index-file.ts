/**
 * Where the index files live and how the state database reaches them. Each connection ATTACHes the
 * current index under the name "knowledge"; the knowledge tables exist only there, so queries name them
 * unqualified and SQLite finds them. Swapping indexes is a DETACH and an ATTACH: a moment, not a rebuild.
 */
import { readdirSync, statSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import type { Db } from "../store/db.js";
import { isAlive } from "../store/lease.js";

const SCHEMA = "knowledge";

/** "var/brief.sqlite" keeps its index for hash H in "var/brief.knowledge-H.sqlite". */
export function indexFilePath(db: Db, hash: string): string {
  return `${indexFileStem(db)}.knowledge-${hash}.sqlite`;
}

function indexFileStem(db: Db): string {
  // An in-memory state database (never used by the bot itself) still needs a real file for its index.
  return db.name && db.name !== ":memory:" ? db.name.replace(/\.sqlite$/, "") : join(tmpdir(), `brief-memory-${process.pid}`);
}

export function attachedIndexFile(db: Db): string | undefined {
  const rows = db.pragma("database_list") as { name: string; file: string }[];
  return rows.find((r) => r.name === SCHEMA)?.file || undefined;
}

/** Makes `path` the index this connection reads. Not inside a transaction. */
export function attachIndex(db: Db, path: string): void {
  if (attachedIndexFile(db) !== undefined) db.exec(`DETACH DATABASE ${SCHEMA}`);
  db.prepare(`ATTACH DATABASE ? AS ${SCHEMA}`).run(path);
}

/**
 * A file being built by a live process has been written to within this long. (A build writes as it goes;
 * past this, a pid that looks alive is another process that reused a dead builder's pid.)
 */
export const ORPHAN_AFTER_MS = 60 * 60_000;

/**
 * Deletes the index files of this database other than `keep`, with their -journal, -wal and -shm companions,
 * and files left half-built by a process that has since died. (A process that still reads a deleted file
 * keeps reading it until it closes it.)
 */
export async function removeOtherIndexFiles(db: Db, keep: string, now = Date.now()): Promise<string[]> {
  const stem = basename(indexFileStem(db));
  const dir = dirname(indexFileStem(db));
  const kept = basename(keep);
  const removed: string[] = [];
  for (const name of readdirSync(dir)) {
    if (!name.startsWith(`${stem}.knowledge-`)) continue;
    const m = /^(.*?\.sqlite)(-journal|-wal|-shm)?$/.exec(name);
    if (!m || m[1] === kept) continue;
    const path = join(dir, name);
    const builder = /\.building-(\d+)\.sqlite$/.exec(m[1]!);
    if (builder && isAlive(Number(builder[1])) && !stale(path, now)) continue;
    // Deleting a file of a few hundred megabytes takes a while: not on the event loop.
    await rm(path, { force: true });
    removed.push(path);
  }
  return removed;
}

function stale(path: string, now: number): boolean {
  try {
    return now - statSync(path).mtimeMs > ORPHAN_AFTER_MS;
  } catch {
    return true;
  }
}
