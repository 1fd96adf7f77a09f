/**
 * What a digest says: first what is new in the knowledge base since this subscription's last delivery
 * (after admin reloads), then the standing brief for its topic. Cited like every answer.
 */
import type { KnowledgeReader } from "../core/knowledge.js";
import { type Block, bold, CitationList, heading, italic, list, type MessageDoc, para, type Span, text } from "../core/message.js";
import type { DigestInput } from "../core/subscriptions.js";
import { FOUND_LEGEND } from "./extracted.js";
import { overviewLines, sourceAdds } from "./overview.js";
import { citeSpans, formatEventDate, formatPartialDate, resolveFilter } from "./records.js";

export function composeDigest(kb: KnowledgeReader, input: DigestInput, now: number): { doc: MessageDoc; version: number } {
  const snap = kb.current;
  const filter = resolveFilter(kb, input.topic);
  const cites = new CitationList();
  const { added, changed } = kb.changesSince(input.sinceVersion);
  const isNew = (key: string) => added.has(key) || changed.has(key);
  const tag = (key: string) => (added.has(key) ? "new" : "updated");

  const news: Span[][] = [];
  let foundShown = false;
  const eventIds = new Set(filter.events.map((e) => e.id));
  const figureIds = new Set(filter.figures.map((f) => f.id));
  const topicRecord = input.topic ? snap.topicNames.match(input.topic) : undefined;
  const topicId = topicRecord && (topicRecord.kind === "exact" || topicRecord.kind === "close") ? topicRecord.id : undefined;
  for (const a of snap.catalogue.articles.values()) {
    const key = `article:${a.id}`;
    if (!isNew(key)) continue;
    const cited = filter.events.some((e) => e.citations.some((c) => c.source === a.id));
    if (input.topic && !cited && !(topicId && a.meta.topics?.includes(topicId))) continue;
    news.push([
      bold(`Source (${tag(key)})`),
      text(`: ${a.meta.title}${a.meta.published ? `, ${formatPartialDate(a.meta.published)}` : ""}`),
      text(" "),
      { t: "cite", n: cites.ref(kb.citation(a.id)) },
    ]);
    // What it adds, as extraction found it: its figures (beside curated ones) and its dated statements.
    for (const line of sourceAdds(kb, a.id, cites)) {
      news.push([text("  ↳ "), ...line]);
      foundShown = true;
    }
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
  if (input.sinceVersion === undefined) blocks.push(para("This is the first digest: everything below is the standing brief."));
  else if (news.length > 0) blocks.push(list(news), ...(foundShown ? [para(italic(FOUND_LEGEND))] : []));
  else blocks.push(para(`No new developments since ${input.sinceAt ? new Date(input.sinceAt).toISOString().slice(0, 10) : "the last digest"}.`));

  const lines = overviewLines(kb, filter, cites);
  blocks.push(heading(`The brief: ${filter.label}`));
  blocks.push(lines.length ? list(lines) : para(`Nothing dated is filed under ${filter.label}.`));
  blocks.push(para(italic("Summaries are Brief's; claims belong to the sources cited. /event <name> shows the quotes.")));

  return {
    doc: { title: `Digest — ${filter.label} — ${new Date(now).toISOString().slice(0, 10)}`, blocks, citations: cites.items },
    version: snap.version.id,
  };
}
