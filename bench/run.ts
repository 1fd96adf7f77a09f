/**
 * `npm run bench`: every benchmark in one run, each figure a ratio or a percentile against a baseline
 * measured in the same run. Prints Markdown tables on stdout, progress on stderr, and writes
 * bench/results.json (ignored by git; the top-level README carries the latest table).
 *
 *   npm run bench                  everything (about 8–10 minutes on two cores)
 *   npm run bench -- --quick       smaller sizes, for trying the harness (about a minute)
 *   npm run bench -- --only=scale  one part: overhead | scale | fanout | coldstart | memory | feeds
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { type ColdStartResult, runColdStart } from "./coldstart.js";
import { writeCorpus } from "./corpus.js";
import { type FanoutResult, runFanout } from "./fanout.js";
import { type FeedsResult, runFeeds } from "./feeds.js";
import { type OverheadRow, runOverhead } from "./overhead.js";
import { type PeakRssResult, runPeakRss } from "./peak-rss.js";
import type { ScaleResult } from "./scale.js";
import { progress, round } from "./stats.js";

const REPO = join(import.meta.dirname, "..");
const DATA = join(REPO, "data");
const args = process.argv.slice(2);
const quick = args.includes("--quick");
const only = args.find((a) => a.startsWith("--only="))?.slice("--only=".length);
const want = (part: string) => only === undefined || only === part;

const SIZES = quick
  ? { scales: [5, 1_000, 3_000], fanout: 1_000, perCommand: 30, coldRuns: 3, memory: 3_000, feeds: 20 }
  : { scales: [5, 1_000, 20_000], fanout: 10_000, perCommand: 150, coldRuns: 5, memory: 20_000, feeds: 200 };

interface Results {
  at: string;
  machine: { cpus: number; model: string; node: string; loadAverageAtStart: number[] };
  quick: boolean;
  overhead?: OverheadRow[];
  scale?: ScaleResult[];
  fanout?: FanoutResult;
  coldStart?: ColdStartResult;
  memory?: PeakRssResult;
  feeds?: FeedsResult;
}

/** One scale in its own process (with --expose-gc), so memory figures are that scale's alone. */
function scaleInChild(dataDir: string, workDir: string, options: object): Promise<ScaleResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--expose-gc", "--import", "tsx", join(import.meta.dirname, "scale.ts"), dataDir, workDir, JSON.stringify(options)],
      {
        cwd: REPO,
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let out = "";
    child.stdout.on("data", (b: Buffer) => (out += b.toString()));
    child.once("exit", (code) => {
      if (code !== 0) return reject(new Error(`bench/scale.ts exited with ${code}`));
      resolve(JSON.parse(out.trim().split("\n").pop()!) as ScaleResult);
    });
  });
}

const results: Results = {
  at: new Date().toISOString(),
  machine: { cpus: cpus().length, model: cpus()[0]?.model ?? "?", node: process.version, loadAverageAtStart: loadavg().map((x) => round(x, 2)) },
  quick,
};
const started = Date.now();

