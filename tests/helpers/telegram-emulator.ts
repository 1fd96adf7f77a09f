/**
 * telegram-test-api with its gaps filled, for end-to-end tests of the real grammY bot.
 *
 * The emulator (4.2.1) lacks setMyCommands, getChatAdministrators, getChatMember and sendChatAction, and
 * answers anything unknown with HTTP 500. Its route list is an exported mutable array that the server
 * walks in its constructor, so we add our routes in front of it (before the catch-all "unknown method"):
 * - a recorder of every Bot API call (method + body), so tests can assert what the bot asked for;
 * - a one-shot failure injector (`failNext`) to play Telegram errors (403, 429, migrate_to_chat_id …),
 *   optionally after letting a number of calls through (to fail the second part of a split message);
 * - chats that refuse the bot (`refuseChat`): every send* call to them fails with Telegram's error, as for a
 *   user who blocked the bot;
 * - a hold (`holdNext`): the next call of a method is received, then left unanswered until released, to
 *   play a slow Telegram while the bot waits on it (stop() with a reply in flight);
 * - the missing methods, with chat admins configurable per chat; getChat over chats a test declares
 *   (`setChat`), getChatMember/getChatAdministrators with per-member overrides (`setChatMember`);
 * - a getUpdates that also delivers raw updates the emulator cannot build (channel_post, anonymous admins,
 *   my_chat_member), honouring the bot's allowed_updates for them as Telegram does: the list a poll
 *   sends is remembered until another poll sends one (grammY sends it on the first poll only).
 * It also binds a free port on 127.0.0.1 (port 0 silently becomes 9000 in the emulator).
 */
import { createServer } from "node:net";
import TelegramServerModule from "telegram-test-api";
import type { TelegramClient } from "telegram-test-api/lib/modules/telegramClient.js";
import { routes } from "telegram-test-api/lib/routes/index.js";
import type { StoredBotUpdate, TelegramServer as TelegramServerType } from "telegram-test-api/lib/telegramServer.js";
import { assertValidTelegramHtml } from "./telegram-html.js";

// CommonJS default export seen through ESM interop.
const TelegramServer = ((TelegramServerModule as unknown as { default?: unknown }).default ?? TelegramServerModule) as unknown as new (config: {
  port: number;
  host: string;
  storeTimeout?: number;
}) => TelegramServerType;

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

/** A chat as getChat answers it. */
export interface EmulatedChat {
  id: number;
  type: "private" | "group" | "supergroup" | "channel";
  title?: string;
  username?: string;
  first_name?: string;
}

/** A ChatMember as the Bot API shapes it; `user` is filled in by the emulator. */
export type EmulatedMember = { status: "creator" | "administrator" | "member" | "restricted" | "left" | "kicked" } & Record<string, unknown>;

/** What an administrator may do unless a test says otherwise (every right, as for a fully trusted admin). */
const FULL_ADMIN_RIGHTS = {
  can_be_edited: false,
  is_anonymous: false,
  can_manage_chat: true,
  can_delete_messages: true,
  can_manage_video_chats: true,
  can_restrict_members: true,
  can_promote_members: true,
  can_change_info: true,
  can_invite_users: true,
  can_post_stories: true,
  can_edit_stories: true,
  can_delete_stories: true,
  can_post_messages: true,
  can_edit_messages: true,
  can_pin_messages: true,
};

/** A call the emulator has received and holds unanswered until `release()`. */
export interface HeldCall {
  /** Resolves with the call once the bot has made it (it is then waiting for the answer). */
  arrived: Promise<ApiCall>;
  /** Answers the call as usual (idempotent); stopping the emulator releases every hold. */
  release(): void;
}

interface PendingHold {
  arrive(call: ApiCall): void;
  released: Promise<void>;
  release(): void;
}

/** Telegram's answer to a bot that writes to a user who blocked it. */
export const BLOCKED_BY_USER: InjectedError = { error_code: 403, description: "Forbidden: bot was blocked by the user" };

/**
 * How a broken call fails: the connection is cut before any answer; HTTP 500 with an HTML page (a proxy or
 * load balancer in front of the Bot API); or HTTP 500 with the Bot API's own JSON error.
 */
export type Breakage = "network" | "http-500" | "api-500";

