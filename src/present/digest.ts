/**
 * What a digest says: first what is new in the knowledge base since this subscription's last delivery
 * (after admin reloads), then the standing brief for its topic. Cited like every answer.
 */
import { translator } from "../core/i18n.js";
import type { KnowledgeReader } from "../core/knowledge.js";
import { type Block, bold, CitationList, heading, italic, list, type MessageDoc, para, type Span, text } from "../core/message.js";
import type { DigestInput } from "../core/subscriptions.js";
import { foundLegend } from "./extracted.js";
import { overviewLines, sourceAdds } from "./overview.js";
import { citeSpans, formatEventDate, formatPartialDate, resolveFilter } from "./records.js";

export function composeDigest(kb: KnowledgeReader, input: DigestInput, now: number): { doc: MessageDoc; version: number } {
  const t = translator(input.locale);
  const snap = kb.current;
  const filter = resolveFilter(kb, input.topic, t);
  const cites = new CitationList();
  const { added, changed } = kb.changesSince(input.sinceVersion);
  const isNew = (key: string) => added.has(key) || changed.has(key);
  const tag = (key: string) => t(added.has(key) ? "digest.new" : "digest.updated");

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
      bold(t("digest.source", { tag: tag(key) })),
      text(`: ${a.meta.title}${a.meta.published ? `, ${formatPartialDate(a.meta.published, t)}` : ""}`),
      text(" "),
      { t: "cite", n: cites.ref(kb.citation(a.id)) },
    ]);
    // What it adds, as extraction found it: its figures (beside curated ones) and its dated statements.
    for (const line of sourceAdds(kb, a.id, cites, t)) {
      news.push([text("  ↳ "), ...line]);
      foundShown = true;
    }
  }
  for (const e of filter.events) {
    const key = `event:${e.id}`;
    if (isNew(key) && eventIds.has(e.id))
      news.push([bold(t("digest.event", { tag: tag(key) })), text(`: ${formatEventDate(e, t)} — ${e.title}`), ...citeSpans(e.citations, kb, cites)]);
  }
  for (const f of filter.figures) {
    const key = `figure:${f.id}`;
    if (isNew(key) && figureIds.has(f.id))
      news.push([bold(t("digest.figure", { tag: tag(key) })), text(`: ${f.value} — ${f.measure}`), ...citeSpans(f.citations, kb, cites)]);
  }

  const blocks: Block[] = [heading(t("digest.whatsNew"))];
  if (input.sinceVersion === undefined) blocks.push(para(t("digest.firstDigest")));
  else if (news.length > 0) blocks.push(list(news), ...(foundShown ? [para(italic(foundLegend(t)))] : []));
  else blocks.push(para(t("digest.noNews", { since: input.sinceAt ? new Date(input.sinceAt).toISOString().slice(0, 10) : t("digest.lastDigest") })));

  const lines = overviewLines(kb, filter, cites, undefined, t);
  blocks.push(heading(t("digest.briefOn", { label: filter.label })));
  blocks.push(lines.length ? list(lines) : para(t("digest.nothingDated", { label: filter.label })));
  blocks.push(para(italic(t("digest.note"))));

  return {
    doc: { title: t("digest.title", { label: filter.label, date: new Date(now).toISOString().slice(0, 10) }), blocks, citations: cites.items },
    version: snap.version.id,
  };
}