if (want("coldstart")) {
  progress("5. cold start");
  results.coldStart = await runColdStart(SIZES.coldRuns);
}
if (want("overhead")) {
  progress("1. command overhead through telegram-test-api");
  results.overhead = await runOverhead(DATA, SIZES.perCommand);
}
if (want("fanout")) {
  progress(`3. digest fan-out to ${SIZES.fanout} subscriptions`);
  results.fanout = await runFanout(DATA, SIZES.fanout, 1000);
}
if (want("feeds")) {
  results.feeds = await runFeeds(DATA, SIZES.feeds, 50);
}
if (want("scale")) {
  results.scale = [];
  const tmp = mkdtempSync(join(tmpdir(), "brief-bench-scale-"));
  try {
    for (const n of SIZES.scales) {
      const largest = n === Math.max(...SIZES.scales);
      let dataDir = DATA;
      if (n > 5) {
        dataDir = join(tmp, `data-${n}`);
        progress(`2. writing a synthetic corpus of ${n} articles`);
        writeCorpus(DATA, dataDir, n);
      }
      const workDir = join(tmp, `work-${n}`);
      mkdirSync(workDir, { recursive: true });
      progress(`2.${largest ? " and 4." : ""} search at ${n} articles${largest ? ", then a reload" : ""}`);
      results.scale.push(await scaleInChild(dataDir, workDir, { reload: largest, miniAsks: largest ? 30 : 100 }));
      rmSync(workDir, { recursive: true, force: true });
      if (n > 5) rmSync(dataDir, { recursive: true, force: true });
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (want("memory")) {
  const tmp = mkdtempSync(join(tmpdir(), "brief-bench-memory-"));
  try {
    const dataDir = join(tmp, "data");
    progress(`6. writing a synthetic corpus of ${SIZES.memory} articles`);
    writeCorpus(DATA, dataDir, SIZES.memory);
    const workDir = join(tmp, "work");
    mkdirSync(workDir, { recursive: true });
    results.memory = await runPeakRss(dataDir, workDir);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

writeFileSync(join(import.meta.dirname, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
progress(`done in ${Math.round((Date.now() - started) / 1000)} s; bench/results.json written`);
process.stdout.write(renderTables(results));

// ---- the tables ----

function renderTables(r: Results): string {
  const lines: string[] = [];
  const yes = (ok: boolean) => (ok ? "met" : "**missed**");
  const row = (cells: (string | number)[]) => lines.push(`| ${cells.join(" | ")} |`);
  lines.push(
    `Measured ${r.at.slice(0, 16).replace("T", " ")} UTC on ${r.machine.cpus} × ${r.machine.model}, Node ${r.machine.node}${r.quick ? " (quick sizes)" : ""}.`,
    "",
  );
  lines.push("| # | what | measured | target | |", "|---|---|---|---|---|");
  for (const o of r.overhead ?? []) {
    row([
      1,
      `${o.command} reply latency ÷ bare grammY bot`,
      `p50 ${o.ratioP50}× (${o.brief.p50} vs ${o.bare.p50} ms), p99 ${o.ratioP99}× (${o.brief.p99} vs ${o.bare.p99} ms)`,
      "≤ 1.3× at p50",
      yes(o.ratioP50 <= 1.3),
    ]);
  }
  const big = r.scale?.at(-1);
  if (big) {
    const ratio = round(big.brief.search.p99 / big.minisearch.search.p99);
    const memory = round(big.brief.heapMB / big.minisearch.heapMB);
    row([
      2,
      `/search at ${big.articles.toLocaleString("en")} articles`,
      `p99 ${big.brief.search.p99} ms (MiniSearch ${big.minisearch.search.p99} ms: ${ratio}×); memory ${memory}× MiniSearch's (${big.brief.heapMB} vs ${big.minisearch.heapMB} MB)`,
      "p99 < 20 ms and ≤ MiniSearch",
      yes(big.brief.search.p99 < 20 && ratio <= 1 && memory <= 1),
    ]);
  }
  if (r.fanout) {
    const f = r.fanout;
    row([
      3,
      `digest fan-out, ${f.subscriptions.toLocaleString("en")} subscriptions at ${f.limitPerSecond}/s`,
      `rate ${f.rateRatio} of the limit (${f.achievedPerSecond}/s; bare one-at-a-time grammY loop ${f.bareSequentialPerSecond}/s); ${f.received429} × 429, ${f.lost} lost, ${f.duplicated} duplicated`,
      "≥ 0.9; 0, 0, 0",
      yes(f.rateRatio >= 0.9 && f.received429 === 0 && f.lost === 0 && f.duplicated === 0),
    ]);
  }
  const rl = r.scale?.find((s) => s.reload)?.reload;
  if (rl) {
    row([
      4,
      `reload of ${rl.articles.toLocaleString("en")} articles`,
      `${rl.reloadMs} ms; ${rl.queriesDuring} commands meanwhile: ${rl.failed} failed, longest wait ${rl.maxLatencyMs} ms, ${rl.within3s} answered within 3 s`,
      "none fails",
      yes(rl.failed === 0),
    ]);
  }
  if (r.coldStart) {
    const c = r.coldStart;
    row([5, "cold start, console, launch → first reply", `p50 ${c.p50} ms (new database ${c.firstMs} ms; Node + tsx alone ${c.nodeBaselineMs} ms)`, "—", ""]);
  }
  const m = r.memory;
  if (m) {
    row([
      6,
      `whole-process peak RSS at ${m.articles.toLocaleString("en")} articles, each engine in its own process`,
      `Brief first start ${m.briefFirstStart.peakRssMB} MB, restart ${m.briefRestart.peakRssMB} MB; MiniSearch ${m.minisearch.peakRssMB} MB (${round(m.briefFirstStart.peakRssMB / m.minisearch.peakRssMB)}×); Node + tsx alone ${m.node.peakRssMB} MB`,
      "≤ MiniSearch",
      yes(m.briefFirstStart.peakRssMB <= m.minisearch.peakRssMB),
    ]);
    row([
      6,
      `start-up at ${m.articles.toLocaleString("en")} articles, launch → ready`,
      `first start ${round(m.briefFirstStart.wallMs / 1000, 1)} s; restart with data/ unchanged ${round(m.briefRestart.wallMs / 1000, 1)} s (${round(m.briefRestart.wallMs / m.briefFirstStart.wallMs)}×)`,
      "restart reuses the index",
      "",
    ]);
    row([
      7,
      `extraction at ${m.articles.toLocaleString("en")} articles, one thread`,
      `${round(m.extraction.extractMs / 1000, 1)} s (${round(m.extraction.extractMs / m.articles, 2)} ms an article), ${m.extraction.sentences.toLocaleString("en")} sentences kept; reading and validating data/ alone: ${round(m.extraction.loadMs / 1000, 1)} s`,
      "—",
      "",
    ]);
  }
  if (r.feeds) {
    const f = r.feeds;
    row([
      8,
      `one poll of ${f.feeds} feeds × ${f.itemsPerFeed} items (one local host)`,
      `${f.pollSeconds} s (${f.itemsPerSecond} items/s; ${f.added} pages fetched, extracted and written: ${f.pagesPerSecond}/s; reload ${f.reloadSeconds} s); heap ${f.heapBeforeMB} → peak ${f.heapPeakMB} MB, RSS peak ${f.rssPeakMB} MB; ${f.commands.sent} /search meanwhile: ${f.commands.failed} failed, p50 ${f.commands.p50} ms, p99 ${f.commands.p99} ms, longest ${f.commands.max} ms`,
      "commands answered meanwhile",
      yes(f.commands.failed === 0 && f.commands.sent > 0),
    ]);
    lines.push(`|  | extraction alone (Readability over linkedom) | ${f.extractMsPerPage} ms and ${f.extractKBPerPage} KB of heap kept per page | — | |`);
  }
  if (r.scale?.length) {
    lines.push("", "Search at scale (benchmark 2): Brief's FTS5 index against MiniSearch over the same passages, in one process.", "");
    lines.push(
      "| articles | passages | text MB | DB MB | load s: Brief / MiniSearch | memory MB: Brief heap (RSS) / MiniSearch heap | /search p50 / p99 ms | index alone p50 / p99 ms | MiniSearch p50 / p99 ms | /ask p50 / p99 ms | MiniSearch OR top 40 p50 / p99 ms | /search p99 ÷ MiniSearch | memory ÷ MiniSearch |",
      "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    );
    for (const s of r.scale) {
      row([
        s.articles.toLocaleString("en"),
        s.passages.toLocaleString("en"),
        s.textMB,
        s.brief.dbMB,
        `${round(s.brief.loadMs / 1000, 1)} / ${round(s.minisearch.loadMs / 1000, 1)}`,
        `${s.brief.heapMB} (${s.brief.rssMB}) / ${s.minisearch.heapMB}`,
        `${s.brief.search.p50} / ${s.brief.search.p99}`,
        `${s.brief.searchEngine.p50} / ${s.brief.searchEngine.p99}`,
        `${s.minisearch.search.p50} / ${s.minisearch.search.p99}`,
        `${s.brief.ask.p50} / ${s.brief.ask.p99}`,
        `${s.minisearch.ask.p50} / ${s.minisearch.ask.p99}`,
        `${round(s.brief.search.p99 / s.minisearch.search.p99)}×`,
        `${round(s.brief.heapMB / Math.max(0.1, s.minisearch.heapMB))}×`,
      ]);
    }
  }
  if (r.overhead?.length) {
    lines.push("", "Command overhead (benchmark 1), with the same commands in process (dispatch + Telegram HTML rendering, no network):", "");
    lines.push("| command | Brief p50 / p99 ms | bare grammY p50 / p99 ms | ratio p50 / p99 | in process p50 / p99 ms |", "|---|---|---|---|---|");
    for (const o of r.overhead)
      row([
        o.command,
        `${o.brief.p50} / ${o.brief.p99}`,
        `${o.bare.p50} / ${o.bare.p99}`,
        `${o.ratioP50} / ${o.ratioP99}`,
        `${o.inProcess.p50} / ${o.inProcess.p99}`,
      ]);
  }
  return `${lines.join("\n")}\n`;
}
