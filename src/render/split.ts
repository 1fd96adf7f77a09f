/**
 * The one way long output is split, shared by every renderer, so that "never truncate, cut at the best
 * boundary, keep formatting balanced, never break a character" is written and tested once.
 *
 * A renderer emits atoms instead of a finished string: words of already-escaped output, each with the
 * whitespace before it and the formatting around it. Knowing that structure, the packer never has to
 * re-parse markup to find where it may cut, or which tags are open at a cut.
 */

/**
 * Formatting around atoms: an HTML element (`<b>`/`</b>`), a Markdown marker pair (`**`/`**`), a quote
 * prefix (`> `/``). Compared by identity, not by value: atoms sharing one Wrapper object sit inside one
 * element, so two adjacent bold spans stay two elements, and a cut reopens exactly what was open.
 */
export interface Wrapper {
  readonly open: string;
  readonly close: string;
}

/**
 * One unit of output. Whitespace lives in `space` rather than in `text` so that a cut can drop it and so
 * that it sits outside formatting that starts or ends there (Markdown emphasis must hug its text).
 */
export interface Atom {
  /**
   * Whitespace before `text`: kept between atoms, dropped at a cut. Its line breaks rank the boundary as
   * a cut point: two or more = between blocks, one = between lines, none = between words; "" = glued to
   * the previous atom (cut there only when nothing better fits). Deriving the rank from the whitespace
   * itself means a renderer cannot ask for a block break and emit a single space.
   */
  readonly space: string;
  /** Output text, already escaped for the platform; emitted as is. "" for an atom that only carries space. */
  readonly text: string;
  /** Formatting open around this atom, outermost first. */
  readonly wrappers: readonly Wrapper[];
}

const NO_WRAPPERS: readonly Wrapper[] = [];

/** Separators are ASCII whitespace only: a no-break space must not become a cut point. */
const WORDS = /([ \t\r\n]*)([^ \t\r\n]+)/g;

/**
 * Cuts text into word atoms. Whitespace that starts a line (after a line break in `text`, or at its start
 * when `lineStart`) is indentation: it stays with the word after it, so a cut keeps it. Trailing
 * whitespace becomes an atom of space only, which the packer joins to whatever follows.
 */
export function textAtoms(text: string, wrappers: readonly Wrapper[] = NO_WRAPPERS, lineStart = false): Atom[] {
  const atoms: Atom[] = [];
  let end = 0;
  for (const m of text.matchAll(WORDS)) {
    let space = m[1]!;
    let word = m[2]!;
    const lineBreak = space.lastIndexOf("\n");
    if (lineBreak >= 0 || (m.index === 0 && lineStart)) {
      word = space.slice(lineBreak + 1) + word;
      space = space.slice(0, lineBreak + 1);
    }
    atoms.push({ space, text: word, wrappers });
    end = m.index + m[0].length;
  }
  if (end < text.length) atoms.push({ space: text.slice(end), text: "", wrappers });
  return atoms;
}

/** An atom of whitespace only: a line or block break, or a space between two pieces a renderer joins. */
export function gap(space: string): Atom {
  return { space, text: "", wrappers: NO_WRAPPERS };
}

/** Joins atoms into one string, with no limit (for output that is never split, or to show it whole). */
export function joinAtoms(atoms: readonly Atom[]): string {
  return packAtoms(atoms, Infinity).join("");
}

/**
 * A second, softer limit: how much a reader sees (markup and escapes not counted), so a message fits a
 * phone screen however many links its text carries. The platform's hard limit still applies.
 */
export interface VisibleBudget {
  limit: number;
  /** What an atom's text shows, in characters (an HTML entity or a backslash escape is one). */
  length(text: string): number;
}

const Rank = { Glued: 0, Word: 1, Line: 2, Block: 3 } as const;

function rankOf(space: string): number {
  if (space === "") return Rank.Glued;
  const first = space.indexOf("\n");
  if (first < 0) return Rank.Word;
  return space.indexOf("\n", first + 1) < 0 ? Rank.Line : Rank.Block;
}

interface Cut {
  /** The next chunk starts at this atom. */
  at: number;
  /** Length of the chunk's text before that atom, wrappers still open. */
  end: number;
  /** Wrappers open at the cut, to be closed. */
  open: readonly Wrapper[];
  /** Length of the chunk once they are closed. */
  size: number;
  visible: boolean;
}

