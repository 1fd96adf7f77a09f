/** The standing brief: the most important developments, one cited line each. Shared by /brief and digests. */

import { type T, translator } from "../core/i18n.js";
import type { KnowledgeReader } from "../core/knowledge.js";
import { type Block, bold, type CitationList, cite, heading, italic, list, para, type Span, text } from "../core/message.js";
import { FOUND_MARK, figureLine, foundLegend, quotedSentence, sourceAndDate, statementDate } from "./extracted.js";
import { citeSpans, type Filter, firstSentence, formatEventDate } from "./records.js";

/** How many developments an overview shows. */
export const BRIEF_MAX_LINES = 10;
/** How many not-yet-curated sources the brief says something of, and how many of their items each. */
const BRIEF_NEW_SOURCES = 3;
const ITEMS_PER_SOURCE = 3;

/**
 * The most important developments first, and among equally important ones the most recent first: by the
 * first day the evidence allows for each (kb.eventDays), so a vague "2024" does not pass for the latest news.
 * That order also puts the answer on a phone's first screen.
 */
export function overviewLines(kb: KnowledgeReader, filter: Filter, cites: CitationList, max = BRIEF_MAX_LINES, t: T = translator()): Span[][] {
  const days = (id: string) => kb.eventDays(id) ?? { lo: 0, hi: 0 };
  const ranked = [...filter.events].sort(
    (a, b) => b.importance - a.importance || days(b.id).lo - days(a.id).lo || days(b.id).hi - days(a.id).hi || b.date.localeCompare(a.date),
  );
  return ranked
    .slice(0, max)
    .map((e) => [bold(formatEventDate(e, t)), text(` — ${e.title}: ${firstSentence(e.summary)}`), ...citeSpans(e.citations, kb, cites)]);
}

/**
 * What one source adds to the curated knowledge, from what extraction found in it (each item marked ‡):
 * figures it gives for a curated event's measure (beside the curated figure), then its dated statements,
 * latest first; a statement about a curated event says which.
 */
export function sourceAdds(kb: KnowledgeReader, sourceId: string, cites: CitationList, t: T = translator(), max = ITEMS_PER_SOURCE): Span[][] {
  const lines: Span[][] = [];
  const figures = kb.figureStatements({ sources: [sourceId] }, { limit: 50, uncurated: true }).items;
  const curatedFigures = [...kb.current.catalogue.figures.values()].map((l) => l.record);
  const beside = (measure: string, eventId: string | undefined) =>
    eventId ? curatedFigures.find((f) => kb.figureMeasure(f.id)?.measure === measure && kb.figureMeasure(f.id)?.eventId === eventId) : undefined;
  // Figures that meet a curated one first: a new toll beside the old is what an editor needs to see.
  const ordered = [...figures.filter((f) => beside(f.measure, f.eventId)), ...figures.filter((f) => !beside(f.measure, f.eventId))];
  // A sentence quoted for its figure is not quoted again for its date.
  const quoted = new Set(ordered.slice(0, 2).map((f) => f.text));
  for (const f of ordered.slice(0, 2)) {
    const curated = beside(f.measure, f.eventId);
    lines.push([...figureLine(kb, f, cites, {}, t), ...(curated ? [text(" "), italic(t("found.besideCurated", { value: curated.value }))] : [])]);
  }
  const dated = kb.datedStatements({ sources: [sourceId] }, { limit: 200 }).items.reverse();
  for (const d of dated) {
    if (lines.length >= max) break;
    const event = d.eventId ? kb.event(d.eventId) : undefined;
    if (event?.citations.some((c) => c.source === sourceId) || quoted.has(d.text)) continue;
    const about = event ? ` ${t("found.aboutEvent", { title: event.title })}` : "";
    lines.push([bold(statementDate(d, t)), text(`${FOUND_MARK}${about} — `), ...quotedSentence(kb, d, cites)]);
  }
  return lines.slice(0, max);
}

/** The brief's closing section: what the newest sources nobody has curated yet add, each item marked ‡. */
export function newSourcesBlocks(kb: KnowledgeReader, filter: Filter, cites: CitationList, t: T = translator(), max = BRIEF_NEW_SOURCES): Block[] {
  const items: Span[][] = [];
  for (const id of kb.uncuratedSources(filter.scope, max)) {
    const adds = sourceAdds(kb, id, cites, t);
    if (adds.length === 0) continue;
    items.push([bold(`${kb.citation(id).title}`), text(` — ${sourceAndDate(kb, id, t)} `), cite(cites.ref(kb.citation(id))), text(":")]);
    for (const line of adds) items.push([text("  ↳ "), ...line]);
  }
  if (items.length === 0) return [];
  return [heading(t("found.newSources", { mark: FOUND_MARK })), list(items), para(italic(foundLegend(t)))];
}
