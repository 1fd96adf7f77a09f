/**
 * The state database refused in words: a newer schema, a renamed column, a garbage, truncated or damaged
 * file, a read-only folder. Real files; the command line is run as a real process, and each fault must come
 * out as one line naming BRIEF_DB, the path and the cause, never as a stack trace.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, chownSync, closeSync, mkdirSync, openSync, readFileSync, statSync, truncateSync, writeFileSync, writeSync } from "node:fs";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { storageFault } from "../../src/core/faults.js";
import { listMigrations, openDb } from "../../src/store/db.js";
import { explainOpenFault, StoreFault } from "../../src/store/open-fault.js";
import { consoleOnlyEnv, tempDir } from "../helpers/app.js";

const BRIEF = resolve(import.meta.dirname, "../../bin/brief.js");
const LATEST = Math.max(...listMigrations().map((m) => m.version));

/** Runs the CLI; as root, as the unprivileged user 65534 so that file modes hold as they would for an operator. */
function brief(args: string[], env: Record<string, string>, asNobody = false) {
  return spawnSync(process.execPath, [BRIEF, ...args], {
    env: consoleOnlyEnv(env),
    encoding: "utf8",
    timeout: 60_000,
    ...(asNobody && process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {}),
  });
}

function faultOf(fn: () => unknown): StoreFault {
  try {
    fn();
  } catch (err) {
    if (err instanceof StoreFault) return err;
    throw err;
  }
  throw new Error("expected a StoreFault");
}

describe("opening the state database", () => {
  let dir: ReturnType<typeof tempDir>;
  let path: string;
  beforeEach(() => {
    dir = tempDir("brief-open-");
    path = join(dir.path, "brief.sqlite");
  });
  afterEach(() => dir.cleanup());

  it("GIVEN a database with a newer user_version THEN it is refused naming both versions, and not written to", () => {
    openDb(path).close();
    const raw = new Database(path);
    raw.pragma(`user_version = ${LATEST + 4}`);
    raw.pragma("journal_mode = DELETE");
    raw.close();
    const before = readFileSync(path);
    const fault = faultOf(() => openDb(path));
    expect(fault.message).toContain(`version ${LATEST + 4}, newer than this Brief knows (version ${LATEST})`);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it("GIVEN a column renamed by hand THEN it is refused naming the missing column", () => {
    openDb(path).close();
    const raw = new Database(path);
    raw.exec("ALTER TABLE subscriptions RENAME COLUMN kind TO cadence");
    raw.close();
    expect(faultOf(() => openDb(path)).message).toContain("lacks subscriptions.kind");
  });

  it("GIVEN a garbage file THEN it is refused as not a database", () => {
    writeFileSync(path, "this is not a database, it is a grocery list\n".repeat(200));
    const fault = faultOf(() => openDb(path));
    expect(fault.message).toMatch(/not an SQLite database \(SQLITE_NOTADB/);
    expect(fault.path).toBe(path);
  });

  it("GIVEN a truncated database THEN it is refused as damaged or not a database", () => {
    const db = openDb(path);
    db.exec("CREATE TABLE filler (x TEXT)");
    const insert = db.prepare("INSERT INTO filler VALUES (?)");
    for (let i = 0; i < 3000; i++) insert.run("x".repeat(200));
    db.pragma("wal_checkpoint(TRUNCATE)");
    db.close();
    truncateSync(path, Math.floor(statSync(path).size / 3));
    expect(faultOf(() => openDb(path)).fault?.kind).toMatch(/damaged|not-a-database/);
  });

  it("GIVEN corrupt pages in the middle of the file THEN quick_check on open finds them", () => {
    const db = openDb(path);
    db.exec("CREATE TABLE filler (x TEXT)");
    const insert = db.prepare("INSERT INTO filler VALUES (?)");
    for (let i = 0; i < 3000; i++) insert.run(`row ${i} ${"y".repeat(200)}`);
    db.pragma("wal_checkpoint(TRUNCATE)");
    db.close();
    const fd = openSync(path, "r+");
    const page = 4096;
    writeSync(fd, Buffer.alloc(page, 0xa5), 0, page, 20 * page);
    closeSync(fd);
    const fault = faultOf(() => openDb(path));
    expect(fault.fault?.kind).toBe("damaged");
    expect(fault.message).toContain("brief db check");
  });

  it("GIVEN a full disk THEN the words say so", () => {
    const fault = explainOpenFault(path, Object.assign(new Error("database or disk is full"), { code: "SQLITE_FULL" }));
    expect((fault as StoreFault).message).toMatch(/^the disk is full \(SQLITE_FULL\); free some space/);
    expect(storageFault(Object.assign(new Error("write"), { code: "ENOSPC" }))?.kind).toBe("disk-full");
  });

  it("GIVEN a garbage database WHEN `brief ask` runs THEN one line names BRIEF_DB, the path and the cause", () => {
    writeFileSync(path, "garbage ".repeat(1000));
    const r = brief(["ask", "/help"], { BRIEF_DB: path, BRIEF_DATA: resolve(import.meta.dirname, "../../data") });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split("\n")).toEqual([expect.stringContaining(`BRIEF_DB=${path}: the file is not an SQLite database`)]);
  });

  describe("a read-only folder", () => {
    let folder: string;
    beforeEach(() => {
      folder = join(dir.path, "ro");
      mkdirSync(folder);
    });
    afterEach(() => chmodSync(folder, 0o755));

    it("GIVEN no database yet WHEN `brief ask` runs THEN one line says the folder is read-only", () => {
      chmodSync(folder, 0o555);
      chmodSync(dir.path, 0o755);
      const db = join(folder, "brief.sqlite");
      const r = brief(["ask", "/help"], { BRIEF_DB: db, BRIEF_DATA: resolve(import.meta.dirname, "../../data") }, true);
      expect(r.status).toBe(1);
      expect(r.stderr.trim().split("\n")).toEqual([
        expect.stringMatching(new RegExp(`^Brief cannot use its database: BRIEF_DB=${db}: its folder ${folder} is read-only`)),
      ]);
    });

    it("GIVEN a database in a folder made read-only since WHEN `brief start` runs THEN one line says so", () => {
      const db = join(folder, "brief.sqlite");
      openDb(db).close();
      if (process.getuid?.() === 0) chownSync(db, 65534, 65534);
      chmodSync(folder, 0o555);
      chmodSync(dir.path, 0o755);
      const r = brief(["start"], { BRIEF_DB: db, BRIEF_DATA: resolve(import.meta.dirname, "../../data") }, true);
      expect(r.status).toBe(1);
      const lines = r.stderr.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`BRIEF_DB=${db}:`);
      expect(lines[0]).toContain("read-only");
    });
  });
});
