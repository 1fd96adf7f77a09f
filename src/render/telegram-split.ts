/**
 * Splits Telegram HTML into messages of at most `maxLength` characters — never truncating, never cutting
 * inside a tag, an entity (&amp;) or a surrogate pair, and keeping every message well-formed: tags still
 * open at a cut are closed at the end of one message and reopened (same attributes) at the start of the next.
 *
 * Preferred cut points, best first: a blank line between blocks (when it leaves the message at least half
 * full), a line break, a space between words, and only for a single over-long word, between two characters
 * (not inside an emoji sequence or before a combining mark). Whitespace at a cut is dropped.
 */

type Atom =
  | { k: "open"; name: string; raw: string }
  | { k: "close"; name: string; raw: string }
  /** One code point or one entity, as written. `ws` is 0 (not whitespace), 1 (space/tab) or 2 (newline). */
  | { k: "char"; raw: string; ws: 0 | 1 | 2 };

type OpenTag = Extract<Atom, { k: "open" }>;

const ENTITY = /^&(?:[a-zA-Z]{2,8}|#\d{1,7}|#x[0-9a-fA-F]{1,6});/;
const TAG = /^<(\/?)([a-zA-Z][a-zA-Z0-9-]*)(?:\s[^<>]*)?>/;

function tokenize(html: string): Atom[] {
  const atoms: Atom[] = [];
  let i = 0;
  while (i < html.length) {
    const c = html[i]!;
    if (c === "<") {
      const m = TAG.exec(html.slice(i, i + 2048));
      if (m) {
        const name = m[2]!.toLowerCase();
        atoms.push(m[1] ? { k: "close", name, raw: m[0] } : { k: "open", name, raw: m[0] });
        i += m[0].length;
        continue;
      }
    } else if (c === "&") {
      const m = ENTITY.exec(html.slice(i, i + 12));
      if (m) {
        atoms.push({ k: "char", raw: m[0], ws: 0 });
        i += m[0].length;
        continue;
      }
    }
    const cp = html.codePointAt(i)!;
    const raw = String.fromCodePoint(cp);
    atoms.push({ k: "char", raw, ws: raw === "\n" ? 2 : raw === " " || raw === "\t" ? 1 : 0 });
    i += raw.length;
  }
  return atoms;
}

const closeTag = (name: string): string => `</${name}>`;

/** Characters that belong to the previous one: combining marks, ZWJ, variation selectors, skin tones, tags. */
const JOINS_PREVIOUS = /^(?:\p{M}|\u200D|[\uFE00-\uFE0F]|[\u{1F3FB}-\u{1F3FF}]|[\u{E0020}-\u{E007F}])$/u;
const REGIONAL_INDICATOR = /^[\u{1F1E6}-\u{1F1FF}]$/u;

/** True when a cut between these two characters would not split a visible character (grapheme). */
function isGraphemeBoundary(prev: Atom, next: Atom, regionalRun: number): boolean {
  if (next.k === "char" && JOINS_PREVIOUS.test(next.raw)) return false;
  if (prev.k === "char" && prev.raw === "\u200D") return false;
  // Flags are pairs of regional indicators: cut only after an even count.
  if (prev.k === "char" && next.k === "char" && REGIONAL_INDICATOR.test(prev.raw) && REGIONAL_INDICATOR.test(next.raw)) {
    return regionalRun % 2 === 0;
  }
  return true;
}

interface Cut {
  /** Atoms [start, at) go into the message. */
  at: number;
  /** Tags open at `at`, outermost first. */
  stack: OpenTag[];
  /** Length of the message if cut here. */
  length: number;
}

const Priority = { Char: 1, Word: 2, Line: 3, Block: 4 } as const;
type Priority = (typeof Priority)[keyof typeof Priority];

function hasVisibleText(atoms: readonly Atom[], from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const a = atoms[i]!;
    if (a.k === "char" && a.ws === 0) return true;
  }
  return false;
}

/**
 * Splits `html` into well-formed pieces of at most `maxLength` UTF-16 code units each.
 * Input that already fits is returned unchanged (one piece).
 */
