/**
 * A cheap stand-in for bm25 when a query's words are common. FTS5's bm25() counts, before it scores a single
 * row, how many passages hold each phrase of the query: a full scan of every word's posting list, tens of
 * milliseconds at 20,000 articles for a phrase such as "is k" or "president rahmon", however few rows are
 * asked for. Reading the first matches in index order (newest sources first) costs a fraction of a
 * millisecond; this module ranks those by the question's words with the corpus's own document frequencies,
 * which the lexicon already holds. The sentences are scored properly afterwards (rank.ts); this only picks
 * which passages are worth reading.
 */
import type { Lexicon } from "./lexicon.js";
import type { FocusGroup } from "./understand.js";

/** Above this many postings summed over the query's words, bm25's own counting costs more than it is worth. */
export const BM25_POSTINGS_BUDGET = 2_000;
/** How many matches, in index order, the light ranking reads. */
export const LIGHT_SCAN = 100;

const K1 = 1.2;
const B = 0.75;

/** Postings a query over these groups makes FTS5 walk to count its phrases: every word's passage count. */
export function postingsOf(groups: readonly FocusGroup[], lexicon: Pick<Lexicon, "df">): number {
  let sum = 0;
  for (const g of groups) for (const t of g.terms) for (const s of t.stem.split(" ")) sum += lexicon.df(s);
  return sum;
}

/** Scores each text by the groups' words (bm25's shape, words found at a word start), best first. */
export function lightRank<T extends { text: string }>(items: readonly T[], groups: readonly FocusGroup[], lexicon: Pick<Lexicon, "idf">): T[] {
  if (items.length === 0) return [];
  const keys = groups.map((g) => g.terms.map((t) => ({ key: matchKey(t.text, t.stem), weight: t.weight, idf: idfOf(t.stem, lexicon) })));
  const averageLength = items.reduce((n, it) => n + it.text.length, 0) / items.length;
  const scored = items.map((item, order) => {
    const text = item.text.toLowerCase();
    const norm = K1 * (1 - B + (B * text.length) / averageLength);
    let score = 0;
    for (const terms of keys) {
      let best = 0;
      for (const t of terms) {
        const tf = occurrences(text, t.key);
        if (tf > 0) best = Math.max(best, (t.weight * t.idf * tf * (K1 + 1)) / (tf + norm));
      }
      score += best;
    }
    return { item, order, score };
  });
  return scored.sort((a, b) => b.score - a.score || a.order - b.order).map((s) => s.item);
}

/** A one-word term is found by its stem (so "migrant" finds "migrants"); a phrase by its words. */
function matchKey(text: string, stem: string): string {
  const lower = text.toLowerCase();
  return lower.includes(" ") || !lower.startsWith(stem) ? lower : stem;
}

/** A phrase is as telling as its rarest word. */
function idfOf(stem: string, lexicon: Pick<Lexicon, "idf">): number {
  return Math.max(...stem.split(" ").map((s) => lexicon.idf(s)));
}

/** Occurrences of a key starting a word. */
function occurrences(text: string, key: string): number {
  let n = 0;
  for (let at = text.indexOf(key); at >= 0; at = text.indexOf(key, at + key.length)) {
    if (at === 0 || !isWordChar(text.charCodeAt(at - 1))) n++;
  }
  return n;
}

function isWordChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code > 127;
}

/**
 * The terms without a phrase that holds another of the terms ("the taliban" beside "taliban", "emomali
 * rahmon" beside "rahmon"): a passage matching the phrase matches the shorter term too, so the match is the
 * same, and walking the phrase's common words ("the") is the costly part of the query.
 */
export function withoutRedundantPhrases<T extends { stem: string }>(terms: readonly T[]): T[] {
  const contains = (long: string, short: string) => long !== short && ` ${long} `.includes(` ${short} `);
  return terms.filter((t) => !terms.some((other) => contains(t.stem, other.stem)));
}
