/**
 * Polls the feeds that are due: each with a conditional GET, its new items brought in one by one
 * (ingest.ts), what became of each recorded, and the feed's state updated. A feed that fails backs off
 * (the interval doubling up to a day, longer when the server asks with Retry-After) and, the third time
 * in a row, the people who added it are told, once; they hear again when it recovers. After a poll that
 * added articles the ordinary reload puts them live, so nothing bypasses validation.
 *
 * One process polls: the digest scheduler's minute tick wakes the poller only in a process that delivers
 * digests, and the poller polls only while it holds the feed-poll lease (a Telegram bot and a Discord bot on
 * one database each deliver their own digests, but only one of them polls). Each feed is also claimed in
 * the database for the length of its poll, so even `brief feeds poll --now` beside a bot never polls a feed twice.
 */
import type { FeedPollReport, IngestOutcome, ReloadResult } from "../core/feeds.js";
import type { Logger } from "../core/log.js";
import { acquireLease, leaseHolder, leaseHolderName, releaseLease } from "../store/lease.js";
import { FeedParseError } from "./feed-error.js";
import type { FeedItem } from "./feed-parse.js";
import { claimFeeds, type Feed, getFeed, markErrorNotified, recordItem, recordPollFailed, recordPollOk, releaseFeed, seenItem } from "./feed-table.js";
import { FetchError } from "./fetcher.js";
import { type IngestContext, ingest, type LinkSource, withdraw } from "./ingest.js";
import { feedParser } from "./lazy.js";

/** Failures in a row before the people who added a feed are told. */
export const FAILURES_BEFORE_NOTICE = 3;
/** A failing feed is tried at most this far apart. */
export const MAX_BACKOFF_MS = 24 * 60 * 60_000;
/** New items taken from one feed in one poll, newest first in the feed's order; the rest wait for the next poll. */
export const MAX_ITEMS_PER_POLL = 50;
/** An item whose page failed (timed out, 5xx) is tried again at this many polls in all. */
export const MAX_ITEM_ATTEMPTS = 3;
/** Feeds polled side by side (each host still gets one request at a time). */
const FEEDS_IN_PARALLEL = 4;
/** The lease of the one process that polls feeds on its own schedule. */
export const FEED_POLL_LEASE = "feed-poller";
const FEED_POLL_LEASE_TTL_MS = 3 * 60_000;

export type FeedNotice = { kind: "failing" | "recovered"; feed: Feed };

export interface PollerOptions extends IngestContext {
  intervalMs: number;
  /** The ordinary reload (src/admin), so new files go live validated. */
  reload(actor: string): Promise<ReloadResult>;
  /** Tells the people who added a feed that it keeps failing, or works again. Never throws. */
  notify(notice: FeedNotice): Promise<void>;
  log: Logger;
  /** Told of every feed polled (for metrics). */
  onPoll?(report: FeedPollReport, ms: number): void;
}

export interface PollRun {
  reports: FeedPollReport[];
  /** The knowledge version the reload after the poll made live, when it added articles. */
  version?: number;
}

export class FeedPoller {
  /** The feed item each outcome came from, for re-recording one the reload refused. */
  private readonly itemOf = new WeakMap<IngestOutcome, { feedId: number; guid: string }>();
  private running: Promise<PollRun> | undefined;
  private stopped = false;
  private holdsLease = false;
  private toldHolder: string | undefined;
  private readonly holder = leaseHolderName("feeds");

  constructor(private readonly options: PollerOptions) {}

  /** The scheduler's minute tick: polls what is due, if this process holds the feed-poll lease and no poll is running. Never throws. */
  tick(): void {
    if (this.stopped) return;
    try {
      if (!this.renewLease() || this.running) return;
      void this.poll("due", () => !this.renewLease()).catch((err) => this.options.log.error({ err }, "feed poll failed"));
    } catch (err) {
      this.options.log.error({ err }, "feed poll failed");
    }
  }

  /** Takes or renews the feed-poll lease; says once which other process has it. */
  private renewLease(): boolean {
    const { db, log } = this.options;
    const had = this.holdsLease;
    this.holdsLease = acquireLease(db, FEED_POLL_LEASE, this.holder, FEED_POLL_LEASE_TTL_MS, this.options.now());
    if (this.holdsLease && !had) log.info("this process polls the feeds (feed-poll lease taken)");
    if (!this.holdsLease) {
      const other = leaseHolder(db, FEED_POLL_LEASE);
      if (other && other.holder !== this.toldHolder) log.info({ holder: other.holder, pid: other.pid }, "another process polls the feeds");
      this.toldHolder = other?.holder;
    }
    return this.holdsLease;
  }

