/**
 * Benchmark 5: cold start. Spawns `node bin/brief.js start` (console adapter, stdin piped) with "/help"
 * already written to its stdin, and times launch → the first byte of the reply. The first run starts on
 * a new database (it builds the index); the others reopen it (the knowledge is unchanged, so it is only
 * validated). Baseline in the same run: `node` starting tsx's loader and exiting.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { progress, round, summary } from "./stats.js";

const REPO = join(import.meta.dirname, "..");

function timeToFirstOutput(args: string[], env: Record<string, string>, input?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, {
      cwd: REPO,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? tmpdir(), ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let firstAt: number | undefined;
    let err = "";
    child.stdout.once("data", () => {
      firstAt = performance.now() - started;
      child.stdin.end();
    });
    child.stderr.on("data", (b: Buffer) => (err += b.toString()));
    child.once("exit", (code) => {
      if (input !== undefined && firstAt === undefined) reject(new Error(`no reply (exit ${code}): ${err.slice(0, 500)}`));
      else resolve(firstAt ?? performance.now() - started);
    });
    if (input !== undefined) child.stdin.write(input);
    else child.stdin.end();
  });
}

export interface ColdStartResult {
  runs: number;
  /** Launch → first reply on a new database (index built). */
  firstMs: number;
  /** Launch → first reply on an existing database, p50 and max over the runs. */
  p50: number;
  max: number;
  /** `node --import tsx -e 0`: Node and the TypeScript loader alone. */
  nodeBaselineMs: number;
}

export async function runColdStart(runs = 5): Promise<ColdStartResult> {
  const tmp = mkdtempSync(join(tmpdir(), "brief-bench-cold-"));
  const env = { BRIEF_DB: join(tmp, "brief.sqlite"), BRIEF_DATA: join(REPO, "data"), LOG_LEVEL: "warn" };
  try {
    const start = [join(REPO, "bin/brief.js"), "start"];
    const firstMs = await timeToFirstOutput(start, env, "/help\n");
    progress(`  first start (new database): ${Math.round(firstMs)} ms`);
    const warm: number[] = [];
    for (let i = 0; i < runs; i++) warm.push(await timeToFirstOutput(start, env, "/help\n"));
    const base: number[] = [];
    for (let i = 0; i < runs; i++) base.push(await timeToFirstOutput(["--import", "tsx", "-e", "process.stdout.write('x')"], {}));
    const s = summary(warm);
    progress(`  restart p50 ${Math.round(s.p50)} ms; node + tsx alone p50 ${Math.round(summary(base).p50)} ms`);
    return { runs, firstMs: Math.round(firstMs), p50: Math.round(s.p50), max: Math.round(s.max), nodeBaselineMs: round(summary(base).p50, 0) };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  process.stdout.write(`${JSON.stringify(await runColdStart())}\n`);
}