export function splitHtml(html: string, maxLength: number): string[] {
  if (!(maxLength >= 64)) throw new RangeError("maxLength must be at least 64");
  const trimmed = html.trim();
  if (trimmed.length <= maxLength) return trimmed === "" ? [] : [trimmed];

  const atoms = tokenize(trimmed);
  const pieces: string[] = [];
  let start = 0;
  let stack: OpenTag[] = [];

  while (start < atoms.length) {
    // Whitespace at the start of a message is dropped (it was the cut).
    while (start < atoms.length && atoms[start]!.k === "char" && (atoms[start] as { ws: number }).ws !== 0) start++;
    if (start >= atoms.length) break;

    const prefix = stack.map((a) => a.raw).join("");
    let st = [...stack];
    let length = prefix.length;
    let closing = st.reduce((n, a) => n + closeTag(a.name).length, 0);
    const best: (Cut | undefined)[] = [];
    let regionalRun = 0;
    let visible = false;
    let end = start;

    for (; end < atoms.length; end++) {
      const a = atoms[end]!;
      let nextClosing = closing;
      if (a.k === "open") nextClosing += closeTag(a.name).length;
      else if (a.k === "close" && st.some((o) => o.name === a.name)) nextClosing -= closeTag(a.name).length;
      if (length + a.raw.length + nextClosing > maxLength) break;

      // Apply the atom.
      length += a.raw.length;
      closing = nextClosing;
      if (a.k === "open") st.push(a);
      else if (a.k === "close") {
        const idx = st.map((o) => o.name).lastIndexOf(a.name);
        if (idx >= 0) st = st.slice(0, idx).concat(st.slice(idx + 1));
      }
      if (a.k === "char" && a.ws === 0) visible = true;
      regionalRun = a.k === "char" && REGIONAL_INDICATOR.test(a.raw) ? regionalRun + 1 : a.k === "char" ? 0 : regionalRun;

      // Is the boundary after this atom a good place to cut?
      const next = atoms[end + 1];
      if (!next) continue;
      let priority: Priority | undefined;
      if (next.k === "char" && next.ws !== 0 && !(a.k === "char" && a.ws !== 0)) {
        // Start of a whitespace run: how many line breaks does it hold?
        let newlines = 0;
        for (let j = end + 1; j < atoms.length; j++) {
          const w = atoms[j]!;
          if (w.k !== "char" || w.ws === 0) break;
          if (w.ws === 2) newlines++;
        }
        priority = newlines >= 2 ? Priority.Block : newlines === 1 ? Priority.Line : Priority.Word;
      } else if ((a.k === "char" || a.k === "close") && (next.k === "char" || next.k === "open") && isGraphemeBoundary(a, next, regionalRun)) {
        priority = Priority.Char;
      }
      if (priority !== undefined && visible) {
        best[priority] = { at: end + 1, stack: [...st], length: length + closing };
      }
    }

    if (end >= atoms.length) {
      if (visible)
        pieces.push(
          prefix +
            atoms
              .slice(start)
              .map((a) => a.raw)
              .join("") +
            st
              .map((a) => closeTag(a.name))
              .reverse()
              .join(""),
        );
      break;
    }

    const block = best[Priority.Block];
    const line = best[Priority.Line];
    let cut: Cut | undefined;
    if (block && block.length >= maxLength / 2) cut = block;
    else if (block || line) cut = !line || (block && block.at > line.at) ? block : line;
    else cut = best[Priority.Word] ?? best[Priority.Char];

    if (!cut) {
      // Nothing fits but an indivisible run (or the reopened tags are themselves huge): take at least one atom.
      const at = Math.max(end, start + 1);
      const s2: OpenTag[] = [...stack];
      for (let j = start; j < at; j++) {
        const a = atoms[j]!;
        if (a.k === "open") s2.push(a);
        else if (a.k === "close") {
          const idx = s2.map((o) => o.name).lastIndexOf(a.name);
          if (idx >= 0) s2.splice(idx, 1);
        }
      }
      cut = { at, stack: s2, length: 0 };
    }

    const body = atoms
      .slice(start, cut.at)
      .map((a) => a.raw)
      .join("");
    if (hasVisibleText(atoms, start, cut.at)) {
      pieces.push(
        prefix +
          body +
          [...cut.stack]
            .reverse()
            .map((a) => closeTag(a.name))
            .join(""),
      );
    }
    stack = cut.stack;
    start = cut.at;
  }
  return pieces.map(dropEmptyElements);
}

/** A cut just before a closing tag reopens an element only to close it: drop such empty pairs. */
function dropEmptyElements(piece: string): string {
  let out = piece;
  for (;;) {
    const next = out.replace(/<([a-z-]+)(?:\s[^<>]*)?><\/\1>/g, "");
    if (next === out) return out;
    out = next;
  }
}
