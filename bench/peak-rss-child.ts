/**
 * One engine in a process of its own, for bench/peak-rss.ts: `node --import tsx bench/peak-rss-child.ts
 * <mode> …`. It does its work, prints one JSON line ({"ready": true, "ms": …}) and then waits for its
 * standard input to close, so the parent can read the process's peak RSS (VmHWM) from outside it.
 *
 *   brief <dataDir> <dbPath>     open Brief over data/ (a new database builds its index; an existing
 *                                one with unchanged data is a restart)
 *   minisearch <indexFile>       index the passages of a Brief index file with MiniSearch
 *   node                         nothing: Node and tsx alone, the floor under both
 *   extract <dataDir>            read and validate data/, then extract every article in this thread, timing each
 *                                step (what extraction adds to an index build, before a worker thread hides it)
 */
import Database from "better-sqlite3";
import MiniSearch from "minisearch";
import { contextFrom, extractArticle, prepareExtraction } from "../src/knowledge/extract/extractor.js";
import { loadData } from "../src/knowledge/loader.js";
import { splitPassages } from "../src/knowledge/passages.js";
import { openBrief } from "../src/root.js";

const [mode, a, b] = process.argv.slice(2);
const started = performance.now();
let close = () => {};
let timing: { loadMs: number; extractMs: number; sentences: number } | undefined;

if (mode === "brief") {
  if (!a || !b) throw new Error("usage: peak-rss-child.ts brief <dataDir> <dbPath>");
  const app = await openBrief({ dbPath: b, dataDir: a });
  close = () => app.close();
} else if (mode === "minisearch") {
  if (!a) throw new Error("usage: peak-rss-child.ts minisearch <indexFile>");
  const db = new Database(a, { readonly: true, fileMustExist: true });
  const mini = new MiniSearch<{ id: number; text: string }>({ fields: ["text"], idField: "id" });
  // Row by row: MiniSearch keeps its index, not the documents, so nothing else stays in memory.
  for (const row of db.prepare("SELECT rowid AS id, text FROM passages").iterate() as IterableIterator<{ id: number; text: string }>) mini.add(row);
  db.close();
  const keep = mini;
  close = () => void keep.documentCount;
} else if (mode === "extract") {
  if (!a) throw new Error("usage: peak-rss-child.ts extract <dataDir>");
  const t0 = performance.now();
  const { catalogue } = loadData(a);
  const t1 = performance.now();
  const prepared = prepareExtraction(catalogue);
  const ctx = contextFrom(prepared.inputs);
  let sentences = 0;
  for (const article of catalogue.articles.values()) {
    const passages = splitPassages(article.lines).map((p) => p.text);
    for (const r of extractArticle({ id: article.id, published: article.meta.published, eventId: prepared.articleEvent(article), passages }, ctx)) {
      sentences += r.sentences.length;
    }
  }
  const t2 = performance.now();
  timing = { loadMs: Math.round(t1 - t0), extractMs: Math.round(t2 - t1), sentences };
} else if (mode !== "node") {
  throw new Error(`unknown mode ${mode}`);
}

// The child's own view of its peak, for platforms without /proc (kilobytes on Linux and macOS alike in Node).
const maxRssKB = process.resourceUsage().maxRSS;
process.stdout.write(`${JSON.stringify({ ready: true, ms: Math.round(performance.now() - started), maxRssKB, ...(timing ? { timing } : {}) })}\n`);
process.stdin.resume();
process.stdin.once("end", () => {
  close();
  process.exit(0);
});
