/**
 * User text → a safe FTS5 query. Raw text never reaches FTS5: words are extracted and each one quoted,
 * so AND, OR, NOT, NEAR, *, -, :, ( and " are just characters. Pure.
 */
import { eng as ENGLISH_STOPWORDS } from "stopword";
import { extractWords, MAX_QUERY_TOKENS, STOPWORDS } from "../core/text.js";

/** Words that never select a record on their own ("per" in "per Tortoise", "of", "the"). */
const RECORD_STOPWORDS = new Set([...STOPWORDS, ...ENGLISH_STOPWORDS, "per", "via", "vs"]);

/** Plain words as search groups, one word each (for callers with no corrections or aliases to add). */
export function termsOf(text: string): string[][] {
  return [...new Set(extractWords(text))].slice(0, MAX_QUERY_TOKENS).map((w) => [w]);
}

/** Quotes one word as an FTS5 string; a hyphenated word becomes a phrase ("isis-k" → "isis-k", i.e. isis k). */
export function quoteToken(word: string): string {
  return `"${word.replace(/"/g, '""')}"`;
}

/**
 * Builds the MATCH expression. "and" requires every word; "or" any of them (ranked by bm25).
 * Returns null when nothing searchable remains (empty or symbol-only input).
 */
export function buildMatch(text: string, mode: "and" | "or", dropStopwords = false): string | null {
  let words = [...new Set(extractWords(text))];
  if (dropStopwords) {
    const kept = words.filter((w) => !RECORD_STOPWORDS.has(w));
    if (kept.length > 0) words = kept;
  }
  words = words.slice(0, MAX_QUERY_TOKENS);
  if (words.length === 0) return null;
  return words.map(quoteToken).join(mode === "and" ? " " : " OR ");
}

/**
 * A group's alternatives as FTS5 reads them (lower-case words), without repeats ("ISIS-K", "Isis-K" and
 * "ISIS K" are one phrase) and without a phrase that holds another alternative ("the Taliban" beside
 * "Taliban", "Islamic State Khorasan Province" beside "Khorasan Province"): the same passages match, and
 * bm25 walks fewer phrases' postings, its costly part on a large corpus (and no longer counts one name twice).
 */
export function distinctAlternatives(alternatives: readonly string[]): string[] {
  const phrases = [...new Set(alternatives.map((a) => (a.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).join(" ")).filter((p) => p !== ""))];
  return phrases.filter((p) => !phrases.some((other) => other !== p && ` ${p} `.includes(` ${other} `)));
}
