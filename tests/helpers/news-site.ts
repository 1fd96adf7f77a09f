/**
 * A real HTTP server on 127.0.0.1 playing the news sites and feeds Brief follows: routes are set per test,
 * each a status, headers and a body (or a function of the request); every request is logged. Pages come
 * wrapped in the furniture real sites have (navigation, ads, a cookie banner, comments, related links,
 * scripts), so tests can check that none of it reaches data/.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface Route {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export type Handler = Route | ((req: IncomingMessage, res: ServerResponse) => Route | undefined);

export interface NewsSite {
  url(path: string): string;
  route(path: string, handler: Handler): void;
  requests: { path: string; headers: IncomingMessage["headers"] }[];
  close(): Promise<void>;
}

export async function startNewsSite(): Promise<NewsSite> {
  const routes = new Map<string, Handler>();
  const requests: NewsSite["requests"] = [];
  const server: Server = createServer((req, res) => {
    const path = req.url ?? "/";
    requests.push({ path, headers: req.headers });
    const handler = routes.get(path) ?? routes.get(path.split("?")[0]!);
    const route = typeof handler === "function" ? handler(req, res) : handler;
    if (route === undefined && typeof handler === "function") return; // the handler answers itself (or never)
    if (!route) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    res.writeHead(route.status ?? 200, route.headers ?? {});
    res.end(route.body ?? "");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: (path) => `${base}${path}`,
    route: (path, handler) => void routes.set(path, handler),
    requests,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export interface PageSpec {
  title: string;
  site?: string;
  author?: string;
  /** article:published_time */
  published?: string;
  canonical?: string;
  paragraphs: string[];
  lang?: string;
  charset?: string;
}

/** The boilerplate every page carries; none of these words may reach an article file. */
export const BOILERPLATE = [
  "Subscribe to our newsletter",
  "Cheap flights to Dushanbe",
  "We use cookies",
  "Great post! Thanks",
  "Related stories",
  "Another story entirely",
  "All rights reserved",
  "trackEverything",
  "Home World Sport",
];

export function articlePage(p: PageSpec): string {
  return `<!doctype html>
<html lang="${p.lang ?? "en"}"><head>
<meta charset="${p.charset ?? "utf-8"}">
<title>${p.title} | ${p.site ?? "Example Wire"}</title>
<meta property="og:title" content="${p.title}">
${p.site ? `<meta property="og:site_name" content="${p.site}">` : ""}
${p.author ? `<meta name="author" content="${p.author}">` : ""}
${p.published ? `<meta property="article:published_time" content="${p.published}">` : ""}
${p.canonical ? `<link rel="canonical" href="${p.canonical}">` : ""}
<script>window.trackEverything = function () { document.title = "pwned"; }; trackEverything();</script>
<style>.ad { color: red }</style>
</head><body>
<div class="cookie-banner">We use cookies to improve your experience. <button>Accept</button></div>
<header class="site-header"><nav class="main-nav"><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
<div class="ad ad-leaderboard"><a href="https://ads.example/">Cheap flights to Dushanbe — book now!</a></div>
<main>
<article class="story">
<h1>${p.title}</h1>
${p.author ? `<p class="byline">By ${p.author}</p>` : ""}
${p.paragraphs.map((t, i) => (i === 1 ? `<p>${t}</p>\n<div class="advertisement sponsored">Advertisement: Cheap flights to Dushanbe from $99</div>` : `<p>${t}</p>`)).join("\n")}
<div class="share-tools"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>
</article>
<aside class="related-stories"><h3>Related stories</h3><ul><li><a href="/other">Another story entirely, about football</a></li><li><a href="/other2">Another story entirely, about the weather</a></li></ul></aside>
<section id="comments" class="comments"><h3>Comments (2)</h3>
<div class="comment"><p>Great post! Thanks for writing this, it was really informative for me and my family.</p></div>
<div class="comment"><p>I disagree with almost everything said here, but thanks anyway for the long read.</p></div>
</section>
<div class="newsletter-signup"><p>Subscribe to our newsletter for the top stories every morning.</p><form><input name="email"><button>Sign up</button></form></div>
</main>
<footer class="site-footer"><p>© 2024 Example Wire. All rights reserved.</p></footer>
<script>trackEverything();</script>
</body></html>`;
}

export interface ItemSpec {
  title: string;
  link: string;
  guid?: string;
  description?: string;
  pubDate?: string;
}

export function rssFeed(title: string, items: ItemSpec[]): string {
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>${esc(title)}</title><link>http://example.invalid/</link><description>Test feed</description>
${items
  .map(
    (i) => `<item><title>${esc(i.title)}</title><link>${esc(i.link)}</link>${i.guid ? `<guid isPermaLink="false">${esc(i.guid)}</guid>` : ""}
<description>${esc(i.description ?? "")}</description>${i.pubDate ? `<pubDate>${i.pubDate}</pubDate>` : ""}</item>`,
  )
  .join("\n")}
</channel></rss>`;
}

export function atomFeed(title: string, items: ItemSpec[]): string {
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>${esc(title)}</title><id>urn:test:${esc(title)}</id><updated>2024-05-03T00:00:00Z</updated>
${items
  .map(
    (i) => `<entry><id>${esc(i.guid ?? i.link)}</id><title>${esc(i.title)}</title><link rel="alternate" href="${esc(i.link)}"/>
<summary>${esc(i.description ?? "")}</summary>${i.pubDate ? `<published>${i.pubDate}</published>` : ""}<updated>2024-05-03T00:00:00Z</updated></entry>`,
  )
  .join("\n")}
</feed>`;
}

export function jsonFeed(title: string, items: ItemSpec[]): string {
  return JSON.stringify({
    version: "https://jsonfeed.org/version/1.1",
    title,
    items: items.map((i) => ({ id: i.guid ?? i.link, url: i.link, title: i.title, content_text: i.description ?? "", date_published: i.pubDate })),
  });
}

/** The windows-1251 bytes of Russian text (А-я, Ё/ё and the page's punctuation), built without an encoder library. */
export function encode1251(s: string): number[] {
  return [...s].map((ch) => {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) return c;
    if (c >= 0x410 && c <= 0x44f) return c - 0x410 + 0xc0;
    if (c === 0x401) return 0xa8;
    if (c === 0x451) return 0xb8;
    const punctuation = new Map([
      [0x2014, 0x97],
      [0x2013, 0x96],
      [0xa9, 0xa9],
      [0xab, 0xab],
      [0xbb, 0xbb],
    ]);
    const p = punctuation.get(c);
    if (p !== undefined) return p;
    throw new Error(`not in windows-1251: ${ch}`);
  });
}
