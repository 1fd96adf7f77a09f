/**
 * One link → one article in data/, or the reason it was not kept. The steps: the link is made canonical and
 * looked up among the articles already fetched; a feed item is matched against its feed's topics by its own
 * words first (the page is fetched only when those words are too few to judge by); the page is fetched
 * (safely, see fetcher.ts), decoded in its declared charset, and its main text extracted (extract.ts); the
 * same text under another link is caught by its hash; the file is composed, validated by the same loader
 * every article goes through, and only then written (atomically) to data/articles/.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { FeedFilter, IngestOutcome } from "../core/feeds.js";
import type { Db } from "../store/db.js";
import { articleFile, articleIdFor } from "./article-file.js";
import { canonicalUrl } from "./canonical-url.js";
import { decodeBody } from "./charset.js";
import { partialDateOf } from "./dates.js";
import type { PageArticle } from "./extract.js";
import type { FeedItem } from "./feed-parse.js";
import { findFetched, forgetFetched, isFetchedId, recordFetched } from "./feed-table.js";
import { FetchError, type Fetcher } from "./fetcher.js";
import { pageReader } from "./lazy.js";
import { matchTopics, type TopicWords, wordCount } from "./topic-match.js";

/** A feed item with fewer words than this (often a bare title) is judged by its page's text instead. */
export const FEW_WORDS = 40;
/** A page with less article text than this holds no article Brief can use. */
export const MIN_ARTICLE_CHARS = 280;

export interface BriefTopic extends TopicWords {
  name: string;
}

export interface IngestContext {
  db: Db;
  fetcher: Fetcher;
  /** data/articles */
  articlesDir: string;
  /** Brief's topics now, with their keywords. */
  topics(): readonly BriefTopic[];
  /** The problems the loader finds in this file, as it would find them in data/ (none: it is a valid article). */
  validate(id: string, source: string): string[];
  now(): number;
}

export type LinkSource =
  /** An item of a followed feed: kept only when it matches the feed's filter. */
  | { kind: "feed"; feed: { id: number; url: string; title?: string }; item: FeedItem; filter: FeedFilter }
  /** A link an admin asked for: kept whatever its topic. */
  | { kind: "link"; actor: string };

const hashText = (paragraphs: readonly string[]) =>
  createHash("sha256").update(paragraphs.join("\n").toLowerCase().replace(/\s+/g, " ").trim()).digest("hex").slice(0, 24);

/**
 * An item id that names the item wherever it appears (a URL, a tag: or urn: URI), so two feeds carrying it
 * carry one article; a bare "1" or "42" means something only within its own feed.
 */
const globalGuid = (guid: string | undefined) => (guid && /^[a-z][a-z0-9+.-]*:\S/i.test(guid) ? guid : undefined);

const iso = (t: number) => new Date(t).toISOString().replace(/\.\d{3}Z$/, "Z");

export async function ingest(ctx: IngestContext, rawUrl: string, source: LinkSource): Promise<IngestOutcome> {
  const item = source.kind === "feed" ? source.item : undefined;
  const title = item?.title;
  const url = canonicalUrl(rawUrl);
  if (!url) return { kind: "skipped", url: rawUrl, title, reason: "the link is not an http or https URL" };
  const known = findFetched(ctx.db, { urls: [url], guid: globalGuid(item?.guid) });
  if (known) return { kind: "duplicate", articleId: known.articleId, url, reason: `already fetched as ${known.articleId} (${known.by})` };

  // Judged by the item's own words where they are enough; the page is fetched only for what may be kept.
  const topics = ctx.topics();
  const wanted = source.kind === "feed" ? filterTopics(topics, source.filter) : undefined;
  const itemText = item ? [item.title, item.summary, ...item.categories].filter(Boolean).join("\n") : "";
  let matchedByItem = false;
  if (wanted && item) {
    const m = matchTopics(itemText, wanted.topics, wanted.words);
    matchedByItem = m.topics.length > 0 || m.words.length > 0;
    if (!matchedByItem && wordCount(itemText) >= FEW_WORDS) return { kind: "skipped", url, title, reason: wanted.describe };
  }

  let page: PageArticle;
  let pageUrl: string;
  try {
    const res = await ctx.fetcher.fetch({ url, wanted: "page" });
    if (res.status !== 200) return { kind: "failed", url, title, reason: "the page answered 304 to a plain request" };
    pageUrl = res.url;
    const { extractArticle } = await pageReader();
    page = extractArticle(decodeBody(res.body, res.contentType, "html").text, res.url);
  } catch (err) {
    if (!(err instanceof FetchError)) throw err;
    return err.kind === "transient" ? { kind: "failed", url, title, reason: err.message } : { kind: "skipped", url, title, reason: err.message };
  }
  const text = page.paragraphs.join("\n");
  if (text.length < MIN_ARTICLE_CHARS) return { kind: "skipped", url, title, reason: "no article text was found on the page" };
  const canonical = (page.canonical && canonicalUrl(page.canonical)) || canonicalUrl(pageUrl) || url;
  const contentHash = hashText(page.paragraphs);
  const again = findFetched(ctx.db, { urls: [canonical, canonicalUrl(pageUrl)], contentHash });
  if (again) return { kind: "duplicate", articleId: again.articleId, url, reason: `already fetched as ${again.articleId} (${again.by})` };

  if (wanted && !matchedByItem) {
    const m = matchTopics(`${page.title?.value ?? ""}\n${text}`, wanted.topics, wanted.words);
    if (m.topics.length === 0 && m.words.length === 0) return { kind: "skipped", url, title: title ?? page.title?.value, reason: wanted.describe };
  }

  const draft = describe(page, item, source, canonical, iso(ctx.now()));
  const articleTitle = draft.title;
  if (!articleTitle) return { kind: "skipped", url, reason: "the page has no title, in its metadata or in the feed" };
  // The topics the article speaks of, by its title, the feed's summary and its opening paragraphs.
  const lead = [articleTitle, item?.summary ?? "", ...page.paragraphs.slice(0, 3)].join("\n");
  const articleTopics = matchTopics(lead, topics).topics;

  return ctx.db
    .transaction(() => {
      // Checked again inside the write lock: another process may have fetched it meanwhile.
      const raced = findFetched(ctx.db, { urls: [canonical, url], contentHash });
      if (raced) return { kind: "duplicate" as const, articleId: raced.articleId, url, reason: `already fetched as ${raced.articleId} (${raced.by})` };
      const id = articleIdFor(
        articleTitle,
        draft.outlet,
        (candidate) => existsSync(join(ctx.articlesDir, `${candidate}.md`)) || isFetchedId(ctx.db, candidate),
      );
      const file = articleFile({ ...draft, title: articleTitle, topics: articleTopics, paragraphs: page.paragraphs });
      const problems = ctx.validate(id, file);
      if (problems.length > 0)
        return { kind: "skipped" as const, url, title: draft.title, reason: `the article would not validate: ${problems.slice(0, 3).join("; ")}` };
      recordFetched(ctx.db, {
        articleId: id,
        url: canonical,
        pageUrl: canonicalUrl(pageUrl) !== canonical ? canonicalUrl(pageUrl) : undefined,
        guid: globalGuid(item?.guid),
        contentHash,
        feedId: source.kind === "feed" ? source.feed.id : undefined,
        now: ctx.now(),
      });
      writeAtomically(join(ctx.articlesDir, `${id}.md`), file);
      return { kind: "added" as const, articleId: id, title: articleTitle, url: canonical };
    })
    .immediate();
}

