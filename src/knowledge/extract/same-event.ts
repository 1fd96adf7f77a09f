/**
 * Whether a sentence is about a curated event: it holds one of the event's quotes, or it falls in the
 * event's days and shares enough of the words of the event's title ("the Crocus City Hall attack" and
 * "Terrorist attack on Crocus City Hall in the Moscow area"). Pure.
 */
import { STOPWORDS } from "../../core/text.js";
import { normalizeWhitespace } from "../catalogue.js";
import type { DayInterval } from "./calendar.js";
import { eachWord } from "./words.js";

/**
 * Title words a sentence must share with an event to be about it (besides falling in its days): at least
 * two, and this share of the title's words, so a long title is not matched by two common ones ("Russian",
 * "attack").
 */
export const SHARED_TITLE_WORDS = 2;
export const SHARED_TITLE_SHARE = 0.4;

/** Whether words of a text (as stems) say enough of an event's title to be about it; how strongly if so. */
export function titleMatch(stems: ReadonlySet<string>, titleStems: ReadonlySet<string>): number {
  let shared = 0;
  for (const s of titleStems) if (stems.has(s)) shared++;
  return shared >= SHARED_TITLE_WORDS && shared >= SHARED_TITLE_SHARE * titleStems.size ? shared : 0;
}

/** Words too common in this corpus's titles to tell one event from another. */
const GENERIC = new Set(["area", "region", "country", "new", "report", "say", "said", "year", "month", "week", "people", "group", "state", "the"]);

/**
 * The distinct meaningful words of a text, lower case, a plural or possessive "s" dropped ("attacks",
 * "Moscow's" → attack, moscow): enough to meet an event's title words, and cheap enough for every dated
 * sentence of a corpus (a stemmer cost a tenth of all extraction).
 */
export function contentStems(text: string): Set<string> {
  const out = new Set<string>();
  const lower = text.toLowerCase();
  const same = lower.length === text.length;
  eachWord(text, (start, end) => {
    if (end - start < 3) return;
    const w = same ? lower.slice(start, end) : text.slice(start, end).toLowerCase();
    if (STOPWORDS.has(w)) return;
    const s = w.length > 3 && w.endsWith("s") && !w.endsWith("ss") ? w.slice(0, -1) : w;
    if (!GENERIC.has(s)) out.add(s);
  });
  return out;
}

export interface EventForMatching {
  id: string;
  titleStems: Set<string>;
  /** The event's topics: a sentence about the event is on them too. */
  topics: readonly string[];
  days: DayInterval;
  /** Quotes from this event's citations, whitespace normalised, by source. */
  quotes: Map<string, string[]>;
}

export function eventForMatching(
  e: { id: string; title: string; topics: readonly string[]; citations: readonly { source: string; quote: string }[] },
  days: DayInterval,
): EventForMatching {
  const quotes = new Map<string, string[]>();
  for (const c of e.citations) quotes.set(c.source, [...(quotes.get(c.source) ?? []), normalizeWhitespace(c.quote)]);
  return { id: e.id, titleStems: contentStems(e.title), topics: e.topics, days, quotes };
}

/** A sentence and a curated quote are the same evidence when either holds the other, or they share a long stretch. */
export function holdsQuote(sentence: string, quote: string): boolean {
  const s = normalizeWhitespace(sentence);
  if (s.includes(quote) || quote.includes(s)) return true;
  // A quote running across a sentence end: its first or last 40 characters are in the sentence.
  return quote.length > 60 && (s.includes(quote.slice(0, 40)) || s.includes(quote.slice(-40)));
}

/**
 * Curated events ready for matching sentences: by their quotes (per source) and their title words (a word
 * → the events whose titles hold it, so a sentence costs one lookup a word rather than one pass per event).
 */
export class EventIndex {
  private readonly byWord = new Map<string, number[]>();
  private readonly bySource = new Map<string, number[]>();
  private readonly byId = new Map<string, EventForMatching>();

  constructor(readonly events: readonly EventForMatching[]) {
    for (const [i, e] of events.entries()) {
      this.byId.set(e.id, e);
      for (const w of e.titleStems) this.byWord.set(w, [...(this.byWord.get(w) ?? []), i]);
      for (const source of e.quotes.keys()) this.bySource.set(source, [...(this.bySource.get(source) ?? []), i]);
    }
  }

  get(id: string): EventForMatching | undefined {
    return this.byId.get(id);
  }

  /**
   * The event whose quote the sentence holds; else the one sharing the most title words among those in whose
   * days it falls ("any": a figure has no days of its own, so any event may be the one it measures).
   */
  match(text: string, sourceId: string, days: DayInterval | "any" | undefined): string | undefined {
    for (const i of this.bySource.get(sourceId) ?? []) {
      const e = this.events[i]!;
      if ((e.quotes.get(sourceId) ?? []).some((q) => holdsQuote(text, q))) return e.id;
    }
    if (!days) return undefined;
    const shared = new Map<number, number>();
    for (const w of contentStems(text)) for (const i of this.byWord.get(w) ?? []) shared.set(i, (shared.get(i) ?? 0) + 1);
    let best: { id: string; shared: number } | undefined;
    for (const [i, n] of shared) {
      const e = this.events[i]!;
      if (n < SHARED_TITLE_WORDS || n < SHARED_TITLE_SHARE * e.titleStems.size) continue;
      if (days !== "any" && (days.hi < e.days.lo || days.lo > e.days.hi)) continue;
      if (!best || n > best.shared) best = { id: e.id, shared: n };
    }
    return best?.id;
  }
}
