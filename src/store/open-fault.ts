/**
 * Why the state database could not be opened, in one sentence naming the file and the cause: a read-only
 * folder, a full disk, a file that is not a database or is damaged, a schema from elsewhere. The entry
 * points add the variable's name (BRIEF_DB) and print it on one line instead of a stack trace.
 */
import { accessSync, constants, existsSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { type Fault, storageFault } from "../core/faults.js";
import { SchemaError } from "./schema-guard.js";

export class StoreFault extends Error {
  constructor(
    /** The database file (BRIEF_DB). */
    readonly path: string,
    message: string,
    readonly fault?: Fault,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "StoreFault";
  }
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** What to do about each kind of fault. */
const ADVICE: Record<string, string> = {
  "disk-full": "free some space, then start again",
  "read-only": "make it writable for the user Brief runs as, or point BRIEF_DB at a writable place",
  permission: "make it readable and writable for the user Brief runs as, or point BRIEF_DB elsewhere",
  "not-a-database": "is BRIEF_DB pointing at the right file? If it is, move it aside and restore a backup",
  damaged: "run `brief db check`, then restore a backup (or move the file aside to start afresh)",
  io: "check the disk (dmesg, SMART), then `brief db check`",
  locked: "another process keeps it locked; stop it or wait",
};

/**
 * Turns a failure while opening `path` into a StoreFault that says what is wrong, looking at the folder
 * itself where SQLite only says "unable to open database file".
 */
export function explainOpenFault(path: string, err: unknown): StoreFault | unknown {
  if (err instanceof StoreFault) return err;
  if (err instanceof SchemaError) return new StoreFault(path, `${err.message}.`, undefined, { cause: err });
  const fault = storageFault(err);
  if (!fault) return err;
  const folder = dirname(path);
  let cause: string = fault.words;
  let kind: string = fault.kind;
  if (fault.kind === "cannot-open" || fault.kind === "read-only" || fault.kind === "permission") {
    if (!existsSync(folder)) cause = `its folder ${folder} does not exist and cannot be created`;
    else if (!statSync(folder).isDirectory()) cause = `${folder} is not a folder`;
    else if (existsSync(path) && statSync(path).isDirectory()) cause = "it is a folder, not a file";
    else if (!writable(folder)) [cause, kind] = [`its folder ${folder} is read-only (SQLite needs to create files beside it)`, "read-only"];
    else if (existsSync(path) && !writable(path)) [cause, kind] = ["the file is read-only", "read-only"];
  }
  const advice = ADVICE[kind] ?? "see the log for details";
  // SQLite's own sentence says which check failed ("database disk image is malformed", "quick_check: …").
  const said = err instanceof Error && ["damaged", "not-a-database", "io"].includes(kind) ? `: ${err.message}` : "";
  return new StoreFault(path, `${cause} (${fault.code}${said}); ${advice}.`, fault, { cause: err });
}

/** The same for the search index file Brief keeps beside the database (a read-only folder, a full disk). */
export function explainIndexFault(dbPath: string, err: unknown): StoreFault | unknown {
  const explained = explainOpenFault(dbPath, err);
  if (!(explained instanceof StoreFault)) return explained;
  return new StoreFault(dbPath, `writing the search index beside it failed: ${explained.message}`, explained.fault, { cause: err });
}
