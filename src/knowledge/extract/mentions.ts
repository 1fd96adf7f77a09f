/**
 * Which known entities a sentence names, by name or alias, and which other proper names it holds: the
 * candidates a curator may want to add. One pass over the sentence's words; names are kept by their first
 * word, so each word costs a map lookup. Pure.
 */
import { nameSpans } from "../../core/text-facts.js";
import { eachWord } from "./words.js";

export interface Named {
  id: string;
  name: string;
  aliases: readonly string[];
  type?: string;
}

interface Form {
  id: string;
  /** A place named inside a longer name still counts: "the Interior Ministry in Moscow" names Moscow. */
  place: boolean;
  words: string[];
  /** How a word must be written in the text: capitalised as the name is, or in capitals (short acronyms). */
  cases: ("any" | "first" | "all")[];
}

const LOOSENESS = { all: 0, first: 1, any: 2 } as const;
const loosest = (a: Form["cases"][number], b: Form["cases"][number]) => (LOOSENESS[a] >= LOOSENESS[b] ? a : b);

const TOKEN = /[\p{L}\p{N}]+/gu;
const fold = (w: string) =>
  w
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase();

function isAscii(w: string): boolean {
  for (let i = 0; i < w.length; i++) if (w.charCodeAt(i) > 0x7f) return false;
  return true;
}
export interface EntityMention {
  id: string;
  start: number;
  end: number;
}

export class MentionFinder {
  private readonly byFirstWord = new Map<string, Form[]>();

  constructor(entities: readonly Named[]) {
    for (const e of entities) {
      for (const name of [e.name, ...e.aliases]) {
        const written = name.replace(/\s*\(.*?\)\s*/g, " ").match(TOKEN) ?? [];
        // Very short names ("IS", "UN") would be found everywhere; they still work for lookups, not for mentions.
        if (written.join("").length < 3) continue;
        const words = written.map((w) => fold(w));
        // One word must be written as a name is ("Lemon", not "lemon"; "IRP" in capitals); longer names may
        // be written in any case ("central Asian").
        const cases = written.map((w) => (written.length > 1 ? "any" : w.length <= 4 && /^\p{Lu}+$/u.test(w) ? "all" : /^\p{Lu}/u.test(w) ? "first" : "any"));
        const forms = this.byFirstWord.get(words[0]!) ?? [];
        const same = forms.find((f) => f.id === e.id && f.words.join(" ") === words.join(" "));
        // "ISIS" and "Isis" both listed: the text may write it either way, so the looser rule holds.
        if (same) same.cases = same.cases.map((c, j) => loosest(c, cases[j]!));
        else forms.push({ id: e.id, place: e.type === "place", words, cases });
        this.byFirstWord.set(words[0]!, forms);
      }
    }
    // Longest names first: "Islamic State Khorasan Province" before "Islamic State", "Isis-K" before "Isis".
    for (const forms of this.byFirstWord.values()) forms.sort((a, b) => b.words.length - a.words.length);
  }

  /** Every naming of a known entity in `sentence`, in order. */
  find(sentence: string): EntityMention[] {
    // Lower-cased once for the whole text (per token when that changes its length, as a few letters do).
    const lowered = sentence.toLowerCase();
    const sameLength = lowered.length === sentence.length;
    const tokens: Token[] = [];
    eachWord(sentence, (start, end) => {
      const lower = sameLength ? lowered.slice(start, end) : sentence.slice(start, end).toLowerCase();
      tokens.push({ word: sentence.slice(start, end), lower: isAscii(lower) ? lower : fold(lower), start, end });
    });
    const out: EntityMention[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const form = this.longestAt(sentence, tokens, i, tokens.length, false);
      if (!form) continue;
      const n = form.words.length;
      out.push({ id: form.id, start: tokens[i]!.start, end: tokens[i + n - 1]!.end });
      for (let j = i + 1; j < i + n; j++) {
        const inner = this.longestAt(sentence, tokens, j, i + n, true);
        if (inner) out.push({ id: inner.id, start: tokens[j]!.start, end: tokens[j + inner.words.length - 1]!.end });
      }
      i += n - 1;
    }
    return out;
  }

