/**
 * Benchmark 8: one poll of many feeds. This process serves the feeds and their article pages over HTTP on
 * 127.0.0.1 (one host: the politest and slowest case, every request to it one at a time); a child process
 * runs Brief on a copy of data/, polls every feed once, and meanwhile sends a /search every 25 ms, timing
 * each reply. One item in ten matches the feeds' topics and has its page fetched, extracted and written;
 * the rest are judged by their summaries and skipped. Memory is sampled in the child during the poll.
 */
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { FeedsChildResult } from "./feeds-child.js";
import { progress } from "./stats.js";

export type FeedsResult = FeedsChildResult & { feeds: number; itemsPerFeed: number };

const FILLER =
  "The report was discussed at length by readers and officials in the days that followed, and several outlets carried " +
  "their own accounts of the meeting, the statements made there and the reactions of the neighbouring governments.";

const PARAGRAPHS = (n: number) => [
  `Officials in Dushanbe said on Tuesday that the crossings on the Panj river into Afghanistan had been calm this week, according to report ${n}.`,
  `Engineers finished installing ${100 + (n % 400)} cameras along the border, the interior ministry said, and Huawei staff trained the operators.`,
  `The border with Afghanistan runs for more than 1,300 kilometres, much of it along the river, and has long worried officials in Moscow. ${FILLER}`,
  `Rights groups asked how long the footage would be kept. ${FILLER}`,
];

function page(n: number): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Report ${n} | Bench Wire</title>
<meta property="og:title" content="Border report number ${n}"><meta property="og:site_name" content="Bench Wire">
<meta property="article:published_time" content="2024-05-02T10:00:00Z"><script>var tracking = ${n};</script></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav><div class="ad">Advertisement</div>
<main><article><h1>Border report number ${n}</h1>${PARAGRAPHS(n)
    .map((p) => `<p>${p}</p>`)
    .join("")}</article>
<aside class="related"><h3>Related</h3><ul><li><a href="/x">Other story</a></li></ul></aside>
<section class="comments"><div class="comment"><p>First comment on report ${n}, with an opinion about it.</p></div></section></main>
<footer>© Bench Wire</footer></body></html>`;
}

function feed(base: string, f: number, items: number): string {
  const entries: string[] = [];
  for (let i = 0; i < items; i++) {
    const n = f * items + i;
    const matches = i % 10 === 0;
    const description = matches
      ? "A short note from the Afghanistan border."
      : `The weekend's football results from around the league, with the table, the scorers and the next fixtures. ${FILLER}`;
    entries.push(
      `<item><title>${matches ? `Border report number ${n}` : `Football round-up ${n}`}</title><link>${base}/p/${n}</link><guid isPermaLink="false">bench-${n}</guid><description>${description}</description><pubDate>Thu, 02 May 2024 10:00:00 +0000</pubDate></item>`,
    );
  }
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Bench feed ${f}</title><link>${base}/</link><description>bench</description>${entries.join("")}</channel></rss>`;
}

export async function runFeeds(dataDir: string, feeds: number, itemsPerFeed: number): Promise<FeedsResult> {
  let base = "";
  const server = createServer((req, res) => {
    const url = req.url ?? "/";
    const f = /^\/feed\/(\d+)\.xml$/.exec(url);
    const p = /^\/p\/(\d+)$/.exec(url);
    if (f) res.writeHead(200, { "content-type": "application/rss+xml" }).end(feed(base, Number(f[1]), itemsPerFeed));
    else if (p) res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page(Number(p[1])));
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    progress(`8. polling ${feeds} feeds × ${itemsPerFeed} items from a local server`);
    return await new Promise<FeedsResult>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ["--expose-gc", "--import", "tsx", join(import.meta.dirname, "feeds-child.ts"), dataDir, base, String(feeds), PARAGRAPHS(0).join("\n")],
        { cwd: join(import.meta.dirname, ".."), stdio: ["ignore", "pipe", "inherit"] },
      );
      let out = "";
      child.stdout.on("data", (b: Buffer) => (out += b.toString()));
      child.once("exit", (code) => {
        if (code !== 0) return reject(new Error(`bench/feeds-child.ts exited with ${code}`));
        resolve({ feeds, itemsPerFeed, ...(JSON.parse(out.trim().split("\n").pop()!) as FeedsChildResult) });
      });
    });
  } finally {
    server.closeAllConnections();
    server.close();
  }
}
