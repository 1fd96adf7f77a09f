/**
 * Splitting for Discord output: never truncate, split at line boundaries first, then between words,
 * and cut inside a word only when a single word is longer than the limit.
 *
 * The renderer hands over "atoms": pieces of already-escaped Markdown that must stay whole (a word with
 * its trailing space, a bold span, a masked link). The atom "\n" is a line break, the preferred split point.
 */

/** "a b\nc" → ["a ", "b", "\n", "c"]: words keep their trailing spaces; line breaks become "\n" atoms. */
export function wordAtoms(text: string): string[] {
  const atoms: string[] = [];
  const lines = text.split("\n");
  lines.forEach((line, i) => {
    if (i > 0) atoms.push("\n");
    for (const m of line.matchAll(/\s*\S+\s*|\s+/g)) atoms.push(m[0]);
  });
  return atoms;
}

/**
 * Greedily packs atoms into chunks of at most `max` characters (UTF-16 code units, which never
 * undercounts Discord's own count). When a chunk overflows it is cut at its last line break, or else
 * between atoms. Leading line breaks and trailing whitespace of each chunk are dropped.
 */
export function chunkAtoms(atoms: readonly string[], max: number): string[] {
  if (max < 2) throw new RangeError("chunk size must be at least 2");
  const chunks: string[] = [];
  let cur: string[] = [];
  let len = 0;

  const emit = (parts: readonly string[]): void => {
    const s = parts.join("").replace(/^\n+/, "").trimEnd();
    if (s !== "") chunks.push(s);
  };
  const measure = (parts: readonly string[]): number => parts.reduce((n, p) => n + p.length, 0);

  for (const atom of atoms) {
    if (atom.length > max) {
      // Only a single word (or span) longer than a whole chunk is ever cut.
      emit(cur);
      const pieces = hardSplit(atom, max);
      for (const piece of pieces.slice(0, -1)) emit([piece]);
      cur = [pieces[pieces.length - 1] ?? ""];
      len = cur[0]!.length;
      continue;
    }
    if (len + atom.length > max) {
      const nl = cur.lastIndexOf("\n");
      if (nl > 0 && atom !== "\n") {
        emit(cur.slice(0, nl));
        cur = cur.slice(nl + 1);
        len = measure(cur);
      }
      if (len + atom.length > max) {
        emit(cur);
        cur = [];
        len = 0;
      }
    }
    if (cur.length === 0 && atom === "\n") continue;
    cur.push(atom);
    len += atom.length;
  }
  emit(cur);
  return chunks;
}

/** Cuts a string into pieces of at most `max`, never inside a surrogate pair or a backslash escape. */
export function hardSplit(s: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = s;
  while (rest.length > max) {
    let cut = max;
    const code = rest.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut -= 1; // high surrogate: keep the pair together
    let backslashes = 0;
    while (cut - 1 - backslashes >= 0 && rest[cut - 1 - backslashes] === "\\") backslashes++;
    if (backslashes % 2 === 1) cut -= 1; // an escape and what it escapes stay together
    if (cut <= 0) cut = max; // pathological input: cut anyway rather than loop
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  pieces.push(rest);
  return pieces;
}

/** Splits plain text (no Markdown) at line breaks, then words. */
export function splitPlain(text: string, max: number): string[] {
  return chunkAtoms(wordAtoms(text), max);
}
