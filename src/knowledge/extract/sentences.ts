/**
 * A passage's sentences with where each starts and ends in it, so every extracted item can point at the
 * exact text it came from. The boundary rule is core's splitSentences (a full stop, question or exclamation
 * mark, then a space and a capital, digit or quote), with the usual abbreviations and initials ("Mr.",
 * "Gen.", "U.S.", "J. Smith") not taken for ends. Pure.
 */

export interface SentenceSpan {
  start: number;
  end: number;
  text: string;
}

const BOUNDARY = /(?<=[.!?][’”"')\]]?)\s+(?=[\p{Lu}\d“"‘'(])/gu;
/** Words whose full stop does not end a sentence. */
const ABBREVIATION =
  /(?:^|[\s(])(?:Mr|Mrs|Ms|Dr|Prof|Gen|Col|Lt|Sgt|Capt|Maj|Adm|Gov|Sen|Rep|St|No|Nos|Vol|pp|vs|etc|Inc|Ltd|Co|Corp|Jr|Sr|approx|est|[A-Z]|(?:[A-Za-z]\.)+[A-Za-z])\.$/;

export function sentencesOf(text: string): SentenceSpan[] {
  const out: SentenceSpan[] = [];
  let start = 0;
  BOUNDARY.lastIndex = 0;
  for (let m = BOUNDARY.exec(text); m; m = BOUNDARY.exec(text)) {
    if (ABBREVIATION.test(text.slice(Math.max(start, m.index - 12), m.index))) continue;
    push(out, text, start, m.index);
    start = m.index + m[0].length;
  }
  push(out, text, start, text.length);
  return out;
}

function push(out: SentenceSpan[], text: string, start: number, end: number): void {
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  if (end > start) out.push({ start, end, text: text.slice(start, end) });
}

/**
 * The sentence with its no-break and narrow spaces made plain spaces, for matching: the articles keep the
 * spaces they were published with, and a pattern's " " must match them. One character for one, so every
 * offset found in the copy is an offset in the original.
 */
export function plainSpaces(text: string): string {
  return text.replace(/[\u00a0\u202f\u2007]/g, " ");
}
