/**
 * Words of a text (runs of letters and digits, as the full-text index splits them), found by a loop over
 * character codes: extraction reads every kept sentence several times, and /[\p{L}\p{N}]+/gu cost more than
 * the rest of a name lookup. Letters beyond ASCII are asked of the Unicode property, one character at a time.
 */

const LETTER_OR_DIGIT = /[\p{L}\p{N}\p{M}]/u;

function isWordAt(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code < 0x80) return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39);
  return LETTER_OR_DIGIT.test(text.charAt(i));
}

/** Calls `each(start, end)` for every word of `text`, in order. */
export function eachWord(text: string, each: (start: number, end: number) => void): void {
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const word = i < text.length && isWordAt(text, i);
    if (word && start < 0) start = i;
    else if (!word && start >= 0) {
      each(start, i);
      start = -1;
    }
  }
}
