/**
 * Findings: the chosen sentences as an answer gives them — grouped by source, with the value each gives, whose
 * claim it reports, and the sentence before or after where a "why" needs it; and the closest sentences when
 * the sources do not say.
 */
import type { Finding, QuotedSentence } from "../core/answers.js";
import type { Candidate } from "./candidates.js";
import type { Understanding } from "./understand.js";

/** Sources quoted in one answer, and sentences quoted from each. */
const MAX_SOURCES = 4;
const MAX_SENTENCES_PER_SOURCE = 2;

/** The chosen sentences grouped by source, best source first, each with its value and neighbours where needed. */
export function findingsFrom(chosen: readonly Candidate[], q: Understanding, needsValue: boolean): Finding[] {
  const bySource = new Map<string, Candidate[]>();
  for (const c of chosen) {
    const list = bySource.get(c.passage.sourceId) ?? [];
    if (list.length < MAX_SENTENCES_PER_SOURCE && !list.some((x) => x.passage.rowid === c.passage.rowid && x.index === c.index)) list.push(c);
    bySource.set(c.passage.sourceId, list);
  }
  const findings: Finding[] = [];
  for (const [sourceId, list] of [...bySource].slice(0, MAX_SOURCES)) {
    const quotes: QuotedSentence[] = [];
    for (const c of list) quotes.push(quoteWithNeighbour(c, q));
    const valueSpan = needsValue ? list[0]!.score.answer : undefined;
    findings.push({ sourceId, quotes: dedupeQuotes(quotes), value: valueSpan?.text, attribution: attributionIn(list[0]!.text) });
  }
  return findings;
}

/** A sentence that opens by pointing back ("This …", "Such …"). */
const ANAPHORA = /^(This|That|These|Those|Such|It|As a result|Hence|Therefore|Thus)\b/;

/** A quote, with the next sentence when a "why" needs it (the reason often follows), or the previous one. */

function quoteWithNeighbour(c: Candidate, q: Understanding): QuotedSentence {
  let text = c.text;
  if (q.kind === "reason") {
    const next = c.sentences[c.index + 1];
    const previous = c.sentences[c.index - 1];
    // "This framework determined…": what "this" refers to is the reason, in the sentence before.
    if (previous && ANAPHORA.test(c.text)) text = `${previous} ${text}`;
    if (
      next &&
      (ANAPHORA.test(next) ||
        /^(Because|As a result|The reason|So|Hence|Therefore)\b/.test(next) ||
        !/\b(because|due to|reason|result|driven|fuel|caus)/i.test(c.text))
    ) {
      text = `${text} ${next}`;
    }
  }
  // Adjacent sentences are joined as they stand in the passage, so the quote stays exact source text.
  if (!c.passage.text.includes(text)) text = c.text;
  return { sourceId: c.passage.sourceId, text, line: c.passage.line };
}

function dedupeQuotes(quotes: QuotedSentence[]): QuotedSentence[] {
  const out: QuotedSentence[] = [];
  for (const q of quotes) {
    if (out.some((o) => o.text.includes(q.text))) continue;
    for (let i = out.length - 1; i >= 0; i--) if (q.text.includes(out[i]!.text)) out.splice(i, 1);
    out.push(q);
  }
  return out;
}

/** Whose claim a sentence reports, as the sentence words it. */
function attributionIn(text: string): string | undefined {
  const m =
    /\b(according to [^,.;]{3,80})/i.exec(text) ??
    /\b((?:[A-Z][\p{L}-]+\s){0,4}(?:said|says|claimed|claims|reported|reports|told|stated|alleged|estimates?|estimated))\b/u.exec(text);
  return m?.[1]?.trim();
}

export function normaliseValue(v: string | undefined): string {
  return (v ?? "")
    .toLowerCase()
    .replace(/^(about|around|approximately|roughly|some|nearly|almost|over|more than|at least|up to|an estimated|estimated)\s+/, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

export function absentWords(q: Understanding): string[] {
  return q.focus.filter((g) => g.absent).map((g) => g.word);
}

/**
 * At most two sentences that come closest, for "the sources don't say …, but here is what they come closest
 * with". None when the question turns on a word the sources never use: nothing there comes close.
 */
export function closest(candidates: readonly Candidate[], q: Understanding): QuotedSentence[] {
  if (q.focus.some((g) => g.absent)) return [];
  const out: QuotedSentence[] = [];
  for (const c of candidates) {
    if (c.score.coverage < 0.25 || out.length >= 2) break;
    if (out.some((o) => o.sourceId === c.passage.sourceId && o.text === c.text)) continue;
    out.push({ sourceId: c.passage.sourceId, text: c.text, line: c.passage.line });
  }
  return out;
}
