/** `brief feeds …` and `brief data add` as an operator runs them: separate processes on a shared SQLite file and data/. */
import { spawn } from "node:child_process";
import { cpSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "../../src/store/audit.js";
import { openDb } from "../../src/store/db.js";
import { consoleOnlyEnv, REPO_DATA, tempDir } from "../helpers/app.js";
import { articlePage, type NewsSite, rssFeed, startNewsSite } from "../helpers/news-site.js";

const ROOT = resolve(import.meta.dirname, "../..");

/** Runs `brief …` without blocking this process, which serves the feeds the child fetches. */
function brief(args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(ROOT, "bin", "brief.js"), ...args], {
      cwd: ROOT,
      env: consoleOnlyEnv(env),
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (b: Buffer) => (stdout += b.toString()));
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    child.once("exit", (status) => done({ status, stdout, stderr }));
  });
}

const PARAGRAPHS = [
  "Migrant workers from Tajikistan queued at the Moscow visa centre on Monday after new rules on registration took effect this month.",
  "The rules cut the time a migrant may stay without a work permit to ninety days, officials said, and raise the fees for renewals.",
  "Remittances from Russia are about a third of Tajikistan's economy, and a fall in them would be felt in every town, economists warned.",
];

describe("brief feeds and brief data add", () => {
  let site: NewsSite;
  let dir: ReturnType<typeof tempDir>;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    site = await startNewsSite();
    dir = tempDir("brief-feeds-cli-");
    cpSync(REPO_DATA, join(dir.path, "data"), { recursive: true });
    env = { BRIEF_DB: join(dir.path, "brief.sqlite"), BRIEF_DATA: join(dir.path, "data"), BRIEF_FETCH_ALLOW_PRIVATE: "1", BRIEF_FETCH_HOST_DELAY_MS: "0" };
    site.route("/news/visas", {
      headers: { "content-type": "text/html" },
      body: articlePage({ title: "Queues at the visa centre", site: "Example Wire", paragraphs: PARAGRAPHS }),
    });
    site.route("/news/remittances", {
      headers: { "content-type": "text/html" },
      body: articlePage({ title: "Remittances fall", site: "Example Wire", paragraphs: PARAGRAPHS.map((p) => `${p} Reported again.`) }),
    });
    site.route("/rss.xml", {
      headers: { "content-type": "application/rss+xml" },
      body: rssFeed("Example Wire", [
        { title: "Queues at the visa centre", link: site.url("/news/visas"), guid: "v1", description: "Migrant workers and new visa rules." },
        { title: "Chess results", link: site.url("/news/chess"), guid: "c1", description: `${"The chess club met again and played many games. ".repeat(8)}` },
      ]),
    });
  });
  afterAll(async () => {
    await site.close();
    dir.cleanup();
  });

  it("GIVEN a feed added from the shell WHEN polled now THEN it prints what was added and skipped, and the article is in data/", async () => {
    const added = await brief(["feeds", "add", site.url("/rss.xml"), "--topic", "migration"], env);
    expect(added.stderr).toBe("");
    expect(added.stdout).toContain("#1 Example Wire");
    expect(added.stdout).toContain("Keeps: items about Tajik labour migration and the diaspora");
    const poll = await brief(["feeds", "poll", "--now"], env);
    expect(poll.status, poll.stderr).toBe(0);
    expect(poll.stdout).toMatch(/feed 1 http:\/\/127\.0\.0\.1:\d+\/rss\.xml: 2 new items/);
    expect(poll.stdout).toContain("added Queues at the visa centre as example-wire-queues-at-the-visa-centre");
    expect(poll.stdout).toContain("skipped Chess results: about none of this feed's topics (Tajik labour migration and the diaspora)");
    expect(poll.stdout).toMatch(/Live as knowledge version \d+\./);
    expect(readdirSync(join(dir.path, "data", "articles"))).toContain("example-wire-queues-at-the-visa-centre.md");
    const list = await brief(["feeds", "list"], env);
    expect(list.stdout).toContain("Items: 1 added, 1 skipped, 0 duplicates");
  }, 60_000);

  it("GIVEN brief data add THEN one article is fetched and live; brief feeds remove stops the feed and keeps its articles", async () => {
    const r = await brief(["data", "add", site.url("/news/remittances")], env);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/added Remittances fall as `example-wire-remittances-fall`\. It is live now \(knowledge version \d+\)/);
    const removed = await brief(["feeds", "remove", "1"], env);
    expect(removed.stdout).toBe("Feed 1 removed; the articles it brought in stay.\n");
    const db = openDb(env.BRIEF_DB!);
    try {
      const actions = listAudit(db, { limit: 100 }).map((e) => `${e.actor} ${e.action} ${e.outcome}`);
      for (const action of ["feed-add", "feed-poll", "article-add", "feed-remove"]) expect(actions).toContain(`cli ${action} ok`);
    } finally {
      db.close();
    }
  }, 60_000);
});