/**
 * Packs atoms into chunks of at most `limit` UTF-16 code units (the unit both Telegram and Discord limits
 * are safe to count in). Never truncates: every atom's text appears, in order; only whitespace at a cut
 * is dropped, and a chunk with no visible text is not emitted (platforms reject empty messages).
 *
 * Where a chunk is cut, best first: between blocks (only if that leaves the chunk at least half full, so
 * one long block does not leave a nearly empty message before it), then the later of a block or line
 * break, then between words, then between glued atoms. Only an atom too long for a chunk on its own is cut
 * inside, between graphemes, never inside an HTML entity or after an escaping backslash. Wrappers open at
 * a cut are closed at the end of the chunk and reopened at the start of the next.
 */
export function packAtoms(input: readonly Atom[], limit: number, budget?: VisibleBudget): string[] {
  if (!(limit >= 2)) throw new RangeError("limit must be at least 2 (one surrogate pair)");
  const atoms = normalize(input, limit);
  const chunks: string[] = [];
  const emit = (text: string, visible: boolean): void => {
    if (visible) chunks.push(text);
  };

  let start = 0;
  while (start < atoms.length) {
    let out = "";
    let open: readonly Wrapper[] = NO_WRAPPERS;
    let visible = false;
    let seen = 0; // what a reader sees so far, as the budget measures it
    const best: (Cut | undefined)[] = [];
    let i = start;
    for (; i < atoms.length; i++) {
      const a = atoms[i]!;
      const first = i === start;
      if (!first && (a.space !== "" || startsGrapheme(atoms[i - 1]!.text, a.text))) {
        best[rankOf(a.space)] = { at: i, end: out.length, open, size: out.length + closeLength(open), visible };
      }
      const shared = first ? 0 : sharedDepth(open, a.wrappers);
      const piece = closeTags(open, shared) + (first ? "" : a.space) + openTags(a.wrappers, shared) + a.text;
      if (out.length + piece.length + closeLength(a.wrappers) > limit) break;
      if (budget) {
        seen += (first ? 0 : a.space.length) + budget.length(a.text);
        if (seen > budget.limit && !first) break;
      }
      out += piece;
      open = a.wrappers;
      visible ||= /\S/.test(a.text);
    }
    if (i === atoms.length) {
      emit(out + closeTags(open, 0), visible);
      break;
    }
    const cut = chooseCut(best, budget ? Math.min(limit, budget.limit) : limit);
    if (cut) {
      emit(out.slice(0, cut.end) + closeTags(cut.open, 0), cut.visible);
      start = cut.at;
      continue;
    }
    if (i > start) {
      // Every joint in the chunk is inside a grapheme (a combining mark opens a span): cut the last atom
      // at its last grapheme boundary, which the next pass will find; with none, the limit wins.
      const prev = atoms[i - 1]!;
      const at = lastCutPoint(prev.text);
      if (at > 0) {
        atoms.splice(i - 1, 1, { ...prev, text: prev.text.slice(0, at) }, { space: "", text: prev.text.slice(at), wrappers: prev.wrappers });
      } else {
        emit(out + closeTags(open, 0), visible);
        start = i;
      }
      continue;
    }
    // The first atom alone does not fit: cut it into chunks; the last piece fits, and may share its chunk.
    const a = atoms[start]!;
    const opening = openTags(a.wrappers, 0);
    const closing = closeTags(a.wrappers, 0);
    const pieces = cutInside(a.text, limit - opening.length - closing.length);
    for (const piece of pieces.slice(0, -1)) emit(opening + piece + closing, /\S/.test(piece));
    atoms[start] = { space: "", text: pieces[pieces.length - 1]!, wrappers: a.wrappers };
  }
  return chunks;
}

function chooseCut(best: readonly (Cut | undefined)[], limit: number): Cut | undefined {
  const block = best[Rank.Block];
  const line = best[Rank.Line];
  if (block && block.size >= limit / 2) return block;
  if (block || line) return !line || (block && block.at > line.at) ? block : line;
  return best[Rank.Word] ?? best[Rank.Glued];
}

/**
 * Folds space-only atoms into the next atom's space, and leaves off formatting too long to hold even one
 * character within the limit (a 1024-character link at a tiny limit): losing a link beats losing the message.
 */
function normalize(input: readonly Atom[], limit: number): Atom[] {
  const atoms: Atom[] = [];
  let pending = "";
  for (const a of input) {
    if (a.text === "") {
      pending += a.space;
      continue;
    }
    let wrappers = a.wrappers;
    while (wrappers.length > 0 && openTags(wrappers, 0).length + closeLength(wrappers) > limit - 2) {
      wrappers = wrappers.slice(0, -1);
    }
    atoms.push(pending === "" && wrappers === a.wrappers ? a : { space: pending + a.space, text: a.text, wrappers });
    pending = "";
  }
  return atoms;
}

