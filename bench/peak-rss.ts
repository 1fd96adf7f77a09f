/**
 * Benchmark 6: each engine's whole-process peak memory, each in a process of its own, read from outside
 * the process (VmHWM in /proc/<pid>/status, once the child says it is ready). The heap-after-GC figures
 * of benchmark 2 leave out SQLite's memory, Node's own and every transient peak while loading: this is
 * what the operating system has to find for each.
 *
 * Runs, in order, on one data folder: Node + tsx alone (the floor); Brief opening it on a new database
 * (a first start: read, validate, build the index); Brief again on the same database with the data
 * unchanged (a restart); MiniSearch indexing the very passages Brief indexed.
 *
 *   npx tsx bench/peak-rss.ts <dataDir> <workDir>     (or through npm run bench -- --only=memory)
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { mb, progress } from "./stats.js";

export interface PeakRun {
  /** Launch to ready, measured by the parent (Node's and tsx's start included). */
  wallMs: number;
  /** The child's own work, from its first line to ready. */
  workMs: number;
  peakRssMB: number;
}

export interface PeakRssResult {
  articles: number;
  node: PeakRun;
  briefFirstStart: PeakRun;
  briefRestart: PeakRun;
  minisearch: PeakRun;
  /** Reading and validating data/, and extracting every article, each alone in one thread (ms). */
  extraction: { loadMs: number; extractMs: number; sentences: number };
}

/** VmHWM (peak resident set) of a live process, in kilobytes; undefined where there is no /proc. */
function peakKB(pid: number): number | undefined {
  const status = `/proc/${pid}/status`;
  if (!existsSync(status)) return undefined;
  const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(status, "utf8"));
  return m ? Number(m[1]) : undefined;
}

function runChild(args: string[]): Promise<PeakRun & { timing?: PeakRssResult["extraction"] }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ["--import", "tsx", join(import.meta.dirname, "peak-rss-child.ts"), ...args], {
      cwd: join(import.meta.dirname, ".."),
      stdio: ["pipe", "pipe", "inherit"],
    });
    let out = "";
    let result: (PeakRun & { timing?: PeakRssResult["extraction"] }) | undefined;
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split("\n").find((l) => l.startsWith('{"ready"'));
      if (!line || result) return;
      const wallMs = Math.round(performance.now() - started);
      const ready = JSON.parse(line) as { ms: number; maxRssKB: number; timing?: PeakRssResult["extraction"] };
      result = { wallMs, workMs: ready.ms, peakRssMB: mb((peakKB(child.pid!) ?? ready.maxRssKB) * 1024), ...(ready.timing ? { timing: ready.timing } : {}) };
      child.stdin.end();
    });
    child.once("exit", (code) => (result && code === 0 ? resolve(result) : reject(new Error(`peak-rss-child ${args[0]} exited with ${code}`))));
  });
}

export async function runPeakRss(dataDir: string, workDir: string): Promise<PeakRssResult> {
  const dbPath = join(workDir, "brief.sqlite");
  const articles = readdirSync(join(dataDir, "articles")).filter((f) => f.endsWith(".md")).length;
  progress(`6. peak RSS at ${articles} articles: Node alone`);
  const node = await runChild(["node"]);
  progress("   Brief, first start (new database)");
  const briefFirstStart = await runChild(["brief", dataDir, dbPath]);
  progress(`   ${briefFirstStart.wallMs} ms, ${briefFirstStart.peakRssMB} MB; Brief, restart with the data unchanged`);
  const briefRestart = await runChild(["brief", dataDir, dbPath]);
  progress(`   ${briefRestart.wallMs} ms, ${briefRestart.peakRssMB} MB; MiniSearch over the same passages`);
  const indexFile = readdirSync(workDir).find((f) => /^brief\.knowledge-[0-9a-f]+\.sqlite$/.test(f));
  if (!indexFile) throw new Error(`no index file in ${workDir}`);
  const minisearch = await runChild(["minisearch", join(workDir, indexFile)]);
  progress(`   ${minisearch.wallMs} ms, ${minisearch.peakRssMB} MB; reading and extracting, each timed alone`);
  const { timing } = await runChild(["extract", dataDir]);
  if (!timing) throw new Error("no timing from the extraction run");
  progress(`   read and validated in ${timing.loadMs} ms, extracted in ${timing.extractMs} ms (${timing.sentences} sentences kept)`);
  return { articles, node, briefFirstStart, briefRestart, minisearch, extraction: timing };
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const [dataDir, workDir] = process.argv.slice(2);
  if (!dataDir || !workDir) throw new Error("usage: bench/peak-rss.ts <dataDir> <workDir>");
  process.stdout.write(`${JSON.stringify(await runPeakRss(dataDir, workDir))}\n`);
}
