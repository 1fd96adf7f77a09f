/**
 * What extraction needs to know of the curated records before it reads any article, besides their names
 * and words: when each curated event happened (see event-order.ts), the curated figures' quotes and what
 * each measures, and which event an article as a whole is about. Built from a validated catalogue once per
 * index build, in the main thread (the events' days need the articles' text).
 */
import type { Article, Catalogue } from "../catalogue.js";
import { normalizeWhitespace } from "../catalogue.js";
import type { DayInterval } from "./calendar.js";
import { orderEvents } from "./event-order.js";
import { findFigures } from "./figures.js";
import type { CuratedFigureQuote } from "./passage.js";
import { EventIndex, eventForMatching, holdsQuote } from "./same-event.js";
import { sentencesOf } from "./sentences.js";

export interface CuratedMeasure {
  figure: string;
  measure: string;
  event?: string;
}

export interface CuratedSide {
  /** When each curated event happened, as far as the evidence goes (event-order.ts). */
  eventDays: Map<string, DayInterval>;
  /** Curated figures' quotes, by source, and what each figure measures. */
  figureQuotes: Map<string, CuratedFigureQuote[]>;
  figureMeasures: CuratedMeasure[];
  /** The event an article as a whole is about (its title and opening), for figures whose sentence names none. */
  articleEvent(article: Pick<Article, "meta" | "lines">): string | undefined;
}

/** The sentence of an article holding a quote, for reading what the source says around a curated claim. */
export function sentenceHolding(article: Pick<Article, "lines"> | undefined, quote: string): string | undefined {
  if (!article) return undefined;
  const q = normalizeWhitespace(quote);
  for (const l of article.lines) {
    if (!normalizeWhitespace(l.text).includes(q.slice(0, 40))) continue;
    for (const s of sentencesOf(l.text)) if (holdsQuote(s.text, q)) return s.text;
  }
  return undefined;
}

/** The curated records' side of extraction, worked out once per index build. */
export function curatedSide(c: Catalogue): CuratedSide {
  const events = [...c.events.values()].map((l) => l.record);
  const eventDays = orderEvents(events, {
    sentenceHolding: (source, quote) => sentenceHolding(c.articles.get(source), quote),
    published: (source) => c.articles.get(source)?.meta.published,
  });
  const eventIndex = new EventIndex(events.filter((e) => eventDays.has(e.id)).map((e) => eventForMatching(e, eventDays.get(e.id)!)));
  const eventOfFigure = new Map<string, string>();
  for (const e of events) for (const f of e.figures) if (!eventOfFigure.has(f)) eventOfFigure.set(f, e.id);

  const figureQuotes = new Map<string, CuratedFigureQuote[]>();
  const figureMeasures: CuratedMeasure[] = [];
  for (const { record: f } of c.figures.values()) {
    const event = f.about ?? eventOfFigure.get(f.id);
    for (const cit of f.citations) {
      const list = figureQuotes.get(cit.source) ?? [];
      list.push({ id: f.id, ...(event ? { eventId: event } : {}), quote: normalizeWhitespace(cit.quote) });
      figureQuotes.set(cit.source, list);
    }
    const measure = f.measured ?? measureOfQuote(f.value, f.citations[0]?.quote ?? "");
    if (measure) figureMeasures.push({ figure: f.id, measure, ...(event ? { event } : {}) });
  }
  return {
    eventDays,
    figureQuotes,
    figureMeasures,
    articleEvent(article) {
      const opening = [article.meta.title, article.lines[0]?.text ?? ""].join(" ");
      return eventIndex.match(opening, "", "any");
    },
  };
}

/** What a curated figure measures, read from its quote: the figure there whose value the record gives. */
export function measureOfQuote(value: string, quote: string): string | undefined {
  const found = findFigures(normalizeWhitespace(quote));
  const v = normalizeWhitespace(value);
  return (found.find((f) => v.includes(f.text) || f.text.includes(v)) ?? found[0])?.measure;
}
