/**
 * Words and sentences as Brief reads user text and sources. Pure; shared by the knowledge index, the
 * commands and the answer path.
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

/** Sentence ends: . ! ? (optionally closed by a quote or bracket) followed by a space and a capital, digit or quote. */
export function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?][’”"')\]]?)\s+(?=[\p{Lu}\d“"‘'(])/u)
    .map((s) => s.trim())
    .filter(Boolean);
}
