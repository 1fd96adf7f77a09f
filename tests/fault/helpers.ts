/**
 * Fault injection for the fault tests: a small HTTP proxy in front of telegram-test-api that lets each
 * Bot API call through or fails it the way the network and Telegram fail — an error status with a body
 * (429 with retry_after, 500), a connection reset after a long silence before the request reached the
 * server (a timeout), or after it did (the message is delivered, the answer lost). Every call is logged
 * with its time and what was done to it. Also a seeded random number generator, so a run can be replayed.
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export type Fault =
  | { kind: "pass" }
  /** Answer with this Bot API error (the request never reaches the server). */
  | { kind: "error"; status: number; description: string; parameters?: { retry_after?: number } }
  /** Say nothing for `ms`, then reset the connection; the request never reached the server. */
  | { kind: "timeout"; ms: number }
  /** Forward the request (the server acts on it), then reset the connection instead of answering. */
  | { kind: "lost-response" };

export interface ProxiedCall {
  method: string;
  /** sendMessage's chat_id, as a string. */
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

/** `decide` sees each call (method, parsed JSON body) and says what happens to it. */
export async function startFaultProxy(target: string, decide: (method: string, body: Record<string, unknown>) => Fault): Promise<FaultProxy> {
  const upstream = new URL(target);
  const calls: ProxiedCall[] = [];
  const sockets = new Set<Socket>();

  const forward = (req: IncomingMessage, body: Buffer): Promise<{ status: number; headers: IncomingMessage["headers"]; body: Buffer }> =>
    new Promise((resolve, reject) => {
      const out = request(
        { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: { ...req.headers, host: upstream.host, "content-length": String(body.length) } },
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
        const method = /\/bot[^/]+\/([^/?]+)/.exec(req.url ?? "")?.[1] ?? "";
        let json: Record<string, unknown> = {};
        try {
          json = body.length ? (JSON.parse(body.toString("utf8")) as Record<string, unknown>) : {};
        } catch {
          // not JSON (a form or multipart body): decided on the method alone
        }
        const fault = decide(method, json);
        const call: ProxiedCall = { method, chatId: json.chat_id === undefined ? undefined : String(json.chat_id), at: performance.now(), fault: fault.kind };
        calls.push(call);
        switch (fault.kind) {
          case "error": {
            call.status = fault.status;
            const payload = JSON.stringify({ ok: false, error_code: fault.status, description: fault.description, ...(fault.parameters ? { parameters: fault.parameters } : {}) });
            res.writeHead(fault.status, { "content-type": "application/json", "content-length": Buffer.byteLength(payload) }).end(payload);
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
            res.writeHead(answer.status, { "content-type": String(answer.headers["content-type"] ?? "application/json"), "content-length": answer.body.length }).end(answer.body);
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

export { seededRandom } from "../helpers/seeded-random.js";
