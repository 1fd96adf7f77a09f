/**
 * Several Brief processes on one database, played in process by two apps on the same SQLite file (each
 * with its own connection, as two processes have): a reload in one is followed by the other; a reload in
 * the stale one lists only what changed since the last recorded version; the digest lease goes only to a
 * process connected to the platform. The real multi-process run is tests/e2e/many-processes.test.ts.
 */
import { cpSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Adapter } from "../../src/core/adapter.js";
import type { ChangeSummary } from "../../src/core/knowledge.js";
import { silentLogger } from "../../src/core/log.js";
import { claimNext, sweep } from "../../src/digest/outbox.js";
import { DigestScheduler, schedulerLease } from "../../src/digest/scheduler.js";
import { addSubscription } from "../../src/digest/subscription-table.js";
import { type BriefApp, openBrief } from "../../src/root.js";
import { leaseHolder } from "../../src/store/lease.js";
import { ask, digestParts, REPO_DATA, tempDir } from "../helpers/app.js";
import { NEW_ARTICLE } from "../helpers/fixture-data.js";

const article = (title: string, word: string) => `---\ntitle: ${title}\npublished: 2024-06\n---\nA report on the ${word} along the border.\n`;

describe("two processes on one database", () => {
  let dir: ReturnType<typeof tempDir>;
  let data: string;
  let a: BriefApp;
  let b: BriefApp;
  beforeEach(async () => {
    dir = tempDir("brief-two-");
    data = join(dir.path, "data");
    cpSync(REPO_DATA, data, { recursive: true });
    const dbPath = join(dir.path, "brief.sqlite");
    a = await openBrief({ dbPath, dataDir: data });
    b = await openBrief({ dbPath, dataDir: data });
  });
  afterEach(() => {
    a.close();
    b.close();
    dir.cleanup();
  });

  it("GIVEN a reload in one WHEN the other follows THEN both answer from the new knowledge", async () => {
    writeFileSync(join(data, "articles", "example-wire-panj.md"), NEW_ARTICLE);
    const reloaded = await a.admin.reload("test");
    expect(reloaded.ok).toBe(true);
    expect((await ask(b, "/search zorbanite")).text).toContain("Nothing in the sources matches");
    const followed = await b.admin.follow();
    expect(followed?.id).toBe(a.knowledge.current.version.id);
    expect((await ask(b, "/search zorbanite")).doc.citations[0]?.sourceId).toBe("example-wire-panj");
  });

  it("GIVEN the stale process reloads after the other did (which deleted its index file) THEN the change summary lists only what changed since the last recorded version", async () => {
    writeFileSync(join(data, "articles", "first-new.md"), article("First new", "quillbrook"));
    expect((await a.admin.reload("a")).ok).toBe(true);
    writeFileSync(join(data, "articles", "second-new.md"), article("Second new", "marrowgate"));
    const outcome = await b.admin.reload("b");
    if (!outcome.ok) throw new Error("reload refused");
    expect(outcome.summary.added).toMatchObject({ article: ["second-new"], event: [], entity: [], figure: [], topic: [] });
    const recorded = b.db.prepare("SELECT summary FROM knowledge_versions ORDER BY id DESC LIMIT 1").get() as { summary: string };
    expect((JSON.parse(recorded.summary) as ChangeSummary).added.article).toEqual(["second-new"]);
    // What a digest will call new since the first version: the two articles, nothing else.
    const since = b.knowledge.changesSince(1);
    expect([...since.added].sort()).toEqual(["article:first-new", "article:second-new"]);
  });

  it("GIVEN data/ changed again after the other process's reload WHEN following THEN nothing is recorded or swapped until a reload", async () => {
    writeFileSync(join(data, "articles", "first-new.md"), article("First new", "quillbrook"));
    expect((await a.admin.reload("a")).ok).toBe(true);
    writeFileSync(join(data, "articles", "second-new.md"), article("Second new", "marrowgate"));
    const versions = () => (b.db.prepare("SELECT count(*) AS n FROM knowledge_versions").get() as { n: number }).n;
    const before = versions();
    expect(await b.admin.follow()).toBeUndefined();
    expect(versions()).toBe(before);
    expect((await ask(b, "/search quillbrook")).text).toContain("Nothing in the sources matches");
  });
});

describe("the digest lease", () => {
  it("GIVEN a console-only process and a Telegram process WHEN both start THEN the Telegram process delivers Telegram's digests and the console one only the console's", async () => {
    const dir = tempDir("brief-lease-");
    const dbPath = join(dir.path, "brief.sqlite");
    const consoleApp = await openBrief({ dbPath, dataDir: REPO_DATA });
    const telegramApp = await openBrief({ dbPath, dataDir: REPO_DATA });
    const quiet: Adapter = { platform: "console", start: async () => {}, stop: async () => {}, send: async () => ({ ok: true, messageIds: ["1"] }) };
    const telegram: Adapter = { ...quiet, platform: "telegram" };
    const log = silentLogger();
    // The console process started first, as an operator's terminal would.
    const atConsole = new DigestScheduler({ ...digestParts(consoleApp), adapters: () => new Map([["console", quiet]]), log, holder: "host:1:console" });
    const atTelegram = new DigestScheduler({ ...digestParts(telegramApp), adapters: () => new Map([["telegram", telegram]]), log, holder: "host:2:telegram" });
    try {
      expect(atConsole.start()).toBe(true);
      expect(atTelegram.start()).toBe(true);
      expect(leaseHolder(consoleApp.db, schedulerLease("telegram"))?.holder).toBe("host:2:telegram");
      expect(leaseHolder(consoleApp.db, schedulerLease("console"))?.holder).toBe("host:1:console");

      const at = Date.parse("2026-03-02T08:00:30Z");
      for (const channel of ["telegram:42", "console:local"] as const) {
        addSubscription(consoleApp.db, {
          channel,
          channelName: channel,
          schedule: { kind: "daily", hour: 8, minute: 0, tz: "UTC" },
          createdBy: "test",
          createdAt: at - 86_400_000,
          version: 1,
        });
      }
      // Each process queues and claims only its own platform's deliveries.
      expect(sweep(consoleApp.db, at, 6 * 3_600_000, ["console"])).toMatchObject({ queued: 1 });
      expect(claimNext(consoleApp.db, at, ["console"])).toBeDefined();
      expect(claimNext(consoleApp.db, at, ["console"])).toBeUndefined();
      expect(sweep(telegramApp.db, at, 6 * 3_600_000, ["telegram"])).toMatchObject({ queued: 1 });
      expect(claimNext(telegramApp.db, at, ["telegram"])).toBeDefined();
    } finally {
      await atTelegram.stop();
      await atConsole.stop();
      consoleApp.close();
      telegramApp.close();
      dir.cleanup();
    }
  });
});