/** Takes an article back out (its file and its record), when the reload that should have shown it refused it. */
export function withdraw(ctx: Pick<IngestContext, "db" | "articlesDir">, articleId: string): void {
  forgetFetched(ctx.db, articleId);
  const path = join(ctx.articlesDir, `${articleId}.md`);
  if (existsSync(path)) unlinkSync(path);
}

/** Written beside its final name, then renamed: a reload never reads half a file. (The loader reads only *.md.) */
function writeAtomically(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, content, { flag: "wx" });
  renameSync(tmp, path);
}

/** The feed's filter as phrases to look for, and how a skip is explained. */
function filterTopics(all: readonly BriefTopic[], filter: FeedFilter): { topics: TopicWords[]; words: readonly string[]; describe: string } {
  const chosen = filter.topics.length > 0 || filter.words.length > 0 ? all.filter((t) => filter.topics.includes(t.id)) : [...all];
  const names = [...chosen.map((t) => t.name), ...filter.words.map((w) => `“${w}”`)];
  const describe =
    filter.topics.length > 0 || filter.words.length > 0 ? `about none of this feed's topics (${names.join(", ")})` : "about none of Brief's topics";
  return { topics: chosen, words: filter.words, describe };
}

/** Front matter: each field from the page's metadata or the feed item, and the notes say which. */
function describe(page: PageArticle, item: FeedItem | undefined, source: LinkSource, url: string, fetchedAt: string) {
  const host = new URL(url).hostname.replace(/^www\./, "");
  const feedTitle = source.kind === "feed" ? source.feed.title : undefined;
  const title = item?.title ? { value: item.title, from: "the feed item" } : page.title;
  const outlet = page.siteName ?? (feedTitle ? { value: feedTitle, from: "the feed's title" } : { value: host, from: "the site's address" });
  const author = page.author ?? (item?.author ? { value: item.author, from: "the feed item" } : undefined);

  const pageDate = partialDateOf(page.published?.value);
  const itemDate = partialDateOf(item?.published);
  let published: string | undefined;
  let datedBy: string;
  if (pageDate && itemDate) {
    published = pageDate;
    datedBy =
      pageDate === itemDate
        ? `Both the page's ${page.published!.from} and the feed item's date give ${pageDate}.`
        : `The page's ${page.published!.from} (${pageDate}); the feed item says ${itemDate}.`;
  } else if (pageDate) {
    published = pageDate;
    datedBy = `The page's ${page.published!.from} metadata.`;
  } else if (itemDate) {
    published = itemDate;
    datedBy = "The feed item's date (the page gives none).";
  } else {
    datedBy = `Neither the page nor the feed gives a date; fetched ${fetchedAt.slice(0, 10)}.`;
  }
  const origin =
    source.kind === "feed"
      ? `feed ${source.feed.id} (${feedTitle ? `${feedTitle}, ` : ""}${source.feed.url}), fetched ${fetchedAt}`
      : `link added by ${source.actor}, fetched ${fetchedAt}`;
  const said = (what: string, f: { from: string } | undefined) => (f ? `${what} from ${f.from}` : undefined);
  const notes = [
    "Text extracted from the page by Readability (navigation, ads, comments and related links left out).",
    `${[said("Title", title), said("outlet", outlet), said("author", author)].filter(Boolean).join("; ")}.`,
  ].join(" ");
  return { title: title?.value, outlet: outlet.value, author: author?.value, published, datedBy, url, origin, notes };
}
