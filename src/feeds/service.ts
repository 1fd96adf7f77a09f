/**
 * The feeds feature behind /feeds, /feed and /add and `brief feeds …`: follow a feed (after checking it
 * is one, at a public address), stop following it, list the feeds, and bring in one article now. Every
 * action goes to the audit log with who asked and how it ended.
 */
import { UserError } from "../core/errors.js";
import type { FeedActions, FeedActor, FeedFilter, FeedStatus, IngestOutcome, ReloadResult } from "../core/feeds.js";
import { translator } from "../core/i18n.js";
import type { Logger } from "../core/log.js";
import { recordAudit } from "../store/audit.js";
import type { Db } from "../store/db.js";
import { canonicalUrl } from "./canonical-url.js";
import { FeedParseError } from "./feed-error.js";
import { deleteFeed, FeedExistsError, getFeed, insertFeed, listFeeds } from "./feed-table.js";
import { FetchError } from "./fetcher.js";
import { type IngestContext, ingest, withdraw } from "./ingest.js";
import { feedParser } from "./lazy.js";

export interface FeedServiceOptions {
  ingest: IngestContext;
  reload(actor: string): Promise<ReloadResult>;
  log: Logger;
}

export class FeedService implements FeedActions {
  private readonly db: Db;

  constructor(private readonly options: FeedServiceOptions) {
    this.db = options.ingest.db;
  }

  async add(url: string, filter: FeedFilter, by: FeedActor): Promise<FeedStatus> {
    const audit = (outcome: "ok" | "failed", detail: Record<string, unknown>) =>
      recordAudit(this.db, { actor: by.actor, action: "feed-add", outcome, detail: { url, ...filter, ...detail } });
    const t = translator(by.locale);
    const canonical = canonicalUrl(url);
    if (!canonical) {
      audit("failed", { reason: "not an http(s) URL" });
      throw new UserError("bad-argument", t("commands.feed.notHttp", { url: url.slice(0, 100) }), [
        t("common.example", { example: t("commands.feed.example") }),
      ]);
    }
    let title: string | undefined;
    let items: number;
    try {
      const res = await this.options.ingest.fetcher.fetch({ url: canonical, wanted: "feed" });
      if (res.status !== 200) throw new FetchError("permanent", "the server answered 304 to a plain request");
      const parsed = (await feedParser()).parseFeedBody(res.body, res.contentType, res.url);
      title = parsed.title;
      items = parsed.items.length;
    } catch (err) {
      if (!(err instanceof FetchError) && !(err instanceof FeedParseError)) throw err;
      audit("failed", { reason: err.message });
      throw new UserError("bad-argument", t("commands.feed.cannotFollow", { reason: err.message }));
    }
    try {
      const feed = insertFeed(this.db, { url: canonical, filter, addedBy: by.actor, addedAt: this.options.ingest.now(), notifyChannel: by.channel, title });
      audit("ok", { feed: feed.id, title, items });
      this.options.log.info({ feed: feed.id, url: canonical, by: by.actor }, "feed added");
      return feed;
    } catch (err) {
      if (!(err instanceof FeedExistsError)) throw err;
      audit("failed", { reason: `already followed as feed ${err.id}` });
      throw new UserError("bad-argument", t("commands.feed.already", { id: err.id }), [t("commands.feed.listHint")]);
    }
  }

  remove(id: number, by: FeedActor): boolean {
    const feed = getFeed(this.db, id);
    const removed = deleteFeed(this.db, id);
    recordAudit(this.db, { actor: by.actor, action: "feed-remove", outcome: removed ? "ok" : "failed", detail: { feed: id, url: feed?.url } });
    return removed;
  }

  list(): FeedStatus[] {
    return listFeeds(this.db);
  }

  async addArticle(url: string, by: FeedActor): Promise<{ outcome: IngestOutcome; version?: number }> {
    const outcome = await ingest(this.options.ingest, url, { kind: "link", actor: by.actor });
    let version: number | undefined;
    if (outcome.kind === "added") {
      const loaded = await this.options.reload(by.actor);
      if (loaded.ok) version = loaded.version;
      else if (loaded.problems.some((p) => p.file.endsWith(`${outcome.articleId}.md`))) {
        withdraw(this.options.ingest, outcome.articleId);
        const refused: IngestOutcome = { kind: "skipped", url: outcome.url, title: outcome.title, reason: "the reload refused the article" };
        recordAudit(this.db, { actor: by.actor, action: "article-add", outcome: "failed", detail: { url, reason: refused.reason } });
        return { outcome: refused };
      }
    }
    recordAudit(this.db, {
      actor: by.actor,
      action: "article-add",
      outcome: outcome.kind === "added" || outcome.kind === "duplicate" ? "ok" : "failed",
      detail: {
        url,
        result: outcome.kind,
        ...("articleId" in outcome ? { article: outcome.articleId } : {}),
        ...("reason" in outcome ? { reason: outcome.reason } : {}),
        version,
      },
    });
    return { outcome, version };
  }
}
