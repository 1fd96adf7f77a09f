/**
 * telegram-test-api with its gaps filled, for end-to-end tests of the real grammY bot.
 *
 * The emulator (4.2.1) lacks setMyCommands, getChatAdministrators, getChatMember and sendChatAction, and
 * answers anything unknown with HTTP 500. Its route list is an exported mutable array that the server
 * walks in its constructor, so we add our routes in front of it (before the catch-all "unknown method"):
 * - a recorder of every Bot API call (method + body), so tests can assert what the bot asked for;
 * - a one-shot failure injector (`failNext`) to play Telegram errors (403, 429, migrate_to_chat_id …);
 * - the missing methods, with chat admins configurable per chat;
 * - a getUpdates that also delivers raw updates the emulator cannot build (channel_post, anonymous admins).
 * It also binds a free port on 127.0.0.1 (port 0 silently becomes 9000 in the emulator).
 */
import { createServer } from "node:net";
import TelegramServerModule from "telegram-test-api";
import { routes } from "telegram-test-api/lib/routes/index.js";
import type { TelegramServer as TelegramServerType } from "telegram-test-api/lib/telegramServer.js";
import type { TelegramClient } from "telegram-test-api/lib/modules/telegramClient.js";
import type { StoredBotUpdate } from "telegram-test-api/lib/telegramServer.js";
import { assertValidTelegramHtml } from "./telegram-html.js";

// CommonJS default export seen through ESM interop.
const TelegramServer = ((TelegramServerModule as unknown as { default?: unknown }).default ??
  TelegramServerModule) as unknown as new (config: { port: number; host: string; storeTimeout?: number }) => TelegramServerType;

export interface ApiCall {
  method: string;
  token: string;
  body: Record<string, unknown>;
  at: number;
}

