/**
 * Whether a sentence is about a curated event: it holds one of the event's quotes, or it falls in the
 * event's days and shares enough of the words of the event's title ("the Crocus City Hall attack" and
 * "Terrorist attack on Crocus City Hall in the Moscow area"). Pure.
 */
import { stemmer } from "stemmer";
import { STOPWORDS } from "../../core/text.js";
import { normalizeWhitespace } from "../catalogue.js";
import type { DayInterval } from "./calendar.js";

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
const GENERIC = new Set(["area", "region", "country", "new", "report", "say", "said", "year", "month", "week", "people", "group", "state"]);

/** The distinct stems of a text's meaningful words. */
export function contentStems(text: string): Set<string> {
  const out = new Set<string>();
  for (const w of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    if (w.length < 3 || STOPWORDS.has(w)) continue;
    const s = stemmer(w);
    if (!GENERIC.has(s) && !GENERIC.has(w)) out.add(s);
  }
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
 * The event whose quote the sentence holds; else the one sharing the most title words among those in whose
 * days it falls ("any": a figure has no days of its own, so any event may be the one it measures).
 */
export function sameEvent(
  sentence: { text: string; sourceId: string; stems?: Set<string> },
  days: DayInterval | "any" | undefined,
  events: readonly EventForMatching[],
): string | undefined {
  for (const e of events) if ((e.quotes.get(sentence.sourceId) ?? []).some((q) => holdsQuote(sentence.text, q))) return e.id;
  if (!days) return undefined;
  const stems = sentence.stems ?? contentStems(sentence.text);
  let best: { id: string; shared: number } | undefined;
  for (const e of events) {
    if (days !== "any" && (days.hi < e.days.lo || days.lo > e.days.hi)) continue;
    const shared = titleMatch(stems, e.titleStems);
    if (shared > 0 && (!best || shared > best.shared)) best = { id: e.id, shared };
  }
  return best?.id;
}
