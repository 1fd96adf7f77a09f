/**
 * Fetching like a good feed reader, and safely: http and https only; every address checked (safe-lookup.ts)
 * on every hop; redirects followed a bounded number of times, loops detected; conditional GET (ETag,
 * Last-Modified); gzip, deflate and brotli; a size cap counted after decompression; a deadline for the
 * whole exchange (redirects included, the wait for the host's turn not); the response type checked against
 * what was asked for; one request at a time per host (host-queue.ts); no cookies kept or sent. The body
 * comes back as bytes: charset.ts decodes it.
 */
import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import type { Readable } from "node:stream";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import { refusedAddress } from "./address.js";
import { parseContentType } from "./charset.js";
import type { HostQueue } from "./host-queue.js";
import { RefusedAddressError, safeLookup } from "./safe-lookup.js";

export interface FetcherOptions {
  /** BRIEF_FETCH_ALLOW_PRIVATE: let loopback and private addresses through (the tests' local server). */
  allowPrivate: boolean;
  userAgent: string;
  /** The most bytes a body may have once decompressed. */
  maxBytes: number;
  /** The whole exchange, redirects included. */
  timeoutMs: number;
  maxRedirects: number;
  hosts: HostQueue;
}

export type Wanted = "feed" | "page";

export interface FetchRequest {
  url: string;
  wanted: Wanted;
  etag?: string;
  lastModified?: string;
}

export type FetchResult = { status: 200; url: string; contentType: string; body: Buffer; etag?: string; lastModified?: string } | { status: 304; url: string };

/**
 * Why a fetch failed: "refused" (Brief will not fetch this: a private address, a scheme, a type, a size;
 * trying again will not help), "permanent" (the server says no: 404, 410, 403), "transient" (it may pass:
 * a timeout, a 5xx, a 429, a network error), with how long the server asked us to wait.
 */
export class FetchError extends Error {
  constructor(
    readonly kind: "refused" | "permanent" | "transient",
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "FetchError";
  }
}

const ACCEPT: Record<Wanted, string> = {
  feed: "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.1",
  page: "text/html, application/xhtml+xml;q=0.9, */*;q=0.1",
};

