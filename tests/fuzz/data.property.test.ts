/**
 * Property: corrupted data never crashes Brief and never replaces good data. Random copies of the data
 * files are truncated, bit-flipped, cut, duplicated, re-indented, mis-quoted, re-encoded… The loader
 * either refuses them with a list of problems, each naming a file of the data folder and a line in it,
 * or (when the corruption happens to leave valid data) accepts them — it never throws. On a live app a
 * refused reload keeps the previous snapshot, and every answer stays exactly what it was.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join, relative, resolve } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadData } from "../../src/knowledge/loader.js";
import { type BriefApp, openBrief } from "../../src/root.js";
import { ask, REPO_DATA } from "../helpers/app.js";
import { FIXTURE_FILES, writeFixture } from "../helpers/fixture-data.js";

// ---- corruptions ----

/** One corruption, its parameters drawn by fast-check (so a failure shrinks to a small case). */
type Op =
  | { kind: "truncate"; at: number }
  | { kind: "flip"; at: number; mask: number }
  | { kind: "delete-lines"; at: number; count: number }
  | { kind: "duplicate-record"; at: number }
  | { kind: "indent"; at: number; delta: number }
  | { kind: "tab-indent"; at: number }
  | { kind: "break-quote"; at: number; quote: string }
  | { kind: "duplicate-line"; at: number }
  | { kind: "swap-lines"; at: number; other: number }
  | { kind: "insert"; at: number; text: string }
  | { kind: "crlf" }
  | { kind: "bom" }
  | { kind: "empty" }
  | { kind: "delete-file" };

