/**
 * Benchmark 1: reply latency of /search, /who and /ask through the real Telegram adapter over the real
 * corpus, against a bare grammY bot that replies with a constant string — both polling the same
 * telegram-test-api (in its own process) with the same empty-poll throttle, measured alternately.
 *
 * The user is the emulator process itself: it sends the command and times the first bot message in that
 * chat, so both bots are measured by the same clock, the same way. Each request uses a fresh private
 * chat (Brief's per-user rate limit stays out of it) and starts after a random pause, so requests land
 * at random points of the polling cycle rather than in step with it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Bot, type Transformer } from "grammy";
import { createTelegramAdapter } from "../src/adapters/telegram/index.js";
import { silentLogger } from "../src/core/log.js";
import { PagerTokens } from "../src/core/pager.js";
import { renderTelegramScreens } from "../src/render/telegram-html.js";
import { openBrief } from "../src/root.js";
import { rng } from "./corpus.js";
import { startEmulatorProcess } from "./emulator.js";
import { progress, round, sleep, summary } from "./stats.js";

/** The empty-poll throttle the e2e tests use (telegram-test-api answers getUpdates at once). */
export const POLL_THROTTLE_MS = 30;
const BARE_TOKEN = "654321:BARE-grammy_baseline";

const COMMANDS: Record<string, string[]> = {
  search: ["/search huawei cameras", "/search crocus city hall", "/search tajik migrants", "/search surveillance", "/search taliban border"],
  who: ["/who ISIS-K", "/who Rahmon", "/who Huawei", "/who Tajikistan", "/who Taliban"],
  ask: [
    "/ask who leads ISIS-K?",
    "/ask why do ISIS-K recruiters target Tajiks?",
    "/ask how much did the cameras cost?",
    "/ask what happened at Crocus City Hall?",
  ],
};

export interface OverheadRow {
  command: string;
  brief: { p50: number; p99: number };
  bare: { p50: number; p99: number };
  ratioP50: number;
  ratioP99: number;
  /** The same command in process, without Telegram: dispatch and HTML rendering (ms). */
  inProcess: { p50: number; p99: number };
}

/** As the adapter's test-only option does: sleep after an empty getUpdates. */
function throttleEmptyPolls(ms: number): Transformer {
  return async (prev, method, payload, signal) => {
    const res = await prev(method, payload, signal);
    if (method === "getUpdates" && res.ok && Array.isArray(res.result) && res.result.length === 0) await sleep(ms);
    return res;
  };
}

export async function runOverhead(dataDir: string, perCommand = 120): Promise<OverheadRow[]> {
  const tmp = mkdtempSync(join(tmpdir(), "brief-bench-overhead-"));
  const emu = await startEmulatorProcess();
  const log = silentLogger();
  const app = await openBrief({ dbPath: join(tmp, "brief.sqlite"), dataDir, log });
  const brief = createTelegramAdapter({
    config: { token: emu.token, apiRoot: emu.apiRoot, adminIds: [] },
    log,
    commands: app.commands,
    pager: new PagerTokens(),
    pollingThrottleMs: POLL_THROTTLE_MS,
  });
  const bare = new Bot(BARE_TOKEN, { client: { apiRoot: emu.apiRoot } });
  bare.api.config.use(throttleEmptyPolls(POLL_THROTTLE_MS));
  bare.command(["search", "who", "ask"], (ctx) => ctx.reply("ok"));
  bare.catch(() => undefined);
  try {
    await brief.start(app.dispatch);
    await new Promise<void>((resolve) => void bare.start({ onStart: () => resolve() }));
    const r = rng(3);
    let chat = 700_000_000;
    const rows: OverheadRow[] = [];
    for (const [name, lines] of Object.entries(COMMANDS)) {
      const b: number[] = [];
      const z: number[] = [];
      // Warm-up: the first replies of each bot pay for JIT and first-use costs.
      for (const line of lines) {
        await emu.measure(emu.token, chat++, line);
        await emu.measure(BARE_TOKEN, chat++, line);
      }
      for (let i = 0; i < perCommand; i++) {
        const line = lines[i % lines.length]!;
        // Alternate which bot goes first, so neither always follows the other.
        const order = i % 2 === 0 ? [true, false] : [false, true];
        for (const isBrief of order) {
          await sleep(r() * POLL_THROTTLE_MS * 1.3);
          const ms = await emu.measure(isBrief ? emu.token : BARE_TOKEN, chat++, line);
          if (Number.isNaN(ms)) throw new Error(`no reply to ${line} from the ${isBrief ? "Brief" : "bare"} bot`);
          (isBrief ? b : z).push(ms);
        }
      }
      const inProcess: number[] = [];
      for (let i = 0; i < perCommand; i++) {
        const t = performance.now();
        const doc = await app.dispatch(
          { kind: "text", text: lines[i % lines.length]! },
          {
            platform: "telegram",
            channel: "telegram:1",
            chatKind: "private",
            user: { id: "1", name: "bench" },
            isBotAdmin: false,
            isChatAdmin: async () => false,
          },
        );
        // As a reply is rendered since #15: its phone-sized screens, buttons and links.
        renderTelegramScreens(doc!, { botUsername: "bench_bot" });
        inProcess.push(performance.now() - t);
      }
      const sb = summary(b);
      const sz = summary(z);
      const si = summary(inProcess);
      rows.push({
        command: `/${name}`,
        brief: { p50: round(sb.p50), p99: round(sb.p99) },
        bare: { p50: round(sz.p50), p99: round(sz.p99) },
        ratioP50: round(sb.p50 / sz.p50),
        ratioP99: round(sb.p99 / sz.p99),
        inProcess: { p50: round(si.p50), p99: round(si.p99) },
      });
      progress(`  /${name}: Brief p50 ${round(sb.p50)} ms p99 ${round(sb.p99)} ms; bare p50 ${round(sz.p50)} ms p99 ${round(sz.p99)} ms`);
    }
    return rows;
  } finally {
    await brief.stop();
    await bare.stop();
    app.close();
    await emu.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const rows = await runOverhead(join(import.meta.dirname, "..", "data"), Number(process.argv[2] ?? 120));
  process.stdout.write(`${JSON.stringify(rows)}\n`);
}
