/**
 * Items Brief found in the articles' text, as lines of a reply: every one marked as found rather than
 * curated (‡), its date as precise as the evidence and how it was resolved (†), and its sentence quoted
 * exactly, with its source cited. Shared by /timeline, /figures, /who, /brief and digests. Brief's own
 * words come from the catalogues (found.*); the quoted sentences stay as the source wrote them.
 */
import { type T, translator } from "../core/i18n.js";
import type { DatedStatement, EventRecord, FigureStatement, KnowledgeReader, SourceSentence } from "../core/knowledge.js";
import { type Block, bold, type CitationList, cite, heading, italic, para, quote, type Span, text } from "../core/message.js";
import { formatPartialDate } from "./records.js";

/** Marks an item found in the text by Brief, not yet curated. */
export const FOUND_MARK = "‡";
/** Marks a date resolved from relative wording ("last week"), as curated events do. */
export const RELATIVE_MARK = "†";

/** "‡ found in the source's text by Brief, not yet curated; …", in the reader's language. */
export function foundLegend(t: T): string {
  return t("found.legend", { mark: FOUND_MARK });
}

/** Sentences longer than this are cut at a word, with an ellipsis: what is shown is still the source's own words. */
const MAX_SENTENCE_CHARS = 320;

export function clipSentence(s: string, max = MAX_SENTENCE_CHARS): string {
  if (s.length <= max) return s;
  return `${s.slice(0, max).replace(/\s+\S*$/, "")}…`;
}

/** "22 March 2024", "after August 2021", "18 March 2024–24 March 2024": the date as resolved, as precise as it is. */
export function statementDate(d: Pick<DatedStatement, "date" | "end" | "relation">, t: T = translator()): string {
  const date = d.end ? `${formatPartialDate(d.date, t)}–${formatPartialDate(d.end, t)}` : formatPartialDate(d.date, t);
  return d.relation === "on" ? date : t(`found.relation.${d.relation}`, { date });
}

/** How a relative date was resolved: “last week”, read against the article's date (1 April 2024). */
export function relativeBasis(kb: KnowledgeReader, d: Pick<DatedStatement, "phrase" | "sourceId">, t: T = translator()): string {
  const published = kb.citation(d.sourceId).published;
  return published ? t("found.relativeDated", { phrase: d.phrase, date: formatPartialDate(published, t) }) : t("found.relative", { phrase: d.phrase });
}

/** Who makes the claim, when the sentence says: " (according to the Soufan Centre)"; the names and verbs are the source's. */
function claimant(s: SourceSentence, t: T): string {
  if (!s.saidBy) return "";
  const who =
    s.saidHow === "according to" ? t("found.accordingTo", { who: s.saidBy }) : t("found.saidBy", { who: s.saidBy, how: s.saidHow ?? t("found.said") });
  return ` ${who}`;
}

/** The quoted sentence and its citation: “…” [n]. */
export function quotedSentence(kb: KnowledgeReader, s: SourceSentence, cites: CitationList): Span[] {
  return [text(`“${clipSentence(s.text)}”`), text(" "), cite(cites.ref(kb.citation(s.sourceId)))];
}

/** One dated statement as a timeline line: date‡(†) — “sentence” [n]. */
export function statementLine(kb: KnowledgeReader, d: DatedStatement, cites: CitationList, t: T = translator()): Span[] {
  return [
    bold(statementDate(d, t)),
    text(`${FOUND_MARK}${d.relative ? RELATIVE_MARK : ""} — `),
    ...quotedSentence(kb, d, cites),
    ...(d.relative ? [text(" "), italic(`(${relativeBasis(kb, d, t)})`)] : []),
  ];
}

/** Who published a source and when, as people read it: "Tortoise (Sensemaker), March 2024". */
export function sourceAndDate(kb: KnowledgeReader, sourceId: string, t: T = translator()): string {
  const c = kb.citation(sourceId);
  const name = c.outlet ?? c.title;
  return c.published ? `${name}, ${formatPartialDate(c.published, t)}` : name;
}

/** One figure found in the text: value‡ — what it counts, whose claim — “sentence” [n]. */
export function figureLine(kb: KnowledgeReader, f: FigureStatement, cites: CitationList, opts: { withSource?: boolean } = {}, t: T = translator()): Span[] {
  const counts = f.counts ? ` ${f.counts}` : "";
  const who = opts.withSource ? ` — ${sourceAndDate(kb, f.sourceId, t)}` : "";
  return [bold(f.value), text(`${FOUND_MARK}${counts}${who}${claimant(f, t)}: `), ...quotedSentence(kb, f, cites)];
}

/** Sentences from sources an event does not cite that extraction found to be about it: more evidence, quoted. */
export function otherSourcesOnEvent(kb: KnowledgeReader, e: EventRecord, cites: CitationList, t: T = translator(), max = 4): Block[] {
  const cited = new Set(e.citations.map((c) => c.source));
  const about = kb.datedStatements({}, { limit: 50, eventId: e.id }).items.filter((d) => !cited.has(d.sourceId));
  if (about.length === 0) return [];
  const blocks: Block[] = [heading(t("found.otherSources", { mark: FOUND_MARK }))];
  for (const d of about.slice(0, max))
    blocks.push(para(italic(`${sourceAndDate(kb, d.sourceId, t)}, ${statementDate(d, t)}:`)), quote(d.text, cites.ref(kb.citation(d.sourceId))));
  return [...blocks, para(italic(foundLegend(t)))];
}