  /** Polls the due feeds (or all, for `brief feeds poll --now`), then reloads if anything was added. */
  poll(which: "due" | "all", shouldStop: () => boolean = () => false): Promise<PollRun> {
    if (this.running) return this.running;
    const run = this.run(which, shouldStop).finally(() => {
      this.running = undefined;
    });
    this.running = run;
    return run;
  }

  private async run(which: "due" | "all", shouldStop: () => boolean): Promise<PollRun> {
    const { db, log } = this.options;
    const feeds = claimFeeds(db, this.options.now(), which);
    const reports: FeedPollReport[] = [];
    const queue = [...feeds];
    const worker = async () => {
      for (let feed = queue.shift(); feed; feed = queue.shift()) {
        if (this.stopped || shouldStop()) {
          releaseFeed(db, feed.id);
          continue;
        }
        reports.push(await this.pollFeed(feed));
      }
    };
    await Promise.all(Array.from({ length: Math.min(FEEDS_IN_PARALLEL, queue.length) }, worker));
    const added = reports.flatMap((r) => r.items).filter((i): i is Extract<IngestOutcome, { kind: "added" }> => i.kind === "added");
    if (feeds.length > 0) log.info({ feeds: feeds.length, added: added.length }, "feeds polled");
    const version = added.length > 0 ? await this.publish(added, reports) : undefined;
    return { reports, version };
  }

  /** Polls one feed (for a feed just added, or `brief feeds poll --now`); a feed another poll holds is left to it. */
  async pollOne(feedId: number): Promise<PollRun> {
    const feed = claimFeeds(this.options.db, this.options.now(), "all").find((f) => f.id === feedId);
    return feed ? { reports: [await this.pollFeed(feed)] } : { reports: [] };
  }

  private async pollFeed(feed: Feed): Promise<FeedPollReport> {
    const started = performance.now();
    const report = await this.fetchAndIngest(feed);
    try {
      this.options.onPoll?.(report, performance.now() - started);
    } catch (err) {
      this.options.log.error({ err }, "recording a feed poll failed");
    }
    return report;
  }

  private async fetchAndIngest(feed: Feed): Promise<FeedPollReport> {
    const { db, log, intervalMs } = this.options;
    const report: FeedPollReport = { feedId: feed.id, url: feed.url, status: "ok", items: [] };
    let items: FeedItem[];
    let title: string | undefined;
    let validators: { etag?: string; lastModified?: string } = {};
    try {
      const res = await this.options.fetcher.fetch({ url: feed.url, wanted: "feed", etag: feed.etag, lastModified: feed.lastModified });
      if (res.status === 304) {
        const now = this.options.now();
        recordPollOk(db, feed.id, { now, nextAt: now + intervalMs, notModified: true });
        await this.recovered(feed);
        return { ...report, status: "not-modified" };
      }
      const parsed = (await feedParser()).parseFeedBody(res.body, res.contentType, res.url);
      items = parsed.items;
      title = parsed.title;
      validators = { etag: res.etag, lastModified: res.lastModified };
    } catch (err) {
      if (!(err instanceof FetchError) && !(err instanceof FeedParseError)) throw err;
      const failures = feed.failures + 1;
      const backoff = Math.min(intervalMs * 2 ** (failures - 1), MAX_BACKOFF_MS);
      const wait = Math.max(backoff, err instanceof FetchError ? (err.retryAfterMs ?? 0) : 0);
      const now = this.options.now();
      recordPollFailed(db, feed.id, { now, nextAt: now + wait, error: err.message });
      log.warn({ feed: feed.id, url: feed.url, failures, error: err.message }, "feed poll failed");
      if (failures >= FAILURES_BEFORE_NOTICE && !feed.errorNotified) {
        markErrorNotified(db, feed.id);
        await this.options.notify({ kind: "failing", feed: getFeed(db, feed.id) ?? feed });
      }
      return { ...report, status: "failed", error: err.message };
    }

    const feedRef = { id: feed.id, url: feed.url, title: title ?? feed.title };
    let taken = 0;
    for (const item of items) {
      if (this.stopped) break;
      const guid = item.guid ?? item.url;
      if (!guid) continue;
      const seen = seenItem(db, feed.id, guid);
      if (seen && (seen.outcome !== "failed" || seen.attempts >= MAX_ITEM_ATTEMPTS)) continue;
      if (++taken > MAX_ITEMS_PER_POLL) break;
      const outcome: IngestOutcome = item.url
        ? await this.ingestItem(item.url, { kind: "feed", feed: feedRef, item, filter: feed })
        : { kind: "skipped", url: "", title: item.title, reason: "the item has no link" };
      recordItem(db, {
        feedId: feed.id,
        guid,
        url: outcome.url || undefined,
        title: "title" in outcome ? outcome.title : item.title,
        now: this.options.now(),
        outcome: outcome.kind,
        reason: "reason" in outcome ? outcome.reason : undefined,
        articleId: "articleId" in outcome ? outcome.articleId : undefined,
      });
      this.itemOf.set(outcome, { feedId: feed.id, guid });
      report.items.push(outcome);
    }
    // Validators are kept only once every item was handled: a poll cut short, or with pages to try again,
    // asks for the whole feed next time rather than hearing "304, nothing changed".
    const complete = taken <= MAX_ITEMS_PER_POLL && !this.stopped && !report.items.some((i) => i.kind === "failed");
    const now = this.options.now();
    recordPollOk(db, feed.id, {
      now,
      nextAt: now + intervalMs,
      title,
      ...(complete ? validators : {}),
      notModified: false,
    });
    await this.recovered(feed);
    return report;
  }

