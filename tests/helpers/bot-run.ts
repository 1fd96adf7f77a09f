/**
 * `brief start` in this process (runBot), with its health and metrics endpoints on a free port, its log
 * kept in memory, and Telegram in webhook mode so no polling loop spins against the emulator: a test
 * posts updates to the webhook port as Telegram would.
 */
import { PassThrough } from "node:stream";
import { type Config, parseConfig } from "../../src/config.js";
import { createLogger } from "../../src/core/log.js";
import { runBot } from "../../src/serve.js";
import { freePort } from "./telegram-emulator.js";

export const WEBHOOK_SECRET = "ops-webhook-secret_42";

export interface BotRun {
  config: Config;
  httpPort: number;
  webhookPort: number;
  logs: Record<string, unknown>[];
  /** The log as written, one JSON line per entry. */
  rawLog: string[];
  /** runBot's exit status, once it has stopped. */
  exited: Promise<number>;
  get(path: string): Promise<{ status: number; text: string; json(): Record<string, unknown> }>;
  /** Waits until `probe` holds, polling every 25 ms (no fixed sleeps). */
  until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs?: number): Promise<T>;
  /** Posts a Telegram update carrying a command to the webhook, as Telegram would. */
  telegram(text: string, chat: { chatId: number; userId: number; type?: "private" | "group" }): Promise<number>;
  stop(): Promise<number>;
}

let updateId = 1000;

export async function startBotRun(env: Record<string, string>, opts: { backoffMs?: number } = {}): Promise<BotRun> {
  const httpPort = await freePort();
  const webhookPort = await freePort();
  const withTelegram = env.TELEGRAM_BOT_TOKEN !== undefined;
  const config = parseConfig({
    BRIEF_HTTP_PORT: String(httpPort),
    ...(withTelegram
      ? { TELEGRAM_WEBHOOK_URL: "https://brief.invalid/telegram", TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET, TELEGRAM_WEBHOOK_PORT: String(webhookPort) }
      : {}),
    ...env,
  });
  const logs: Record<string, unknown>[] = [];
  const rawLog: string[] = [];
  // The logger `brief start` makes, at debug, writing to memory instead of stderr.
  const log = createLogger("debug", "json", {
    write: (s: string) => {
      rawLog.push(s);
      logs.push(JSON.parse(s) as Record<string, unknown>);
    },
  });
  const abort = new AbortController();
  const stdin = new PassThrough() as unknown as NodeJS.ReadStream;
  const stdout = new PassThrough() as unknown as NodeJS.WriteStream;
  const exited = runBot({
    config,
    log,
    stdin,
    stdout,
    signal: abort.signal,
    connectBackoff: { initialMs: opts.backoffMs ?? 50, maxMs: opts.backoffMs ?? 50 },
  });
  const get = async (path: string) => {
    const res = await fetch(`http://127.0.0.1:${httpPort}${path}`);
    const text = await res.text();
    return { status: res.status, text, json: () => JSON.parse(text) as Record<string, unknown> };
  };
  const until = async <T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await probe().catch(() => undefined);
      if (v !== undefined && v !== false) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  // The endpoints come up once the knowledge is loaded.
  await until("the health endpoint", async () => (await get("/healthz")).status === 200);
  return {
    config,
    httpPort,
    webhookPort,
    logs,
    rawLog,
    exited,
    get,
    until,
    async telegram(text, chat) {
      const id = ++updateId;
      const type = chat.type ?? "private";
      const res = await fetch(`http://127.0.0.1:${webhookPort}/telegram`, {
        method: "POST",
        headers: { "content-type": "application/json", "X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET },
        body: JSON.stringify({
          update_id: id,
          message: {
            message_id: id,
            date: Math.floor(Date.now() / 1000),
            chat: type === "private" ? { id: chat.chatId, type, first_name: "Ana" } : { id: chat.chatId, type, title: "Steppe Desk" },
            from: { id: chat.userId, is_bot: false, first_name: "Ana" },
            text,
            entities: [{ type: "bot_command", offset: 0, length: text.split(" ")[0]!.length }],
          },
        }),
      });
      return res.status;
    },
    async stop() {
      abort.abort();
      return exited;
    },
  };
}
