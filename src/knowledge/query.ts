/**
 * User text → a safe FTS5 query. Raw text never reaches FTS5: words are extracted and each one quoted,
 * so AND, OR, NOT, NEAR, *, -, :, ( and " are just characters. Pure.
 */

/** More words than this add nothing but cost. */
export const MAX_QUERY_TOKENS = 24;

/** Words that carry no meaning in a question; dropped for /ask and when matching relevance. */
export const STOPWORDS = new Set(
  (
    "a an and are as at be been being but by can could did do does for from had has have how i in into is it its " +
    "me my of on or our so than that the their them there these they this those to was we were what when where " +
    "which who whom whose why will with would you your about tell say says said any many much there's what's who's " +
    "please know give show list explain happened happen did does according some more most also s t"
  ).split(/\s+/),
);

/** Words as FTS5's unicode61 tokenizer would see them, lower-cased; hyphenated words kept together. */
export function extractWords(text: string): string[] {
  const matches = text.normalize("NFKC").match(/[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu) ?? [];
  return matches.map((w) => w.toLowerCase()).slice(0, MAX_QUERY_TOKENS * 4);
}

/** Quotes one word as an FTS5 string; a hyphenated word becomes a phrase ("isis-k" → "isis-k", i.e. isis k). */
export function quoteToken(word: string): string {
  return `"${word.replace(/"/g, '""')}"`;
}

export function contentWords(text: string): string[] {
  const words = extractWords(text).filter((w) => !STOPWORDS.has(w));
  return [...new Set(words)].slice(0, MAX_QUERY_TOKENS);
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
