/**
 * Fault injection for the fault tests: a small HTTP proxy in front of a platform's emulator
 * (telegram-test-api, or the fake Discord's REST API) that lets each call through or fails it the way the
 * network and the platform fail — an error status with a body (429 with retry_after, 500), a connection
 * reset after a long silence before the request reached the server (a timeout), or after it did (the
 * message is delivered, the answer lost). Every call is logged with its time and what was done to it.
 * Also a seeded random number generator, so a run can be replayed.
 */
import { createServer, type IncomingMessage, request, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { expect } from "vitest";
import type { ChannelRef } from "../../src/core/origin.js";
import type { DigestWorker } from "../../src/digest/deliver.js";
import { nextDueAt, sweep } from "../../src/digest/outbox.js";
import { DEFAULT_STALE_AFTER_MS } from "../../src/digest/scheduler.js";
import { addSubscription } from "../../src/digest/subscription-table.js";
import type { Db } from "../../src/store/db.js";
import { seededRandom } from "../helpers/seeded-random.js";

export type Fault =
  | { kind: "pass" }
  /**
   * Answer with this error (the request never reaches the server): a Bot API error body from
   * `description` and `parameters`, unless `payload` (and `headers`) give the platform's own.
   */
  | { kind: "error"; status: number; description: string; parameters?: { retry_after?: number }; payload?: unknown; headers?: Record<string, string> }
  /** Say nothing for `ms`, then reset the connection; the request never reached the server. */
  | { kind: "timeout"; ms: number }
  /** Forward the request (the server acts on it), then reset the connection instead of answering. */
  | { kind: "lost-response" };

export interface ProxiedCall {
  /** The Bot API method ("sendMessage"), or what `identify` names the call. */
  method: string;
  /** The chat or channel the call sends to, as a string. */
  chatId?: string;
  /** performance.now() when the request arrived at the proxy. */
  at: number;
  fault: Fault["kind"];
  status?: number;
}

export interface FaultProxy {
  /** For grammY's client.apiRoot. */
  apiRoot: string;
  calls: ProxiedCall[];
  close(): Promise<void>;
}

/** Names a call and its chat, by path and parsed JSON body. */
export type Identify = (path: string, httpMethod: string, body: Record<string, unknown>) => { method: string; chatId?: string };

/** Telegram's Bot API: /bot<token>/<method>, the chat in the body. */
export const telegramCall: Identify = (path, _httpMethod, body) => ({
  method: /\/bot[^/]+\/([^/?]+)/.exec(path)?.[1] ?? "",
  chatId: body.chat_id === undefined ? undefined : String(body.chat_id),
});

/** `decide` sees each call (method, parsed JSON body, chat) and says what happens to it. */
export async function startFaultProxy(
  target: string,
  decide: (method: string, body: Record<string, unknown>, chatId?: string) => Fault,
  identify: Identify = telegramCall,
): Promise<FaultProxy> {
  const upstream = new URL(target);
  const calls: ProxiedCall[] = [];
  const sockets = new Set<Socket>();

  const forward = (req: IncomingMessage, body: Buffer): Promise<{ status: number; headers: IncomingMessage["headers"]; body: Buffer }> =>
    new Promise((resolve, reject) => {
      const out = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          path: req.url,
          method: req.method,
          headers: { ...req.headers, host: upstream.host, "content-length": String(body.length) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
          res.on("error", reject);
        },
      );
      out.on("error", reject);
      out.end(body);
    });

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        let json: Record<string, unknown> = {};
        try {
          json = body.length ? (JSON.parse(body.toString("utf8")) as Record<string, unknown>) : {};
        } catch {
          // not JSON (a form or multipart body): decided on the method alone
        }
        const { method, chatId } = identify(req.url ?? "", req.method ?? "GET", json);
        const fault = decide(method, json, chatId);
        const call: ProxiedCall = { method, chatId, at: performance.now(), fault: fault.kind };
        calls.push(call);
        switch (fault.kind) {
          case "error": {
            call.status = fault.status;
            const payload = JSON.stringify(
              fault.payload ?? {
                ok: false,
                error_code: fault.status,
                description: fault.description,
                ...(fault.parameters ? { parameters: fault.parameters } : {}),
              },
            );
            res.writeHead(fault.status, { "content-type": "application/json", "content-length": Buffer.byteLength(payload), ...fault.headers }).end(payload);
            return;
          }
          case "timeout":
            setTimeout(() => req.socket.destroy(), fault.ms);
            return;
          case "lost-response":
            await forward(req, body);
            req.socket.destroy();
            return;
          case "pass": {
            const answer = await forward(req, body);
            call.status = answer.status;
            res
              .writeHead(answer.status, { "content-type": String(answer.headers["content-type"] ?? "application/json"), "content-length": answer.body.length })
              .end(answer.body);
            return;
          }
        }
      })().catch(() => req.socket.destroy());
    });
  });
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiRoot: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export { seededRandom };

// ---- what both platforms' fault tests share ----

/** Subscribes each channel daily at the current minute (created an hour ago), so all are due now. */
export function subscribeAllDueNow(db: Db, channels: readonly ChannelRef[]): void {
  const now = Date.now();
  const d = new Date(now);
  const schedule = { kind: "daily" as const, hour: d.getUTCHours(), minute: d.getUTCMinutes(), tz: "UTC" };
  const slot = Math.floor(now / 60_000) * 60_000;
  for (const channel of channels) addSubscription(db, { channel, schedule, createdBy: "fault test", createdAt: slot - 3_600_000 });
}

