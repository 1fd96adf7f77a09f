/**
 * Following feeds end to end: a real Brief (real SQLite file, a copy of the real data/) polls RSS, Atom and
 * JSON feeds served by a local HTTP server, writes articles to data/ and reloads, while it keeps answering.
 */
import { cpSync, existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.js";
import type { Adapter } from "../../src/core/adapter.js";
import type { FeedPollReport } from "../../src/core/feeds.js";
import { silentLogger } from "../../src/core/log.js";
import type { MessageDoc } from "../../src/core/message.js";
import { FEED_POLL_LEASE } from "../../src/feeds/poller.js";
import { loadData } from "../../src/knowledge/loader.js";
import { renderPlain } from "../../src/render/plain.js";
import { type BriefApp, createScheduler, openBrief } from "../../src/root.js";
import { listAudit } from "../../src/store/audit.js";
import { acquireLease, releaseLease } from "../../src/store/lease.js";
import { ask, privateOrigin, REPO_DATA, tempDir } from "../helpers/app.js";
import { articlePage, atomFeed, BOILERPLATE, encode1251, jsonFeed, type NewsSite, rssFeed, startNewsSite } from "../helpers/news-site.js";

const admin = privateOrigin({ isBotAdmin: true, user: { id: "ada", name: "Ada" } });
const SENSORS = [
  "Officials in Dushanbe said the Panj river crossings into Afghanistan were calm this week, and that engineers had finished a network of zorbanite sensors along the border.",
  "President Emomali Rahmon inspected the sensors himself on 2 May 2024, according to the state news agency, which published photographs of the visit.",
  "The border with Afghanistan runs for more than 1,300 kilometres, much of it along the Panj river, and has long worried officials in Moscow and Dushanbe.",
];
const CAMERAS = [
  "Huawei engineers installed 400 new cameras at the Dushanbe railway station last month, the city's mayor told reporters on Friday.",
  "The cameras feed a control room run by the interior ministry, which says facial recognition will be switched on in the autumn.",
  "Rights groups in Tajikistan have asked for the rules on how long the footage is kept to be published before the system goes live.",
];
const CRICKET = [
  "The national cricket team won its third match in a row on Sunday, beating the visitors by six wickets in front of a full stadium.",
  "The captain praised the young bowlers and said the team would rest before the tournament final next month in the capital city.",
  "Tickets for the final sold out within an hour of going on sale, the organisers said, and extra trains have been promised for fans.",
];
const RUSSIAN = [
  "Пограничники сообщили, что на реке Пяндж на этой неделе было спокойно, а инженеры закончили установку новых датчиков вдоль границы.",
  "Президент осмотрел датчики лично, сообщает государственное агентство, которое опубликовало фотографии визита во вторник утром.",
  "Граница с Афганистаном тянется более чем на тысячу триста километров, и большая её часть проходит по реке Пяндж.",
];
const long = (s: string) => `${s} ${"It was reported by several outlets and discussed at length by readers of the site in the days that followed.".repeat(3)}`;

describe("following feeds", () => {
  let site: NewsSite;
  let data: ReturnType<typeof tempDir>;
  let app: BriefApp;
  const sent: { channel: string; doc: MessageDoc }[] = [];
  let first: FeedPollReport[];

  beforeAll(async () => {
    site = await startNewsSite();
    data = tempDir("brief-feeds-");
    cpSync(REPO_DATA, join(data.path, "data"), { recursive: true });
    const config = parseConfig({ BRIEF_FETCH_ALLOW_PRIVATE: "1", BRIEF_FETCH_HOST_DELAY_MS: "0" });
    app = await openBrief({ dbPath: join(data.path, "brief.sqlite"), dataDir: join(data.path, "data"), feeds: config.feeds });
    // The console adapter stands in for the platform the admin added the feeds from: notices arrive here.
    const consoleAdapter: Adapter = {
      platform: "console",
      start: async () => {},
      stop: async () => {},
      send: async (channel, doc) => {
        sent.push({ channel, doc });
        return { ok: true, messageIds: [String(sent.length)] };
      },
    };
    app.adapters.set("console", consoleAdapter);

    const page = (title: string, paragraphs: string[], extra: Partial<Parameters<typeof articlePage>[0]> = {}) => ({
      headers: { "content-type": "text/html; charset=utf-8" },
      body: articlePage({ title, site: "Example Wire", author: "Jane Roe", published: "2024-05-02T10:00:00+05:00", paragraphs, ...extra }),
    });
    site.route("/news/sensors", page("Zorbanite sensors on the Panj", SENSORS, { canonical: "/news/sensors" }));
    site.route("/news/mirror", page("Sensors on the Panj (republished)", SENSORS));
    site.route("/news/cameras", page("Huawei cameras at the station", CAMERAS, { published: undefined }));
    site.route("/news/cricket", page("Cricket: a third win", CRICKET));
    site.route("/news/football", page("Football scores", CRICKET));
    site.route("/news/empty", page("Only a photo", ["A photo."]));
    site.route("/news/flaky", { status: 500 });
    site.route("/news/ru", {
      headers: { "content-type": "text/html" },
      body: Buffer.from(encode1251(articlePage({ title: "Тихая неделя на Пяндже", site: "Пример", paragraphs: RUSSIAN, charset: "windows-1251", lang: "ru" }))),
    });
    const rss = rssFeed("Example Wire", [
      {
        title: "Zorbanite sensors on the Panj",
        link: site.url("/news/sensors?utm_source=rss&utm_medium=feed"),
        guid: "sensors-1",
        description: long("Sensors on the Afghanistan border."),
        pubDate: "Thu, 02 May 2024 10:00:00 +0500",
      },
      {
        title: "Football scores",
        link: site.url("/news/football"),
        guid: "football-1",
        description: long("All the weekend's football scores and the league table."),
      },
      { title: "Cricket: a third win", link: site.url("/news/cricket"), guid: "cricket-1" },
      { title: "Border photo", link: site.url("/news/empty"), guid: "empty-1", description: "The Afghanistan border" },
      { title: "Border update", link: site.url("/news/flaky"), guid: "flaky-1", description: "The Afghanistan border" },
    ]);
    site.route("/rss.xml", (req) =>
      req.headers["if-none-match"] === '"rss-1"' ? { status: 304 } : { headers: { "content-type": "application/rss+xml", etag: '"rss-1"' }, body: rss },
    );
    site.route("/atom.xml", {
      headers: { "content-type": "application/atom+xml" },
      body: atomFeed("Wire Atom", [
        { title: "Zorbanite sensors on the Panj", link: site.url("/news/sensors?utm_campaign=atom"), guid: "tag:wire,2024:sensors" },
        { title: "Huawei cameras at the station", link: site.url("/news/cameras"), guid: "tag:wire,2024:cameras", pubDate: "2024-05-03T08:00:00Z" },
      ]),
    });
    site.route("/feed.json", {
      headers: { "content-type": "application/feed+json" },
      body: jsonFeed("Wire JSON", [{ title: "Sensors (republished)", link: site.url("/news/mirror"), guid: "m1" }]),
    });
    site.route("/ru.xml", {
      headers: { "content-type": "application/rss+xml" },
      body: Buffer.concat([
        Buffer.from('<?xml version="1.0" encoding="windows-1251"?>'),
        Buffer.from(
          encode1251(rssFeed("Пример", [{ title: "Тихая неделя на Пяндже", link: site.url("/news/ru"), guid: "ru-1" }]).replace(/^<\?xml[^>]*>/, "")),
        ),
      ]),
    });
    site.route("/broken.xml", { headers: { "content-type": "application/rss+xml" }, body: "<rss><channel><title>Broken</title><item><title>x</title></item>" });

    for (const line of [
      `/feed add ${site.url("/rss.xml")} taliban`,
      `/feed add ${site.url("/atom.xml")}`,
      `/feed add ${site.url("/feed.json")}`,
      `/feed add ${site.url("/ru.xml")} пяндж`,
    ]) {
      const { doc, text } = await ask(app, line, undefined, admin);
      expect(doc.title, text).toBe("Feed added");
    }
    // A broken feed is refused when added; it breaks later, as real feeds do.
    site.route("/broken.xml", { headers: { "content-type": "application/rss+xml" }, body: rss });
    expect((await ask(app, `/feed add ${site.url("/broken.xml")} taliban`, undefined, admin)).doc.title).toBe("Feed added");
    site.route("/broken.xml", { headers: { "content-type": "application/rss+xml" }, body: "<rss><channel><title>Broken</title><item><title>x</title></item>" });
    first = (await app.poller.poll("due")).reports;
  });
  afterAll(async () => {
    await app.poller.stop();
    app.close();
    await site.close();
    data.cleanup();
  });

  const outcomes = () => first.flatMap((r) => r.items.map((i) => ({ feed: r.url.replace(/^.*\//, ""), ...i })));

  it("GIVEN RSS, Atom and JSON feeds WHEN polled THEN what matches is added, the rest skipped or kept for later, each with its reason", () => {
    const byTitle = (t: string) => outcomes().filter((o) => "title" in o && o.title === t);
    expect(byTitle("Zorbanite sensors on the Panj").map((o) => o.kind)).toContain("added");
    expect(byTitle("Huawei cameras at the station")[0]).toMatchObject({ kind: "added" });
    expect(byTitle("Football scores")[0]).toMatchObject({ kind: "skipped", reason: "about none of this feed's topics (The Taliban and Afghanistan)" });
    expect(byTitle("Cricket: a third win")[0]).toMatchObject({ kind: "skipped", reason: "about none of this feed's topics (The Taliban and Afghanistan)" });
    expect(byTitle("Border photo")[0]).toMatchObject({ kind: "skipped", reason: "no article text was found on the page" });
    expect(byTitle("Border update")[0]).toMatchObject({ kind: "failed", reason: "HTTP 500 Internal Server Error" });
    expect(byTitle("Тихая неделя на Пяндже")[0]).toMatchObject({ kind: "added" });
    // A long summary about something else is judged without fetching its page.
    expect(site.requests.some((r) => r.path === "/news/football")).toBe(false);
    expect(first.find((r) => r.url.endsWith("/broken.xml"))).toMatchObject({ status: "failed", error: expect.stringMatching(/not well-formed XML/) });
  });

  it("GIVEN the same story through two feeds, with tracking parameters, or its text under another link THEN it is one article", () => {
    const sensors = outcomes().filter((o) => o.url.includes("/news/sensors") || o.url.includes("/news/mirror"));
    expect(sensors.filter((o) => o.kind === "added")).toHaveLength(1);
    expect(sensors.filter((o) => o.kind === "duplicate").map((o) => ("reason" in o ? o.reason : ""))).toEqual(
      expect.arrayContaining([expect.stringMatching(/\(the same link\)$/), expect.stringMatching(/\(the same text\)$/)]),
    );
  });

  it("GIVEN the articles written THEN they are ordinary articles: valid, the page's text only, dated and traced to their feed", () => {
    const { catalogue, problems } = loadData(join(data.path, "data"));
    expect(problems).toEqual([]);
    const fetched = [...catalogue.articles.values()].filter((a) => a.meta.origin?.startsWith("feed "));
    expect(fetched.map((a) => a.meta.title).sort()).toEqual(["Huawei cameras at the station", "Zorbanite sensors on the Panj", "Тихая неделя на Пяндже"]);
    const sensors = fetched.find((a) => a.meta.title === "Zorbanite sensors on the Panj")!;
    expect(sensors.lines.map((l) => l.text)).toEqual(SENSORS);
    expect(sensors.meta).toMatchObject({
      outlet: "Example Wire",
      author: "Jane Roe",
      published: "2024-05-02",
      dated_by: "Both the page's article:published_time and the feed item's date give 2024-05-02.",
      url: site.url("/news/sensors"),
      topics: expect.arrayContaining(["taliban-afghanistan"]),
    });
    expect(sensors.meta.origin).toMatch(/^feed 1 \(Example Wire, http:\/\/127\.0\.0\.1:\d+\/rss\.xml\), fetched \d{4}-\d\d-\d\dT/);
    const cameras = fetched.find((a) => a.meta.title === "Huawei cameras at the station")!;
    expect(cameras.meta).toMatchObject({
      published: "2024-05-03",
      dated_by: "The feed item's date (the page gives none).",
      topics: expect.arrayContaining(["surveillance"]),
    });
    const russian = fetched.find((a) => a.meta.title === "Тихая неделя на Пяндже")!;
    expect(russian.lines.map((l) => l.text)).toEqual(RUSSIAN);
    for (const file of readdirSync(join(data.path, "data", "articles"))) {
      const text = readFileSync(join(data.path, "data", "articles", file), "utf8");
      for (const b of BOILERPLATE) expect(text, `${file}: ${b}`).not.toContain(b);
    }
  });

  it("GIVEN the running bot WHEN the poll has added articles THEN it answers about them without a restart", async () => {
    const { text } = await ask(app, "/search zorbanite");
    expect(text).toContain("Zorbanite sensors on the Panj (2 May 2024) [1]");
    expect(text).toContain("engineers had finished a network of");
    expect((await ask(app, "/source example-wire-zorbanite-sensors-on-the-panj")).text).toContain("Jane Roe");
  });

  it("GIVEN a second poll THEN it adds nothing: the feed answers 304 or its items were seen; only the failed page is tried again", async () => {
    const again = await app.poller.poll("all");
    expect(again.reports.find((r) => r.url.endsWith("/rss.xml"))?.status).toBe("ok"); // an item failed, so the whole feed was asked for
    const items = again.reports.flatMap((r) => r.items);
    expect(items.filter((i) => i.kind === "added")).toEqual([]);
    expect(items.map((i) => i.url)).toEqual([site.url("/news/flaky")]);
    site.route("/news/flaky", { status: 404 });
    await app.poller.poll("all");
    const third = await app.poller.poll("all");
    expect(third.reports.find((r) => r.url.endsWith("/rss.xml"))?.status).toBe("not-modified");
    expect(third.reports.flatMap((r) => r.items)).toEqual([]);
  });

  it("GIVEN a feed that keeps failing THEN /feeds shows its error and counts, and whoever added it is told once", async () => {
    const notices = sent.filter((s) => s.doc.title === "A feed keeps failing");
    expect(notices).toHaveLength(1);
    expect(notices[0]!.channel).toBe("console:test");
    await app.poller.poll("all");
    expect(sent.filter((s) => s.doc.title === "A feed keeps failing")).toHaveLength(1);
    // It backs off: the wait before its next poll doubles with each failure in a row.
    const backoff = app.db.prepare("SELECT failures, next_poll_at - last_polled_at AS wait FROM feeds WHERE id = 5").get() as {
      failures: number;
      wait: number;
    };
    expect(backoff.failures).toBeGreaterThanOrEqual(3);
    expect(backoff.wait).toBe(Math.min(30 * 60_000 * 2 ** (backoff.failures - 1), 24 * 60 * 60_000));
    const { text } = await ask(app, "/feeds", undefined, admin);
    expect(text).toMatch(/#5 Example Wire[\s\S]*State: failing \d× since .*not well-formed XML \(line 1/);
    expect(text).toContain("Items: 1 added, 4 skipped, 0 duplicates");
    site.route("/broken.xml", { headers: { "content-type": "application/rss+xml" }, body: rssFeed("Fixed", []) });
    await app.poller.poll("all");
    expect(sent.filter((s) => s.doc.title === "A feed works again")).toHaveLength(1);
  });

  it("GIVEN the scheduler's minute tick THEN the feeds that are due are polled, by whichever process holds the feed-poll lease", async () => {
    app.db.prepare("UPDATE feeds SET next_poll_at = 0 WHERE id = 2").run();
    const claimed = () => app.db.prepare("SELECT polling_until AS u, last_polled_at AS t FROM feeds WHERE id = 2").get() as { u: number | null; t: number };
    const before = claimed().t;
    // Another process (another host) polls: this one's tick leaves the due feed alone.
    acquireLease(app.db, FEED_POLL_LEASE, "elsewhere:1:feeds", 60_000);
    const scheduler = createScheduler(app, parseConfig({}), silentLogger(), "here:1:a");
    await scheduler.tick();
    expect(claimed()).toEqual({ u: null, t: before });
    releaseLease(app.db, FEED_POLL_LEASE, "elsewhere:1:feeds");
    await scheduler.tick();
    await app.poller.poll("due"); // the poll the tick started, if it is still running
    expect(claimed().t).toBeGreaterThan(before);
    await scheduler.stop();
  });

  it("GIVEN someone who is not a bot admin THEN /feed, /feeds and /add are refused, and the refusals are in the audit log", async () => {
    for (const line of [`/feed add ${site.url("/rss.xml")}`, "/feeds", `/add ${site.url("/news/cricket")}`]) {
      expect((await ask(app, line)).text).toMatch(/is for the bot's admins only/);
    }
    const refused = listAudit(app.db, { limit: 100 }).filter((e) => e.outcome === "refused");
    expect(refused.map((e) => e.action)).toEqual(expect.arrayContaining(["feed", "feeds", "add"]));
    const added = listAudit(app.db, { limit: 100 }).filter((e) => e.action === "feed-add" && e.outcome === "ok");
    expect(added[0]).toMatchObject({ actor: "console:ada (Ada)" });
  });

  it("GIVEN /add with an article link THEN it is fetched now, kept whatever its topic, and live at once; again, it is a duplicate", async () => {
    const { doc, text } = await ask(app, `/add ${site.url("/news/cricket?utm_source=x")}`, undefined, admin);
    expect(doc.title, text).toBe("Article added");
    expect(text).toMatch(/live now \(knowledge version \d+\)/);
    expect((await ask(app, "/search wickets")).text).toContain("The national cricket team won its third match");
    expect((await ask(app, `/add ${site.url("/news/cricket")}`, undefined, admin)).doc.title).toBe("Already there");
    expect(
      listAudit(app.db, { limit: 100 })
        .filter((e) => e.action === "article-add")
        .map((e) => e.detail.result),
    ).toEqual(["added", "duplicate"]);
  });

  it("GIVEN /add with a page longer than data/ reads THEN it is not added, and the reply says why; nothing is written", async () => {
    const huge = Array.from({ length: 50 }, (_, i) => `${i + 1}. ${CAMERAS.join(" ").repeat(60)}`);
    site.route("/news/huge", {
      headers: { "content-type": "text/html" },
      body: articlePage({ title: "Every camera in Dushanbe", site: "Example Wire", paragraphs: huge }),
    });
    const before = readdirSync(join(data.path, "data", "articles")).sort();
    const { doc, text } = await ask(app, `/add ${site.url("/news/huge")}`, undefined, admin);
    expect(doc.title, text).toBe("Not added");
    expect(text).toContain("the article is over 1 MB, the most data/ reads");
    expect(readdirSync(join(data.path, "data", "articles")).sort()).toEqual(before);
  });

  it("GIVEN a subscription that follows new articles WHEN a link is added THEN it gets What's new with the article's facts, cited; a new-only digest with nothing new is not sent", async () => {
    expect((await ask(app, "/subscribe follow", undefined, admin)).text).toContain("as they arrive");
    expect((await ask(app, "/subscribe daily 08:00 new-only", undefined, admin)).text).toContain("only when something is new");
    const scheduler = createScheduler(app, parseConfig({}), silentLogger());
    sent.length = 0;
    const daily = app.digests.list("console:test").find((s) => s.mode === "new-only")!;
    const quiet = await scheduler.runOnce(app.digests.nextDelivery(daily, Date.now()) + 60_000);
    expect(quiet).toMatchObject({ queued: 1, sent: 0, nothingNew: 1 });
    expect(sent).toEqual([]);
    site.route("/news/cameras2", {
      headers: { "content-type": "text/html" },
      body: articlePage({
        title: "More cameras in Khujand",
        site: "Example Wire",
        published: "2024-05-04T09:00:00Z",
        paragraphs: CAMERAS.map((p) => p.replace("Dushanbe", "Khujand")),
      }),
    });
    expect((await ask(app, `/add ${site.url("/news/cameras2")}`, undefined, admin)).doc.title).toBe("Article added");
    const r = await scheduler.runOnce(Date.now());
    expect(r.sent).toBe(1);
    const text = renderPlain(sent[0]!.doc, { width: 1000 }).join("\n");
    expect(text).toContain("More cameras in Khujand — Example Wire, 4 May 2024 (new)");
    expect(text).toContain(
      "400‡ cameras: “Huawei engineers installed 400 new cameras at the Khujand railway station last month, the city's mayor told reporters on Friday.”",
    );
    // "the interior ministry" of a Tajik city is not named as the Russian Interior Ministry, whose alias it matches.
    expect(text).toContain("Tajikistan ‡");
    expect(text).not.toContain("Russian Interior Ministry");
    expect(text).not.toContain("The brief:");
    expect(sent[0]!.doc.citations.map((c) => c.url)).toContain(site.url("/news/cameras2"));
    expect(existsSync(join(data.path, "data", "articles", "example-wire-more-cameras-in-khujand.md"))).toBe(true);
    await scheduler.stop();
  });

  it("GIVEN /feed remove THEN the feed is no longer followed, its articles stay, and the removal is audited; an unknown id is named", async () => {
    const articles = readdirSync(join(data.path, "data", "articles")).sort();
    expect((await ask(app, "/feed remove 5", undefined, admin)).doc.title).toBe("Feed removed");
    expect((await ask(app, "/feeds", undefined, admin)).text).not.toMatch(/#5 /);
    expect((await ask(app, "/feed remove 5", undefined, admin)).text).toContain("There is no feed #5.");
    expect(readdirSync(join(data.path, "data", "articles")).sort()).toEqual(articles);
    const removals = listAudit(app.db, { limit: 100 }).filter((e) => e.action === "feed-remove");
    expect(removals.map((e) => [e.actor, e.outcome])).toEqual(
      expect.arrayContaining([
        ["console:ada (Ada)", "ok"],
        ["console:ada (Ada)", "failed"],
      ]),
    );
  });
});

describe("pointed at this machine without the allow flag", () => {
  it("GIVEN a feed or link on a loopback address THEN it is refused, and nothing is fetched", async () => {
    const site = await startNewsSite();
    const dir = tempDir("brief-feeds-strict-");
    const app = await openBrief({ dbPath: join(dir.path, "brief.sqlite"), dataDir: REPO_DATA, feeds: parseConfig({}).feeds });
    try {
      site.route("/rss.xml", { headers: { "content-type": "application/rss+xml" }, body: rssFeed("Local", []) });
      const feed = await ask(app, `/feed add ${site.url("/rss.xml")}`, undefined, admin);
      expect(feed.text).toMatch(/That feed cannot be followed: 127\.0\.0\.1 is a loopback address: Brief fetches only from public addresses/);
      const link = await ask(app, `/add http://localhost:${new URL(site.url("/")).port}/news`, undefined, admin);
      expect(link.text).toMatch(/localhost resolves to (127\.0\.0\.1|::1), a loopback address/);
      expect(site.requests).toEqual([]);
    } finally {
      app.close();
      dir.cleanup();
      await site.close();
    }
  });
});