function sharedDepth(a: readonly Wrapper[], b: readonly Wrapper[]): number {
  let k = 0;
  while (k < a.length && k < b.length && a[k] === b[k]) k++;
  return k;
}

function openTags(wrappers: readonly Wrapper[], from: number): string {
  let s = "";
  for (let k = from; k < wrappers.length; k++) s += wrappers[k]!.open;
  return s;
}

function closeTags(wrappers: readonly Wrapper[], downTo: number): string {
  let s = "";
  for (let k = wrappers.length - 1; k >= downTo; k--) s += wrappers[k]!.close;
  return s;
}

function closeLength(wrappers: readonly Wrapper[]): number {
  let n = 0;
  for (const w of wrappers) n += w.close.length;
  return n;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/**
 * Below U+0300 there are no combining marks, joiners or regional indicators: every code unit but CR is a
 * grapheme of its own, so the segmenter (slow) is needed only for text beyond it.
 */
// biome-ignore lint/suspicious/noMisleadingCharacterClass: code units, not characters, are meant: any unit from U+0300 up (surrogates included) sends the text to the segmenter.
const NEEDS_SEGMENTER = /[\r\u0300-\uffff]/;

/** True when glued atoms meet at a grapheme boundary (a combining mark or a ZWJ may start an atom). */
function startsGrapheme(before: string, after: string): boolean {
  if (!NEEDS_SEGMENTER.test(before.slice(-1) + after.slice(0, 1))) return true;
  const tail = before.slice(-16);
  for (const { index } of graphemes.segment(tail + after.slice(0, 16))) if (index === tail.length) return true;
  return false;
}

/** An escape the platform reads as one character: an HTML entity (Telegram) or a backslash escape (Discord). */
const ENTITY = /&(?:[a-zA-Z][a-zA-Z0-9]{1,31}|#\d{1,7}|#[xX][0-9a-fA-F]{1,6});/y;

/** Offsets where a text may be cut: grapheme boundaries not inside an escape. */
function* cutPoints(text: string): Generator<number> {
  let protect = 0; // no cut before this offset
  for (const { segment, index } of graphemesOf(text)) {
    if (index < protect) continue;
    if (index > 0) yield index;
    if (segment === "\\") protect = index + 2;
    else if (segment === "&") {
      ENTITY.lastIndex = index;
      if (ENTITY.test(text)) protect = ENTITY.lastIndex;
    }
  }
}

function lastCutPoint(text: string): number {
  let last = 0;
  for (const at of cutPoints(text)) last = at;
  return last;
}

/**
 * Cuts a text longer than `room` into pieces of at most `room` code units, each as long as it can be.
 * A single grapheme longer than the room (a pile of combining marks) is cut between code points instead:
 * the limit is the platform's, and overflowing it loses the whole message. One pass, however many pieces.
 */
function cutInside(text: string, room: number): string[] {
  const pieces: string[] = [];
  let from = 0; // start of the current piece
  let last = 0; // the last cut point after `from` that keeps the piece within the room
  const reach = (at: number): void => {
    while (at - from > room) {
      let cut = last > from ? last : from + room;
      if (cut === from + room && isHighSurrogate(text.charCodeAt(cut - 1))) cut--;
      pieces.push(text.slice(from, cut));
      from = cut;
    }
    last = at;
  };
  for (const at of cutPoints(text)) reach(at);
  reach(text.length);
  pieces.push(text.slice(from));
  return pieces;
}

/**
 * Graphemes of a long text, segmented a window at a time: V8's segmenter slows down quadratically on long
 * strings. Each window starts at a known boundary and ends between code points, and its last grapheme,
 * which may go on past the window, is read again at the start of the next one.
 */
function* graphemesOf(text: string): Generator<{ segment: string; index: number }> {
  const WINDOW = 1024;
  let start = 0;
  let size = WINDOW;
  while (start < text.length) {
    let end = Math.min(start + size, text.length);
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end--; // half a pair would be a grapheme
    const whole = end === text.length;
    const window = text.slice(start, end);
    const segments = NEEDS_SEGMENTER.test(window) ? [...graphemes.segment(window)] : Array.from(window, (segment, index) => ({ segment, index }));
    if (!whole && segments.length < 2) {
      size *= 2; // one grapheme longer than the window
      continue;
    }
    const settled = whole ? segments : segments.slice(0, -1);
    for (const { segment, index } of settled) yield { segment, index: start + index };
    if (whole) return;
    start += segments[segments.length - 1]!.index;
    size = WINDOW;
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