interface Extra {
  calls: ApiCall[];
  /** Calls of these methods fail this way until mended (see breakCalls). */
  broken?: { methods: (method: string) => boolean; how: Breakage };
  failures: Map<string, (InjectedError & { after?: number })[]>;
  /** Chat id → the error every send* call to that chat gets. */
  refusals: Map<string, InjectedError>;
  /** "token/method" → holds waiting for the next such call, first come first held. */
  holds: Map<string, PendingHold[]>;
  /** Holds whose call has arrived and not yet been released. */
  holding: Set<PendingHold>;
  admins: Map<string, number[]>;
  members: Map<string, Map<number, EmulatedMember>>;
  chats: Map<string, EmulatedChat>;
  rawUpdates: { botToken: string; update: Record<string, unknown>; read: boolean }[];
  nextRawUpdateId: number;
  allowedUpdates: Map<string, string[]>;
}

const extras = new WeakMap<object, Extra>();
function extraOf(server: object): Extra {
  let e = extras.get(server);
  if (!e) {
    e = {
      calls: [],
      failures: new Map(),
      refusals: new Map(),
      holds: new Map(),
      holding: new Set(),
      admins: new Map(),
      members: new Map(),
      chats: new Map(),
      rawUpdates: [],
      nextRawUpdateId: 1_000_000,
      allowedUpdates: new Map(),
    };
    extras.set(server, e);
  }
  return e;
}

type Req = { params: Record<string, string>; body: Record<string, unknown> | undefined; method: string; socket: { destroy(): void } };
type Res = { json(v: unknown): void; send(body: string): void; status(code: number): Res };
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
    // Empty polls would drown everything else: getUpdates is not recorded.
    const call: ApiCall = { method, token, body: { ...(req.body ?? {}) }, at: Date.now() };
    if (method !== "getUpdates") e.calls.push(call);
    if (e.broken?.methods(method)) {
      if (e.broken.how === "network") req.socket.destroy();
      else if (e.broken.how === "api-500") res.status(500).json({ ok: false, error_code: 500, description: "Internal Server Error" });
      else res.status(500).send("<html><body><h1>500 Internal Server Error</h1></body></html>");
      return;
    }
    const hold = e.holds.get(`${token}/${method}`)?.shift();
    if (hold) {
      e.holding.add(hold);
      hold.arrive(call);
      void hold.released.then(() => {
        e.holding.delete(hold);
        answer(e, token, method, req, res, next);
      });
      return;
    }
    answer(e, token, method, req, res, next);
  });
};

/** Fails the call when a test asked for it (failNext, refuseChat); otherwise lets the routes answer it. */
function answer(e: Extra, token: string, method: string, req: Req, res: Res, next: Next): void {
  const queued = e.failures.get(`${token}/${method}`);
  const head = queued?.[0];
  if (head?.after) {
    head.after--; // let this call through; fail a later one
  } else if (head) {
    queued!.shift();
    const { after: _after, ...failure } = head;
    res.status(failure.error_code).json({ ok: false, ...failure });
    return;
  }
  const refusal = method.startsWith("send") ? e.refusals.get(String(req.body?.chat_id)) : undefined;
  if (refusal) {
    res.status(refusal.error_code).json({ ok: false, ...refusal });
    return;
  }
  next();
}

const getUpdatesWithRaw: Route = (app, server) => {
  app.all("/bot:token/getUpdates", (req, res) => {
    const token = req.params.token!;
    const e = extraOf(server);
    const asked = parseAllowed(req.body?.allowed_updates);
    if (asked) e.allowedUpdates.set(token, asked);
    const standard = server.getUpdates(token) as { update_id: number }[];
    const raw = e.rawUpdates.filter((r) => r.botToken === token && !r.read);
    for (const r of raw) r.read = true;
    // Telegram never delivers an update type the bot did not ask for (an empty list means the default set,
    // which leaves out chat_member and reactions).
    const allowed = e.allowedUpdates.get(token);
    const wanted = raw
      .map((r) => r.update)
      .filter((u) => {
        const type = Object.keys(u).find((k) => k !== "update_id") ?? "";
        return allowed?.length ? allowed.includes(type) : !["chat_member", "message_reaction", "message_reaction_count"].includes(type);
      });
    ok(
      res,
      [...standard, ...wanted].sort((a, b) => (a as { update_id: number }).update_id - (b as { update_id: number }).update_id),
    );
  });
};

/** An empty list means "the default set" again, as Telegram reads it. */
function parseAllowed(v: unknown): string[] | undefined {
  const list = typeof v === "string" ? (JSON.parse(v) as unknown) : v;
  return Array.isArray(list) ? list.map(String) : undefined;
}

