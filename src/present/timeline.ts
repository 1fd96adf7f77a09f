/** Dated events in order, for everything, a range of years or a topic: what /timeline shows and /ask routes to. */
import type { EventRecord, KnowledgeReader } from "../core/knowledge.js";
import { bold, CitationList, italic, list, type MessageDoc, para, text } from "../core/message.js";
import { citeSpans, formatEventDate, paginate, resolveFilter, sortByDate } from "./records.js";

export const TIMELINE_PAGE_SIZE = 8;

export type TimelineQuery = { kind: "all" } | { kind: "years"; from: number; to: number } | { kind: "topic"; words: string };

/** The events a query selects, and how to name the selection. */
export function timelineEvents(kb: KnowledgeReader, query: TimelineQuery): { label: string; events: EventRecord[] } {
  if (query.kind === "years") {
    const events = resolveFilter(kb, undefined).events.filter((e) => {
      const start = Number(e.date.slice(0, 4));
      const end = Number((e.end ?? e.date).slice(0, 4));
      return start <= query.to && end >= query.from;
    });
    return { label: query.from === query.to ? String(query.from) : `${query.from}–${query.to}`, events };
  }
  const filter = resolveFilter(kb, query.kind === "topic" ? query.words : undefined);
  return { label: filter.label, events: filter.events };
}

/** One page of the timeline; `args` is what a pager button re-runs /timeline with. */
export function timelineDoc(kb: KnowledgeReader, query: TimelineQuery, page: number, args: string): MessageDoc {
  const { label, events } = timelineEvents(kb, query);
  const sorted = sortByDate(events);
  if (sorted.length === 0) {
    return { title: `Timeline: ${label}`, blocks: [para(`No dated events in the sources for ${label}. /timeline alone shows them all.`)], citations: [] };
  }
  const { items, pages } = paginate(sorted, page, TIMELINE_PAGE_SIZE, "timeline", args);
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
