/** The feeds table, the items each feed carried, and the articles fetched into data/: SQL only. */
import type { FeedFilter, FeedStatus } from "../core/feeds.js";
import type { Db } from "../store/db.js";

interface FeedRow {
  id: number;
  url: string;
  title: string | null;
  topics: string;
  words: string;
  added_by: string;
  added_at: number;
  notify_channel: string | null;
  etag: string | null;
  last_modified: string | null;
  last_polled_at: number | null;
  last_ok_at: number | null;
  next_poll_at: number;
  failures: number;
  last_error: string | null;
  error_notified: number;
}

/** A feed as the poller reads it: its status plus what conditional GET and notices need. */
export interface Feed extends FeedStatus {
  etag?: string;
  lastModified?: string;
  notifyChannel?: string;
  errorNotified: boolean;
}

/** How long a poll may hold a feed before another process may take it (a poll that died). */
export const POLL_CLAIM_MS = 10 * 60_000;

const NO_COUNTS = { added: 0, duplicate: 0, skipped: 0, failed: 0 };

function fromRow(r: FeedRow, counts: FeedStatus["counts"] = { ...NO_COUNTS }): Feed {
  return {
    id: r.id,
    url: r.url,
    title: r.title ?? undefined,
    topics: JSON.parse(r.topics) as string[],
    words: JSON.parse(r.words) as string[],
    addedBy: r.added_by,
    addedAt: r.added_at,
    lastPolledAt: r.last_polled_at ?? undefined,
    lastOkAt: r.last_ok_at ?? undefined,
    nextPollAt: r.next_poll_at,
    failures: r.failures,
    lastError: r.last_error ?? undefined,
    counts,
    etag: r.etag ?? undefined,
    lastModified: r.last_modified ?? undefined,
    notifyChannel: r.notify_channel ?? undefined,
    errorNotified: r.error_notified === 1,
  };
}

function countsByFeed(db: Db): Map<number, FeedStatus["counts"]> {
  const out = new Map<number, FeedStatus["counts"]>();
  for (const r of db.prepare("SELECT feed_id AS id, outcome, count(*) AS n FROM feed_items GROUP BY feed_id, outcome").all() as {
    id: number;
    outcome: keyof FeedStatus["counts"];
    n: number;
  }[]) {
    const c = out.get(r.id) ?? { ...NO_COUNTS };
    c[r.outcome] = r.n;
    out.set(r.id, c);
  }
  return out;
}

export class FeedExistsError extends Error {
  constructor(readonly id: number) {
    super(`feed ${id} already has this URL`);
  }
}