export interface InjectedError {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

interface Extra {
  calls: ApiCall[];
  failures: Map<string, InjectedError[]>;
  admins: Map<string, number[]>;
  rawUpdates: { botToken: string; update: Record<string, unknown>; read: boolean }[];
  nextRawUpdateId: number;
}

const extras = new WeakMap<object, Extra>();
function extraOf(server: object): Extra {
  let e = extras.get(server);
  if (!e) {
    e = { calls: [], failures: new Map(), admins: new Map(), rawUpdates: [], nextRawUpdateId: 1_000_000 };
    extras.set(server, e);
  }
  return e;
}

type Req = { params: Record<string, string>; body: Record<string, unknown> | undefined; method: string };
type Res = { json(v: unknown): void; status(code: number): Res };
type Next = () => void;
type App = {
  use(path: string, h: (req: Req, res: Res, next: Next) => void): void;
  all(path: string, h: (req: Req, res: Res, next: Next) => void): void;
};
type Route = (app: App, server: TelegramServerType) => void;

const ok = (res: Res, result: unknown) => res.json({ ok: true, result });

const recorder: Route = (app, server) => {
  app.use("/bot:token/:method", (req, res, next) => {
    const e = extraOf(server);
    const method = req.params.method ?? "";
    const token = req.params.token ?? "";
    // Empty polls would drown everything else; record getUpdates only when asked to fail.
    if (method !== "getUpdates") e.calls.push({ method, token, body: { ...(req.body ?? {}) }, at: Date.now() });
    const queued = e.failures.get(`${token}/${method}`);
    const failure = queued?.shift();
    if (failure) {
      res.status(failure.error_code).json({ ok: false, ...failure });
      return;
    }
    next();
  });
};

const getUpdatesWithRaw: Route = (app, server) => {
  app.all("/bot:token/getUpdates", (req, res) => {
    const token = req.params.token!;
    const e = extraOf(server);
    const standard = server.getUpdates(token) as { update_id: number }[];
    const raw = e.rawUpdates.filter((r) => r.botToken === token && !r.read);
    for (const r of raw) r.read = true;
    ok(res, [...standard, ...raw.map((r) => r.update)].sort((a, b) => (a as { update_id: number }).update_id - (b as { update_id: number }).update_id));
  });
};

const missingMethods: Route = (app, server) => {
  app.all("/bot:token/setMyCommands", (_req, res) => ok(res, true));
  app.all("/bot:token/deleteMyCommands", (_req, res) => ok(res, true));
  app.all("/bot:token/getMyCommands", (req, res) => {
    const last = [...extraOf(server).calls].reverse().find((c) => c.method === "setMyCommands");
    ok(res, last?.body.commands ?? []);
  });
  app.all("/bot:token/sendChatAction", (_req, res) => ok(res, true));
  app.all("/bot:token/getChatAdministrators", (req, res) => {
    const ids = extraOf(server).admins.get(String(req.body?.chat_id)) ?? [];
    ok(
      res,
      ids.map((id, i) => ({ status: i === 0 ? "creator" : "administrator", user: { id, is_bot: false, first_name: `Admin${id}` }, is_anonymous: false })),
    );
  });
  app.all("/bot:token/getChatMember", (req, res) => {
    const ids = extraOf(server).admins.get(String(req.body?.chat_id)) ?? [];
    const userId = Number(req.body?.user_id);
    ok(res, { status: ids.includes(userId) ? "administrator" : "member", user: { id: userId, is_bot: false, first_name: `User${userId}` } });
  });
};

let installed = false;
function installRoutes(): void {
  if (installed) return;
  installed = true;
  const list = routes as unknown as Route[];
  // In front of everything: record and maybe fail, and our getUpdates wins over the built-in one.
  list.unshift(recorder, getUpdatesWithRaw);
  // Before the catch-all "unknown method" route, which is the last one.
  list.splice(list.length - 1, 0, missingMethods);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export const TEST_BOT_TOKEN = "123456:TEST-token_for-brief";
/** The emulator's getMe answers with this username. */
export const EMULATOR_BOT_USERNAME = "TestNameBot";

export interface Emulator {
  server: TelegramServerType;
  /** For grammY's `client.apiRoot`: no trailing slash. */
  apiRoot: string;
  token: string;
  /** Bot API calls made so far (getUpdates excepted), optionally of one method and one bot token. */
  calls(method?: string, token?: string): ApiCall[];
  /** The next call of `method` by the bot with `token` fails with this Telegram error. */
  failNext(method: string, error: InjectedError, token?: string): void;
  setChatAdmins(chatId: number, userIds: number[]): void;
  /** Delivers a raw update (update_id added), e.g. a channel_post the emulator cannot build. */
  injectUpdate(update: Record<string, unknown>, token?: string): void;
  /** A user of the bot with `token` (default TEST_BOT_TOKEN); the client waits up to 5 s, not 1 s. */
  client(options: Parameters<TelegramServerType["getClient"]>[1], token?: string): TelegramClient;
  /** Bot messages in chat `chatId` (sent or edited), in order. */
  botMessages(chatId?: number): StoredBotUpdate[];
  /** Waits until `predicate` holds, polling every 20 ms, or fails after `timeoutMs` with `what`. */
  waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs?: number): Promise<T>;
  /** Waits for at least `count` bot messages in the chat; each is checked as Telegram HTML. */
  waitForBotMessages(chatId: number, count: number, timeoutMs?: number): Promise<StoredBotUpdate[]>;
  stop(): Promise<void>;
}

export async function startEmulator(): Promise<Emulator> {
  installRoutes();
  const port = await freePort();
  const server = new TelegramServer({ port, host: "127.0.0.1" });
  await server.start();
  const extra = extraOf(server);
  const token = TEST_BOT_TOKEN;

  const botMessages = (chatId?: number) =>
    server.storage.botMessages.filter((m) => chatId === undefined || String(m.message.chat_id) === String(chatId));

  async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = probe();
      if (v !== undefined && v !== false) return v;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  return {
    server,
    apiRoot: server.config.apiURL,
    token,
    calls: (method, callToken = token) =>
      extra.calls.filter((c) => (method === undefined || c.method === method) && c.token === callToken),
    failNext(method, error, callToken = token) {
      const key = `${callToken}/${method}`;
      const q = extra.failures.get(key) ?? [];
      q.push(error);
      extra.failures.set(key, q);
    },
    setChatAdmins(chatId, userIds) {
      extra.admins.set(String(chatId), userIds);
    },
    injectUpdate(update, updateToken = token) {
      extra.rawUpdates.push({ botToken: updateToken, update: { update_id: extra.nextRawUpdateId++, ...update }, read: false });
    },
    client: (options, clientToken = token) => server.getClient(clientToken, { timeout: 5000, ...options }),
    botMessages,
    waitFor,
    async waitForBotMessages(chatId, count, timeoutMs = 10_000) {
      const msgs = await waitFor(`${count} bot message(s) in chat ${chatId}`, () => {
        const m = botMessages(chatId);
        return m.length >= count ? m : undefined;
      }, timeoutMs);
      for (const m of msgs) {
        if (m.message.parse_mode === "HTML") assertValidTelegramHtml(m.message.text);
      }
      return msgs;
    },
    async stop() {
      await server.stop();
    },
  };
}
