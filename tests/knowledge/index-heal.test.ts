/**
 * The index file is derived data, and Brief treats it so: a damaged or unreadable one is found (quick_check
 * when a file is first used, storage errors on use) and rebuilt from data/, with searches refused politely
 * meanwhile; a build killed with kill -9 leaves no journal, and its orphan is removed on the next start;
 * `brief db check` says what it found and what to do. Real files, a real killed process.
 */
import { spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readdirSync, statSync, utimesSync, writeFileSync, writeSync } from "node:fs";
import { join, resolve } from "node:path";
import { Writable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { dbCheck } from "../../src/cli/db.js";
import { parseConfig } from "../../src/config.js";
import { attachedIndexFile } from "../../src/knowledge/index-file.js";
import { openBrief } from "../../src/root.js";
import { ask, REPO_DATA, tempDir } from "../helpers/app.js";

const ROOT = resolve(import.meta.dirname, "../..");

/** Overwrites `pages` 4 KB pages of `path` from page `from` with a pattern that is no SQLite page. */
function scribble(path: string, from: number, pages: number): void {
  const fd = openSync(path, "r+");
  writeSync(fd, Buffer.alloc(4096 * pages, 0x5a), 0, 4096 * pages, 4096 * from);
  closeSync(fd);
}

function captured(): { out: Writable; text: () => string } {
  let text = "";
  const out = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  return { out, text: () => text };
}

describe("a damaged index file", () => {
  let dir: ReturnType<typeof tempDir>;
  let dbPath: string;
  beforeEach(() => {
    dir = tempDir("brief-heal-");
    dbPath = join(dir.path, "brief.sqlite");
  });
  afterEach(() => dir.cleanup());

  async function indexFile(): Promise<string> {
    const app = await openBrief({ dbPath, dataDir: REPO_DATA });
    const file = attachedIndexFile(app.db)!;
    app.close();
    return file;
  }

  it("GIVEN corrupt pages in the index file WHEN Brief starts THEN it rebuilds the file and /search answers", async () => {
    const file = await indexFile();
    scribble(file, 3, 20);
    const app = await openBrief({ dbPath, dataDir: REPO_DATA });
    try {
      expect((await ask(app, "/search huawei cameras")).doc.citations.length).toBeGreaterThan(0);
    } finally {
      app.close();
    }
  });

  it("GIVEN an index file that is not a database at all WHEN Brief starts THEN it rebuilds it", async () => {
    const file = await indexFile();
    writeFileSync(file, "not a database ".repeat(5000));
    const app = await openBrief({ dbPath, dataDir: REPO_DATA });
    try {
      expect((await ask(app, "/search huawei cameras")).doc.citations.length).toBeGreaterThan(0);
    } finally {
      app.close();
    }
  });

  it("GIVEN a running bot WHEN its index file is damaged underneath it THEN a search is refused politely, the file is rebuilt, and searches answer again", async () => {
    const app = await openBrief({ dbPath, dataDir: REPO_DATA });
    try {
      expect((await ask(app, "/search huawei cameras")).doc.citations.length).toBeGreaterThan(0);
      const file = attachedIndexFile(app.db)!;
      scribble(file, 0, Math.ceil(statSync(file).size / 4096));
      const refused = await ask(app, "/search huawei cameras");
      expect(refused.text).toContain("The search index is being rebuilt");
      expect(refused.doc.tone).toBe("warn");
      // Names and curated records live in memory: they still answer during the rebuild.
      expect((await ask(app, "/who Rahmon")).doc.tone).not.toBe("error");
      await app.knowledge.health.settled();
      expect((await ask(app, "/search huawei cameras")).doc.citations.length).toBeGreaterThan(0);
    } finally {
      app.close();
    }
  });

  it("GIVEN `brief db check` THEN it says all is sound, or names the damaged file and what to do", async () => {
    const file = await indexFile();
    const config = parseConfig({ BRIEF_DB: dbPath, BRIEF_DATA: REPO_DATA });
    const sound = captured();
    expect(dbCheck(config, sound.out)).toBe(0);
    expect(sound.text()).toContain("Everything checked is sound.");

    scribble(file, 3, 20);
    const damaged = captured();
    expect(dbCheck(config, damaged.out)).toBe(1);
    expect(damaged.text()).toMatch(/Search index \(.*knowledge-.*\):\n {2}pages: DAMAGED/);
    expect(damaged.text()).toContain("a damaged or missing index is rebuilt");

    scribble(dbPath, 1, 2);
    const state = captured();
    expect(dbCheck(config, state.out)).toBe(1);
    expect(state.text()).toContain("restore the latest backup");
  });
});

describe("a build killed midway", () => {
  it("GIVEN kill -9 during an index build THEN no journal is left, and the next start removes the half-built file", async () => {
    const dir = tempDir("brief-killed-");
    try {
      const dbPath = join(dir.path, "brief.sqlite");
      // A process that loads the real data and, a few slices into the build, stops to be killed.
      const script = `
        import { loadData } from ${JSON.stringify(join(ROOT, "src/knowledge/loader.ts"))};
        import { buildIndexFile } from ${JSON.stringify(join(ROOT, "src/knowledge/index-build.ts"))};
        const { catalogue } = loadData(${JSON.stringify(REPO_DATA)});
        let steps = 0;
        const slicer = { pause: () => (++steps === 40 ? (process.stdout.write("midway\\n"), new Promise(() => {})) : Promise.resolve()) };
        await buildIndexFile(${JSON.stringify(join(dir.path, "brief.knowledge-0000000000000000.sqlite"))}, catalogue, slicer);
      `;
      const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: ROOT });
      await new Promise<void>((done, fail) => {
        child.stdout.on("data", (d) => String(d).includes("midway") && done());
        child.once("exit", (code) => fail(new Error(`the builder exited (${code}) before midway`)));
      });
      const killed = new Promise((r) => child.once("exit", r));
      child.kill("SIGKILL");
      await killed;
      const left = readdirSync(dir.path);
      expect(left).toContain(`brief.knowledge-0000000000000000.building-${child.pid}.sqlite`);
      expect(left.filter((f) => f.endsWith("-journal"))).toEqual([]);

      // A builder whose pid was reused long after (alive, but the file untouched for hours) is an orphan too.
      const stale = join(dir.path, `brief.knowledge-1111111111111111.building-${process.pid}.sqlite`);
      writeFileSync(stale, "");
      writeFileSync(`${stale}-journal`, "");
      const hoursAgo = new Date(Date.now() - 3 * 3600_000);
      utimesSync(stale, hoursAgo, hoursAgo);
      utimesSync(`${stale}-journal`, hoursAgo, hoursAgo);

      const app = await openBrief({ dbPath, dataDir: REPO_DATA });
      app.close();
      const after = readdirSync(dir.path);
      expect(after.filter((f) => f.includes(".building-"))).toEqual([]);
      expect(existsSync(stale)).toBe(false);
    } finally {
      dir.cleanup();
    }
  });
});
