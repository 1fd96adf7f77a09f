/**
 * Search hits are quotes: each must be the very passage of the source it names, at the line it names,
 * with the searched words marked in that passage (not in another one). A SQLite change once made every
 * hit show the first match's text under each hit's own source; these tests would have caught it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PassageHit } from "../../src/core/knowledge.js";
import { type MessageDoc, spansToText } from "../../src/core/message.js";
import { normalizeWhitespace } from "../../src/knowledge/catalogue.js";
import { ask, openTestApp, REPO_DATA, sourceText } from "../helpers/app.js";

let app: Awaited<ReturnType<typeof openTestApp>>;
beforeAll(async () => {
  app = await openTestApp();
});
afterAll(() => app.cleanup());

const QUERIES = ["Crocus", "Tajikistan", "surveillance cameras", "Taliban border", "Rahmon", "safe city", "recruitment migrants", "Huawei"];

function sourceLines(sourceId: string): string[] {
  const article = app.services.knowledge.current.catalogue.articles.get(sourceId)!;
  return readFileSync(join(REPO_DATA, "..", article.file), "utf8").split("\n");
}

/** A passage's identity: its source and its place in it. */
const passageKey = (hit: PassageHit) => `${hit.sourceId}#${hit.position}`;

function expectTrueToSource(hit: PassageHit) {
  expect(hit.matches.length).toBeGreaterThan(0);
  for (const [start, end] of hit.matches) expect(0 <= start && start < end && end <= hit.text.length).toBe(true);
  expect(sourceLines(hit.sourceId)[hit.line - 1]).toContain(hit.text);
}

describe("search hits", () => {
  it.each(QUERIES)("for %j, each hit is a different passage, quoted from its own source at its own line", (query) => {
    const result = app.services.knowledge.searchPassages(query, { limit: 20 });
    expect(result.hits.length).toBeGreaterThan(0);
    expect(new Set(result.hits.map(passageKey)).size).toBe(result.hits.length);
    for (const hit of result.hits) expectTrueToSource(hit);
  });

  it("a second page holds other passages than the first, each true to its source", () => {
    const first = app.services.knowledge.searchPassages("Tajikistan", { limit: 5 });
    const second = app.services.knowledge.searchPassages("Tajikistan", { limit: 5, offset: 5 });
    expect(second.hits.length).toBeGreaterThan(0);
    const firstIds = new Set(first.hits.map(passageKey));
    for (const hit of second.hits) {
      expect(firstIds.has(passageKey(hit))).toBe(false);
      expectTrueToSource(hit);
    }
  });

  it("an answer's quotes are sentences of the sources they cite, at the lines they name", () => {
    const answer = app.services.answers.answer("how many people were killed at Crocus City Hall");
    expect(answer.kind).toBe("found");
    if (answer.kind !== "found") return;
    for (const f of answer.findings) {
      for (const q of f.quotes) {
        expect(q.sourceId).toBe(f.sourceId);
        expect(sourceLines(q.sourceId)[q.line - 1]).toContain(q.text);
      }
    }
  });
});

describe("/search", () => {
  /** /search puts each hit as a heading paragraph (title and citation) followed by the marked passage. */
  function hitsOf(doc: MessageDoc): { sourceId: string; text: string }[] {
    const out: { sourceId: string; text: string }[] = [];
    for (let i = 0; i + 1 < doc.blocks.length; i++) {
      const head = doc.blocks[i]!;
      const body = doc.blocks[i + 1]!;
      if (head.t !== "para" || body.t !== "para") continue;
      const cite = head.spans.find((s) => s.t === "cite");
      if (cite?.t !== "cite") continue;
      out.push({ sourceId: doc.citations[cite.n - 1]!.sourceId, text: spansToText(body.spans) });
      i++;
    }
    return out;
  }

  it.each(QUERIES)("for %j, shows each passage under the source it comes from", async (query) => {
    const { doc } = await ask(app, `/search ${query}`);
    const hits = hitsOf(doc);
    expect(hits.length).toBeGreaterThan(0);
    expect(new Set(hits.map((h) => h.text)).size).toBe(hits.length);
    for (const hit of hits) {
      expect(sourceText(hit.sourceId)).toContain(normalizeWhitespace(hit.text));
    }
  });
});
