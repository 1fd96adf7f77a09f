/**
 * /figures: the curated figures first, each with the figures other sources give for the same measure of the
 * same event side by side (newest source first, each with its source and date); then the figures found in
 * the text of articles nobody has curated yet (‡), those measuring the same thing grouped the same way.
 * A curated claim about the whole corpus ("no other source gives one") is shown only while it holds.
 */
import { type T, translator } from "../core/i18n.js";
import type { FigureRecord, FigureStatement, KnowledgeReader } from "../core/knowledge.js";
import { bold, CitationList, italic, list, type MessageDoc, para, type Span, text } from "../core/message.js";
import { FOUND_MARK, foundLegend, quotedSentence, sourceAndDate } from "./extracted.js";
import { citeSpans, type Filter, paginate } from "./records.js";

/**
 * Figures per page: a page is one message, and a page of figures with caveats must fit a phone screen
 * (a curated figure with other sources' figures beside it runs on behind More).
 */
export const FIGURES_PAGE_SIZE = 4;
/** Figures of one measure shown side by side with a curated one, at most. */
const MAX_SIDE_BY_SIDE = 6;
/** Found figures read for one reply: the newest this many in the selection. */
const MAX_FOUND_READ = 200;

/** A group of lines that stays on one page: a figure and what is shown beside it. */
type Entry = Span[][];

export function figuresDoc(kb: KnowledgeReader, filter: Filter, page: number, args: string, t: T = translator()): MessageDoc {
  const cites = new CitationList();
  const shownBeside = new Set<string>();
  const entries: ((cites: CitationList) => Entry)[] = filter.figures.map((f) => curatedEntry(kb, f, shownBeside, t));
  const found = kb.figureStatements(filter.scope, { limit: MAX_FOUND_READ, uncurated: true }).items;
  const groups = new Map<string, FigureStatement[]>();
  for (const f of found) {
    if (f.eventId && shownBeside.has(`${f.measure}|${f.eventId}`)) continue;
    const key = f.eventId ? `${f.measure}|${f.eventId}` : `${f.sourceId}|${f.value}|${f.line}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  for (const group of groups.values()) entries.push((c) => foundEntry(kb, group, c, t));
  if (entries.length === 0) {
    return {
      title: t("commands.figures.title", { label: filter.label, count: 0 }),
      blocks: [para(t("commands.figures.nothing", { label: filter.label }))],
      citations: [],
      kind: "figures",
    };
  }
  const { items, pages } = paginate(entries, page, FIGURES_PAGE_SIZE, "figures", args);
  const lines = items.flatMap((make) => make(cites));
  const anyFound = lines.some((l) => l.some((s) => s.t === "text" && s.text.includes(FOUND_MARK)));
  return {
    title: groups.size
      ? t("commands.figures.titleFound", { label: filter.label, count: filter.figures.length, found: groups.size })
      : t("commands.figures.title", { label: filter.label, count: filter.figures.length }),
    blocks: [list(lines), para(italic(t("commands.figures.note"))), ...(anyFound ? [para(italic(foundLegend(t)))] : [])],
    citations: cites.items,
    pages,
    kind: "figures",
  };
}

/** A curated figure, its caveat and checked claim, and the same measure from other sources beside it. */
function curatedEntry(kb: KnowledgeReader, f: FigureRecord, shownBeside: Set<string>, t: T): (cites: CitationList) => Entry {
  const m = kb.figureMeasure(f.id);
  const beside = m?.eventId
    ? kb.figureStatements({}, { limit: MAX_SIDE_BY_SIDE, measure: m.measure, eventId: m.eventId }).items.filter((s) => s.figureId !== f.id)
    : [];
  if (m?.eventId) shownBeside.add(`${m.measure}|${m.eventId}`);
  const claim = f.only_source ? kb.corpusClaims().find((c) => c.figureId === f.id) : undefined;
  return (cites) => {
    const line: Span[] = [bold(f.value), text(` — ${f.measure}${f.when ? ` (${f.when})` : ""}`), ...citeSpans(f.citations, kb, cites)];
    if (f.caveat) line.push(text(" "), italic(f.caveat));
    if (claim) {
      const breakers = [...new Set(claim.breaks.map((b) => sourceAndDate(kb, b.sourceId, t)))].join("; ");
      line.push(
        text(" "),
        italic(claim.breaks.length === 0 ? t("commands.figures.onlySourceHolds") : t("commands.figures.onlySourceBroken", { sources: breakers })),
      );
    }
    const compare = f.compare.map((id) => kb.figure(id)).filter((x) => x !== undefined);
    if (compare.length) line.push(text(` ${t("commands.figures.readWith", { others: compare.map((c) => `${c.value} (${c.measure})`).join("; ") })}`));
    if (beside.length === 0) return [line];
    return [line, ...sideBySide(kb, f, beside, cites, t)];
  };
}

/** The figures of one measure from every source, newest first: the curated one named, the found ones quoted. */
function sideBySide(kb: KnowledgeReader, curated: FigureRecord | undefined, found: readonly FigureStatement[], cites: CitationList, t: T): Entry {
  const published = (source: string) => kb.citation(source).published ?? "";
  type Row = { source: string; line: Span[] };
  const rows: Row[] = found.map((s) => ({
    source: s.sourceId,
    line: [text("  ↳ "), bold(s.value), text(`${FOUND_MARK} — ${sourceAndDate(kb, s.sourceId, t)}: `), ...quotedSentence(kb, s, cites)],
  }));
  if (curated) {
    const source = curated.citations[0]!.source;
    rows.push({
      source,
      line: [
        text("  ↳ "),
        bold(curated.value),
        text(` — ${sourceAndDate(kb, source, t)} ${t("commands.figures.curatedAbove")}`),
        ...citeSpans(curated.citations, kb, cites),
      ],
    });
  }
  rows.sort((a, b) => published(b.source).localeCompare(published(a.source)));
  return [[italic(t("commands.figures.sideBySide", { count: rows.length }))], ...rows.map((r) => r.line)];
}

/** Figures found in the text: one, or several sources' figures for the same measure of the same event. */
function foundEntry(kb: KnowledgeReader, group: readonly FigureStatement[], cites: CitationList, t: T): Entry {
  const first = group[0]!;
  const event = first.eventId ? kb.event(first.eventId) : undefined;
  const about = `${first.counts ?? first.measure}${event ? ` (${event.title})` : ""}`;
  if (new Set(group.map((g) => g.sourceId)).size > 1) return [[bold(about), text(`${FOUND_MARK}:`)], ...sideBySide(kb, undefined, group, cites, t).slice(1)];
  return group.map((f) => [
    bold(f.value),
    text(
      `${FOUND_MARK} ${f === first ? about : (f.counts ?? f.measure)} — ${sourceAndDate(kb, f.sourceId, t)}${f.saidBy ? t("commands.figures.per", { who: f.saidBy }) : ""}: `,
    ),
    ...quotedSentence(kb, f, cites),
  ]);
}
