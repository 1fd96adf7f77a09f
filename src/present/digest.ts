/**
 * What a digest says: first what is new in the knowledge base since this subscription's last delivery
 * (after admin reloads), then the standing brief for its topic. Cited like every answer.
 */
import type { ArticleInfo, KnowledgeReader } from "../core/knowledge.js";
import { type Block, bold, CitationList, heading, italic, list, type MessageDoc, para, type Span, text } from "../core/message.js";
import type { DigestInput } from "../core/subscriptions.js";
import { overviewLines } from "./overview.js";
import { citeSpans, formatEventDate, resolveFilter } from "./records.js";
import { newArticleBlocks, type WhatsNewSources } from "./whats-new.js";

export function composeDigest(
  kb: KnowledgeReader,
  input: DigestInput,
  now: number,
  sources: WhatsNewSources = {},
): { doc: MessageDoc; version: number; news: number } {
  const snap = kb.current;
  const filter = resolveFilter(kb, input.topic);
  const cites = new CitationList();
  const { added, changed } = kb.changesSince(input.sinceVersion);
  const isNew = (key: string) => added.has(key) || changed.has(key);
  const tag = (key: string) => (added.has(key) ? "new" : "updated");

  const news: Span[][] = [];
  const newArticles: ArticleInfo[] = [];
  const eventIds = new Set(filter.events.map((e) => e.id));
  const figureIds = new Set(filter.figures.map((f) => f.id));
  const topicRecord = input.topic ? snap.topicNames.match(input.topic) : undefined;
  const topicId = topicRecord && (topicRecord.kind === "exact" || topicRecord.kind === "close") ? topicRecord.id : undefined;
  for (const a of snap.catalogue.articles.values()) {
    const key = `article:${a.id}`;
    if (!isNew(key)) continue;
    const cited = filter.events.some((e) => e.citations.some((c) => c.source === a.id));
    if (input.topic && !cited && !(topicId && a.meta.topics?.includes(topicId))) continue;
    newArticles.push(a);
  }
  for (const e of filter.events) {
    const key = `event:${e.id}`;
    if (isNew(key) && eventIds.has(e.id))
      news.push([bold(`Event (${tag(key)})`), text(`: ${formatEventDate(e)} — ${e.title}`), ...citeSpans(e.citations, kb, cites)]);
  }
  for (const f of filter.figures) {
    const key = `figure:${f.id}`;
    if (isNew(key) && figureIds.has(f.id)) news.push([bold(`Figure (${tag(key)})`), text(`: ${f.value} — ${f.measure}`), ...citeSpans(f.citations, kb, cites)]);
  }

  const blocks: Block[] = [heading("What's new")];
  const count = newArticles.length + news.length;
  if (input.sinceVersion === undefined) blocks.push(para("This is the first digest: everything below is the standing brief."));
  else if (count > 0) {
    blocks.push(...newArticleBlocks(kb, newArticles, (id) => tag(`article:${id}`), cites, sources));
    if (news.length > 0) blocks.push(list(news));
  } else blocks.push(para(`No new developments since ${input.sinceAt ? new Date(input.sinceAt).toISOString().slice(0, 10) : "the last digest"}.`));
  const newsCount = input.sinceVersion === undefined ? 0 : count;
  if (input.newOnly) {
    return {
      doc: { title: `New — ${filter.label} — ${new Date(now).toISOString().slice(0, 10)}`, blocks, citations: cites.items },
      version: snap.version.id,
      news: newsCount,
    };
  }

  const lines = overviewLines(kb, filter, cites);
  blocks.push(heading(`The brief: ${filter.label}`));
  blocks.push(lines.length ? list(lines) : para(`Nothing dated is filed under ${filter.label}.`));
  blocks.push(para(italic("Summaries are Brief's; claims belong to the sources cited. /event <name> shows the quotes.")));

  return {
    doc: { title: `Digest — ${filter.label} — ${new Date(now).toISOString().slice(0, 10)}`, blocks, citations: cites.items },
    version: snap.version.id,
    news: newsCount,
  };
}
