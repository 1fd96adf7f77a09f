/**
 * Shared pieces of answers: dates as people read them, topic filters, citing records, pagination.
 * Commands compose these; nothing here knows about a platform.
 */
import { UserError } from "../core/errors.js";
import type { CitationRecord, EntityRecord, EventRecord, ExtractScope, FigureRecord, KnowledgeReader, PassageHit } from "../core/knowledge.js";
import { type CitationList, cite, type Pages, type Span, text } from "../core/message.js";

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** "2024" → "2024", "2024-03" → "March 2024", "2024-03-22" → "22 March 2024": precision shown as stored. */
export function formatPartialDate(d: string): string {
  const [y, m, day] = d.split("-");
  if (!m) return y!;
  const month = MONTHS[Number(m) - 1]!;
  return day ? `${Number(day)} ${month} ${y}` : `${month} ${y}`;
}

export function formatEventDate(e: Pick<EventRecord, "date" | "end">): string {
  return e.end ? `${formatPartialDate(e.date)}–${formatPartialDate(e.end)}` : formatPartialDate(e.date);
}

/** Cite spans for a record's citations, one per distinct source: " [1][2]". */
export function citeSpans(citations: readonly CitationRecord[], kb: KnowledgeReader, list: CitationList): Span[] {
  const numbers = [...new Set(citations.map((c) => list.ref(kb.citation(c.source))))];
  return numbers.length ? [text(" "), ...numbers.map((n) => cite(n))] : [];
}

export function firstSentence(s: string, max = 220): string {
  const m = /^(.+?[.!?])(\s|$)/s.exec(s.trim());
  const sentence = m ? m[1]! : s.trim();
  return sentence.length <= max ? sentence : `${sentence.slice(0, max - 1).replace(/\s+\S*$/, "")}…`;
}

export interface Filter {
  label: string;
  events: EventRecord[];
  figures: FigureRecord[];
  /** The same selection among the items extracted from the articles' text. */
  scope: ExtractScope;
}

/** Everything, or what a topic / entity / words select. Unknown words get a reply with suggestions. */
export function resolveFilter(kb: KnowledgeReader, words: string | undefined): Filter {
  const snap = kb.current;
  const allEvents = [...snap.catalogue.events.values()].map((l) => l.record);
  const allFigures = [...snap.catalogue.figures.values()].map((l) => l.record);
  const q = (words ?? "").trim();
  if (q === "") return { label: "all topics", events: allEvents, figures: allFigures, scope: {} };

  // Records in order of relevance to what was asked (the full-text rank), the unranked after, in file order.
  const byRelevance = (text: string) => {
    const rank = new Map(kb.searchRecords(text, ["figure", "event"], 500).map((r, i) => [`${r.kind}:${r.id}`, i]));
    const order = <T extends { id: string }>(kind: string, xs: T[]) =>
      [...xs].sort((a, b) => (rank.get(`${kind}:${a.id}`) ?? Number.MAX_SAFE_INTEGER) - (rank.get(`${kind}:${b.id}`) ?? Number.MAX_SAFE_INTEGER));
    return { rank, order };
  };
  const topicMatch = snap.topicNames.match(q);
  if (topicMatch.kind === "exact" || topicMatch.kind === "close") {
    const topic = kb.topic(topicMatch.id)!;
    const { order } = byRelevance([topic.name, ...topic.keywords].join(" "));
    return {
      label: topic.name,
      scope: { topic: topic.id },
      events: order(
        "event",
        allEvents.filter((e) => e.topics.includes(topic.id)),
      ),
      figures: order(
        "figure",
        allFigures.filter((f) => f.topics.includes(topic.id)),
      ),
    };
  }
  const entityMatch = snap.entityNames.match(q);
  if (entityMatch.kind === "exact" || entityMatch.kind === "close") {
    const entity = kb.entity(entityMatch.id)!;
    const { rank, order } = byRelevance([entity.name, ...entity.aliases].join(" "));
    return {
      label: entity.name,
      scope: { entity: entity.id },
      events: order(
        "event",
        allEvents.filter((e) => e.actors.includes(entity.id) || rank.has(`event:${e.id}`)),
      ),
      figures: order(
        "figure",
        allFigures.filter((f) => rank.has(`figure:${f.id}`)),
      ),
    };
  }
  const { rank, order } = byRelevance(q);
  // Words no curated record uses may still be in an article nobody has curated yet.
  const extracted = rank.size === 0 && (kb.datedStatements({ words: q }, { limit: 0 }).total > 0 || kb.figureStatements({ words: q }, { limit: 0 }).total > 0);
  if (rank.size > 0 || extracted) {
    return {
      label: `“${q}”`,
      scope: { words: q },
      events: order(
        "event",
        allEvents.filter((e) => rank.has(`event:${e.id}`)),
      ),
      figures: order(
        "figure",
        allFigures.filter((f) => rank.has(`figure:${f.id}`)),
      ),
    };
  }
  const topics = [...snap.catalogue.topics.values()].map((l) => l.record.name);
  throw new UserError("not-found", `The sources have nothing filed under “${q.slice(0, 60)}”.`, [
    `Topics: ${topics.join(", ")}.`,
    `Try /search ${q.slice(0, 40)} to look through the full text.`,
  ]);
}

export function entityName(kb: KnowledgeReader, id: string): string {
  return kb.entity(id)?.name ?? id;
}

/**
 * Events in the order they happened as far as the evidence goes (kb.eventDays: their dates narrowed by date
 * notes and sources), not by how precisely their dates are written: "March 2024" that followed 22 March
 * sorts after it. Events with the same days keep the order of their written dates.
 */
export function sortEvents(kb: KnowledgeReader, events: readonly EventRecord[]): EventRecord[] {
  const days = (e: EventRecord) => kb.eventDays(e.id) ?? { lo: Number.MAX_SAFE_INTEGER, hi: Number.MAX_SAFE_INTEGER };
  return [...events].sort((a, b) => days(a).lo - days(b).lo || days(a).hi - days(b).hi || a.date.localeCompare(b.date));
}

/** Slices a list for page `page` (1-based, clamped) and describes the pager. */
export function paginate<T>(items: readonly T[], page: number, size: number, command: string, args: string): { items: T[]; pages?: Pages } {
  const count = Math.max(1, Math.ceil(items.length / size));
  const index = Math.min(Math.max(1, page), count);
  return {
    items: items.slice((index - 1) * size, index * size),
    pages: count > 1 ? { index, count, command, args } : undefined,
  };
}

export function describeEntityType(e: EntityRecord): string {
  return { person: "Person", organisation: "Organisation", place: "Place", programme: "Programme" }[e.type];
}

/** A search hit's text with its matches as mark spans. */
export function highlightedSpans(hit: Pick<PassageHit, "text" | "matches">): Span[] {
  const out: Span[] = [];
  let at = 0;
  for (const [start, end] of hit.matches) {
    if (start < at || end <= start) continue;
    if (start > at) out.push(text(hit.text.slice(at, start)));
    out.push({ t: "mark", children: [text(hit.text.slice(start, end))] });
    at = end;
  }
  if (at < hit.text.length) out.push(text(hit.text.slice(at)));
  return out;
}
