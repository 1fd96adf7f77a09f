/**
 * YAML parse errors as people need them: one per line, at the line that caused it. The parser reports a
 * quote that is never closed where the file ends, often many lines below the typo, and can report the same
 * bad line twice in different words; a person fixing the file wants the line with the opening quote, once.
 * Pure.
 */

export interface LineError {
  line: number;
  message: string;
}

/** Moves an unclosed-quote error to the line that opened the quote, then keeps the first error of each line. */
export function tidyYamlErrors(errors: readonly LineError[], source: string, lineOffset = 0): { line: number; message: string }[] {
  const lines = source.split("\n");
  const seen = new Set<number>();
  const out: { line: number; message: string }[] = [];
  for (const e of errors) {
    const relocated = relocateUnclosedQuote(e, lines, lineOffset);
    if (seen.has(relocated.line)) continue;
    seen.add(relocated.line);
    out.push(relocated);
  }
  return out;
}

function relocateUnclosedQuote(e: LineError, lines: readonly string[], lineOffset: number): { line: number; message: string } {
  const quote = /^Missing closing (["'])quote/.exec(e.message)?.[1];
  if (!quote) return { line: e.line, message: e.message };
  // Walking up from the error, the opening line is the nearest holding an odd number of that quote
  // (lines in between hold none, or whole quoted values: an even number).
  for (let i = Math.min(e.line - lineOffset, lines.length) - 1; i >= 0; i--) {
    if (quoteCount(lines[i]!, quote) % 2 === 1) {
      return { line: i + 1 + lineOffset, message: `a ${quote} quote opened on this line is never closed` };
    }
  }
  return { line: e.line, message: e.message };
}

function quoteCount(line: string, quote: string): number {
  // In double quotes \" is an escape; in single quotes '' is (an even pair, so it counts itself out).
  const text = quote === '"' ? line.replace(/\\./g, "") : line;
  return text.split(quote).length - 1;
}
