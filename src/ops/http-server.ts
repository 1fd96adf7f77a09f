/**
 * The operator's HTTP endpoints, on a port of their own (BRIEF_HTTP_PORT; the Telegram webhook keeps its
 * own), bound to 127.0.0.1 unless BRIEF_HTTP_HOST says otherwise: they are for the machine's own probes
 * and a Prometheus scraper, not for the internet.
 *
 * - GET /healthz: 200 while the process runs and its event loop turns (it answers at all).
 * - GET /readyz: 200 when every readiness check passes, else 503; JSON naming each check and its reason.
 * - GET /metrics: the Prometheus text format.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "../core/log.js";
import type { ReadinessReport } from "./readiness.js";

export interface OpsEndpoints {
  readiness(): ReadinessReport;
  metrics(): Promise<{ contentType: string; body: string }>;
}

export interface OpsServer {
  readonly port: number;
  readonly host: string;
  close(): Promise<void>;
}

export async function startOpsServer(opts: { port: number; host: string; endpoints: OpsEndpoints; log: Logger }): Promise<OpsServer> {
  const { endpoints, log } = opts;
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
      res.end(req.method === "HEAD" ? undefined : `${JSON.stringify(body)}\n`);
    };
    switch (path) {
      case "/healthz":
        return json(200, { status: "alive", uptimeSeconds: Math.round(process.uptime()) });
      case "/readyz": {
        const report = endpoints.readiness();
        return json(report.ready ? 200 : 503, { status: report.ready ? (report.degraded ? "ready, degraded" : "ready") : "not ready", ...report });
      }
      case "/metrics":
        endpoints.metrics().then(
          ({ contentType, body }) => {
            res.writeHead(200, { "content-type": contentType, "cache-control": "no-store" });
            res.end(req.method === "HEAD" ? undefined : body);
          },
          (err: unknown) => {
            log.error({ err }, "http: collecting metrics failed");
            if (!res.headersSent) res.writeHead(500);
            res.end();
          },
        );
        return;
      default:
        return json(404, { error: "not found", paths: ["/healthz", "/readyz", "/metrics"] });
    }
  });
  // Keep-alive sockets of a scraper must not hold the process open at shutdown.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  log.info({ host: address.address, port: address.port }, "http: health and metrics listening");
  return {
    port: address.port,
    host: address.address,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
