/**
 * Feeds as people read them: the /feeds list with each feed's state and counts, what one poll or one link
 * brought in, and the notice that a feed keeps failing. Also how the words after `/feed add <url>` are
 * read: a word or phrase naming one of Brief's topics selects it; any other is a plain word to match.
 */
import type { FeedFilter, FeedStatus, IngestOutcome } from "../core/feeds.js";
import type { KnowledgeReader } from "../core/knowledge.js";
import { bold, code, fields, type MessageDoc, para, type Span, spansToText, text } from "../core/message.js";

const when = (t: number | undefined) => (t === undefined ? "never" : `${new Date(t).toISOString().slice(0, 16).replace("T", " ")} UTC`);

/**
 * `isis-k surveillance "panj river"` → topics [isis-k, surveillance], words ["panj river"]. Words that name
 * a topic (its id, name or a keyword, small typos forgiven) select the topic; the rest are matched as words.
 */
export function readFeedFilter(kb: KnowledgeReader, words: readonly string[]): FeedFilter & { understood: string[] } {
  const topics = new Set<string>();
  const plain: string[] = [];
  const understood: string[] = [];
  for (const w of words) {
    const m = kb.current.topicNames.match(w);
    if (m.kind === "exact" || m.kind === "close") {
      topics.add(m.id);
      if (m.kind === "close") understood.push(`“${w}” as the topic ${kb.topic(m.id)?.name ?? m.id}`);
    } else if (w.trim()) plain.push(w.trim().toLowerCase());
  }
  return { topics: [...topics], words: plain, understood };
}

/** Splits the text after the URL into words, keeping "quoted phrases" whole. */
export function splitFilterWords(textAfterUrl: string): string[] {
  return [...textAfterUrl.matchAll(/"([^"]+)"|“([^”]+)”|([^\s,]+)/g)].map((m) => (m[1] ?? m[2] ?? m[3] ?? "").trim()).filter(Boolean);
}

export function describeFilter(kb: KnowledgeReader, f: Pick<FeedStatus, "topics" | "words">): string {
  const names = [...f.topics.map((t) => kb.topic(t)?.name ?? t), ...f.words.map((w) => `“${w}”`)];
  return names.length > 0 ? names.join(", ") : "any of Brief's topics";
}

function state(f: FeedStatus): string {
  if (f.failures > 0) return `failing ${f.failures}× since ${when(f.lastOkAt ?? f.addedAt)}: ${f.lastError ?? "unknown error"}; next try ${when(f.nextPollAt)}`;
  if (f.lastPolledAt === undefined) return `not polled yet (due ${when(f.nextPollAt)})`;
  return `ok, polled ${when(f.lastPolledAt)}; next ${when(f.nextPollAt)}`;
}

export function feedsList(kb: KnowledgeReader, feeds: readonly FeedStatus[]): MessageDoc {
  if (feeds.length === 0) {
    return { title: "Feeds", blocks: [para("Brief follows no feeds yet."), para("Add one: /feed add <url> [topic …]")], citations: [] };
  }
  return {
    title: `Feeds (${feeds.length})`,
    blocks: feeds.map((f) =>
      fields([
        { label: `#${f.id} ${f.title ?? f.url}`, value: [text(f.url)] },
        { label: "Keeps", value: [text(describeFilter(kb, f))] },
        { label: "State", value: [text(state(f))] },
        {
          label: "Items",
          value: [
            text(
              `${f.counts.added} added, ${f.counts.skipped} skipped, ${f.counts.duplicate} duplicates${f.counts.failed ? `, ${f.counts.failed} to retry` : ""}`,
            ),
          ],
        },
      ]),
    ),
    footer: "/feed remove <id> stops following one; /feed add <url> [topic …] adds one.",
    citations: [],
  };
}

export function feedAdded(kb: KnowledgeReader, f: FeedStatus, understood: readonly string[]): MessageDoc {
  return {
    title: "Feed added",
    blocks: [
      para(bold(`#${f.id} ${f.title ?? f.url}`)),
      fields([
        { label: "Keeps", value: [text(`items about ${describeFilter(kb, f)}; the rest are recorded as skipped`)] },
        { label: "First poll", value: [text("within a minute; then every poll interval. /feeds shows what it added and skipped.")] },
      ]),
      ...(understood.length > 0 ? [para(`Read ${understood.join(", ")}.`)] : []),
    ],
    citations: [],
  };
}

export function describeOutcome(o: IngestOutcome): Span[] {
  switch (o.kind) {
    case "added":
      return [bold("added"), text(` ${o.title} as `), code(o.articleId)];
    case "duplicate":
      return [bold("duplicate"), text(`: ${o.reason}`)];
    case "skipped":
      return [bold("skipped"), text(`${o.title ? ` ${o.title}` : ""}: ${o.reason}`)];
    case "failed":
      return [bold("failed"), text(`${o.title ? ` ${o.title}` : ""}: ${o.reason} (tried again at the next poll)`)];
  }
}

export function articleAdded(o: IngestOutcome, version: number | undefined): MessageDoc {
  const live =
    o.kind === "added"
      ? version !== undefined
        ? `. It is live now (knowledge version ${version}): /source ${o.articleId}`
        : ". It goes live at the next good reload."
      : "";
  return {
    title: o.kind === "added" ? "Article added" : o.kind === "duplicate" ? "Already there" : "Not added",
    blocks: [para(...describeOutcome(o), text(live))],
    citations: [],
    tone: o.kind === "added" || o.kind === "duplicate" ? "info" : "warn",
  };
}

export function feedNotice(kind: "failing" | "recovered", f: FeedStatus): MessageDoc {
  return kind === "failing"
    ? {
        title: "A feed keeps failing",
        blocks: [
          para(`Feed #${f.id} (${f.title ?? f.url}) failed ${f.failures} times in a row: ${f.lastError ?? "unknown error"}.`),
          para(
            `Brief backs off and tries again at ${when(f.nextPollAt)}; you will not be told again until it works. /feeds shows its state; /feed remove ${f.id} stops it.`,
          ),
        ],
        citations: [],
        tone: "warn",
      }
    : { title: "A feed works again", blocks: [para(`Feed #${f.id} (${f.title ?? f.url}) was polled successfully again.`)], citations: [] };
}

/** `brief feeds poll --now`: one line per item, by feed. */
export function pollLines(reports: readonly { feedId: number; url: string; status: string; error?: string; items: readonly IngestOutcome[] }[]): string[] {
  return reports.flatMap((r) => [
    `feed ${r.feedId} ${r.url}: ${r.status === "failed" ? `failed: ${r.error}` : r.status === "not-modified" ? "not modified" : `${r.items.length} new items`}`,
    ...r.items.map((i) => `  ${spansToText(describeOutcome(i))}`),
  ]);
}
