/**
 * data/ as an operator, or an attacker with a shell, may leave it: a FIFO, links out of data/ and to
 * /dev/zero, a folder named like an article, a dangling link, files too big, a paragraph too long. Each is a
 * problem with file and line, found at once; `brief data check` and /reload report the same ones. Real
 * files on the real file system.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadData } from "../../src/knowledge/loader.js";
import { MAX_PARAGRAPH_CHARS, MAX_PASSAGE_CHARS, splitPassages } from "../../src/knowledge/passages.js";
import { MAX_ARTICLE_BYTES } from "../../src/knowledge/safe-read.js";
import { ask, openTestApp, privateOrigin, REPO_DATA, tempDir } from "../helpers/app.js";
import { writeFixture } from "../helpers/fixture-data.js";

const BRIEF = resolve(import.meta.dirname, "../../bin/brief.js");
const ARTICLE_HEAD = "---\ntitle: A long one\npublished: 2024-05\n---\n";
const posix = process.platform !== "win32";

/** Words without a sentence break, `chars` long. */
function blob(chars: number): string {
  const words = ["border", "survey", "camera", "network", "Dushanbe", "ministry", "report"];
  let out = "";
  for (let i = 0; out.length < chars; i++) out += `${words[i % words.length]} `;
  return out.slice(0, chars).trim();
}

