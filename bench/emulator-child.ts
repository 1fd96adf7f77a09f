/**
 * telegram-test-api in its own process, so the emulator does not compete with the bot for its event loop
 * (real Telegram is another machine). Started by bench/emulator.ts; talks over IPC.
 *
 * On top of tests/helpers/telegram-emulator.ts it adds, for the benchmarks only:
 * - Telegram's rate limits, enforced (benchmark 3): a sendMessage over the global limit (a sliding
 *   1-second window) or to a chat that had a message less than 1 s ago answers 429 with retry_after,
 *   as Telegram does; accepted sends are counted per chat, with the time they arrived;
 * - a user who measures (benchmark 1): sends a command as a client and times the first bot message
 *   that arrives in that chat, all inside this process.
 */
import { routes } from "telegram-test-api/lib/routes/index.js";
import { startEmulator } from "../tests/helpers/telegram-emulator.js";

type Req = { params: Record<string, string>; body: Record<string, unknown> | undefined };
type Res = { status(code: number): Res; json(v: unknown): void };
type App = { use(path: string, h: (req: Req, res: Res, next: () => void) => void): void };

export type ToChild =
  | { type: "limits"; globalPerSecond: number; perChatPerSecond: number; id: number }
  | { type: "measure"; token: string; chatId: number; text: string; id: number }
  | { type: "stats"; id: number }
  | { type: "reset"; id: number }
  | { type: "stop"; id: number };

export interface SendStats {
  accepted: number;
  rejectedGlobal: number;
  rejectedPerChat: number;
  firstAt: number;
  lastAt: number;
  /** Accepted messages per chat id. */
  perChat: [string, number][];
  /** The most accepted sends seen in any 1-second window. */
  maxPerSecond: number;
  /** CPU time this process used since it started (or the last reset), ms. */
  cpuMs: number;
}

const limits = { globalPerSecond: 0, perChatPerSecond: 0 };
const state = {
  accepted: 0,
  rejectedGlobal: 0,
  rejectedPerChat: 0,
  firstAt: 0,
  lastAt: 0,
  perChat: new Map<string, number>(),
  lastByChat: new Map<string, number>(),
  /** Arrival times of accepted sends within the last second. */
  window: [] as number[],
  windowStart: 0,
  maxPerSecond: 0,
};

let cpuAtReset = process.cpuUsage();

function resetState(): void {
  cpuAtReset = process.cpuUsage();
  Object.assign(state, {
    accepted: 0,
    rejectedGlobal: 0,
    rejectedPerChat: 0,
    firstAt: 0,
    lastAt: 0,
    perChat: new Map(),
    lastByChat: new Map(),
    window: [],
    windowStart: 0,
    maxPerSecond: 0,
  });
}

const limiter = (app: App) => {
  app.use("/bot:token/sendMessage", (req, res, next) => {
    const now = performance.timeOrigin + performance.now();
    const chat = String(req.body?.chat_id);
    const w = state.window;
    while (state.windowStart < w.length && w[state.windowStart]! <= now - 1000) state.windowStart++;
    if (state.windowStart > 10_000) {
      state.window = w.slice(state.windowStart);
      state.windowStart = 0;
    }
    const inWindow = state.window.length - state.windowStart;
    if (limits.globalPerSecond > 0 && inWindow >= limits.globalPerSecond) {
      state.rejectedGlobal++;
      res.status(429).json({ ok: false, error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } });
      return;
    }
    const last = state.lastByChat.get(chat);
    if (limits.perChatPerSecond > 0 && last !== undefined && now - last < 1000 / limits.perChatPerSecond) {
      state.rejectedPerChat++;
      res.status(429).json({ ok: false, error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } });
      return;
    }
    state.window.push(now);
    state.maxPerSecond = Math.max(state.maxPerSecond, inWindow + 1);
    state.lastByChat.set(chat, now);
    state.perChat.set(chat, (state.perChat.get(chat) ?? 0) + 1);
    state.accepted++;
    if (!state.firstAt) state.firstAt = now;
    state.lastAt = now;
    next();
  });
};

// Installed before the helper's routes are put in front of the emulator's own: the helper's recorder
// still sees every call, then this limiter, then the emulator's sendMessage.
(routes as unknown as unknown[]).unshift(limiter);
const emu = await startEmulator({ storeTimeoutSeconds: 3600 });

/** Chat id → resolve the wait for the next bot message there. */
const waiting = new Map<string, (at: number) => void>();
emu.server.on("AddedBotMessage", () => {
  const at = performance.now();
  const list = emu.server.storage.botMessages;
  const last = list[list.length - 1];
  const chat = String(last?.message.chat_id);
  const w = waiting.get(chat);
  if (w) {
    waiting.delete(chat);
    w(at);
  }
});

const reply = (id: number, body: Record<string, unknown>) => process.send!({ id, ...body });

process.on("message", (raw) => {
  const msg = raw as ToChild;
  void (async () => {
    switch (msg.type) {
      case "limits":
        limits.globalPerSecond = msg.globalPerSecond;
        limits.perChatPerSecond = msg.perChatPerSecond;
        return reply(msg.id, {});
      case "reset":
        resetState();
        emu.server.storage.botMessages = [];
        return reply(msg.id, {});
      case "stats": {
        const stats: SendStats = {
          accepted: state.accepted,
          rejectedGlobal: state.rejectedGlobal,
          rejectedPerChat: state.rejectedPerChat,
          firstAt: state.firstAt,
          lastAt: state.lastAt,
          perChat: [...state.perChat.entries()],
          maxPerSecond: state.maxPerSecond,
          cpuMs: Math.round((process.cpuUsage(cpuAtReset).user + process.cpuUsage(cpuAtReset).system) / 1000),
        };
        return reply(msg.id, { stats });
      }
      case "measure": {
        const client = emu.client({ chatId: msg.chatId, userId: msg.chatId, type: "private", firstName: `User${msg.chatId}` }, msg.token);
        const arrived = new Promise<number>((resolve) => waiting.set(String(msg.chatId), resolve));
        const timeout = new Promise<number>((resolve) => setTimeout(() => resolve(NaN), 10_000));
        const start = performance.now();
        await client.sendCommand(client.makeCommand(msg.text));
        const at = await Promise.race([arrived, timeout]);
        waiting.delete(String(msg.chatId));
        return reply(msg.id, { ms: at - start });
      }
      case "stop":
        await emu.stop();
        reply(msg.id, {});
        process.disconnect();
        return;
    }
  })().catch((err: unknown) => reply(msg.id, { error: String(err) }));
});

// If the benchmark dies, so does its emulator.
process.on("disconnect", () => process.exit(0));
process.send!({ id: 0, type: "ready", apiRoot: emu.apiRoot, token: emu.token });
