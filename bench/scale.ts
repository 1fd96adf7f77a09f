/**
 * Benchmark 2, one scale in one process: `node --expose-gc --import tsx bench/scale.ts <dataDir> <workDir>`.
 * Opens Brief over the data folder (fresh database), measures load time, database size, memory and the
 * latency of /search and /ask through the dispatcher (and, with {"reload":true}, benchmark 4: a reload
 * while commands keep arriving); then indexes the same passages with MiniSearch in this process and
 * measures the same. Prints one JSON object on stdout; progress on stderr.
 *
 * Memory: the live heap after loading and a full GC is each engine's footprint (MiniSearch's index lives
 * in the heap entirely; Brief adds SQLite's page cache, 2 MB by default). RSS is reported too, but
 * MiniSearch's is understated: it runs after Brief in this process and reuses pages Brief freed.
 */
import { appendFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import MiniSearch from "minisearch";
import type { Origin } from "../src/core/origin.js";
import { attachedIndexFile } from "../src/knowledge/index-file.js";
import { type BriefApp, openBrief } from "../src/root.js";
import { askQuestions, readRealCorpus, searchQueries } from "./corpus.js";
import { gc, mb, progress, round, sleep, summary } from "./stats.js";

export interface ReloadResult {
  articles: number;
  /** The reload itself (validate, rewrite the index, swap), in ms. */
  reloadMs: number;
  /** Commands sent while the reload ran (one every 25 ms from another thread), and how they ended. */
  queriesDuring: number;
  failed: number;
  /** Longest wait of a command sent during the reload, from sending to its reply. */
  maxLatencyMs: number;
  /** How many of them were answered within 3 s (Discord's deadline for a first response). */
  within3s: number;
}

export interface ScaleResult {
  articles: number;
  passages: number;
  textMB: number;
  brief: {
    loadMs: number;
    dbMB: number;
    rssMB: number;
    heapMB: number;
    search: { p50: number; p99: number };
    ask: { p50: number; p99: number };
    /** searchPassages alone (the index), without the command around it. */
    searchEngine: { p50: number; p99: number };
  };
  reload?: ReloadResult;
  minisearch: {
    loadMs: number;
    rssMB: number;
    heapMB: number;
    search: { p50: number; p99: number };
    ask: { p50: number; p99: number };
  };
}

const ORIGIN: Origin = {
  platform: "console",
  channel: "console:bench",
  chatKind: "private",
  user: { id: "bench", name: "bench" },
  isBotAdmin: false,
  isChatAdmin: async () => false,
};

const REAL_DATA = join(import.meta.dirname, "..", "data");

function timeEach<T>(items: readonly T[], fn: (item: T) => unknown, warmup = 10): number[] {
  for (const item of items.slice(0, warmup)) fn(item);
  return items.map((item) => {
    const t = performance.now();
    fn(item);
    return performance.now() - t;
  });
}

async function timeEachAsync<T>(items: readonly T[], fn: (item: T) => Promise<unknown>, warmup = 10): Promise<number[]> {
  for (const item of items.slice(0, warmup)) await fn(item);
  const out: number[] = [];
  for (const item of items) {
    const t = performance.now();
    await fn(item);
    out.push(performance.now() - t);
  }
  return out;
}

const pick = (s: { p50: number; p99: number }) => ({ p50: round(s.p50, 2), p99: round(s.p99, 2) });

/**
 * Benchmark 4: changes one article and reloads, while another thread sends a command every 25 ms (as
 * chat users would, whatever the bot is doing). Each command is dispatched when the main thread gets to
 * it; its latency runs from when it was sent.
 */
async function measureReload(app: BriefApp, dataDir: string, queries: readonly string[]): Promise<ReloadResult> {
  const file = readdirSync(join(dataDir, "articles")).find((f) => f.startsWith("synthetic-")) ?? readdirSync(join(dataDir, "articles"))[0]!;
  appendFileSync(join(dataDir, "articles", file), "\nA paragraph added for the reload benchmark.\n");
  const sender = new Worker(
    `const { parentPort } = require("node:worker_threads");
     const t = setInterval(() => parentPort.postMessage(performance.timeOrigin + performance.now()), 25);
     parentPort.on("message", () => { clearInterval(t); parentPort.close(); });`,
    { eval: true },
  );
  const sent: { at: number; latency?: number; ok?: boolean }[] = [];
  const inFlight: Promise<void>[] = [];
  sender.on("message", (at: number) => {
    const q = { at } as (typeof sent)[number];
    sent.push(q);
    const line = `/search ${queries[sent.length % queries.length]}`;
    inFlight.push(
      app.dispatch({ kind: "text", text: line }, ORIGIN).then(
        (doc) => {
          q.latency = performance.timeOrigin + performance.now() - at;
          q.ok = doc !== null && doc.tone !== "error";
        },
        () => {
          q.ok = false;
        },
      ),
    );
  });
  await sleep(300);
  const t0 = performance.timeOrigin + performance.now();
  const outcome = await app.services.admin!.reload("bench");
  const t1 = performance.timeOrigin + performance.now();
  await sleep(500);
  sender.postMessage("stop");
  await sleep(50);
  await Promise.all(inFlight);
  await sender.terminate();
  if (!outcome.ok || outcome.unchanged) throw new Error("the reload did not rewrite the knowledge");
  const during = sent.filter((q) => q.at >= t0 && q.at <= t1);
  return {
    articles: outcome.summary.counts.article,
    reloadMs: Math.round(t1 - t0),
    queriesDuring: during.length,
    failed: during.filter((q) => !q.ok).length,
    maxLatencyMs: Math.round(Math.max(0, ...during.map((q) => q.latency ?? Infinity))),
    within3s: during.filter((q) => q.ok && (q.latency ?? Infinity) <= 3000).length,
  };
}

export async function runScale(
  dataDir: string,
  workDir: string,
  opts: { searches?: number; asks?: number; miniAsks?: number; reload?: boolean } = {},
): Promise<ScaleResult> {
  const real = readRealCorpus(REAL_DATA);
  const queries = searchQueries(real, opts.searches ?? 200);
  const questions = askQuestions(real, opts.asks ?? 100);
  const dbPath = join(workDir, "brief.sqlite");

  gc();
  const rss0 = process.memoryUsage().rss;
  const heap0 = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const app = await openBrief({ dbPath, dataDir });
  const loadMs = performance.now() - t0;
  gc();
  const rss1 = process.memoryUsage().rss;
  const heap1 = process.memoryUsage().heapUsed;
  app.db.pragma("wal_checkpoint(TRUNCATE)");
  // The state database and the search index file it attaches.
  const dbBytes = statSync(dbPath).size + statSync(attachedIndexFile(app.db)!).size;
  const articles = app.services.knowledge.current.catalogue.articles.size;
  const passages = app.db.prepare("SELECT count(*) AS n, sum(length(text)) AS bytes FROM passages").get() as { n: number; bytes: number };
  progress(`  ${articles} articles, ${passages.n} passages loaded in ${Math.round(loadMs)} ms`);

  const failures: string[] = [];
  const run = (line: string) => async () => {
    const doc = await app.dispatch({ kind: "text", text: line }, ORIGIN);
    if (!doc || doc.tone === "error") failures.push(line);
  };
  const search = await timeEachAsync(queries, (q) => run(`/search ${q}`)());
  const ask = await timeEachAsync(questions, (q) => run(`/ask ${q}`)());
  const engine = timeEach(queries, (q) => app.services.knowledge.searchPassages(q, { limit: 5 }));
  if (failures.length) throw new Error(`commands failed: ${failures.slice(0, 5).join(" | ")}`);
  progress(
    `  Brief: /search p50 ${round(summary(search).p50)} ms p99 ${round(summary(search).p99)} ms; /ask p50 ${round(summary(ask).p50)} ms p99 ${round(summary(ask).p99)} ms`,
  );
  let reload: ReloadResult | undefined;
  if (opts.reload) {
    reload = await measureReload(app, dataDir, queries);
    progress(
      `  reload: ${reload.reloadMs} ms; ${reload.queriesDuring} commands sent meanwhile, ${reload.failed} failed, longest wait ${reload.maxLatencyMs} ms`,
    );
  }

  // MiniSearch gets the very passages Brief indexed; their texts are read before its baseline is taken.
  const rows = app.db.prepare("SELECT rowid AS id, text FROM passages").all() as { id: number; text: string }[];
  const texts: string[] = [];
  for (const r of rows) texts[r.id] = r.text;
  app.close();
  gc();
  const rss2 = process.memoryUsage().rss;
  const heap2 = process.memoryUsage().heapUsed;
  const t1 = performance.now();
  const mini = new MiniSearch<{ id: number; text: string }>({ fields: ["text"], idField: "id" });
  mini.addAll(rows);
  const miniLoadMs = performance.now() - t1;
  gc();
  const rss3 = process.memoryUsage().rss;
  const heap3 = process.memoryUsage().heapUsed;
  // The same contract as searchPassages: every word, or failing that any word; the count and the best five.
  const miniSearch = (q: string) => {
    let hits = mini.search(q, { combineWith: "AND" });
    if (hits.length === 0) hits = mini.search(q, { combineWith: "OR" });
    return { total: hits.length, top: hits.slice(0, 5).map((h) => texts[h.id as number]) };
  };
  const miniAsk = (q: string) => mini.search(q, { combineWith: "OR" }).slice(0, 40);
  const mSearch = timeEach(queries, miniSearch);
  const mAsk = timeEach(questions.slice(0, opts.miniAsks ?? questions.length), miniAsk, 3);
  progress(`  MiniSearch: indexed in ${Math.round(miniLoadMs)} ms; search p50 ${round(summary(mSearch).p50)} ms p99 ${round(summary(mSearch).p99)} ms`);

  return {
    articles,
    passages: passages.n,
    textMB: mb(passages.bytes),
    brief: {
      loadMs: Math.round(loadMs),
      dbMB: mb(dbBytes),
      rssMB: mb(rss1 - rss0),
      heapMB: mb(heap1 - heap0),
      search: pick(summary(search)),
      ask: pick(summary(ask)),
      searchEngine: pick(summary(engine)),
    },
    reload,
    minisearch: {
      loadMs: Math.round(miniLoadMs),
      rssMB: mb(rss3 - rss2),
      heapMB: mb(heap3 - heap2),
      search: pick(summary(mSearch)),
      ask: pick(summary(mAsk)),
    },
  };
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const [dataDir, workDir, options] = process.argv.slice(2);
  if (!dataDir || !workDir) throw new Error("usage: bench/scale.ts <dataDir> <workDir> [options as JSON]");
  const result = await runScale(dataDir, workDir, options ? (JSON.parse(options) as Parameters<typeof runScale>[2]) : {});
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