function memberOf(e: Extra, chatId: string, userId: number): EmulatedMember | undefined {
  return e.members.get(chatId)?.get(userId);
}

/** Known chats by id and by "@username" (case-insensitive, as Telegram resolves them). */
function findChat(e: Extra, key: unknown): EmulatedChat | undefined {
  const k = String(key);
  if (k.startsWith("@")) return [...e.chats.values()].find((c) => c.username && `@${c.username}`.toLowerCase() === k.toLowerCase());
  return e.chats.get(k);
}

const chatNotFound = (res: Res) => res.status(400).json({ ok: false, error_code: 400, description: "Bad Request: chat not found" });

const missingMethods: Route = (app, server) => {
  app.all("/bot:token/setMyCommands", (_req, res) => ok(res, true));
  app.all("/bot:token/deleteMyCommands", (_req, res) => ok(res, true));
  app.all("/bot:token/getMyCommands", (_req, res) => {
    const last = [...extraOf(server).calls].reverse().find((c) => c.method === "setMyCommands");
    ok(res, last?.body.commands ?? []);
  });
  app.all("/bot:token/sendChatAction", (_req, res) => ok(res, true));
  // Chats declared with setChat may be named by "@username"; others answer by id as before.
  const chatKey = (e: Extra, chatId: unknown): string => String(findChat(e, chatId)?.id ?? chatId);
  app.all("/bot:token/getChat", (req, res) => {
    const chat = findChat(extraOf(server), req.body?.chat_id);
    if (!chat) return chatNotFound(res);
    ok(res, {
      ...chat,
      accent_color_id: 0,
      max_reaction_count: 11,
      accepted_gift_types: { unlimited_gifts: false, limited_gifts: false, unique_gifts: false, premium_subscription: false },
    });
  });
  app.all("/bot:token/getChatAdministrators", (req, res) => {
    const e = extraOf(server);
    if (String(req.body?.chat_id).startsWith("@") && !findChat(e, req.body?.chat_id)) return chatNotFound(res);
    const key = chatKey(e, req.body?.chat_id);
    const ids = e.admins.get(key) ?? [];
    const listed = ids.map((id, i) => {
      const override = memberOf(e, key, id);
      const base = i === 0 ? { status: "creator", is_anonymous: false } : { status: "administrator", ...FULL_ADMIN_RIGHTS };
      return { ...base, ...override, user: { id, is_bot: id === EMULATOR_BOT_ID, first_name: `Admin${id}` } };
    });
    // Members a test promoted with setChatMember count as admins too; demoted ones drop out.
    const promoted = [...(e.members.get(key) ?? new Map<number, EmulatedMember>())]
      .filter(([id, m]) => !ids.includes(id) && (m.status === "administrator" || m.status === "creator"))
      .map(([id, m]) => ({
        ...(m.status === "administrator" ? FULL_ADMIN_RIGHTS : { is_anonymous: false }),
        ...m,
        user: { id, is_bot: id === EMULATOR_BOT_ID, first_name: `Admin${id}` },
      }));
    ok(
      res,
      [...listed, ...promoted].filter((m) => m.status === "administrator" || m.status === "creator"),
    );
  });
  app.all("/bot:token/getChatMember", (req, res) => {
    const e = extraOf(server);
    const key = chatKey(e, req.body?.chat_id);
    const ids = e.admins.get(key) ?? [];
    const userId = Number(req.body?.user_id);
    const user = { id: userId, is_bot: userId === EMULATOR_BOT_ID, first_name: `User${userId}` };
    const override = memberOf(e, key, userId);
    if (override) return ok(res, { ...(override.status === "administrator" ? FULL_ADMIN_RIGHTS : {}), ...override, user });
    ok(res, ids.includes(userId) ? { status: "administrator", ...FULL_ADMIN_RIGHTS, user } : { status: "member", user });
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
/** The emulator's getMe answers with this username and id (for every token). */
export const EMULATOR_BOT_USERNAME = "TestNameBot";
export const EMULATOR_BOT_ID = 666;

export interface Emulator {
  server: TelegramServerType;
  /** For grammY's `client.apiRoot`: no trailing slash. */
  apiRoot: string;
  token: string;
  /** Bot API calls made so far (getUpdates excepted), optionally of one method and one bot token. */
  calls(method?: string, token?: string): ApiCall[];
  /**
   * The next call of `method` by the bot with `token` fails with this Telegram error; with `after`, that
   * many calls succeed first (e.g. after: 1 fails the second part of a split message).
   */
  failNext(method: string, error: InjectedError, token?: string, options?: { after?: number }): void;
  /**
   * Every call of the methods `methods` accepts fails `how` (the connection cut, or HTTP 500) until
   * breakCalls(undefined) mends them; getUpdates too if `methods` says so.
   */
  breakCalls(methods: ((method: string) => boolean) | undefined, how?: Breakage): void;
  /** Every send* call to this chat fails with `error` from now on (default: 403 blocked by the user). */
  refuseChat(chatId: number, error?: InjectedError): void;
  /** The next call of `method` by the bot with `token` is received and held unanswered until released. */
  holdNext(method: string, token?: string): HeldCall;
  /** The chat's admins, the first one its creator; administrators have every right unless setChatMember says otherwise. */
  setChatAdmins(chatId: number, userIds: number[]): void;
  /** Declares a chat for getChat (by id, and by "@username" when it has one). */
  setChat(chat: EmulatedChat): void;
  /** One member's status and rights in a chat (getChatMember, getChatAdministrators), e.g. the bot without can_post_messages. */
  setChatMember(chatId: number, userId: number, member: EmulatedMember): void;
  /** The allowed_updates the bot with `token` asked for (remembered across polls, as Telegram does). */
  allowedUpdates(token?: string): string[] | undefined;
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

export interface EmulatorOptions {
  /** The emulator forgets stored messages older than this (its default is 60 s). */
  storeTimeoutSeconds?: number;
  /** Listen on this port (a test that starts the emulator where a bot already tries to connect); default a free one. */
  port?: number;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  installRoutes();
  const port = options.port ?? (await freePort());
  const server = new TelegramServer({ port, host: "127.0.0.1", ...(options.storeTimeoutSeconds ? { storeTimeout: options.storeTimeoutSeconds } : {}) });
  await server.start();
  const extra = extraOf(server);
  const token = TEST_BOT_TOKEN;

  const botMessages = (chatId?: number) => server.storage.botMessages.filter((m) => chatId === undefined || String(m.message.chat_id) === String(chatId));

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
    calls: (method, callToken = token) => extra.calls.filter((c) => (method === undefined || c.method === method) && c.token === callToken),
    failNext(method, error, callToken = token, opts = {}) {
      const key = `${callToken}/${method}`;
      const q = extra.failures.get(key) ?? [];
      q.push({ ...error, ...(opts.after ? { after: opts.after } : {}) });
      extra.failures.set(key, q);
    },
    breakCalls(methods, how = "network") {
      extra.broken = methods ? { methods, how } : undefined;
    },
    refuseChat(chatId, error = BLOCKED_BY_USER) {
      extra.refusals.set(String(chatId), error);
    },
    holdNext(method, holdToken = token) {
      let arrive!: (call: ApiCall) => void;
      const arrived = new Promise<ApiCall>((r) => (arrive = r));
      let release!: () => void;
      const released = new Promise<void>((r) => (release = r));
      const key = `${holdToken}/${method}`;
      const pending: PendingHold = { arrive, released, release };
      extra.holds.set(key, [...(extra.holds.get(key) ?? []), pending]);
      return { arrived, release };
    },
    setChatAdmins(chatId, userIds) {
      extra.admins.set(String(chatId), userIds);
    },
    setChat(chat) {
      extra.chats.set(String(chat.id), chat);
    },
    setChatMember(chatId, userId, member) {
      const m = extra.members.get(String(chatId)) ?? new Map<number, EmulatedMember>();
      m.set(userId, member);
      extra.members.set(String(chatId), m);
    },
    allowedUpdates: (pollToken = token) => extra.allowedUpdates.get(pollToken),
    injectUpdate(update, updateToken = token) {
      extra.rawUpdates.push({ botToken: updateToken, update: { update_id: extra.nextRawUpdateId++, ...update }, read: false });
    },
    client: (options, clientToken = token) => server.getClient(clientToken, { timeout: 5000, ...options }),
    botMessages,
    waitFor,
    async waitForBotMessages(chatId, count, timeoutMs = 10_000) {
      const msgs = await waitFor(
        `${count} bot message(s) in chat ${chatId}`,
        () => {
          const m = botMessages(chatId);
          return m.length >= count ? m : undefined;
        },
        timeoutMs,
      );
      for (const m of msgs) {
        if (m.message.parse_mode === "HTML") assertValidTelegramHtml(m.message.text);
      }
      return msgs;
    },
    async stop() {
      for (const hold of extra.holding) hold.release();
      extra.holds.clear();
      await server.stop();
    },
  };
}
