/**
 * Property: whatever is asked in the corpus's own words, every answer stays true to its sources. Quotes
 * are exact text of the source they cite, each search hit's passage is in the source named above it,
 * every citation mark points at a listed source, and no source is listed that nothing cites.
 * Random commands built from the real articles' vocabulary and the curated names, over the real corpus.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Block, MessageDoc, Span } from "../../src/core/message.js";
import { spansToText } from "../../src/core/message.js";
import { normalizeWhitespace } from "../../src/knowledge/catalogue.js";
import { loadData } from "../../src/knowledge/loader.js";
import { openTestApp, privateOrigin, REPO_DATA, sourceText } from "../helpers/app.js";

const RUNS = 400;

let app: Awaited<ReturnType<typeof openTestApp>>;
beforeAll(async () => {
  app = await openTestApp();
});
afterAll(() => app.cleanup());

// ---- what people ask, in the corpus's words ----

const catalogue = loadData(REPO_DATA).catalogue;
const vocabulary = [...new Set([...catalogue.articles.values()].flatMap((a) => a.normalizedText.toLowerCase().match(/[\p{L}][\p{L}'-]{2,}/gu) ?? []))];
const names = [
  ...[...catalogue.entities.values()].flatMap((e) => [e.record.name, ...e.record.aliases]),
  ...[...catalogue.events.values()].map((e) => e.record.title),
  ...[...catalogue.topics.values()].flatMap((t) => [t.record.name, ...t.record.keywords]),
  ...[...catalogue.figures.values()].map((f) => f.record.measure),
];

const word = fc.constantFrom(...vocabulary);
const words = (min: number, max: number) => fc.array(word, { minLength: min, maxLength: max }).map((w) => w.join(" "));
const name = fc.constantFrom(...names);
const nameOrWords = fc.oneof(name, words(1, 3));

const command: fc.Arbitrary<string | { line: string; page: number }> = fc.oneof(
  words(1, 3).map((q) => `/search ${q}`),
  fc.tuple(words(1, 3), fc.integer({ min: 2, max: 4 })).map(([q, page]) => ({ line: `/search ${q}`, page })),
  fc.tuple(fc.constantFrom("what", "who", "how many", "why", "when"), words(2, 6)).map(([w, q]) => `/ask ${w} ${q}?`),
  nameOrWords.map((n) => `/who ${n}`),
  nameOrWords.map((n) => `/event ${n}`),
  nameOrWords.map((n) => `/brief ${n}`),
  nameOrWords.map((n) => `/figures ${n}`),
  fc.constantFrom("/timeline", "/timeline 2024", "/timeline 2015 2021", "/sources", "/brief", "/figures"),
);

// ---- what every answer must satisfy ----

function citesIn(spans: Span[], into: Set<number>): void {
  for (const s of spans) {
    if (s.t === "cite") into.add(s.n);
    else if ("children" in s) citesIn(s.children, into);
  }
}

function citesOf(block: Block, into: Set<number>): void {
  switch (block.t) {
    case "para":
      return citesIn(block.spans, into);
    case "list":
      for (const item of block.items) citesIn(item, into);
      return;
    case "fields":
      for (const f of block.fields) citesIn(f.value, into);
      return;
    case "quote":
      into.add(block.cite);
      return;
    case "heading":
      return;
  }
}

function expectGrounded(line: string, doc: MessageDoc): void {
  const cited = new Set<number>();
  for (const block of doc.blocks) citesOf(block, cited);
  for (const n of cited) expect(n, `${line}: citation [${n}] of ${doc.citations.length}`).toBeGreaterThanOrEqual(1);
  for (const n of cited) expect(n, `${line}: citation [${n}] of ${doc.citations.length}`).toBeLessThanOrEqual(doc.citations.length);
  for (const i of doc.citations.keys()) expect(cited.has(i + 1), `${line}: source [${i + 1}] is listed but nothing cites it`).toBe(true);

  for (const [i, block] of doc.blocks.entries()) {
    if (block.t === "quote") {
      const source = doc.citations[block.cite - 1]!.sourceId;
      expect(sourceText(source), `${line}: a quote not in ${source}`).toContain(normalizeWhitespace(block.text));
    }
    // /search: a heading paragraph (title and one citation) and then the passage with its matches marked.
    const next = doc.blocks[i + 1];
    if (line.startsWith("/search") && block.t === "para" && next?.t === "para" && next.spans.some((s) => s.t === "mark")) {
      const cite = block.spans.find((s) => s.t === "cite");
      if (cite?.t !== "cite") continue;
      const source = doc.citations[cite.n - 1]!.sourceId;
      expect(sourceText(source), `${line}: a hit not in ${source}`).toContain(normalizeWhitespace(spansToText(next.spans)));
    }
  }
}

describe("grounding, for any question in the corpus's words", () => {
  it(`holds for ${RUNS} random commands`, async () => {
    let answeredWithSources = 0;
    await fc.assert(
      fc.asyncProperty(command, async (asked) => {
        const { line, page } = typeof asked === "string" ? { line: asked, page: 1 } : asked;
        const doc = await app.dispatch({ kind: "text", text: line, page }, privateOrigin());
        expect(doc, line).not.toBeNull();
        expectGrounded(line, doc!);
        if (doc!.citations.length > 0) answeredWithSources++;
      }),
      { numRuns: RUNS, seed: 20261122 },
    );
    // The words are the corpus's own: most questions find something to cite, so the checks above bite.
    expect(answeredWithSources).toBeGreaterThan(RUNS / 2);
  });
});