  /** The longest name starting at token `i` and ending before `limit` (places only, inside a longer name). */
  private longestAt(sentence: string, tokens: readonly Token[], i: number, limit: number, placesOnly: boolean): Form | undefined {
    const first = tokens[i]!.lower;
    const forms = this.byFirstWord.get(first) ?? (first.endsWith("s") ? this.byFirstWord.get(first.slice(0, -1)) : undefined);
    for (const form of forms ?? []) {
      const n = form.words.length;
      if (i + n > limit || (placesOnly && !form.place)) continue;
      const fits = form.words.every((w, j) => {
        const t = tokens[i + j]!;
        // The last word may carry a plural "s" ("Uighurs"); a possessive is split off at the apostrophe.
        const same = t.lower === w || (j === n - 1 && w.length >= 4 && t.lower === `${w}s`);
        if (!same) return false;
        const c = form.cases[j];
        return c === "any" || (c === "first" ? /^\p{Lu}/u.test(t.word) : t.word === t.word.toUpperCase());
      });
      // Joined by spaces or hyphens only: "ISIS K" in "Isis-K", not across a sentence's punctuation.
      if (fits && tokens.slice(i, i + n - 1).every((t, j) => /^[\s\u00a0-]*$/.test(sentence.slice(t.end, tokens[i + j + 1]!.start)))) return form;
    }
    return undefined;
  }
}

interface Token {
  word: string;
  lower: string;
  start: number;
  end: number;
}

/** Capitalised words that open sentences and clauses, or name months and days: not names. */
const NOT_NAMES = new Set(
  (
    "The A An In On At Of For From By With And But Or So Yet If As It Its This That These Those There Here What When Where Why How Who " +
    "However Meanwhile Moreover Thus Therefore While After Before Since Despite Although Though Even According Under Over Between During " +
    "Also Still Now Then Some Many Most All Both Each Such Another Other Not No One Two Three Hiring Whatever Others Against " +
    "January February March April May June July August September October November December " +
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mr Mrs Ms Dr"
  ).split(" "),
);

export interface NameCandidate {
  name: string;
  start: number;
  end: number;
}

/**
 * Proper names in a text that are not known entities: runs of capitalised words, not the capital that opens
 * a sentence (`sentenceStarts`: where the text's sentences begin; the text's start is one), split at "and",
 * with a leading "The" and a trailing possessive dropped.
 */
export function nameCandidates(
  sentence: string,
  known: readonly { start: number; end: number }[],
  sentenceStarts: ReadonlySet<number> = new Set([0]),
): NameCandidate[] {
  const out: NameCandidate[] = [];
  for (const span of nameSpans(sentence)) {
    for (const part of splitAtAnd(span)) {
      let { start, text } = part;
      // The capital that opens a sentence is no evidence of a name: "Combining AI-juiced CCTV" is "AI-juiced CCTV".
      const opener = sentenceStarts.has(start) ? /^\p{Lu}\p{Ll}*(?:ing|ed|ly)\s+/u.exec(text) : null;
      if (opener) {
        start += opener[0].length;
        text = text.slice(opener[0].length);
      }
      const lead = /^(?:(?:The|A|An|In|On|At|Of|For|From|By|With|And|But|As|After|Before|Since|Despite|According|Under|While|Former|Both)\s+)+/.exec(text);
      if (lead) {
        start += lead[0].length;
        text = text.slice(lead[0].length);
      }
      text = text.replace(/[’']s?$/, "").replace(/\s+(?:of|the|and|al|bin|de)$/, "");
      const end = start + text.length;
      const words = text.split(/\s+/);
      if (text.length < 3 || words.every((w) => NOT_NAMES.has(w))) continue;
      if (words.length === 1 && (sentenceStarts.has(start) || NOT_NAMES.has(text))) continue;
      // "Muslim minorities", "Asian franchise", "Islamic rebel": a demonym or adjective before its noun, not a name.
      if (words.length === 1 && /(?:ian|ean|ese|ish|ic|an|im|ist)$/.test(text) && /^\s+\p{Ll}/u.test(sentence.slice(end, end + 3))) continue;
      if (known.some((k) => start < k.end && k.start < end)) continue;
      out.push({ name: text, start, end });
    }
  }
  return out;
}

function splitAtAnd(span: { start: number; end: number; text: string }): { start: number; text: string }[] {
  const parts: { start: number; text: string }[] = [];
  let at = 0;
  for (const m of span.text.matchAll(/\s+and\s+/g)) {
    parts.push({ start: span.start + at, text: span.text.slice(at, m.index) });
    at = m.index + m[0].length;
  }
  parts.push({ start: span.start + at, text: span.text.slice(at) });
  return parts;
}
