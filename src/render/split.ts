/**
 * Splitting long output: pack whole blocks into chunks under a limit; a block too big on its own is cut
 * at line boundaries, and a line too big on its own at word boundaries. Never truncates. Pure.
 */

/** Packs pieces (rendered blocks) into chunks of at most `limit` characters, joined by `separator`. */
export function packChunks(pieces: readonly string[], limit: number, separator = "\n\n"): string[] {
  const chunks: string[] = [];
  let current = "";
  const push = (piece: string) => {
    if (current === "") current = piece;
    else if (current.length + separator.length + piece.length <= limit) current += separator + piece;
    else {
      chunks.push(current);
      current = piece;
    }
  };
  for (const piece of pieces) {
    if (piece.length <= limit) push(piece);
    else for (const part of splitLines(piece, limit)) push(part);
  }
  if (current !== "") chunks.push(current);
  return chunks;
}

/** Cuts text at line boundaries into parts of at most `limit`; over-long lines are cut at words. */
export function splitLines(text: string, limit: number): string[] {
  const parts: string[] = [];
  let current = "";
  for (const line of text.split("\n")) {
    const pieces = line.length <= limit ? [line] : splitWords(line, limit);
    for (const piece of pieces) {
      if (current === "") current = piece;
      else if (current.length + 1 + piece.length <= limit) current += `\n${piece}`;
      else {
        parts.push(current);
        current = piece;
      }
    }
  }
  if (current !== "") parts.push(current);
  return parts;
}

/** Cuts one line at spaces; a single word longer than the limit is cut, never inside a surrogate pair. */
export function splitWords(line: string, limit: number): string[] {
  const parts: string[] = [];
  let current = "";
  for (const word of line.split(/(?<= )/)) {
    if (current.length + word.length <= limit) {
      current += word;
      continue;
    }
    if (current !== "") parts.push(current.trimEnd());
    current = "";
    let rest = word;
    while (rest.length > limit) {
      let cut = limit;
      const code = rest.charCodeAt(cut - 1);
      if (code >= 0xd800 && code <= 0xdbff) cut--; // keep a surrogate pair together
      parts.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    current = rest;
  }
  if (current.trim() !== "") parts.push(current.trimEnd());
  return parts;
}