/**
 * Sweeps and drains as a running bot would, on the real clock: retries wait in the outbox, so it drains
 * again as each falls due, until nothing is left (or the budget is spent). One worker throughout, so a
 * 429's hold carries over from one drain to the next. Returns how long it took, in ms.
 */
export async function deliverEverything(db: Db, worker: DigestWorker, budgetMs = 40_000): Promise<number> {
  const started = Date.now();
  sweep(db, Date.now(), DEFAULT_STALE_AFTER_MS);
  await worker.drain();
  for (let due = nextDueAt(db); due !== undefined && Date.now() - started < budgetMs; due = nextDueAt(db)) {
    await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
    await worker.drain();
  }
  return Date.now() - started;
}

/** Faults injected per chat: how many of each kind. */
export type InjectedFaults = Map<string, Record<Fault["kind"], number>>;

/**
 * A share of the sends fail: 429 (10% of faults), 500 (30%), timeout (25%), lost answer (35%), in the
 * platform's own words (`rateLimited`, `serverError`). The first four faults are one of each kind, so
 * every run has them all. At most two transient faults in a row for one chat, so the outbox's backoff
 * (2 s, then 4 s) fits a test's time; giving up after MAX_TRANSIENT_ATTEMPTS is tested in outbox.test.ts.
 */
export function faultPlan(opts: {
  seed: number;
  share: number;
  isSend: (method: string) => boolean;
  rateLimited: Fault;
  serverError: Fault;
  injected: InjectedFaults;
}): (method: string, body: Record<string, unknown>, chatId?: string) => Fault {
  const random = seededRandom(opts.seed);
  const inARow = new Map<string, number>();
  let faults = 0;
  // Faults owed so far: each send adds the share and each fault pays one, so the share holds in every run,
  // whatever the seed (a coin per send fell under half the share for one seed in a hundred); the seed still
  // decides where the faults fall and of what kind.
  let owed = 0;
  return (method, _body, chatId) => {
    if (!opts.isSend(method) || chatId === undefined) return { kind: "pass" };
    const counts = opts.injected.get(chatId) ?? { pass: 0, error: 0, timeout: 0, "lost-response": 0 };
    opts.injected.set(chatId, counts);
    let fault: Fault = { kind: "pass" };
    owed += opts.share;
    if (owed + random() * 0.5 >= 1) {
      const r = faults < 4 ? [0.05, 0.2, 0.5, 0.9][faults]! : random();
      faults++;
      if (r < 0.1) fault = opts.rateLimited;
      else if (r < 0.4) fault = opts.serverError;
      else if (r < 0.65) fault = { kind: "timeout", ms: 150 + Math.floor(random() * 250) };
      else fault = { kind: "lost-response" };
    }
    const transient = fault.kind === "timeout" || fault.kind === "lost-response" || (fault.kind === "error" && fault.status !== 429);
    if (transient && (inARow.get(chatId) ?? 0) >= 2) fault = { kind: "pass" };
    inARow.set(chatId, fault.kind === "pass" ? 0 : transient ? (inARow.get(chatId) ?? 0) + 1 : (inARow.get(chatId) ?? 0));
    if (fault.kind !== "pass") owed -= 1;
    counts[fault.kind]++;
    return fault;
  };
}

/** How many faults of a kind were injected in all. */
export function injectedTotal(injected: InjectedFaults, kind: Fault["kind"]): number {
  return [...injected.values()].reduce((n, c) => n + c[kind], 0);
}

/** The faults planned really happened, every kind of them (429s and 500s among the errors). Returns how many. */
export function expectEveryFaultKind(sends: readonly ProxiedCall[], injected: InjectedFaults): number {
  const faults = sends.filter((c) => c.fault !== "pass").length;
  expect(faults / sends.length).toBeGreaterThan(0.1);
  for (const k of ["error", "timeout", "lost-response"] as const) expect(injectedTotal(injected, k), k).toBeGreaterThan(0);
  expect(sends.some((c) => c.status === 429)).toBe(true);
  expect(sends.some((c) => c.status === 500)).toBe(true);
  return faults;
}

/**
 * After each 429: the same chat is tried again no sooner than retry_after, and no new send starts on the
 * platform meanwhile. Sends already under way when the 429 came back (at most the others in flight) may still
 * arrive after it, however late a loaded machine delivers them: so they are counted, not timed. They are
 * counted by chat: one send under way may reach the platform more than once, as the HTTP client itself
 * retries a 500 or a reset connection (@discordjs/rest does, at once), and that is still the one send.
 */
export function expectQuietAfter429s(sends: readonly ProxiedCall[], retryAfterS: number, inFlight: number): void {
  const limited = sends.filter((c) => c.status === 429);
  expect(limited.length).toBeGreaterThan(0);
  for (const hit of limited) {
    const next = sends.find((c) => c.chatId === hit.chatId && c.at > hit.at);
    expect(next, `chat ${hit.chatId} was never retried`).toBeDefined();
    expect(next!.at - hit.at, `the retry of chat ${hit.chatId}`).toBeGreaterThanOrEqual(retryAfterS * 1000 - 2);
    const meanwhile = sends.filter((c) => c.at > hit.at && c.at < hit.at + retryAfterS * 1000 - 2 && c.chatId !== hit.chatId);
    expect(
      new Set(meanwhile.map((c) => c.chatId)).size,
      `sent during a 429's hold: ${meanwhile.map((c) => `${c.chatId} at +${Math.round(c.at - hit.at)} ms (${c.fault}${c.status ? ` ${c.status}` : ""})`).join(", ")}`,
    ).toBeLessThanOrEqual(inFlight - 1);
  }
}