  /**
   * One item brought in. A fault that is not the page's (a reader's bug on odd HTML, a full disk) fails
   * this item, to be tried again at a later poll, instead of ending the poll of every feed with it.
   */
  private async ingestItem(url: string, source: Extract<LinkSource, { kind: "feed" }>): Promise<IngestOutcome> {
    try {
      return await ingest(this.options, url, source);
    } catch (err) {
      this.options.log.error({ err, feed: source.feed.id, url }, "a feed item could not be brought in");
      return { kind: "failed", url, title: source.item.title, reason: `Brief could not bring it in: ${err instanceof Error ? err.message : String(err)}` };
    }
  }

  private async recovered(feed: Feed): Promise<void> {
    if (feed.errorNotified) await this.options.notify({ kind: "recovered", feed: getFeed(this.options.db, feed.id) ?? feed });
  }

  /**
   * The ordinary reload puts the new files live. Should it refuse one of them (the check before writing
   * should make that impossible), that article is taken back out, its item recorded as skipped with the
   * loader's words, and the reload tried again; problems elsewhere in data/ leave the files for the next
   * good reload.
   */
  private async publish(added: Extract<IngestOutcome, { kind: "added" }>[], reports: FeedPollReport[]): Promise<number | undefined> {
    let outcome = await this.options.reload("feeds");
    if (!outcome.ok) {
      const ours = added.filter((a) => outcome.ok === false && outcome.problems.some((p) => p.file.endsWith(`${a.articleId}.md`)));
      for (const a of ours) {
        const problem = outcome.ok === false ? outcome.problems.find((p) => p.file.endsWith(`${a.articleId}.md`)) : undefined;
        withdraw(this.options, a.articleId);
        const skipped: IngestOutcome = { kind: "skipped", url: a.url, title: a.title, reason: `the reload refused it: ${problem?.message ?? "invalid"}` };
        for (const r of reports) {
          const i = r.items.indexOf(a);
          if (i >= 0) r.items[i] = skipped;
        }
        const item = this.itemOf.get(a);
        if (item) recordItem(this.options.db, { ...item, url: a.url, now: this.options.now(), outcome: "skipped", reason: skipped.reason });
      }
      if (ours.length > 0) outcome = await this.options.reload("feeds");
      if (!outcome.ok) this.options.log.warn({ problems: outcome.problems.length }, "fetched articles wait for a good reload: data/ has problems");
    }
    return outcome.ok ? outcome.version : undefined;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.running?.catch(() => undefined);
    if (this.holdsLease) releaseLease(this.options.db, FEED_POLL_LEASE, this.holder);
    this.holdsLease = false;
  }
}
