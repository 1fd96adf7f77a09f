/**
 * Faults at run time in words: a full disk or a read-only database while the bot runs. A bot admin is told
 * what failed; everyone else gets the apology; the log names the fault; and a failed reload is logged with
 * its real cause even when the audit write fails for the same reason. Real SQLite errors on a real file:
 * the connection is capped at its current size (max_page_count), or made read-only (query_only).
 */
import { cpSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CommandDef } from "../../src/core/command.js";
import { APOLOGY } from "../../src/core/errors.js";
import { type BriefApp, openBrief } from "../../src/root.js";
import { ask, privateOrigin, REPO_DATA, tempDir } from "../helpers/app.js";
import { capturingLogger } from "../helpers/discord-logs.js";
import { NEW_ARTICLE } from "../helpers/fixture-data.js";

const admin = privateOrigin({ isBotAdmin: true, user: { id: "42", name: "admin" } });
const member = privateOrigin({ isBotAdmin: false, user: { id: "7", name: "member" } });

describe("storage faults while running", () => {
  let dir: ReturnType<typeof tempDir>;
  let app: BriefApp;
  let logs: ReturnType<typeof capturingLogger>;
  beforeEach(async () => {
    dir = tempDir("brief-faults-");
    cpSync(REPO_DATA, join(dir.path, "data"), { recursive: true });
    logs = capturingLogger();
    app = await openBrief({ dbPath: join(dir.path, "brief.sqlite"), dataDir: join(dir.path, "data"), log: logs.log });
  });
  afterEach(() => {
    app.close();
    dir.cleanup();
  });

  it("GIVEN the disk fills during a command THEN a bot admin is told the disk is full, anyone else gets the apology, and the log names it", async () => {
    // A real SQLITE_FULL: a file capped at its current size, and a command that writes more to it.
    const scratch = new Database(join(dir.path, "scratch.sqlite"));
    scratch.exec("CREATE TABLE t (x BLOB)");
    scratch.pragma(`max_page_count = ${scratch.pragma("page_count", { simple: true })}`);
    const filling: CommandDef = {
      name: "fill",
      description: "Writes a megabyte",
      usage: "/fill",
      example: "/fill",
      permission: "everyone",
      run() {
        scratch.prepare("INSERT INTO t VALUES (?)").run(Buffer.alloc(1 << 20));
        return { blocks: [], citations: [] };
      },
    };
    const full = await openBrief({ dbPath: join(dir.path, "other.sqlite"), dataDir: REPO_DATA, log: logs.log, commands: [filling] });
    try {
      expect((await ask(full, "/fill", undefined, admin)).text).toContain("Sorry, that failed on our side: the disk is full (SQLITE_FULL)");
      expect((await ask(full, "/fill", undefined, member)).text).toContain(APOLOGY);
      expect(logs.records.filter((r) => r.msg === "command failed").map((r) => r.fault)).toEqual(["the disk is full", "the disk is full"]);
    } finally {
      full.close();
      scratch.close();
    }
  });

  it("GIVEN the database turned read-only WHEN an admin reloads THEN the cause is logged, the failed audit write is logged with the entry it could not write, and the admin is told", async () => {
    writeFileSync(join(dir.path, "data", "articles", "example-wire-panj.md"), NEW_ARTICLE);
    app.db.pragma("query_only = 1");
    const reply = await ask(app, "/reload", undefined, admin);
    expect(reply.text).toContain("the file or its folder is read-only (SQLITE_READONLY)");
    const failed = logs.records.find((r) => r.msg === "reload failed; the old knowledge stays live");
    expect(failed).toMatchObject({ fault: "the file or its folder is read-only" });
    const unaudited = logs.records.find((r) => r.msg === "could not write the audit log");
    expect(unaudited).toMatchObject({
      fault: "the file or its folder is read-only",
      entry: { action: "reload", outcome: "failed", detail: { error: expect.stringContaining("read-only") } },
    });
  });

  it("GIVEN the database turned read-only WHEN someone who is not a bot admin subscribes THEN they get the apology, and the log names the fault", async () => {
    app.db.pragma("query_only = 1");
    const reply = await ask(app, "/subscribe daily 08:00", undefined, member);
    expect(reply.text).toContain(APOLOGY);
    expect(logs.records.find((r) => r.msg === "command failed")).toMatchObject({ command: "subscribe", fault: "the file or its folder is read-only" });
  });
});
