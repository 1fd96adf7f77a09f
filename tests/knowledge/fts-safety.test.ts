import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extractWords } from "../../src/core/text.js";
import { buildMatch } from "../../src/knowledge/query.js";
import { ask, openTestApp, tempDir } from "../helpers/app.js";
import { writeFixture } from "../helpers/fixture-data.js";

const HOSTILE = [
  "",
  "   ",
  '"',
  '""',
  '"unbalanced',
  "(",
  "())(",
  "AND",
  "OR",
  "NOT",
  "camera AND",
  "NOT camera",
  "camera OR OR network",
  "NEAR(camera network, 2)",
  "camera NEAR network",
  "*",
  "camera*",
  "-camera",
  "camera -network",
  ":",
  "text:camera",
  "{text}: camera",
  "^camera",
  "camera + network",
  "🙂",
  "camera 🙂 network",
  "👨‍👩‍👧‍👦🏳️‍🌈",
  "'; DROP TABLE passages; --",
  "\u0000\u0001\u0002",
  "x".repeat(10_000),
  "camera ".repeat(2_000),
  "Душанбе камера",
  "ﬁve ﬂowers", // ligatures: NFKC folds them
];

describe("FTS5 safety", () => {
  let app: Awaited<ReturnType<typeof openTestApp>>;
  let dir: ReturnType<typeof tempDir>;
  beforeAll(async () => {
    dir = tempDir("brief-fts-");
    app = await openTestApp(writeFixture(dir.path));
  });
  afterAll(() => {
    app.cleanup();
    dir.cleanup();
  });

  it.each(HOSTILE.map((q) => [q.length > 40 ? `${q.slice(0, 20)}… (${q.length} chars)` : JSON.stringify(q), q]))(
    "never throws on %s, in the index or through the commands",
    async (_label, q) => {
      expect(() => app.services.knowledge.searchPassages(q, { limit: 5 })).not.toThrow();
      expect(() => app.services.answers.answer(q)).not.toThrow();
      expect(() => app.services.knowledge.searchRecords(q, ["event"])).not.toThrow();
      for (const command of ["/search", "/ask", "/who", "/event", "/timeline", "/figures", "/brief"]) {
        const { doc } = await ask(app, `${command} ${q}`);
        expect(doc.tone).not.toBe("error");
      }
    },
  );

  it("treats FTS operators as ordinary words", () => {
    expect(buildMatch("camera AND NOT network", "and")).toBe('"camera" "and" "not" "network"');
    expect(buildMatch('NEAR("x" y)*', "or")).toBe('"near" OR "x" OR "y"');
  });

  it("finds nothing to search in symbol-only input", () => {
    expect(buildMatch("*** ((( ::: ---", "and")).toBeNull();
    expect(extractWords("🙂 ¿?")).toEqual([]);
  });

  it("answers an empty or symbol-only search with a hint rather than results", async () => {
    const { doc, text } = await ask(app, "/search *** (((");
    expect(doc.tone).toBe("warn");
    expect(text).toContain("/search huawei cameras");
  });

  it("still finds words wrapped in operators", () => {
    const result = app.services.knowledge.searchPassages('"camera" AND (network)', { limit: 5 });
    expect(result.total).toBe(1);
    const hit = result.hits[0]!;
    expect(hit.matches.map(([start, end]) => hit.text.slice(start, end).toLowerCase())).toContain("camera");
  });
});
