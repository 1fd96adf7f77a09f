/**
 * Which files of data/ an index file was built from: path, size, modification time and a hash of the
 * content, kept in the index file itself. A restart whose data/ still holds exactly those files (same sizes
 * and times, or, where a time moved, the same content) reuses the index and what it holds instead of reading
 * and validating every file again: at 20,000 articles that took as long as a first start, and as much memory.
 */
import { createHash } from "node:crypto";
import { statSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { dataRoot, listArticleFiles, MAX_CURATED_FILE_BYTES, readDataFile } from "./safe-read.js";

export interface DataFile {
  /** Relative to data/, with "/" between folders. */
  path: string;
  size: number;
  mtimeMs: number;
  /** sha256 of the content, 16 hex digits. */
  hash: string;
}

export const DATA_FILES_SCHEMA = `
  CREATE TABLE IF NOT EXISTS data_files (path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ms REAL NOT NULL, hash TEXT NOT NULL) WITHOUT ROWID;
`;

export const contentHash = (s: string | Buffer) => createHash("sha256").update(s).digest("hex").slice(0, 16);

/**
 * A file as the loader read it (safe-read.ts): its size and time were stated before it was read, so a change
 * made meanwhile shows as a newer time next start.
 */
export function dataFileOf(path: string, read: { text: string; size: number; mtimeMs: number }): DataFile {
  return { path, size: read.size, mtimeMs: read.mtimeMs, hash: contentHash(read.text) };
}

/** The files the loader reads (see loader.ts), as paths relative to data/, listed the way it lists them. */
function dataFilePaths(dataDir: string, root: string, curated: readonly string[]): string[] {
  const listed = listArticleFiles(join(dataDir, "articles"), root);
  const md = listed.ok ? listed.names.map((f) => `articles/${f}`) : [];
  const present = curated.filter((f) => {
    try {
      statSync(join(dataDir, f));
      return true;
    } catch {
      return false;
    }
  });
  return [...md, ...present].sort();
}

export function writeDataFiles(db: Database.Database, files: readonly DataFile[]): void {
  db.exec("DELETE FROM data_files");
  const insert = db.prepare("INSERT INTO data_files (path, size, mtime_ms, hash) VALUES (?, ?, ?, ?)");
  for (const f of files) insert.run(f.path, f.size, f.mtimeMs, f.hash);
}

/**
 * Whether data/ holds exactly the files an index file lists. A file whose time moved but whose content did
 * not (a checkout, a touch) still counts as unchanged; `refreshed` then lists it with its new time, for the
 * caller to record so the next start need not read it again.
 */
export function unchangedData(indexPath: string, dataDir: string, curated: readonly string[]): { unchanged: boolean; refreshed: DataFile[] } {
  const no = { unchanged: false, refreshed: [] };
  let listed: Map<string, DataFile>;
  try {
    const db = new Database(indexPath, { readonly: true, fileMustExist: true });
    try {
      const rows = db.prepare("SELECT path, size, mtime_ms AS mtimeMs, hash FROM data_files").all() as DataFile[];
      listed = new Map(rows.map((r) => [r.path, r]));
    } finally {
      db.close();
    }
  } catch {
    return no;
  }
  if (listed.size === 0) return no;
  const root = dataRoot(dataDir);
  if (!root) return no;
  const paths = dataFilePaths(dataDir, root, curated);
  if (paths.length !== listed.size) return no;
  const refreshed: DataFile[] = [];
  for (const path of paths) {
    const was = listed.get(path);
    if (!was) return no;
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(join(dataDir, path));
    } catch {
      return no;
    }
    if (st.size !== was.size) return no;
    if (st.mtimeMs === was.mtimeMs) continue;
    // Read as the loader reads (links only within data/, capped); a file it could not read is not unchanged.
    const read = readDataFile(join(dataDir, path), root, MAX_CURATED_FILE_BYTES);
    if (!read.ok) return no;
    const now = dataFileOf(path, read);
    if (now.hash !== was.hash) return no;
    refreshed.push(now);
  }
  return { unchanged: true, refreshed };
}

/**
 * Records in an existing index file the files its catalogue was read from (all of them, or only those whose
 * times moved), so the next start recognises them. A file that cannot be written to is left as it is: the
 * next start then reads data/ again, as before.
 */
export function recordDataFiles(indexPath: string, files: readonly DataFile[], all = true): void {
  try {
    const db = new Database(indexPath, { fileMustExist: true });
    try {
      db.exec(DATA_FILES_SCHEMA);
      if (all) writeDataFiles(db, files);
      else
        for (const f of files)
          db.prepare("INSERT OR REPLACE INTO data_files (path, size, mtime_ms, hash) VALUES (?, ?, ?, ?)").run(f.path, f.size, f.mtimeMs, f.hash);
    } finally {
      db.close();
    }
  } catch {
    // Read-only or busy: nothing is lost but the shortcut.
  }
}
