/**
 * Feeds as people read them: the /feeds list with each feed's state and counts, what one poll or one link
 * brought in, and the notice that a feed keeps failing. Also how the words after `/feed add <url>` are
 * read: a word or phrase naming one of Brief's topics selects it; any other is a plain word to match.
 * Every sentence comes from the catalogues; the reasons an item was skipped or a fetch failed are the
 * feeds feature's own words (as recorded, and as the audit log keeps them).
 */
import type { FeedFilter, FeedStatus, IngestOutcome } from "../core/feeds.js";
import { type T, translator } from "../core/i18n.js";
import type { KnowledgeReader } from "../core/knowledge.js";
import { bold, code, fields, type MessageDoc, type Pages, para, type Span, spansToText, text } from "../core/message.js";
import { paginate } from "./records.js";

const EN = translator("en");

/** Feeds per page: a page is one message, and each feed's state can carry a long error. */
export const FEEDS_PAGE_SIZE = 3;

const when = (at: number | undefined, t: T) => (at === undefined ? t("feeds.never") : `${new Date(at).toISOString().slice(0, 16).replace("T", " ")} UTC`);

/**
 * `isis-k surveillance "panj river"` → topics [isis-k, surveillance], words ["panj river"]. Words that name
 * a topic (its id, name or a keyword, small typos forgiven) select the topic; the rest are matched as words.
 */
export function readFeedFilter(kb: KnowledgeReader, words: readonly string[], t: T = EN): FeedFilter & { understood: string[] } {
  const topics = new Set<string>();
  const plain: string[] = [];
  const understood: string[] = [];
  for (const w of words) {
    const m = kb.current.topicNames.match(w);
    if (m.kind === "exact" || m.kind === "close") {
      topics.add(m.id);
      if (m.kind === "close") understood.push(t("feeds.readAsTopic", { word: w, topic: kb.topic(m.id)?.name ?? m.id }));
    } else if (w.trim()) plain.push(w.trim().toLowerCase());
  }
  return { topics: [...topics], words: plain, understood };
}

/** Splits the text after the URL into words, keeping "quoted phrases" whole. */
export function splitFilterWords(textAfterUrl: string): string[] {
  return [...textAfterUrl.matchAll(/"([^"]+)"|“([^”]+)”|([^\s,]+)/g)].map((m) => (m[1] ?? m[2] ?? m[3] ?? "").trim()).filter(Boolean);
}

export function describeFilter(kb: KnowledgeReader, f: Pick<FeedStatus, "topics" | "words">, t: T = EN): string {
  const names = [...f.topics.map((id) => kb.topic(id)?.name ?? id), ...f.words.map((w) => `“${w}”`)];
  return names.length > 0 ? names.join(", ") : t("feeds.anyTopic");
}

function state(f: FeedStatus, t: T): string {
  if (f.failures > 0) {
    return t("feeds.failing", {
      count: f.failures,
      since: when(f.lastOkAt ?? f.addedAt, t),
      error: f.lastError ?? t("feeds.unknownError"),
      next: when(f.nextPollAt, t),
    });
  }
  if (f.lastPolledAt === undefined) return t("feeds.notPolled", { due: when(f.nextPollAt, t) });
  return t("feeds.ok", { at: when(f.lastPolledAt, t), next: when(f.nextPollAt, t) });
}

/** Failing feeds first (what an admin opens /feeds for), then by id. */
const byAttention = (a: FeedStatus, b: FeedStatus) => Number(b.failures > 0) - Number(a.failures > 0) || a.id - b.id;

