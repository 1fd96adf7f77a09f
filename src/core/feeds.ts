/**
 * What the feed commands ask of the feeds feature (src/feeds implements it): follow a feed, stop
 * following it, list the feeds with their state, and bring in one article by its link. Declared here so
 * commands need no feature import; the composition root hands the implementation in.
 */
import type { Locale } from "./i18n.js";
import type { Problem } from "./knowledge.js";

/**
 * How the reload that puts fetched articles live ended: the knowledge version it made live, or the
 * problems that kept it from doing so (in this process, or reported back by the running bot).
 */
export type ReloadResult = { ok: true; version: number } | { ok: false; problems: readonly Problem[] };

/** Who asked, for the audit log and for telling them later that their feed keeps failing. */
export interface FeedActor {
  /** As the audit log names people: "telegram:42 (Ada)", or "cli". */
  actor: string;
  /** Where they asked (a ChannelRef), so a failing feed's notice reaches them there; none from the command line. */
  channel?: string;
  /** Their interface language, for a refusal's words; English when absent (the command line). */
  locale?: Locale;
}

/** What a feed's items must speak of: Brief topic ids, and plain words or phrases (never patterns). */
export interface FeedFilter {
  topics: readonly string[];
  words: readonly string[];
}

/** A feed and how it is doing, as /feeds and `brief feeds list` show it. */
export interface FeedStatus {
  id: number;
  url: string;
  /** The feed's own title, once it has been read. */
  title?: string;
  /** Brief topic ids the feed's items must match (none: any of Brief's topics). */
  topics: string[];
  /** Plain words the items must match, besides the topics (words given that name no topic). */
  words: string[];
  addedBy: string;
  addedAt: number;
  lastPolledAt?: number;
  lastOkAt?: number;
  nextPollAt: number;
  /** Failures in a row; 0 when the last poll worked. */
  failures: number;
  lastError?: string;
  /** Items recorded so far, by what became of them. */
  counts: { added: number; duplicate: number; skipped: number; failed: number };
}

/** What became of one item or link. */
export type IngestOutcome =
  | { kind: "added"; articleId: string; title: string; url: string }
  | { kind: "duplicate"; articleId: string; url: string; reason: string }
  | { kind: "skipped"; url: string; title?: string; reason: string }
  /** A fault that may pass (the page did not answer): the item is tried again at a later poll. */
  | { kind: "failed"; url: string; title?: string; reason: string };

/** One poll of one feed. */
export interface FeedPollReport {
  feedId: number;
  url: string;
  /** "ok", "not-modified" (304: nothing changed), or "failed" with the error. */
  status: "ok" | "not-modified" | "failed";
  error?: string;
  items: IngestOutcome[];
}

export interface FeedActions {
  /**
   * Checks the URL (http or https, a public address, a feed that parses), then follows it; its items must
   * match these topics or words (none: any of Brief's topics). Throws UserError when refused.
   */
  add(url: string, filter: FeedFilter, by: FeedActor): Promise<FeedStatus>;
  /** Stops following a feed; articles already brought in stay. Returns false when there is no such feed. */
  remove(id: number, by: FeedActor): boolean;
  list(): FeedStatus[];
  /** Fetches one article now, writes it to data/ and reloads. Throws UserError when the link is refused. */
  addArticle(url: string, by: FeedActor): Promise<{ outcome: IngestOutcome; version?: number }>;
}
