/**
 * Candidates: passages the full-text index offers for a question's words, split into sentences and each
 * scored against the question (rank.ts). The rarest words are searched together, then alone; every query
 * scores a capped number of matches, so a question costs the same at 5 articles and at 20,000.
 */
import { splitSentences } from "../core/text.js";
import { quoteToken } from "../knowledge/query.js";
import type { AnswerIndex, IndexedPassage } from "./index-port.js";
import type { Lexicon, Term } from "./lexicon.js";
import { BM25_POSTINGS_BUDGET, LIGHT_SCAN, lightRank, postingsOf, withoutRedundantPhrases } from "./light-rank.js";
import { type EntityFinder, type SentenceScore, scoreSentence, sentenceStems } from "./rank.js";
import type { FocusGroup, Understanding } from "./understand.js";

/** Candidate passages read per question. */
const CANDIDATES = 40;
/**
 * A word in more passages than this is not searched alone once the question's words together found
 * something: its own matches are mostly about something else (at 20,000 articles "russia" is in 144,000).
 */
const MAX_DF_FOR_LONE_TERM = 2_000;
/** Sentences within this share of the best score are answers too (other sources saying it in other words). */
export const NEAR_BEST = 0.8;

export interface Candidate {
  passage: IndexedPassage;
  text: string;
  /** Index of the sentence in its passage. */
  index: number;
  sentences: string[];
  score: SentenceScore;
}

/** Candidate passages from the index, split into sentences, each scored; best first. */
export function rankCandidates(index: AnswerIndex, lexicon: Lexicon, q: Understanding, finder: EntityFinder): Candidate[] {
  const passages = retrieve(index, lexicon, q.focus);
  const view = index.current;
  const titles = new Map<string, string[]>();
  const out: Candidate[] = [];
  for (const passage of passages) {
    const sentences = splitSentences(passage.text);
    let title = titles.get(passage.sourceId);
    if (!title) titles.set(passage.sourceId, (title = sentenceStems(view.catalogue.articles.get(passage.sourceId)?.meta.title ?? "")));
    // The piece before, when a long paragraph was indexed in pieces and this piece lacks a name the question
    // gives: a name the paragraph gave a sentence earlier still frames this one.
    let passageStems = sentenceStems(passage.text);
    if (passage.position > 0 && namesMissing(q, passageStems)) {
      const before = index.passageAt(passage.sourceId, passage.position - 1);
      if (before && before.line === passage.line) passageStems = [...sentenceStems(before.text), ...passageStems];
    }
    const context = { passage: passageStems, title };
    for (const [index, text] of sentences.entries()) {
      out.push({ passage, text, index, sentences, score: scoreSentence(text, q, finder, context) });
    }
  }
  return out.sort((a, b) => b.score.score - a.score.score || a.passage.rowid - b.passage.rowid || a.index - b.index);
}

/**
 * Candidates by the question's rarest words first: all of them together, then the two rarest, then each
 * alone. Intersections are small and fast even at 20,000 articles; a lone common word is skipped.
 */
function retrieve(index: AnswerIndex, lexicon: Lexicon, focus: readonly FocusGroup[]): IndexedPassage[] {
  const groups = focus
    .filter((g) => g.terms.length > 0)
    .sort((a, b) => b.weight - a.weight)
    .slice(0, 6);
  const seen = new Map<number, IndexedPassage>();
  const run = (parts: readonly FocusGroup[], limit: number) => {
    for (const p of matches(index, lexicon, parts, limit)) if (!seen.has(p.rowid)) seen.set(p.rowid, p);
  };
  // Enough candidates from the narrowest query stop the search: every query scores at most a capped
  // number of matches (see matchPassages), and there are at most four of them.
  const enough = CANDIDATES / 4;
  if (groups.length >= 2) run(groups, CANDIDATES);
  if (seen.size < enough && groups.length >= 3) run(groups.slice(0, 2), CANDIDATES);
  // Each of the two rarest words alone, too: a long paragraph is indexed in pieces, and the piece that
  // answers may not repeat the name its paragraph gave a sentence earlier.
  for (const g of groups.slice(0, 2)) {
    const df = Math.max(...g.terms.map((t) => Math.min(...t.stem.split(" ").map((s) => lexicon.df(s)))));
    if (df > MAX_DF_FOR_LONE_TERM && seen.size > 0) continue;
    run([g], seen.size >= enough ? CANDIDATES / 4 : CANDIDATES / 2);
  }
  return [...seen.values()];
}

/**
 * The best passages holding every group: by bm25 when the words are rare enough for FTS5 to count them
 * cheaply, else the first matches in index order ranked by light-rank.ts.
 */
function matches(index: AnswerIndex, lexicon: Lexicon, groups: readonly FocusGroup[], limit: number): IndexedPassage[] {
  const expression = (terms: (g: FocusGroup) => readonly Term[]) =>
    groups
      .map(
        (g) =>
          `(${terms(g)
            .map((t) => quoteToken(t.text))
            .join(" OR ")})`,
      )
      .join(" AND ");
  if (postingsOf(groups, lexicon) <= BM25_POSTINGS_BUDGET)
    return index.matchPassages(
      expression((g) => g.terms),
      limit,
    );
  // Common words (a large corpus): a few times the passages wanted are read in index order and ranked here,
  // and half as many kept, since every one kept has each of its sentences scored; the match is the same with
  // fewer phrases to walk.
  const scanned = index.scanPassages(
    expression((g) => withoutRedundantPhrases(g.terms)),
    Math.min(LIGHT_SCAN, limit * 4),
  );
  return lightRank(scanned, groups, lexicon).slice(0, Math.ceil(limit / 2));
}

/** Whether some name the question gives is missing from these stems. */
function namesMissing(q: Understanding, stems: readonly string[]): boolean {
  const text = ` ${stems.join(" ")} `;
  return q.focus.some((g) => g.entity && !g.qualifier && !g.terms.some((t) => text.includes(` ${t.stem} `)));
}

/** The best sentence of each source (candidates come best first), and its runner-up when close. */
export function bestPerSource(candidates: readonly Candidate[]): Candidate[] {
  const out: Candidate[] = [];
  const taken = new Map<string, number>();
  for (const c of candidates) {
    const n = taken.get(c.passage.sourceId) ?? 0;
    if (n >= 2) continue;
    if (n === 1 && c.score.score < (out.find((o) => o.passage.sourceId === c.passage.sourceId)?.score.score ?? 0) * NEAR_BEST) continue;
    taken.set(c.passage.sourceId, n + 1);
    out.push(c);
  }
  return out;
}