const YAML_TRAPS = [
  "- id: camera-network",
  "  id: duplicated-key",
  "&anchor",
  "*missing",
  "<<: *anchor",
  "!!binary AAAA",
  "!!js/function 'x'",
  "? complex key",
  "---",
  "...",
  "%YAML 1.1",
  ": no key",
  "- - - nested",
  "citations: []",
  "quote: ''",
  'quote: "a quote that is nowhere in the article"',
  "source: no-such-article",
  "date: 2024-02-30",
  "date: 2023-13",
  "published: yesterday",
  "end: 1999",
  "topics: [no-such-topic]",
  "related: [camera-network]",
  "excluded: [{ kind: dateline, match: '', reason: x }]",
  "type: spaceship",
  "title:",
  "\u0000",
  "\uFFFD\uFFFD",
  "a: &x [*x]",
];

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant("delete-lines" as const), at: fc.nat(), count: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant("duplicate-record" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("indent" as const), at: fc.nat(), delta: fc.constantFrom(-4, -2, -1, 1, 2, 4) }),
  fc.record({ kind: fc.constant("tab-indent" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("break-quote" as const), at: fc.nat(), quote: fc.constantFrom('"', "'", "“", "`") }),
  fc.record({ kind: fc.constant("duplicate-line" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("swap-lines" as const), at: fc.nat(), other: fc.nat() }),
  fc.record({
    kind: fc.constant("insert" as const),
    at: fc.nat(),
    text: fc.oneof(fc.constantFrom(...YAML_TRAPS), fc.string({ maxLength: 20 }), fc.string({ unit: "binary", maxLength: 10 })),
  }),
  fc.constant({ kind: "crlf" as const }),
  fc.constant({ kind: "bom" as const }),
  fc.constant({ kind: "empty" as const }),
  fc.constant({ kind: "delete-file" as const }),
);

/** Applies one corruption to a file's bytes; null deletes the file. */
function corrupt(bytes: Buffer, o: Op): Buffer | null {
  const text = bytes.toString("utf8");
  const lines = text.split("\n");
  const line = (at: number) => at % Math.max(1, lines.length);
  switch (o.kind) {
    case "truncate":
      return bytes.subarray(0, o.at % (bytes.length + 1));
    case "flip": {
      const out = Buffer.from(bytes);
      if (out.length > 0) out[o.at % out.length] = out[o.at % out.length]! ^ o.mask;
      return out;
    }
    case "delete-lines":
      lines.splice(line(o.at), o.count);
      return Buffer.from(lines.join("\n"));
    case "duplicate-record": {
      // Repeat one "- id: …" item (with its indented lines) right after itself.
      const starts = lines.flatMap((l, i) => (/^- id:/.test(l) ? [i] : []));
      if (starts.length === 0) return Buffer.from(lines.concat(lines).join("\n"));
      const s = starts[o.at % starts.length]!;
      const next = starts.find((i) => i > s) ?? lines.length;
      lines.splice(next, 0, ...lines.slice(s, next));
      return Buffer.from(lines.join("\n"));
    }
    case "indent": {
      const i = line(o.at);
      const l = lines[i]!;
      lines[i] = o.delta > 0 ? " ".repeat(o.delta) + l : l.replace(new RegExp(`^ {1,${-o.delta}}`), "");
      return Buffer.from(lines.join("\n"));
    }
    case "tab-indent": {
      const i = line(o.at);
      lines[i] = lines[i]!.replace(/^ +/, "\t");
      return Buffer.from(lines.join("\n"));
    }
    case "break-quote": {
      // Remove a quote character where there is one, or add a stray one.
      const candidates = lines.flatMap((l, i) => (/["'“”`]/.test(l) ? [i] : []));
      if (candidates.length > 0) {
        const i = candidates[o.at % candidates.length]!;
        lines[i] = lines[i]!.replace(/["'“”`]/, "");
      } else {
        const i = line(o.at);
        lines[i] = `${o.quote}${lines[i]}`;
      }
      return Buffer.from(lines.join("\n"));
    }
    case "duplicate-line": {
      const i = line(o.at);
      lines.splice(i, 0, lines[i]!);
      return Buffer.from(lines.join("\n"));
    }
    case "swap-lines": {
      const [i, j] = [line(o.at), line(o.other)];
      [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      return Buffer.from(lines.join("\n"));
    }
    case "insert": {
      const i = line(o.at);
      const indent = /^\s*/.exec(lines[i] ?? "")![0];
      lines.splice(i, 0, indent + o.text);
      return Buffer.from(lines.join("\n"));
    }
    case "crlf":
      return Buffer.from(text.replace(/\n/g, "\r\n"));
    case "bom":
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
    case "empty":
      return Buffer.alloc(0);
    case "delete-file":
      return null;
  }
}

function dataFiles(dir: string): string[] {
  const articles = existsSync(join(dir, "articles")) ? readdirSync(join(dir, "articles")).map((f) => `articles/${f}`) : [];
  return [...articles, ...readdirSync(dir).filter((f) => f.endsWith(".yaml"))].sort();
}

function applyAll(dir: string, changes: { file: string; ops: Op[] }[]): void {
  for (const { file, ops } of changes) {
    const path = join(dir, file);
    if (!existsSync(path)) continue;
    let bytes: Buffer | null = readFileSync(path);
    for (const o of ops) {
      if (bytes === null) break;
      bytes = corrupt(bytes, o);
    }
    if (bytes === null) unlinkSync(path);
    else writeFileSync(path, bytes);
  }
}

const changes = (files: readonly string[]) =>
  fc.array(fc.record({ file: fc.constantFrom(...files), ops: fc.array(op, { minLength: 1, maxLength: 3 }) }), { minLength: 1, maxLength: 3 });

/** Each problem names a file of the data folder (that exists, or existed) and a line within it. */
function expectWellFormedProblems(dataDir: string, problems: { file: string; line: number; message: string }[], originalLines: Map<string, number>): void {
  for (const p of problems) {
    expect(p.message.trim(), JSON.stringify(p)).not.toBe("");
    const abs = isAbsolute(p.file) ? p.file : resolve(p.file);
    const rel = relative(dataDir, abs);
    expect(rel.startsWith(".."), `problem outside the data folder: ${JSON.stringify(p)}`).toBe(false);
    expect(Number.isInteger(p.line) && p.line >= 1, `bad line: ${JSON.stringify(p)}`).toBe(true);
    const lineCount = existsSync(abs) && !rel.startsWith("..") && rel !== "" ? readFileSync(abs, "utf8").split("\n").length : (originalLines.get(rel) ?? 1);
    expect(p.line, `line past the end of ${rel}: ${JSON.stringify(p)}`).toBeLessThanOrEqual(Math.max(lineCount, originalLines.get(rel) ?? 1) + 1);
  }
}

// ---- the properties ----

describe("the data loader under corrupted files", () => {
  it("GIVEN 400 corrupted copies of a small data folder THEN loadData never throws, and every problem names a file and a line", () => {
    const files = Object.keys(FIXTURE_FILES);
    fc.assert(
      fc.property(changes(files), (change) => {
        const dir = mkdtempSync(join(tmpdir(), "brief-fuzz-data-"));
        try {
          writeFixture(dir);
          const lines = new Map(dataFiles(dir).map((f) => [f, readFileSync(join(dir, f), "utf8").split("\n").length]));
          applyAll(dir, change);
          let result: ReturnType<typeof loadData> | undefined;
          expect(() => (result = loadData(dir))).not.toThrow();
          expectWellFormedProblems(dir, result!.problems, lines);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 60 },
    );
  }, 60_000);
});

describe("corruptions the fuzzer found", () => {
  it("GIVEN a byte flipped into an alias (*xample-ministry) THEN a problem on its line, not a ReferenceError", () => {
    const dir = mkdtempSync(join(tmpdir(), "brief-fuzz-alias-"));
    try {
      writeFixture(dir, { "events.yaml": FIXTURE_FILES["events.yaml"]!.replace("actors: [example-ministry]", "actors: [*xample-ministry]") });
      const { problems } = loadData(dir);
      const line = FIXTURE_FILES["events.yaml"]!.split("\n").findIndex((l) => l.includes("actors:")) + 1;
      expect(problems).toEqual([expect.objectContaining({ line, message: expect.stringMatching(/alias/i) })]);
      expect(problems[0]!.file).toMatch(/events\.yaml$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("a live app reloading corrupted copies of the real data", () => {
  let app: BriefApp;
  let dir: string;
  let dataDir: string;
  const PROBES = [
    "/who Rahmon",
    "/search huawei cameras",
    "/timeline 2024",
    "/brief",
    "/figures migration",
    "/event Crocus City Hall",
    "/ask who leads ISIS-K?",
    "/sources",
  ];
  let baseline: string[];
  const answers = async () => Promise.all(PROBES.map(async (line) => (await ask(app, line)).text));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "brief-fuzz-live-"));
    dataDir = join(dir, "data");
    cpSync(REPO_DATA, dataDir, { recursive: true });
    app = await openBrief({ dbPath: join(dir, "brief.sqlite"), dataDir });
    baseline = await answers();
  });
  afterAll(() => {
    app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("GIVEN 60 corrupted reloads THEN each is refused with problems (or accepted when valid), and refusals change nothing", async () => {
    const files = dataFiles(REPO_DATA);
    const lines = new Map(files.map((f) => [f, readFileSync(join(REPO_DATA, f), "utf8").split("\n").length]));
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(changes(files), async (change) => {
        rmSync(dataDir, { recursive: true, force: true });
        cpSync(REPO_DATA, dataDir, { recursive: true });
        applyAll(dataDir, change);
        const before = app.services.knowledge.current;
        const outcome = await app.services.admin!.reload("fuzz");
        if (!outcome.ok) {
          refused++;
          expect(outcome.problems.length).toBeGreaterThan(0);
          expectWellFormedProblems(dataDir, outcome.problems, lines);
          expect(app.services.knowledge.current, "a refused reload replaced the snapshot").toBe(before);
          expect(await answers()).toEqual(baseline);
        } else {
          // Valid after all (say, a swapped pair of blank lines): put the good data back for the next run.
          rmSync(dataDir, { recursive: true, force: true });
          cpSync(REPO_DATA, dataDir, { recursive: true });
          const restored = await app.services.admin!.reload("fuzz restore");
          expect(restored.ok).toBe(true);
          expect(await answers()).toEqual(baseline);
        }
      }),
      { numRuns: 60 },
    );
    // Most corruptions must be caught, or the generator is too timid to test anything.
    expect(refused).toBeGreaterThan(30);
  }, 90_000);
});
