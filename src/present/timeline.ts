/** Dated events in order, for everything, a range of years or a topic: what /timeline shows and /ask routes to. */
import { type T, translator } from "../core/i18n.js";
import type { EventRecord, KnowledgeReader } from "../core/knowledge.js";
import { bold, CitationList, italic, list, type MessageDoc, para, text } from "../core/message.js";
import { inPeriod } from "../core/period.js";
import { citeSpans, formatEventDate, formatPartialDate, paginate, resolveFilter, sortByDate } from "./records.js";

export const TIMELINE_PAGE_SIZE = 8;

/** A period is two partial dates ("2021", "2024-03"), inclusive; a topic narrows it. */
export type TimelineQuery = { kind: "all" } | { kind: "period"; from: string; to: string; topic?: string } | { kind: "topic"; words: string };

export function periodLabel(from: string, to: string, t: T = translator()): string {
  const f = formatPartialDate(from, t);
  return from === to ? f : `${f}–${formatPartialDate(to, t)}`;
}

/** The events a query selects, and how to name the selection. */
export function timelineEvents(kb: KnowledgeReader, query: TimelineQuery, t: T = translator()): { label: string; events: EventRecord[] } {
  if (query.kind === "period") {
    const filter = resolveFilter(kb, query.topic, t);
    const events = filter.events.filter((e) => inPeriod(e, query));
    const period = periodLabel(query.from, query.to, t);
    return { label: query.topic ? t("commands.timeline.periodInTopic", { topic: filter.label, period }) : period, events };
  }
  const filter = resolveFilter(kb, query.kind === "topic" ? query.words : undefined, t);
  return { label: filter.label, events: filter.events };
}

/** One page of the timeline; `args` is what a pager button re-runs /timeline with; `pageSize` 0 shows every event. */
export function timelineDoc(
  kb: KnowledgeReader,
  query: TimelineQuery,
  page: number,
  args: string,
  pageSize = TIMELINE_PAGE_SIZE,
  t: T = translator(),
): MessageDoc {
  const { label, events } = timelineEvents(kb, query, t);
  const sorted = sortByDate(events);
  if (sorted.length === 0) {
    return {
      title: t("commands.timeline.title", { label, count: 0 }),
      blocks: [para(t("commands.timeline.nothing", { label }))],
      citations: [],
      kind: "timeline",
    };
  }
  const { items, pages } = paginate(sorted, page, pageSize || sorted.length, "timeline", args);
  const cites = new CitationList();
  const inferred = items.some((e) => e.date_note);
  return {
    title: t("commands.timeline.title", { label, count: sorted.length }),
    blocks: [
      list(items.map((e) => [bold(formatEventDate(e, t)), text(e.date_note ? "† — " : " — "), text(e.title), ...citeSpans(e.citations, kb, cites)])),
      ...(inferred ? [para(italic(t("commands.timeline.inferred")))] : []),
    ],
    citations: cites.items,
    pages,
    kind: "timeline",
  };
}
