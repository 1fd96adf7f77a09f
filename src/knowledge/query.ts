/**
 * User text → a safe FTS5 query. Raw text never reaches FTS5: words are extracted and each one quoted,
 * so AND, OR, NOT, NEAR, *, -, :, ( and " are just characters. Pure.
 */
import { extractWords, MAX_QUERY_TOKENS, STOPWORDS } from "../core/text.js";

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
    const kept = words.filter((w) => !STOPWORDS.has(w));
    if (kept.length > 0) words = kept;
  }
  words = words.slice(0, MAX_QUERY_TOKENS);
  if (words.length === 0) return null;
  return words.map(quoteToken).join(mode === "and" ? " " : " OR ");
}
