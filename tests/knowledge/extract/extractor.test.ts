/**
 * Extraction in a worker thread (what a large corpus's index build uses) finds exactly what it finds in
 * this thread (what the small real corpus uses).
 */
import { afterEach, describe, expect, it } from "vitest";
import { type Extractor, prepareExtraction, startExtractor } from "../../../src/knowledge/extract/extractor.js";
import { loadData } from "../../../src/knowledge/loader.js";
import { splitPassages } from "../../../src/knowledge/passages.js";
import { REPO_DATA } from "../../helpers/app.js";

describe("the extraction worker", () => {
  const started: Extractor[] = [];
  afterEach(async () => {
    for (const e of started.splice(0)) await e.close();
    delete process.env.BRIEF_EXTRACT_IN_THREAD;
  });

  it("GIVEN the real articles WHEN extracted in a worker and in this thread THEN the results are the same", async () => {
    const { catalogue } = loadData(REPO_DATA);
    const prepared = prepareExtraction(catalogue);
    const jobs = [...catalogue.articles.values()].map((a) => ({
      id: a.id,
      published: a.meta.published,
      eventId: prepared.articleEvent(a),
      passages: splitPassages(a.lines).map((p) => p.text),
    }));
    const worker = await startExtractor(prepared.inputs, 10_000);
    started.push(worker);
    expect(worker.constructor.name).toBe("InWorker");
    process.env.BRIEF_EXTRACT_IN_THREAD = "1";
    const here = await startExtractor(prepared.inputs, 10_000);
    started.push(here);
    expect(here.constructor.name).toBe("InThread");
    const [a, b] = await Promise.all([worker.extract(jobs), here.extract(jobs)]);
    expect(a).toEqual(b);
    expect(a.flat().reduce((n, p) => n + p.sentences.length, 0)).toBeGreaterThan(30);
  }, 30_000);
});
