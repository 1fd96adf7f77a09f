/**
 * Shared pieces of answers: dates as people read them, topic filters, citing records, pagination.
 * Commands compose these; nothing here knows about a platform.
 */
import { UserError } from "../core/errors.js";
import { type T, translateList, translator } from "../core/i18n.js";
import type { CitationRecord, EntityRecord, EventRecord, ExtractScope, FigureRecord, KnowledgeReader, PassageHit } from "../core/knowledge.js";
import type { Action } from "../core/message.js";
import { type CitationList, cite, type Pages, type Span, text } from "../core/message.js";
import { closest } from "../core/similarity.js";

const EN = translator("en");

/** "2024" → "2024", "2024-03" → "March 2024" (март 2024), "2024-03-22" → "22 March 2024" (22 марта 2024): precision as stored. */
export function formatPartialDate(d: string, t: T = EN): string {
  const [y, m, day] = d.split("-");
  if (!m) return y!;
  const i = Number(m) - 1;
  if (day) return t("dates.dayMonthYear", { day: Number(day), month: translateList(t.locale, "dates.monthsOf")[i], year: y });
  return t("dates.monthYear", { month: translateList(t.locale, "dates.months")[i], year: y });
}

export function formatEventDate(e: Pick<EventRecord, "date" | "end">, t: T = EN): string {
  return e.end ? `${formatPartialDate(e.date, t)}–${formatPartialDate(e.end, t)}` : formatPartialDate(e.date, t);
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

/**
 * Everything, or what a topic / entity / words select. Unknown words get a reply with suggestions (as
 * buttons). `strict`: only a topic or a name counts (a subscription must name something that exists).
 */
export function resolveFilter(kb: KnowledgeReader, words: string | undefined, t: T = EN, strict = false): Filter {
  const snap = kb.current;
  const allEvents = [...snap.catalogue.events.values()].map((l) => l.record);
  const allFigures = [...snap.catalogue.figures.values()].map((l) => l.record);
  const q = (words ?? "").trim();
  if (q === "") return { label: t("records.allTopics"), events: allEvents, figures: allFigures, scope: {} };

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
  if (strict) throw unknownTopic(kb, q, t);
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
  throw new UserError(
    "not-found",
    t("records.nothingFiled", { words: q.slice(0, 60) }),
    [t("records.topicsList", { topics: topics.join(", ") }), t("records.trySearch", { words: q.slice(0, 40) })],
    [{ label: `/search ${q.slice(0, 30)}`, command: "search", args: q.slice(0, 200) }],
  );
}

/** "There is no topic called …", with the nearest topics and names as buttons that run `command` with them. */
export function unknownTopic(kb: KnowledgeReader, q: string, t: T, command = "brief"): UserError {
  const snap = kb.current;
  const topics = [...snap.catalogue.topics.values()].map((l) => l.record);
  const ids = [...topics.map((x) => x.id), ...[...snap.catalogue.entities.values()].map((l) => l.record.name)];
  const near = [
    ...new Set([...closest(q, ids, 3), ...snap.topicNames.suggest(q, 3).map((s) => s.id), ...snap.entityNames.suggest(q, 2).map((s) => s.name)]),
  ].slice(0, 4);
  const actions: Action[] = (near.length > 0 ? near : topics.map((x) => x.id)).slice(0, 5).map((n) => ({ label: n, command, args: n }));
  return new UserError(
    "not-found",
    t("commands.subscribe.unknownTopic", { topic: q.slice(0, 60) }),
    [
      near.length > 0
        ? t("commands.subscribe.nearestTopics", { topics: near.join(", ") })
        : t("commands.subscribe.topicCandidates", { topics: topics.map((x) => x.id).join(", ") }),
    ],
    actions,
  );
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

export function describeEntityType(e: EntityRecord, t: T = EN): string {
  return t(`records.${e.type}`);
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
