/** Benchmark 8's child: Brief on a copy of data/ polls every feed once while /search commands keep arriving. */
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfig } from "../src/config.js";
import { extractArticle } from "../src/feeds/extract.js";
import { renderPlain } from "../src/render/plain.js";
import { openBrief } from "../src/root.js";
import { listAudit } from "../src/store/audit.js";
import { gc, mb, round, summary } from "./stats.js";

/** What the child prints (one JSON line); the parent adds the sizes. */
export interface FeedsChildResult {
  added: number;
  skipped: number;
  duplicate: number;
  failed: number;
  pollSeconds: number;
  /** Items handled per second, and pages fetched, extracted and written per second. */
  itemsPerSecond: number;
  pagesPerSecond: number;
  reloadSeconds: number;
  heapPeakMB: number;
  rssPeakMB: number;
  heapBeforeMB: number;
  commands: { sent: number; failed: number; p50: number; p99: number; max: number };
  /** Memory kept per extracted page (heap growth over 100 extractions, after a collection). */
  extractKBPerPage: number;
  extractMsPerPage: number;
}

const [dataDir, base, feedCount, samplePage] = process.argv.slice(2) as [string, string, string, string];
const work = mkdtempSync(join(tmpdir(), "brief-bench-feeds-"));
cpSync(dataDir, join(work, "data"), { recursive: true });
const config = parseConfig({ BRIEF_FETCH_ALLOW_PRIVATE: "1", BRIEF_FETCH_HOST_DELAY_MS: "0" });
const app = await openBrief({ dbPath: join(work, "brief.sqlite"), dataDir: join(work, "data"), feeds: config.feeds });
const origin = {
  platform: "console" as const,
  channel: "console:bench" as const,
  chatKind: "private" as const,
  user: { id: "b", name: "bench" },
  isBotAdmin: true,
  isChatAdmin: async () => true,
};

try {
  // What one extraction keeps and costs, alone.
  const html = `<html><head><title>x</title></head><body><nav>menu</nav><article>${samplePage
    .split("\n")
    .map((p) => `<p>${p}</p>`)
    .join("")}</article></body></html>`;
  gc();
  const heap0 = process.memoryUsage().heapUsed;
  const kept: unknown[] = [];
  const t0 = performance.now();
  for (let i = 0; i < 100; i++) kept.push(extractArticle(html, `https://bench.example/${i}`));
  const extractMsPerPage = round((performance.now() - t0) / 100, 2);
  gc();
  const extractKBPerPage = round((process.memoryUsage().heapUsed - heap0) / 100 / 1024, 1);
  kept.length = 0;

  const feeds = Number(feedCount);
  for (let f = 0; f < feeds; f++) await app.feeds.add(`${base}/feed/${f}.xml`, { topics: ["taliban-afghanistan"], words: [] }, { actor: "bench" });
  gc();
  const heapBeforeMB = mb(process.memoryUsage().heapUsed);
  let heapPeak = 0;
  let rssPeak = 0;
  const sample = setInterval(() => {
    const m = process.memoryUsage();
    heapPeak = Math.max(heapPeak, m.heapUsed);
    rssPeak = Math.max(rssPeak, m.rss);
  }, 50);
  const waits: number[] = [];
  let failed = 0;
  let polling = true;
  const commands = (async () => {
    while (polling) {
      const sent = performance.now();
      const doc = await app.dispatch({ kind: "text", text: "/search border cameras" }, origin);
      if (!doc || doc.tone === "error" || renderPlain(doc).length === 0) failed++;
      waits.push(performance.now() - sent);
      await new Promise((r) => setTimeout(r, 25));
    }
  })();
  const started = performance.now();
  const run = await app.poller.poll("all");
  const pollMs = performance.now() - started;
  polling = false;
  await commands;
  clearInterval(sample);
  // The reload that put the new articles live records its time in the audit log.
  const reloadMs = Number(listAudit(app.db, { action: "reload" }).at(-1)?.detail.ms ?? 0);
  const items = run.reports.flatMap((r) => r.items);
  const count = (k: string) => items.filter((i) => i.kind === k).length;
  const s = summary(waits);
  const result: FeedsChildResult = {
    added: count("added"),
    skipped: count("skipped"),
    duplicate: count("duplicate"),
    failed: count("failed"),
    pollSeconds: round(pollMs / 1000, 1),
    itemsPerSecond: round(items.length / (pollMs / 1000), 0),
    pagesPerSecond: round(count("added") / (pollMs / 1000), 1),
    reloadSeconds: round(reloadMs / 1000, 1),
    heapPeakMB: mb(heapPeak),
    rssPeakMB: mb(rssPeak),
    heapBeforeMB,
    commands: { sent: waits.length, failed, p50: round(s.p50, 1), p99: round(s.p99, 1), max: round(s.max, 1) },
    extractKBPerPage,
    extractMsPerPage,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await app.poller.stop();
  app.close();
  rmSync(work, { recursive: true, force: true });
}
