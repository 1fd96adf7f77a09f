/**
 * The search index lives in a file of its own, built by each load while commands go on reading the old
 * one, and swapped in at the end. These tests use a real SQLite file over a copy of the real data/.
 */
import { appendFileSync, cpSync, existsSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Slicer, TimeSlicer } from "../../src/knowledge/time-slicer.js";
import { type BriefApp, openBrief } from "../../src/root.js";
import { ask, REPO_DATA, tempDir } from "../helpers/app.js";
import { NEW_ARTICLE } from "../helpers/fixture-data.js";

describe("the index files", () => {
  let data: ReturnType<typeof tempDir>;
  let state: ReturnType<typeof tempDir>;
  let app: BriefApp;
  const dbPath = () => join(state.path, "brief.sqlite");
  const indexFiles = () =>
    readdirSync(state.path)
      .filter((f) => f.includes(".knowledge-"))
      .sort();

  beforeEach(async () => {
    data = tempDir("brief-index-data-");
    state = tempDir("brief-index-state-");
    cpSync(REPO_DATA, data.path, { recursive: true });
    app = await openBrief({ dbPath: dbPath(), dataDir: data.path });
  });
  afterEach(() => {
    app.close();
    data.cleanup();
    state.cleanup();
  });

  it("WHEN a reload is under way THEN commands are answered before it ends, from the old knowledge", async () => {
    writeFileSync(join(data.path, "articles", "example-wire-panj.md"), NEW_ARTICLE);
    const events: string[] = [];
    // A slicer that gives way at every chance: the reload takes many turns of the event loop.
    const reload = app.knowledge.load(data.path, "test", new TimeSlicer(0)).then((outcome) => {
      events.push("reloaded");
      return outcome;
    });
    const during = await ask(app, "/search zorbanite");
    events.push("answered");
    const outcome = await reload;
    expect(outcome.ok).toBe(true);
    expect(events).toEqual(["answered", "reloaded"]);
    expect(during.text).toContain("Nothing in the sources matches");
    expect((await ask(app, "/search zorbanite")).text).toContain("Panj");
  });

  it("keeps one index file, named for the knowledge it holds, and deletes the one it replaced", async () => {
    const before = indexFiles();
    expect(before).toHaveLength(1);
    writeFileSync(join(data.path, "articles", "example-wire-panj.md"), NEW_ARTICLE);
    expect((await app.services.admin!.reload("test")).ok).toBe(true);
    const after = indexFiles();
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(before[0]);
    expect(after[0]).toContain(app.services.knowledge.current.version.hash);
  });

  it("WHEN Brief starts again on the same data THEN it reuses the index instead of rebuilding it", async () => {
    const [file] = indexFiles();
    const built = statSync(join(state.path, file!)).mtimeMs;
    const version = app.services.knowledge.current.version.id;
    app.close();
    app = await openBrief({ dbPath: dbPath(), dataDir: data.path });
    expect(indexFiles()).toEqual([file]);
    expect(statSync(join(state.path, file!)).mtimeMs).toBe(built);
    expect(app.services.knowledge.current.version.id).toBe(version);
    expect((await ask(app, "/search Crocus")).doc.citations.length).toBeGreaterThan(0);
  });

  it("GIVEN a build that fails half way THEN no half-built file is left and the old knowledge still answers", async () => {
    appendFileSync(join(data.path, "articles", readdirSync(join(data.path, "articles"))[0]!), "\nA paragraph about zorbanite.\n");
    const version = app.services.knowledge.current.version.id;
    let pauses = 0;
    const failing: Slicer = {
      async pause() {
        // Past reading the files, into writing the index.
        if (++pauses > 20) throw new Error("disk full (simulated)");
      },
    };
    await expect(app.knowledge.load(data.path, "test", failing)).rejects.toThrow("disk full");
    expect(indexFiles()).toHaveLength(1);
    expect(readdirSync(state.path).some((f) => f.includes(".building-"))).toBe(false);
    expect(app.services.knowledge.current.version.id).toBe(version);
    expect((await ask(app, "/search Crocus")).doc.citations.length).toBeGreaterThan(0);
  });

  it("GIVEN a file left half built by a process that died THEN the next load deletes it; one still being built stays", async () => {
    const [file] = indexFiles();
    const stem = file!.replace(/\.knowledge-.*$/, "");
    const deadPid = 2 ** 22 + 12_345; // above Linux's default pid_max: no such process
    const dead = join(state.path, `${stem}.knowledge-0123456789abcdef.building-${deadPid}.sqlite`);
    const alive = join(state.path, `${stem}.knowledge-fedcba9876543210.building-${process.pid}.sqlite`);
    writeFileSync(dead, "half");
    writeFileSync(alive, "half");
    writeFileSync(join(data.path, "articles", "example-wire-panj.md"), NEW_ARTICLE);
    expect((await app.services.admin!.reload("test")).ok).toBe(true);
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(alive)).toBe(true);
  });
});
