/**
 * Webhook mode: node:http serves grammY's webhookCallback on the URL's path. Telegram sends the secret
 * given to setWebhook in the X-Telegram-Bot-Api-Secret-Token header; webhookCallback answers 401 without it.
 * Long answers must not make Telegram re-deliver the update: after WEBHOOK_TIMEOUT_MS we answer 200 and
 * keep working (onTimeout "return").
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type Bot, webhookCallback } from "grammy";
import type { Logger } from "../../core/log.js";

export const WEBHOOK_TIMEOUT_MS = 9_000;

export interface WebhookServer {
  readonly port: number;
  /** Stops accepting updates and waits for the ones being handled. */
  close(): Promise<void>;
}

/** Where the webhook listens unless told otherwise: loopback, for a TLS proxy on the same host. Never every interface by default. */
export const DEFAULT_WEBHOOK_HOST = "127.0.0.1";

export async function startWebhookServer(opts: { bot: Bot; url: string; port: number; secret: string; log: Logger; host?: string }): Promise<WebhookServer> {
  const { bot, log } = opts;
  const path = new URL(opts.url).pathname || "/";
  const handle = webhookCallback(bot, "http", {
    secretToken: opts.secret,
    onTimeout: "return",
    timeoutMilliseconds: WEBHOOK_TIMEOUT_MS,
  });
  const inFlight = new Set<Promise<unknown>>();

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const reqPath = (req.url ?? "/").split("?")[0];
    if (req.method !== "POST" || reqPath !== path) {
      res.writeHead(404).end();
      return;
    }
    const work = handle(req, res).catch((err: unknown) => {
      // Bad JSON or a failure outside the middleware (which has its own error boundary).
      log.warn({ err }, "telegram: webhook request failed");
      if (!res.headersSent) res.writeHead(400);
      res.end();
    });
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host ?? DEFAULT_WEBHOOK_HOST, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  log.info({ host: opts.host ?? DEFAULT_WEBHOOK_HOST, port, path }, "telegram: webhook server listening");

  return {
    port,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await Promise.allSettled([...inFlight]);
      server.closeAllConnections();
      await closed;
    },
  };
}
