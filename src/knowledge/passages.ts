/**
 * Article lines → passages: the units search returns and answers quote. A paragraph is one passage
 * unless it is long, in which case it is cut into runs of whole sentences, so a quote stays readable.
 */
import { splitSentences } from "../core/text.js";
import type { ArticleLine } from "./catalogue.js";

/** Paragraphs up to this many characters stay whole. */
export const MAX_PASSAGE_CHARS = 600;
/** Long paragraphs are cut into sentence runs of about this size. */
export const TARGET_PASSAGE_CHARS = 400;

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
  const sentences = splitSentences(text);
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
