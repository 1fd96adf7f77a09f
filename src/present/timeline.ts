/** Dated events in order, for everything, a range of years or a topic: what /timeline shows and /ask routes to. */
import type { EventRecord, KnowledgeReader } from "../core/knowledge.js";
import { bold, CitationList, italic, list, type MessageDoc, para, text } from "../core/message.js";
import { citeSpans, formatEventDate, formatPartialDate, paginate, resolveFilter, sortByDate } from "./records.js";

export const TIMELINE_PAGE_SIZE = 8;

/** A period is two partial dates ("2021", "2024-03"), inclusive; a topic narrows it. */
export type TimelineQuery = { kind: "all" } | { kind: "period"; from: string; to: string; topic?: string } | { kind: "topic"; words: string };

/** "2024" → "2024-00" as a start, "2024-99" as an end: months compare as text within a year. */
const startKey = (d: string) => (d.length >= 7 ? d.slice(0, 7) : `${d.slice(0, 4)}-00`);
const endKey = (d: string) => (d.length >= 7 ? d.slice(0, 7) : `${d.slice(0, 4)}-99`);

export function periodLabel(from: string, to: string): string {
  const f = formatPartialDate(from);
  return from === to ? f : `${f}–${formatPartialDate(to)}`;
}

/** The events a query selects, and how to name the selection. */
export function timelineEvents(kb: KnowledgeReader, query: TimelineQuery): { label: string; events: EventRecord[] } {
  if (query.kind === "period") {
    const filter = resolveFilter(kb, query.topic);
    const events = filter.events.filter((e) => startKey(e.date) <= endKey(query.to) && endKey(e.end ?? e.date) >= startKey(query.from));
    const period = periodLabel(query.from, query.to);
    return { label: query.topic ? `${filter.label}, ${period}` : period, events };
  }
  const filter = resolveFilter(kb, query.kind === "topic" ? query.words : undefined);
  return { label: filter.label, events: filter.events };
}

/** One page of the timeline; `args` is what a pager button re-runs /timeline with; `pageSize` 0 shows every event. */
export function timelineDoc(kb: KnowledgeReader, query: TimelineQuery, page: number, args: string, pageSize = TIMELINE_PAGE_SIZE): MessageDoc {
  const { label, events } = timelineEvents(kb, query);
  const sorted = sortByDate(events);
  if (sorted.length === 0) {
    return { title: `Timeline: ${label}`, blocks: [para(`No dated events in the sources for ${label}. /timeline alone shows them all.`)], citations: [] };
  }
  const { items, pages } = paginate(sorted, page, pageSize || sorted.length, "timeline", args);
  const cites = new CitationList();
  const inferred = items.some((e) => e.date_note);
  return {
    title: `Timeline: ${label} (${sorted.length} event${sorted.length === 1 ? "" : "s"})`,
    blocks: [
      list(items.map((e) => [bold(formatEventDate(e)), text(e.date_note ? "† — " : " — "), text(e.title), ...citeSpans(e.citations, kb, cites)])),
      ...(inferred ? [para(italic("† dated from relative wording in the source; /event shows how."))] : []),
    ],
    citations: cites.items,
    pages,
  };
}