describe("odd files in data/", () => {
  let dir: ReturnType<typeof tempDir>;
  let outside: ReturnType<typeof tempDir>;
  let data: string;
  beforeEach(() => {
    dir = tempDir("brief-odd-");
    outside = tempDir("brief-outside-");
    data = writeFixture(join(dir.path, "data"));
  });
  afterEach(() => {
    dir.cleanup();
    outside.cleanup();
  });

  const problemFor = (name: string) => loadData(data).problems.find((p) => p.file.endsWith(name));

  it.runIf(posix)("GIVEN a FIFO named x.md THEN loading returns at once with a problem naming it", () => {
    execFileSync("mkfifo", [join(data, "articles", "x.md")]);
    expect(problemFor("x.md")).toMatchObject({ line: 1, message: expect.stringContaining("named pipe (FIFO)") });
  });

  it("GIVEN a symlink to a file outside data/ with valid front matter THEN it is refused and its text is never indexed", async () => {
    writeFileSync(join(outside.path, "secret.md"), "---\ntitle: Not ours\n---\nThe quarrelsome xylophonist leaked this.\n");
    symlinkSync(join(outside.path, "secret.md"), join(data, "articles", "leak.md"));
    expect(problemFor("leak.md")).toMatchObject({ line: 1, message: expect.stringContaining("outside the data folder") });
  });

  it("GIVEN a symlink that stays inside data/ THEN it is read like the file it points to", () => {
    mkdirSync(join(data, "drafts"));
    writeFileSync(join(data, "drafts", "inner.md"), `${ARTICLE_HEAD}A linked article inside the data folder.\n`);
    symlinkSync(join(data, "drafts", "inner.md"), join(data, "articles", "inner.md"));
    const { catalogue, problems } = loadData(data);
    expect(problems).toEqual([]);
    expect(catalogue.articles.has("inner")).toBe(true);
  });

  it.runIf(posix)("GIVEN a symlink to /dev/zero THEN it is refused without reading a byte", () => {
    symlinkSync("/dev/zero", join(data, "articles", "zero.md"));
    expect(problemFor("zero.md")?.message).toContain("outside the data folder");
  });

  it("GIVEN a folder named x.md, a dangling symlink and a link loop THEN each is a problem, not a stack trace", () => {
    mkdirSync(join(data, "articles", "folder.md"));
    symlinkSync(join(data, "articles", "gone.txt"), join(data, "articles", "dangling.md"));
    symlinkSync(join(data, "articles", "loop.md"), join(data, "articles", "loop.md"));
    expect(problemFor("folder.md")?.message).toBe("is a folder, not a file");
    expect(problemFor("dangling.md")?.message).toContain("to nothing");
    expect(problemFor("loop.md")?.message).toContain("loops back");
  });

  it("GIVEN a curated file that is a folder or a link out of data/ THEN it is a problem", () => {
    writeFileSync(join(outside.path, "topics.yaml"), "- id: x\n  name: X\n  description: y\n");
    const events = join(data, "events.yaml");
    execFileSync(process.execPath, ["-e", `require("fs").rmSync(${JSON.stringify(events)}); require("fs").mkdirSync(${JSON.stringify(events)})`]);
    const topics = join(data, "topics.yaml");
    execFileSync(process.execPath, ["-e", `require("fs").rmSync(${JSON.stringify(topics)})`]);
    symlinkSync(join(outside.path, "topics.yaml"), topics);
    expect(problemFor("events.yaml")?.message).toBe("is a folder, not a file");
    expect(problemFor("topics.yaml")?.message).toContain("outside the data folder");
  });

  it("GIVEN a 10 MB article that is one paragraph THEN it is refused by its size, quickly", () => {
    writeFileSync(join(data, "articles", "huge.md"), ARTICLE_HEAD + blob(10 * 1024 * 1024));
    const started = performance.now();
    expect(problemFor("huge.md")).toMatchObject({ line: 1, message: expect.stringMatching(/is 10\.0 MB, over the 1\.0 MB/) });
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("GIVEN a file that claims to be huge (sparse) THEN it is refused without being read", () => {
    const path = join(data, "articles", "sparse.md");
    writeFileSync(path, ARTICLE_HEAD);
    truncateSync(path, 4 * 1024 * 1024 * 1024);
    expect(problemFor("sparse.md")?.message).toMatch(/is 4096\.0 MB/);
  });

  it("GIVEN a paragraph over the paragraph cap THEN it is refused with its file and line", () => {
    writeFileSync(join(data, "articles", "blob.md"), `${ARTICLE_HEAD}A first paragraph.\n\n${"x".repeat(MAX_PARAGRAPH_CHARS + 1)}\n`);
    expect(problemFor("blob.md")).toMatchObject({ line: 7, message: expect.stringContaining("a paragraph of 20,001 characters; the most is 20,000") });
  });

  it("GIVEN a long paragraph without a sentence break THEN it is cut into passages no longer than a passage may be", () => {
    const text = blob(MAX_PARAGRAPH_CHARS - 10);
    const passages = splitPassages([{ line: 5, text }]);
    expect(passages.length).toBeGreaterThan(30);
    expect(Math.max(...passages.map((p) => p.text.length))).toBeLessThanOrEqual(MAX_PASSAGE_CHARS);
    expect(passages.map((p) => p.text).join(" ")).toBe(text);
    const oneWord = splitPassages([{ line: 1, text: "x".repeat(5000) }]);
    expect(Math.max(...oneWord.map((p) => p.text.length))).toBeLessThanOrEqual(MAX_PASSAGE_CHARS);
    expect(oneWord.map((p) => p.text).join("")).toBe("x".repeat(5000));
  });

  it("GIVEN an article under the cap with a long unbroken paragraph WHEN searched THEN each hit quotes at most one passage", async () => {
    cpSync(REPO_DATA, join(dir.path, "real"), { recursive: true });
    writeFileSync(
      join(dir.path, "real", "articles", "long-blob.md"),
      `${ARTICLE_HEAD}${blob(MAX_PARAGRAPH_CHARS)
        .replace(/camera/g, "quillbrook")
        .slice(0, MAX_PARAGRAPH_CHARS - 1)}\n`,
    );
    const app = await openTestApp(join(dir.path, "real"));
    try {
      const { doc, text } = await ask(app, "/search quillbrook");
      expect(doc.citations[0]?.sourceId).toBe("long-blob");
      expect(doc.pages?.count).toBeGreaterThan(1);
      // A page of hits, each at most one passage, plus headings and citations.
      expect(text.length).toBeLessThan(6 * MAX_PASSAGE_CHARS + 1000);
    } finally {
      app.cleanup();
    }
  });

  it.runIf(posix)(
    "GIVEN a FIFO, a link out, /dev/zero, a folder and a dangling link WHEN `brief data check` runs and an admin reloads THEN both list the same problems and neither hangs",
    async () => {
      const app = await openTestApp(data);
      try {
        execFileSync("mkfifo", [join(data, "articles", "fifo.md")]);
        writeFileSync(join(outside.path, "o.md"), `${ARTICLE_HEAD}Outside.\n`);
        symlinkSync(join(outside.path, "o.md"), join(data, "articles", "out.md"));
        symlinkSync("/dev/zero", join(data, "articles", "zero.md"));
        mkdirSync(join(data, "articles", "dir.md"));
        symlinkSync(join(data, "nowhere"), join(data, "articles", "dangling.md"));
        writeFileSync(join(data, "articles", "big.md"), ARTICLE_HEAD + blob(MAX_ARTICLE_BYTES + 10));

        const check = spawnSync(process.execPath, [BRIEF, "data", "check"], {
          env: { ...process.env, BRIEF_DATA: data, BRIEF_DB: join(dir.path, "db.sqlite") },
          encoding: "utf8",
          timeout: 20_000,
        });
        expect(check.signal).toBeNull();
        expect(check.status).toBe(1);
        const fromCli = check.stdout.split("\n").filter((l) => /^\S+:\d+: /.test(l));
        expect(fromCli).toHaveLength(6);

        const reload = await ask(app, "/reload", undefined, privateOrigin({ isBotAdmin: true }));
        expect(reload.doc.title).toBe("Reload refused");
        for (const line of fromCli) expect(reload.text).toContain(line.replace(/^.*?articles\//, "articles/"));
        // The old knowledge still answers.
        expect((await ask(app, "/search camera network")).doc.citations[0]?.sourceId).toBe("test-article");
      } finally {
        app.cleanup();
      }
    },
  );
});
