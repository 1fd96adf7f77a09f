/**
 * `brief start` as it runs (in this process): at start its digest scheduler takes the lease and its tick polls
 * the feeds that are due; the article fetched goes live through the ordinary reload, and /metrics says so.
 */
import { cpSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.js";
import { openBrief } from "../../src/root.js";
import { REPO_DATA, tempDir } from "../helpers/app.js";
import { type BotRun, startBotRun } from "../helpers/bot-run.js";
import { articlePage, type NewsSite, rssFeed, startNewsSite } from "../helpers/news-site.js";
import { parsePrometheus, sampleValue } from "../helpers/prometheus.js";

/**
 * The samples Brief itself writes. (prom-client 15 writes the event-loop lag gauges as "Nan" before it has
 * measured any, which the strict reader refuses; they are Node's defaults, not what this test is about.)
 */
async function briefMetrics(bot: BotRun) {
  const text = (await bot.get("/metrics")).text;
  return parsePrometheus(
    text
      .split("\n")
      .filter((l) => !l.startsWith("brief_nodejs_") && !l.startsWith("brief_process_"))
      .join("\n"),
  );
}

describe("a running bot following a feed", () => {
  let site: NewsSite;
  let dir: ReturnType<typeof tempDir>;
  let bot: BotRun;
  const env = () => ({
    BRIEF_DB: join(dir.path, "brief.sqlite"),
    BRIEF_DATA: join(dir.path, "data"),
    BRIEF_FETCH_ALLOW_PRIVATE: "1",
    BRIEF_FETCH_HOST_DELAY_MS: "0",
  });
  beforeAll(async () => {
    site = await startNewsSite();
    dir = tempDir("brief-feeds-bot-");
    cpSync(REPO_DATA, join(dir.path, "data"), { recursive: true });
    site.route("/news/1", {
      headers: { "content-type": "text/html" },
      body: articlePage({
        title: "Surveillance cameras in Khorog",
        site: "Example Wire",
        paragraphs: [
          "Engineers installed two hundred surveillance cameras in Khorog this spring, the regional government said in a statement on Monday.",
          "The cameras are linked to a control room in Dushanbe, officials said, and more are planned for the towns along the Panj river.",
          "Residents told reporters they had not been consulted about where the cameras were put or how long the footage would be kept.",
        ],
      }),
    });
    site.route("/rss.xml", {
      headers: { "content-type": "application/rss+xml" },
      body: rssFeed("Example Wire", [{ title: "Surveillance cameras in Khorog", link: site.url("/news/1"), guid: "k1", description: "Cameras in Khorog." }]),
    });
    // An operator added the feed from the shell before the bot started.
    const app = await openBrief({ dbPath: env().BRIEF_DB, dataDir: env().BRIEF_DATA, feeds: parseConfig(env()).feeds });
    await app.feeds.add(site.url("/rss.xml"), { topics: ["surveillance"], words: [] }, { actor: "cli" });
    app.close();
    bot = await startBotRun(env());
  });
  afterAll(async () => {
    await bot.stop();
    await site.close();
    dir.cleanup();
  });

  it("GIVEN a feed that is due WHEN the bot starts THEN its scheduler polls it and the article goes live without a restart", async () => {
    const articles = await bot.until("the fetched article to be live", async () => {
      const n = sampleValue(await briefMetrics(bot), "brief_knowledge_records", { kind: "article" });
      return n === 6 ? n : undefined;
    });
    expect(articles).toBe(6);
    const metrics = await briefMetrics(bot);
    expect(sampleValue(metrics, "brief_feed_items_total", { outcome: "added" })).toBe(1);
    expect(sampleValue(metrics, "brief_feed_polls_total", { outcome: "ok" })).toBe(1);
    expect(sampleValue(metrics, "brief_feeds", { state: "ok" })).toBe(1);
    // The reload that put it live is the ordinary one, in the audit log and the log under the poller's name.
    await bot.until("the reload's log line", async () => bot.logs.some((l) => l.msg === "reload succeeded" && l.actor === "feeds"));
  });
});
