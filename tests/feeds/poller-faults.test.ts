/** The poller alone, over a real database and a local HTTP server: one item's fault stays that item's. */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../src/core/log.js";
import { insertFeed, listFeeds } from "../../src/feeds/feed-table.js";
import { Fetcher } from "../../src/feeds/fetcher.js";
import { HostQueue } from "../../src/feeds/host-queue.js";
import { FeedPoller } from "../../src/feeds/poller.js";
import { type Db, openDb } from "../../src/store/db.js";
import { tempDir } from "../helpers/app.js";
import { articlePage, type NewsSite, rssFeed, startNewsSite } from "../helpers/news-site.js";

const BORDER = [
  "Officials in Dushanbe said the border crossings into Afghanistan were calm this week, and that engineers had finished new sensors.",
  "The border with Afghanistan runs for more than 1,300 kilometres, much of it along the Panj river, and has long worried officials.",
  "Guards on both sides of the border said traffic at the bridges had returned to what it was before the spring floods closed them.",
];

describe("a feed item that Brief cannot bring in", () => {
  let site: NewsSite;
  let dir: ReturnType<typeof tempDir>;
  let db: Db;
  let fetcher: Fetcher;

  beforeAll(async () => {
    site = await startNewsSite();
    dir = tempDir("brief-poller-");
    db = openDb(join(dir.path, "brief.sqlite"));
    fetcher = new Fetcher({ allowPrivate: true, userAgent: "BriefBot/test", maxBytes: 1_048_576, timeoutMs: 5_000, maxRedirects: 3, hosts: new HostQueue(0) });
    const page = (title: string) => ({
      headers: { "content-type": "text/html" },
      body: articlePage({ title, site: "Wire", paragraphs: BORDER.map((p) => `${title}: ${p}`) }),
    });
    site.route("/news/odd", page("An odd border page"));
    site.route("/news/fine", page("A quiet border"));
    site.route("/rss.xml", {
      headers: { "content-type": "application/rss+xml" },
      body: rssFeed("Wire", [
        { title: "An odd border page", link: site.url("/news/odd"), guid: "odd" },
        { title: "A quiet border", link: site.url("/news/fine"), guid: "fine" },
      ]),
    });
    insertFeed(db, { url: site.url("/rss.xml"), filter: { topics: [], words: [] }, addedBy: "test", addedAt: 0 });
  });
  afterAll(async () => {
    fetcher.close();
    db.close();
    await site.close();
    dir.cleanup();
  });

  it("GIVEN one item whose reading throws THEN that item fails with the reason, to be tried again, and the rest of the poll goes on", async () => {
    const poller = new FeedPoller({
      db,
      fetcher,
      articlesDir: join(dir.path, "data", "articles"),
      topics: () => [{ id: "border", name: "The border", phrases: ["border"] }],
      // Stands in for any fault that is not the page's: the loader's check breaking on this one article.
      validate: (_id, source) => {
        if (source.includes("An odd border page:")) throw new Error("the check broke");
        return [];
      },
      now: Date.now,
      intervalMs: 60_000,
      reload: async () => ({ ok: true, version: 2 }),
      notify: async () => {},
      log: silentLogger(),
    });
    const run = await poller.poll("all");
    expect(run.reports).toHaveLength(1);
    expect(run.reports[0]!.status).toBe("ok");
    expect(run.reports[0]!.items).toEqual([
      { kind: "failed", url: site.url("/news/odd"), title: "An odd border page", reason: "Brief could not bring it in: the check broke" },
      expect.objectContaining({ kind: "added", title: "A quiet border" }),
    ]);
    expect(run.version).toBe(2);
    expect(listFeeds(db)[0]).toMatchObject({ failures: 0, counts: { added: 1, failed: 1 } });
    await poller.stop();
  });
});