/** The feeds, FEEDS_PAGE_SIZE to a page; `page` and `argText` as the pager re-runs the command. */
export function feedsList(kb: KnowledgeReader, feeds: readonly FeedStatus[], t: T = EN, page = 1, argText = ""): MessageDoc {
  if (feeds.length === 0) {
    return { title: t("feeds.title"), blocks: [para(t("feeds.none")), para(t("feeds.addOne"))], citations: [], kind: "admin" };
  }
  const { items, pages }: { items: FeedStatus[]; pages?: Pages } = paginate([...feeds].sort(byAttention), page, FEEDS_PAGE_SIZE, "feeds", argText);
  return {
    title: t("feeds.titleCount", { count: feeds.length }),
    blocks: items.map((f) =>
      fields([
        { label: `#${f.id} ${f.title ?? f.url}`, value: [text(f.url)] },
        { label: t("feeds.keeps"), value: [text(describeFilter(kb, f, t))] },
        { label: t("feeds.state"), value: [text(state(f, t))] },
        {
          label: t("feeds.items"),
          value: [
            text(
              t("feeds.counts", { added: f.counts.added, skipped: f.counts.skipped, duplicate: f.counts.duplicate }) +
                (f.counts.failed ? t("feeds.toRetry", { count: f.counts.failed }) : ""),
            ),
          ],
        },
      ]),
    ),
    footer: t("feeds.footer"),
    citations: [],
    pages,
    kind: "admin",
  };
}

export function feedAdded(kb: KnowledgeReader, f: FeedStatus, understood: readonly string[], t: T = EN): MessageDoc {
  return {
    title: t("feeds.added"),
    blocks: [
      para(bold(`#${f.id} ${f.title ?? f.url}`)),
      fields([
        { label: t("feeds.keeps"), value: [text(t("feeds.keepsItems", { filter: describeFilter(kb, f, t) }))] },
        { label: t("feeds.firstPoll"), value: [text(t("feeds.firstPollWhen"))] },
      ]),
      ...(understood.length > 0 ? [para(t("feeds.read", { list: understood.join(", ") }))] : []),
    ],
    citations: [],
    kind: "admin",
  };
}

export function describeOutcome(o: IngestOutcome, t: T = EN): Span[] {
  const titled = "title" in o && o.title ? ` ${o.title}` : "";
  switch (o.kind) {
    case "added":
      return [bold(t("feeds.outcome.added")), text(` ${o.title} ${t("feeds.outcome.as")} `), code(o.articleId)];
    case "duplicate":
      return [bold(t("feeds.outcome.duplicate")), text(`: ${o.reason}`)];
    case "skipped":
      return [bold(t("feeds.outcome.skipped")), text(`${titled}: ${o.reason}`)];
    case "failed":
      return [bold(t("feeds.outcome.failed")), text(`${titled}: ${o.reason} ${t("feeds.outcome.retry")}`)];
  }
}

export function articleAdded(o: IngestOutcome, version: number | undefined, t: T = EN): MessageDoc {
  const live = o.kind === "added" ? (version !== undefined ? t("feeds.liveNow", { version, id: o.articleId }) : t("feeds.liveLater")) : "";
  const title = o.kind === "added" ? t("feeds.articleAdded") : o.kind === "duplicate" ? t("feeds.alreadyThere") : t("feeds.notAdded");
  return {
    title,
    blocks: [para(...describeOutcome(o, t), text(live))],
    citations: [],
    tone: o.kind === "added" || o.kind === "duplicate" ? "info" : "warn",
    kind: "admin",
  };
}

/** Told where the feed was added; in English, as scheduled digests are (a channel has no one language). */
export function feedNotice(kind: "failing" | "recovered", f: FeedStatus, t: T = EN): MessageDoc {
  const name = f.title ?? f.url;
  return kind === "failing"
    ? {
        title: t("feeds.notice.failingTitle"),
        blocks: [
          para(t("feeds.notice.failing", { id: f.id, name, count: f.failures, error: f.lastError ?? t("feeds.unknownError") })),
          para(t("feeds.notice.backoff", { next: when(f.nextPollAt, t), id: f.id })),
        ],
        citations: [],
        tone: "warn",
        kind: "admin",
      }
    : { title: t("feeds.notice.recoveredTitle"), blocks: [para(t("feeds.notice.recovered", { id: f.id, name }))], citations: [], kind: "admin" };
}

/** `brief feeds poll --now`: one line per item, by feed (the command line speaks English). */
export function pollLines(reports: readonly { feedId: number; url: string; status: string; error?: string; items: readonly IngestOutcome[] }[]): string[] {
  return reports.flatMap((r) => [
    `feed ${r.feedId} ${r.url}: ${r.status === "failed" ? `failed: ${r.error}` : r.status === "not-modified" ? "not modified" : `${r.items.length} new items`}`,
    ...r.items.map((i) => `  ${spansToText(describeOutcome(i))}`),
  ]);
}
