/** Dated events in order, for everything, a range of years or a topic: what /timeline shows and /ask routes to. */
import { type T, translator } from "../core/i18n.js";
import type { DatedStatement, EventRecord, ExtractScope, KnowledgeReader } from "../core/knowledge.js";
import { bold, CitationList, cite, italic, list, type MessageDoc, para, text } from "../core/message.js";
import { inPeriod } from "../core/period.js";
import { FOUND_MARK, foundLegend, statementLine } from "./extracted.js";
import { citeSpans, formatEventDate, formatPartialDate, resolveFilter, sortEvents } from "./records.js";

export const TIMELINE_PAGE_SIZE = 8;

/** A period is two partial dates ("2021", "2024-03"), inclusive; a topic narrows it. */
export type TimelineQuery = { kind: "all" } | { kind: "period"; from: string; to: string; topic?: string } | { kind: "topic"; words: string };

export function periodLabel(from: string, to: string, t: T = translator()): string {
  const f = formatPartialDate(from, t);
  return from === to ? f : `${f}–${formatPartialDate(to, t)}`;
}

/** The events a query selects, and how to name the selection; `scope` selects the extracted statements to go with them. */
export function timelineEvents(kb: KnowledgeReader, query: TimelineQuery, t: T = translator()): { label: string; events: EventRecord[]; scope: ExtractScope } {
  if (query.kind === "period") {
    const filter = resolveFilter(kb, query.topic, t);
    const events = filter.events.filter((e) => inPeriod(e, query));
    const period = periodLabel(query.from, query.to, t);
    return {
      label: query.topic ? t("commands.timeline.periodInTopic", { topic: filter.label, period }) : period,
      events,
      scope: { ...filter.scope, from: query.from, to: query.to },
    };
  }
  const filter = resolveFilter(kb, query.kind === "topic" ? query.words : undefined, t);
  return { label: filter.label, events: filter.events, scope: filter.scope };
}

/** "Show everything" (an /ask about a period) shows at most this many found statements, with a count of the rest. */
const MAX_EXTRACTED_SHOWN_AT_ONCE = 200;

type Entry = { kind: "event"; event: EventRecord; lo: number; hi: number } | { kind: "found"; statement: DatedStatement; lo: number; hi: number };

/**
 * One page of the timeline: curated events and the dated sentences extraction found (marked ‡), in the
 * order of what the evidence says of their days. A sentence about a curated event is shown once, as the
 * event, its source cited beside the event's. `args` is what a pager button re-runs /timeline with;
 * `pageSize` 0 shows everything (up to a bound).
 */
export function timelineDoc(
  kb: KnowledgeReader,
  query: TimelineQuery,
  page: number,
  args: string,
  pageSize = TIMELINE_PAGE_SIZE,
  t: T = translator(),
): MessageDoc {
  const { label, events, scope } = timelineEvents(kb, query, t);
  const curated: Entry[] = sortEvents(kb, events).map((event) => ({ kind: "event", event, ...(kb.eventDays(event.id) ?? UNORDERED) }));
  const foundTotal = kb.datedStatements(scope, { limit: 0, uncurated: true }).total;
  const total = curated.length + foundTotal;
  if (total === 0) {
    return {
      title: t("commands.timeline.title", { label, count: 0 }),
      blocks: [para(t("commands.timeline.nothing", { label }))],
      citations: [],
      kind: "timeline",
    };
  }
  const count = pageSize ? Math.ceil(total / pageSize) : 1;
  const index = Math.min(Math.max(1, page), count);
  // A page's entries are among the first index × size of the merged order: read that many found ones and merge.
  const reach = pageSize ? index * pageSize : MAX_EXTRACTED_SHOWN_AT_ONCE;
  const found: Entry[] = kb
    .datedStatements(scope, { limit: reach, uncurated: true })
    .items.map((statement) => ({ kind: "found", statement, lo: statement.lo, hi: statement.hi }));
  const all = mergeByDays(curated, found);
  const merged = pageSize ? all.slice((index - 1) * pageSize, index * pageSize) : all;
  const cites = new CitationList();
  const alsoReported = alsoReportedBy(kb, merged, scope);
  let anyFound = merged.some((e) => e.kind === "found");
  const lines = merged.map((entry) => {
    if (entry.kind === "found") return statementLine(kb, entry.statement, cites, t);
    const e = entry.event;
    const also = (alsoReported.get(e.id) ?? []).filter((id) => !e.citations.some((c) => c.source === id));
    if (also.length) anyFound = true;
    return [
      bold(formatEventDate(e, t)),
      text(e.date_note ? "† — " : " — "),
      text(e.title),
      ...citeSpans(e.citations, kb, cites),
      ...(also.length ? [text(` (${t("commands.timeline.also")} ${FOUND_MARK}`), ...also.map((id) => cite(cites.ref(kb.citation(id)))), text(")")] : []),
    ];
  });
  const inferred = merged.some((e) => (e.kind === "event" ? e.event.date_note : e.statement.relative));
  return {
    title: t("commands.timeline.title", { label, count: total }),
    blocks: [
      list(lines),
      ...(inferred ? [para(italic(t("commands.timeline.inferred")))] : []),
      ...(anyFound ? [para(italic(foundLegend(t)))] : []),
      ...(!pageSize && total > merged.length ? [para(italic(t("commands.timeline.moreFound", { count: total - merged.length })))] : []),
    ],
    citations: cites.items,
    pages: pageSize && count > 1 ? { index, count, command: "timeline", args } : undefined,
    kind: "timeline",
  };
}

/** An event the index holds no days for (none should be) goes last rather than nowhere. */
const UNORDERED = { lo: Number.MAX_SAFE_INTEGER, hi: Number.MAX_SAFE_INTEGER };

/** Two lists each in order of days merged into one; with equal days, the curated event first. */
function mergeByDays(a: readonly Entry[], b: readonly Entry[]): Entry[] {
  const out: Entry[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    if (x && (!y || x.lo < y.lo || (x.lo === y.lo && x.hi <= y.hi))) {
      out.push(x);
      i++;
    } else {
      out.push(y!);
      j++;
    }
  }
  return out;
}

/** For the curated events on a page: the other sources whose sentences extraction found to be about each. */
function alsoReportedBy(kb: KnowledgeReader, entries: readonly Entry[], scope: ExtractScope): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const entry of entries) {
    if (entry.kind !== "event") continue;
    const about = kb.datedStatements({ ...scope, from: undefined, to: undefined }, { limit: 20, eventId: entry.event.id }).items;
    const sources = [...new Set(about.map((d) => d.sourceId))];
    if (sources.length) out.set(entry.event.id, sources);
  }
  return out;
}