export function insertFeed(db: Db, f: { url: string; filter: FeedFilter; addedBy: string; addedAt: number; notifyChannel?: string; title?: string }): Feed {
  const existing = db.prepare("SELECT id FROM feeds WHERE url = ?").get(f.url) as { id: number } | undefined;
  if (existing) throw new FeedExistsError(existing.id);
  const info = db
    .prepare("INSERT INTO feeds (url, title, topics, words, added_by, added_at, notify_channel, next_poll_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
    .run(f.url, f.title ?? null, JSON.stringify(f.filter.topics), JSON.stringify(f.filter.words), f.addedBy, f.addedAt, f.notifyChannel ?? null, f.addedAt);
  return getFeed(db, Number(info.lastInsertRowid))!;
}

export function getFeed(db: Db, id: number): Feed | undefined {
  const row = db.prepare("SELECT * FROM feeds WHERE id = ?").get(id) as FeedRow | undefined;
  return row && fromRow(row, countsByFeed(db).get(id));
}

export function listFeeds(db: Db): Feed[] {
  const counts = countsByFeed(db);
  return (db.prepare("SELECT * FROM feeds ORDER BY id").all() as FeedRow[]).map((r) => fromRow(r, counts.get(r.id)));
}

export function deleteFeed(db: Db, id: number): boolean {
  return db.prepare("DELETE FROM feeds WHERE id = ?").run(id).changes === 1;
}

/**
 * Claims feeds for one poll: those due (or every feed, for `brief feeds poll --now`) that no other poll
 * holds. A claim lapses after POLL_CLAIM_MS, so a process that died mid-poll does not keep a feed.
 */
export function claimFeeds(db: Db, now: number, which: "due" | "all"): Feed[] {
  // Most minutes nothing is due: a read says so without taking the write lock.
  const due = db
    .prepare("SELECT 1 FROM feeds WHERE (polling_until IS NULL OR polling_until < @now) AND (@all = 1 OR next_poll_at <= @now) LIMIT 1")
    .get({ now, all: which === "all" ? 1 : 0 });
  if (!due) return [];
  return db
    .transaction(() => {
      const rows = db
        .prepare(`SELECT * FROM feeds WHERE (polling_until IS NULL OR polling_until < @now) AND (@all = 1 OR next_poll_at <= @now) ORDER BY next_poll_at, id`)
        .all({ now, all: which === "all" ? 1 : 0 }) as FeedRow[];
      const claim = db.prepare("UPDATE feeds SET polling_until = ? WHERE id = ?");
      for (const r of rows) claim.run(now + POLL_CLAIM_MS, r.id);
      return rows.map((r) => fromRow(r));
    })
    .immediate();
}

export function recordPollOk(
  db: Db,
  id: number,
  p: { now: number; nextAt: number; title?: string; etag?: string; lastModified?: string; notModified: boolean },
): void {
  db.prepare(
    `UPDATE feeds SET last_polled_at = @now, last_ok_at = @now, next_poll_at = @nextAt, failures = 0, last_error = NULL, error_notified = 0,
       polling_until = NULL, title = coalesce(@title, title),
       etag = CASE WHEN @notModified = 1 THEN etag ELSE @etag END,
       last_modified = CASE WHEN @notModified = 1 THEN last_modified ELSE @lastModified END
     WHERE id = @id`,
  ).run({
    id,
    now: p.now,
    nextAt: p.nextAt,
    title: p.title ?? null,
    etag: p.etag ?? null,
    lastModified: p.lastModified ?? null,
    notModified: p.notModified ? 1 : 0,
  });
}

export function recordPollFailed(db: Db, id: number, p: { now: number; nextAt: number; error: string }): void {
  db.prepare("UPDATE feeds SET last_polled_at = ?, next_poll_at = ?, failures = failures + 1, last_error = ?, polling_until = NULL WHERE id = ?").run(
    p.now,
    p.nextAt,
    p.error,
    id,
  );
}

/** Lets go of a claimed feed without polling it (the process is stopping). */
export function releaseFeed(db: Db, id: number): void {
  db.prepare("UPDATE feeds SET polling_until = NULL WHERE id = ?").run(id);
}

export function markErrorNotified(db: Db, id: number): void {
  db.prepare("UPDATE feeds SET error_notified = 1 WHERE id = ?").run(id);
}

// ---- items ----

export interface SeenItem {
  outcome: "added" | "duplicate" | "skipped" | "failed";
  attempts: number;
}

export function seenItem(db: Db, feedId: number, guid: string): SeenItem | undefined {
  return db.prepare("SELECT outcome, attempts FROM feed_items WHERE feed_id = ? AND guid = ?").get(feedId, guid) as SeenItem | undefined;
}

export function recordItem(
  db: Db,
  i: { feedId: number; guid: string; url?: string; title?: string; now: number; outcome: SeenItem["outcome"]; reason?: string; articleId?: string },
): void {
  db.prepare(
    `INSERT INTO feed_items (feed_id, guid, url, title, first_seen, outcome, reason, article_id) VALUES (@feedId, @guid, @url, @title, @now, @outcome, @reason, @articleId)
     ON CONFLICT (feed_id, guid) DO UPDATE SET outcome = @outcome, reason = @reason, article_id = @articleId, attempts = attempts + 1, url = coalesce(@url, url)`,
  ).run({
    feedId: i.feedId,
    guid: i.guid,
    url: i.url ?? null,
    title: i.title ?? null,
    now: i.now,
    outcome: i.outcome,
    reason: i.reason ?? null,
    articleId: i.articleId ?? null,
  });
}

// ---- fetched articles ----

/** The article already fetched under any of these: its canonical URL, the page it came from, its guid, or the same text. */
export function findFetched(
  db: Db,
  keys: { urls?: readonly (string | undefined)[]; guid?: string; contentHash?: string },
): { articleId: string; by: string } | undefined {
  for (const url of keys.urls ?? []) {
    if (!url) continue;
    const row = db.prepare("SELECT article_id AS id FROM fetched_articles WHERE url = ? OR page_url = ?").get(url, url) as { id: string } | undefined;
    if (row) return { articleId: row.id, by: "the same link" };
  }
  if (keys.guid) {
    const row = db.prepare("SELECT article_id AS id FROM fetched_articles WHERE guid = ?").get(keys.guid) as { id: string } | undefined;
    if (row) return { articleId: row.id, by: "the same item id" };
  }
  if (keys.contentHash) {
    const row = db.prepare("SELECT article_id AS id FROM fetched_articles WHERE content_hash = ?").get(keys.contentHash) as { id: string } | undefined;
    if (row) return { articleId: row.id, by: "the same text" };
  }
  return undefined;
}

export function isFetchedId(db: Db, articleId: string): boolean {
  return db.prepare("SELECT 1 FROM fetched_articles WHERE article_id = ?").get(articleId) !== undefined;
}

export function recordFetched(
  db: Db,
  a: { articleId: string; url: string; pageUrl?: string; guid?: string; contentHash: string; feedId?: number; now: number },
): void {
  db.prepare("INSERT INTO fetched_articles (article_id, url, page_url, guid, content_hash, feed_id, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?)").run(
    a.articleId,
    a.url,
    a.pageUrl ?? null,
    a.guid ?? null,
    a.contentHash,
    a.feedId ?? null,
    a.now,
  );
}

export function forgetFetched(db: Db, articleId: string): void {
  db.prepare("DELETE FROM fetched_articles WHERE article_id = ?").run(articleId);
}
