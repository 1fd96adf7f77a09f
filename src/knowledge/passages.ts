/**
 * Article lines → passages: the units search returns and answers quote. A paragraph is one passage
 * unless it is long, in which case it is cut into runs of whole sentences, so a quote stays readable.
 * A sentence longer than a passage (a paragraph without sentence breaks) is cut between words, and a
 * "word" longer than a passage between characters: no passage is ever longer than MAX_PASSAGE_CHARS, so
 * a search hit or a quote is never longer either (a 10 MB paragraph once became one passage, and one
 * /search sent hundreds of messages).
 */
import { splitSentences } from "../core/text.js";
import type { ArticleLine } from "./catalogue.js";

/** Paragraphs up to this many characters stay whole; no passage is longer. */
export const MAX_PASSAGE_CHARS = 600;
/** Long paragraphs are cut into sentence runs of about this size. */
export const TARGET_PASSAGE_CHARS = 400;
/**
 * The loader refuses a longer paragraph (with its file and line). The longest in the real corpus is
 * 1,568 characters; 20,000 is a pasted blob, not prose.
 */
export const MAX_PARAGRAPH_CHARS = 20_000;

export interface Passage {
  position: number;
  line: number;
  text: string;
}

export function splitPassages(lines: readonly ArticleLine[]): Passage[] {
  const out: Passage[] = [];
  for (const { line, text } of lines) {
    for (const chunk of chunkParagraph(text)) out.push({ position: out.length, line, text: chunk });
  }
  return out;
}

export function chunkParagraph(text: string): string[] {
  if (text.length <= MAX_PASSAGE_CHARS) return [text];
  const sentences = splitSentences(text).flatMap((s) => (s.length > MAX_PASSAGE_CHARS ? cutBetweenWords(s) : [s]));
  const chunks: string[] = [];
  let current = "";
  for (const s of sentences) {
    if (current && current.length + 1 + s.length > TARGET_PASSAGE_CHARS) {
      chunks.push(current);
      current = s;
    } else {
      current = current ? `${current} ${s}` : s;
    }
  }
  if (current) chunks.push(current);
  return chunks;
}

/** A run of text longer than a passage → pieces of at most TARGET_PASSAGE_CHARS, cut at the last space before the limit. */
function cutBetweenWords(text: string): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > TARGET_PASSAGE_CHARS) {
    let cut = rest.lastIndexOf(" ", TARGET_PASSAGE_CHARS);
    // No space in reach: cut between characters, never inside a surrogate pair.
    if (cut <= 0) cut = /[\uD800-\uDBFF]/.test(rest[TARGET_PASSAGE_CHARS - 1] ?? "") ? TARGET_PASSAGE_CHARS - 1 : TARGET_PASSAGE_CHARS;
    pieces.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest) pieces.push(rest);
  return pieces.filter(Boolean);
}
