/**
 * /figures: the curated figures first, each with the figures other sources give for the same measure of the
 * same event side by side (newest source first, each with its source and date); then the figures found in
 * the text of articles nobody has curated yet (‡), those measuring the same thing grouped the same way.
 * A curated claim about the whole corpus ("no other source gives one") is shown only while it holds.
 */
import type { FigureRecord, FigureStatement, KnowledgeReader } from "../core/knowledge.js";
import { bold, CitationList, italic, list, type MessageDoc, para, type Span, text } from "../core/message.js";
import { FOUND_LEGEND, FOUND_MARK, quotedSentence, sourceAndDate } from "./extracted.js";
import { citeSpans, type Filter, paginate } from "./records.js";

export const FIGURES_PAGE_SIZE = 8;
/** Figures of one measure shown side by side with a curated one, at most. */
const MAX_SIDE_BY_SIDE = 6;
/** Found figures read for one reply: the newest this many in the selection. */
const MAX_FOUND_READ = 200;

/** A group of lines that stays on one page: a figure and what is shown beside it. */
type Entry = Span[][];

export function figuresDoc(kb: KnowledgeReader, filter: Filter, page: number, args: string): MessageDoc {
  const cites = new CitationList();
  const shownBeside = new Set<string>();
  const entries: ((cites: CitationList) => Entry)[] = filter.figures.map((f) => curatedEntry(kb, f, shownBeside));
  const found = kb.figureStatements(filter.scope, { limit: MAX_FOUND_READ, uncurated: true }).items;
  const groups = new Map<string, FigureStatement[]>();
  for (const f of found) {
    if (f.eventId && shownBeside.has(`${f.measure}|${f.eventId}`)) continue;
    const key = f.eventId ? `${f.measure}|${f.eventId}` : `${f.sourceId}|${f.value}|${f.line}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  for (const group of groups.values()) entries.push((c) => foundEntry(kb, group, c));
  if (entries.length === 0) {
    return {
      title: `Figures: ${filter.label}`,
      blocks: [para(`The sources give no figures filed under ${filter.label}. /figures alone lists them all.`)],
      citations: [],
    };
  }
  const { items, pages } = paginate(entries, page, FIGURES_PAGE_SIZE, "figures", args);
  const lines = items.flatMap((make) => make(cites));
  const anyFound = lines.some((l) => l.some((s) => s.t === "text" && s.text.includes(FOUND_MARK)));
  return {
    title: `Figures: ${filter.label} (${filter.figures.length} curated${groups.size ? `, ${groups.size} found in the text` : ""})`,
    blocks: [
      list(lines),
      para(italic("Values are as each source states them; sources may count different things.")),
      ...(anyFound ? [para(italic(FOUND_LEGEND))] : []),
    ],
    citations: cites.items,
    pages,
  };
}

/** A curated figure, its caveat and checked claim, and the same measure from other sources beside it. */
function curatedEntry(kb: KnowledgeReader, f: FigureRecord, shownBeside: Set<string>): (cites: CitationList) => Entry {
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
      line.push(
        text(" "),
        italic(
          claim.breaks.length === 0
            ? "No other source gives a figure for this (checked at every load)."
            : `Curated as the only source, but ${[...new Set(claim.breaks.map((b) => sourceAndDate(kb, b.sourceId)))].join("; ")} now gives one too: see beside it.`,
        ),
      );
    }
    const compare = f.compare.map((id) => kb.figure(id)).filter((x) => x !== undefined);
    if (compare.length) line.push(text(` Read with: ${compare.map((c) => `${c.value} (${c.measure})`).join("; ")}.`));
    if (beside.length === 0) return [line];
    return [line, ...sideBySide(kb, f, beside, cites)];
  };
}

/** The figures of one measure from every source, newest first: the curated one named, the found ones quoted. */
function sideBySide(kb: KnowledgeReader, curated: FigureRecord | undefined, found: readonly FigureStatement[], cites: CitationList): Entry {
  const published = (source: string) => kb.citation(source).published ?? "";
  type Row = { source: string; line: Span[] };
  const rows: Row[] = found.map((s) => ({
    source: s.sourceId,
    line: [text("  ↳ "), bold(s.value), text(`${FOUND_MARK} — ${sourceAndDate(kb, s.sourceId)}: `), ...quotedSentence(kb, s, cites)],
  }));
  if (curated) {
    const source = curated.citations[0]!.source;
    rows.push({
      source,
      line: [text("  ↳ "), bold(curated.value), text(` — ${sourceAndDate(kb, source)} (curated, above)`), ...citeSpans(curated.citations, kb, cites)],
    });
  }
  rows.sort((a, b) => published(b.source).localeCompare(published(a.source)));
  return [[italic(`Side by side, newest source first (${rows.length} figures):`)], ...rows.map((r) => r.line)];
}

/** Figures found in the text: one, or several sources' figures for the same measure of the same event. */
function foundEntry(kb: KnowledgeReader, group: readonly FigureStatement[], cites: CitationList): Entry {
  const first = group[0]!;
  const event = first.eventId ? kb.event(first.eventId) : undefined;
  const about = `${first.counts ?? first.measure}${event ? ` (${event.title})` : ""}`;
  if (new Set(group.map((g) => g.sourceId)).size > 1) return [[bold(about), text(`${FOUND_MARK}:`)], ...sideBySide(kb, undefined, group, cites).slice(1)];
  return group.map((f) => [
    bold(f.value),
    text(`${FOUND_MARK} ${f === first ? about : (f.counts ?? f.measure)} — ${sourceAndDate(kb, f.sourceId)}${f.saidBy ? `, per ${f.saidBy}` : ""}: `),
    ...quotedSentence(kb, f, cites),
  ]);
}
