/**
 * Storage faults in words: what SQLite or the file system said, as a person can act on it. Pure: it reads
 * only the error's `code` (better-sqlite3 puts SQLite's extended code there, Node its errno name), so core
 * needs no database library to tell "the disk is full" from a bug.
 */

export type FaultKind = "disk-full" | "read-only" | "permission" | "not-a-database" | "damaged" | "io" | "locked" | "cannot-open";

export interface Fault {
  kind: FaultKind;
  /** A short phrase: "the disk is full". */
  words: string;
  /** The code as reported, for the log. */
  code: string;
}

const WORDS: Record<FaultKind, string> = {
  "disk-full": "the disk is full",
  "read-only": "the file or its folder is read-only",
  permission: "permission denied",
  "not-a-database": "the file is not an SQLite database",
  damaged: "the database file is damaged",
  io: "a disk input/output error",
  locked: "another process holds the database locked",
  "cannot-open": "the file cannot be opened",
};

function kindOf(code: string): FaultKind | undefined {
  if (code === "SQLITE_FULL" || code === "ENOSPC" || code === "EDQUOT" || code === "SQLITE_IOERR_WRITE_FULL") return "disk-full";
  if (code.startsWith("SQLITE_READONLY") || code === "EROFS") return "read-only";
  if (code === "EACCES" || code === "EPERM" || code === "SQLITE_PERM" || code === "SQLITE_AUTH") return "permission";
  if (code === "SQLITE_NOTADB") return "not-a-database";
  if (code.startsWith("SQLITE_CORRUPT")) return "damaged";
  if (code.startsWith("SQLITE_IOERR") || code === "EIO") return "io";
  if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) return "locked";
  if (code.startsWith("SQLITE_CANTOPEN")) return "cannot-open";
  return undefined;
}

/** The storage fault behind `err` (or its cause), or undefined when it is something else (a bug, bad input). */
export function storageFault(err: unknown): Fault | undefined {
  for (let e = err, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code !== "string") continue;
    const kind = kindOf(code);
    if (kind) return { kind, words: WORDS[kind], code };
  }
  return undefined;
}