/** Media types accepted for each; a feed served as text/html or text/plain is given a chance (the parser decides). */
const ACCEPTED: Record<Wanted, RegExp> = {
  feed: /^(application\/([\w.+-]*\+)?(xml|json)|text\/(xml|html|plain)|application\/(rss|atom|rdf)\+xml|application\/feed\+json)$/,
  page: /^(text\/html|application\/xhtml\+xml)$/,
};

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export class Fetcher {
  private readonly lookup: ReturnType<typeof safeLookup>;
  // Connections are kept open between the requests of one poll (one host is asked for many pages in a row).
  private readonly agents = { "http:": new http.Agent({ keepAlive: true, maxSockets: 4 }), "https:": new https.Agent({ keepAlive: true, maxSockets: 4 }) };

  constructor(private readonly options: FetcherOptions) {
    this.lookup = safeLookup(options.allowPrivate);
  }

  async fetch(request: FetchRequest): Promise<FetchResult> {
    // The deadline is the server's: it counts the time its hops take, not the wait for the host's turn
    // (a request queued behind another's slow answer would otherwise time out without being sent).
    let spentMs = 0;
    const seen = new Set<string>();
    let url = checkUrl(request.url);
    for (let hop = 0; ; hop++) {
      if (seen.has(url.toString())) throw new FetchError("permanent", `redirect loop at ${url.toString()}`);
      seen.add(url.toString());
      const hopUrl = url;
      const response = await this.options.hosts.run(hopUrl.host, async () => {
        const started = Date.now();
        try {
          return await this.once(hopUrl, request, started + this.options.timeoutMs - spentMs);
        } finally {
          spentMs += Date.now() - started;
        }
      });
      if (response.kind === "redirect") {
        if (hop >= this.options.maxRedirects) throw new FetchError("permanent", `more than ${this.options.maxRedirects} redirects`);
        url = checkUrl(response.location, url);
        continue;
      }
      return response.result;
    }
  }

  /** One request, no redirects followed. */
  private once(url: URL, request: FetchRequest, deadline: number): Promise<{ kind: "redirect"; location: string } | { kind: "done"; result: FetchResult }> {
    if (!this.options.allowPrivate) {
      const literal = url.hostname.replace(/^\[|\]$/g, "");
      const why = isIP(literal) ? refusedAddress(literal) : undefined;
      if (why) throw new FetchError("refused", `${literal} is a ${why} address: Brief fetches only from public addresses`);
    }
    const headers: Record<string, string> = {
      "user-agent": this.options.userAgent,
      accept: ACCEPT[request.wanted],
      "accept-encoding": "gzip, deflate, br",
    };
    if (request.etag) headers["if-none-match"] = request.etag;
    if (request.lastModified) headers["if-modified-since"] = request.lastModified;
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new FetchError("transient", `no answer within ${Math.round(this.options.timeoutMs / 1000)} s`);
    const client = url.protocol === "https:" ? https : http;
    return new Promise((resolve, reject) => {
      const timeout = setTimeout(
        () => req.destroy(new FetchError("transient", `no complete answer within ${Math.round(this.options.timeoutMs / 1000)} s`)),
        remaining,
      );
      const fail = (err: unknown) => {
        clearTimeout(timeout);
        reject(classify(err));
      };
      const req = client.request(url, { method: "GET", headers, lookup: this.lookup, agent: this.agents[url.protocol as "http:" | "https:"] }, (res) => {
        this.read(res, url, request)
          .then((r) => {
            clearTimeout(timeout);
            resolve(r);
          })
          .catch((err) => {
            res.destroy();
            fail(err);
          });
      });
      req.on("error", fail);
      req.end();
    });
  }

  private async read(
    res: IncomingMessage,
    url: URL,
    request: FetchRequest,
  ): Promise<{ kind: "redirect"; location: string } | { kind: "done"; result: FetchResult }> {
    const status = res.statusCode ?? 0;
    const header = (name: string) => {
      const v = res.headers[name];
      return Array.isArray(v) ? v[0] : v;
    };
    if (REDIRECTS.has(status)) {
      res.resume();
      const location = header("location");
      if (!location) throw new FetchError("permanent", `HTTP ${status} without a Location`);
      return { kind: "redirect", location };
    }
    if (status === 304) {
      res.resume();
      return { kind: "done", result: { status: 304, url: url.toString() } };
    }
    if (status === 429 || status === 503) {
      res.resume();
      const wait = retryAfterMs(header("retry-after"));
      if (wait !== undefined) this.options.hosts.hold(url.host, wait);
      throw new FetchError("transient", `HTTP ${status}${wait !== undefined ? `, retry after ${Math.round(wait / 1000)} s` : ""}`, wait);
    }
    if (status < 200 || status >= 300) {
      res.resume();
      const kind = status >= 500 || status === 408 ? "transient" : "permanent";
      throw new FetchError(kind, `HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ""}`);
    }
    const contentType = header("content-type") ?? "";
    const { type } = parseContentType(contentType);
    if (type && !ACCEPTED[request.wanted].test(type)) {
      res.resume();
      throw new FetchError("refused", `the answer is ${type}, not ${request.wanted === "feed" ? "a feed" : "a web page"}`);
    }
    const declared = Number(header("content-length"));
    if (Number.isFinite(declared) && declared > this.options.maxBytes) {
      res.resume();
      throw new FetchError("refused", `the answer is ${megabytes(declared)}, more than the ${megabytes(this.options.maxBytes)} allowed`);
    }
    const body = await readCapped(decoded(res, header("content-encoding")), this.options.maxBytes);
    return {
      kind: "done",
      result: { status: 200, url: url.toString(), contentType, body, etag: header("etag"), lastModified: header("last-modified") },
    };
  }

  close(): void {
    this.agents["http:"].destroy();
    this.agents["https:"].destroy();
  }
}

/** The URL if Brief may fetch it (http or https), without credentials or fragment. */
function checkUrl(raw: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    throw new FetchError("refused", `“${raw.slice(0, 100)}” is not a URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new FetchError("refused", `only http and https links are fetched, not ${url.protocol}`);
  url.username = "";
  url.password = "";
  url.hash = "";
  return url;
}

function decoded(res: IncomingMessage, encoding: string | undefined): Readable {
  switch ((encoding ?? "identity").trim().toLowerCase()) {
    case "gzip":
    case "x-gzip":
      return res.pipe(createGunzip());
    case "deflate":
      return res.pipe(createInflate());
    case "br":
      return res.pipe(createBrotliDecompress());
    case "identity":
    case "":
      return res;
    default:
      throw new FetchError("refused", `the answer is compressed as ${encoding}, which Brief does not read`);
  }
}

/** Reads a stream to the end, stopping as soon as it passes the cap (a small gzip can hold a huge body). */
async function readCapped(stream: Readable, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) {
        stream.destroy();
        throw new FetchError("refused", `the answer is more than the ${megabytes(maxBytes)} allowed`);
      }
      chunks.push(chunk as Buffer);
    }
  } catch (err) {
    if (err instanceof FetchError) throw err;
    throw new FetchError("transient", `the answer could not be read: ${(err as Error).message}`);
  }
  return Buffer.concat(chunks);
}

/** Retry-After: seconds, or an HTTP date. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function classify(err: unknown): FetchError {
  if (err instanceof FetchError) return err;
  if (err instanceof RefusedAddressError) return new FetchError("refused", err.message);
  const e = err as NodeJS.ErrnoException;
  if (e.code === "ENOTFOUND" || e.code === "EAI_AGAIN") return new FetchError("transient", `the host was not found (${e.code})`);
  return new FetchError("transient", `${e.code ? `${e.code}: ` : ""}${e.message}`);
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(bytes < 1_048_576 ? 2 : 1)} MB`;
}
