/** The fetcher against a real HTTP server on 127.0.0.1: what a good, safe feed reader does on the wire. */
import { brotliCompressSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { decodeBody } from "../../src/feeds/charset.js";
import { FetchError, Fetcher } from "../../src/feeds/fetcher.js";
import { HostQueue } from "../../src/feeds/host-queue.js";
import { encode1251, type NewsSite, startNewsSite } from "../helpers/news-site.js";

const fetcher = (o: Partial<ConstructorParameters<typeof Fetcher>[0]> = {}) =>
  new Fetcher({ allowPrivate: true, userAgent: "BriefBot/test", maxBytes: 64 * 1024, timeoutMs: 5_000, maxRedirects: 3, hosts: new HostQueue(0), ...o });

async function failure(p: Promise<unknown>): Promise<FetchError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof FetchError)) throw new Error(`expected a FetchError, got ${String(err)}`);
  return err;
}

describe("fetching", () => {
  let site: NewsSite;
  const f = fetcher();
  beforeAll(async () => {
    site = await startNewsSite();
  });
  afterAll(async () => {
    f.close();
    await site.close();
  });

  it("GIVEN a feed with an ETag and Last-Modified WHEN asked again with them THEN a 304 says nothing changed, and the cookie it set is not sent back", async () => {
    site.route("/feed.xml", (req) =>
      req.headers["if-none-match"] === '"v1"'
        ? { status: 304 }
        : {
            headers: {
              "content-type": "application/rss+xml",
              etag: '"v1"',
              "last-modified": "Thu, 02 May 2024 10:00:00 GMT",
              "set-cookie": "session=s1; Path=/",
            },
            body: "<rss/>",
          },
    );
    const first = await f.fetch({ url: site.url("/feed.xml"), wanted: "feed" });
    expect(first).toMatchObject({ status: 200, etag: '"v1"', lastModified: "Thu, 02 May 2024 10:00:00 GMT" });
    const second = await f.fetch({ url: site.url("/feed.xml"), wanted: "feed", etag: '"v1"', lastModified: "Thu, 02 May 2024 10:00:00 GMT" });
    expect(second.status).toBe(304);
    const asked = site.requests.filter((r) => r.path === "/feed.xml").at(-1)!.headers;
    expect(asked).toMatchObject({ "if-none-match": '"v1"', "if-modified-since": "Thu, 02 May 2024 10:00:00 GMT", "user-agent": "BriefBot/test" });
    expect(asked.cookie).toBeUndefined();
  });

  it("GIVEN gzip and brotli bodies THEN both arrive decompressed", async () => {
    site.route("/gz", { headers: { "content-type": "text/html", "content-encoding": "gzip" }, body: gzipSync("<p>gzipped page</p>") });
    site.route("/br", { headers: { "content-type": "text/html", "content-encoding": "br" }, body: brotliCompressSync("<p>brotli page</p>") });
    const gz = await f.fetch({ url: site.url("/gz"), wanted: "page" });
    const br = await f.fetch({ url: site.url("/br"), wanted: "page" });
    expect(gz.status === 200 && gz.body.toString()).toBe("<p>gzipped page</p>");
    expect(br.status === 200 && br.body.toString()).toBe("<p>brotli page</p>");
  });

  it("GIVEN a windows-1251 page THEN its Cyrillic reads right", async () => {
    const text = "Пограничники сообщают о спокойной неделе на Пяндже";
    site.route("/ru", { headers: { "content-type": "text/html; charset=windows-1251" }, body: Buffer.from(encode1251(`<p>${text}</p>`)) });
    const res = await f.fetch({ url: site.url("/ru"), wanted: "page" });
    if (res.status !== 200) throw new Error("expected a body");
    expect(decodeBody(res.body, res.contentType, "html").text).toBe(`<p>${text}</p>`);
  });

  it("GIVEN redirects THEN they are followed a bounded number of times, and a loop is named", async () => {
    site.route("/moved", { status: 301, headers: { location: "/gz" } });
    expect((await f.fetch({ url: site.url("/moved"), wanted: "page" })).url).toBe(site.url("/gz"));
    site.route("/loop-a", { status: 302, headers: { location: "/loop-b" } });
    site.route("/loop-b", { status: 302, headers: { location: "/loop-a" } });
    expect((await failure(f.fetch({ url: site.url("/loop-a"), wanted: "page" }))).message).toMatch(/redirect loop/);
    for (let i = 0; i < 5; i++) site.route(`/hop${i}`, { status: 307, headers: { location: `/hop${i + 1}` } });
    expect((await failure(f.fetch({ url: site.url("/hop0"), wanted: "page" }))).message).toBe("more than 3 redirects");
  });

  it("GIVEN an oversized body, declared or not, or a small gzip that inflates past the cap THEN it is refused", async () => {
    const big = "x".repeat(100 * 1024);
    site.route("/big", { headers: { "content-type": "text/html" }, body: big });
    site.route("/chunked", (_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      for (let i = 0; i < 10; i++) res.write("y".repeat(10 * 1024));
      res.end();
      return undefined;
    });
    site.route("/bomb", { headers: { "content-type": "text/html", "content-encoding": "gzip" }, body: gzipSync(Buffer.alloc(1024 * 1024)) });
    for (const path of ["/big", "/chunked", "/bomb"]) {
      const err = await failure(f.fetch({ url: site.url(path), wanted: "page" }));
      expect(err.kind, path).toBe("refused");
      expect(err.message, path).toMatch(/more than the 0\.06 MB allowed/);
    }
  });

  it("GIVEN an answer of the wrong type THEN it is refused by its Content-Type", async () => {
    site.route("/img", { headers: { "content-type": "image/png" }, body: "PNG" });
    expect((await failure(f.fetch({ url: site.url("/img"), wanted: "page" }))).message).toBe("the answer is image/png, not a web page");
  });

  it("GIVEN a server that stops answering THEN the deadline ends the fetch as a transient failure", async () => {
    site.route("/slow", () => undefined);
    const err = await failure(fetcher({ timeoutMs: 300 }).fetch({ url: site.url("/slow"), wanted: "page" }));
    expect(err).toMatchObject({ kind: "transient" });
    expect(err.message).toMatch(/within 0 s|within 1 s|no complete answer/);
  });

  it("GIVEN two requests to one host at once THEN the second is sent when the first is answered, and its turn's wait does not count against its deadline", async () => {
    let answerFirst!: () => void;
    const firstArrived = new Promise<void>((arrived) =>
      site.route("/first", (_req, res) => {
        answerFirst = () => res.writeHead(200, { "content-type": "text/html" }).end("<p>first</p>");
        arrived();
        return undefined;
      }),
    );
    site.route("/second", { headers: { "content-type": "text/html" }, body: "<p>second</p>" });
    const polite = fetcher({ timeoutMs: 1_000 });
    const first = polite.fetch({ url: site.url("/first"), wanted: "page" });
    const second = polite.fetch({ url: site.url("/second"), wanted: "page" });
    await firstArrived;
    // Another host (the same server by another name) is not kept waiting, and by its answer the second was not sent.
    const port = new URL(site.url("/")).port;
    expect((await polite.fetch({ url: `http://localhost:${port}/second`, wanted: "page" })).status).toBe(200);
    expect(site.requests.filter((r) => r.path === "/second" && r.headers.host === `127.0.0.1:${port}`)).toEqual([]);
    // Ten minutes pass while the second waits its turn: far past its deadline, had the wait counted.
    const now = Date.now();
    const clock = vi.spyOn(Date, "now").mockReturnValue(now + 600_000);
    try {
      answerFirst();
      expect((await first).status).toBe(200);
      const res = await second;
      expect(res.status === 200 && res.body.toString()).toBe("<p>second</p>");
    } finally {
      clock.mockRestore();
      polite.close();
    }
  });

  it("GIVEN a 503 with Retry-After THEN the wait is passed on, and a 404 is permanent", async () => {
    site.route("/busy", { status: 503, headers: { "retry-after": "120" } });
    // The host then gets two minutes' rest from this fetcher, so it is one of its own.
    const polite = fetcher();
    expect(await failure(polite.fetch({ url: site.url("/busy"), wanted: "feed" }))).toMatchObject({ kind: "transient", retryAfterMs: 120_000 });
    polite.close();
    expect(await failure(f.fetch({ url: site.url("/nothing-here"), wanted: "feed" }))).toMatchObject({ kind: "permanent", message: "HTTP 404 Not Found" });
  });

  it("GIVEN a private address WHEN private addresses are not allowed THEN it is refused before any request, by IP, by name and after a redirect", async () => {
    const strict = fetcher({ allowPrivate: false });
    const before = site.requests.length;
    const port = new URL(site.url("/")).port;
    for (const url of [site.url("/gz"), `http://localhost:${port}/gz`, `http://[::1]:${port}/gz`]) {
      const err = await failure(strict.fetch({ url, wanted: "page" }));
      expect(err.kind, url).toBe("refused");
      expect(err.message, url).toMatch(/loopback address: Brief fetches only from public addresses/);
    }
    expect(site.requests.length).toBe(before);
    expect((await failure(strict.fetch({ url: "file:///etc/passwd", wanted: "page" }))).message).toBe("only http and https links are fetched, not file:");
    strict.close();
    // Every hop of a redirect is checked as a new request (scheme here; its address by the same lookup).
    site.route("/to-file", { status: 302, headers: { location: "file:///etc/passwd" } });
    expect((await failure(f.fetch({ url: site.url("/to-file"), wanted: "page" }))).message).toBe("only http and https links are fetched, not file:");
  });
});
