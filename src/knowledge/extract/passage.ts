/**
 * Everything extracted from one passage, sentence by sentence: its date (resolved against the article's
 * date), its figures, the entities it names and the names it holds that are not entities yet, whose claim
 * it reports, its topics, and which curated event or figure it is (when it holds their quote, or speaks of
 * the same event). Each item points at its sentence, which is quoted exactly as written. Pure.
 */
import { type Attribution, attributionOf } from "./attribution.js";
import { type DateMention, findDates, orderInterval, primaryDate } from "./dates.js";
import { type FigureMention, findFigures } from "./figures.js";
import { type MentionFinder, nameCandidates } from "./mentions.js";
import { contentStems, type EventForMatching, holdsQuote, sameEvent } from "./same-event.js";
import { sentencesOf } from "./sentences.js";
import type { TopicMatcher } from "./topics.js";

export interface CuratedFigureQuote {
  id: string;
  eventId?: string;
  /** The quote, whitespace normalised. */
  quote: string;
}

export interface ExtractionContext {
  mentions: MentionFinder;
  topics: TopicMatcher;
  events: readonly EventForMatching[];
  /** Curated figures' quotes, by source. */
  figureQuotes: ReadonlyMap<string, readonly CuratedFigureQuote[]>;
}

export interface ExtractedFigure extends FigureMention {
  eventId?: string;
  /** The curated figure this is (its quote holds this very value). */
  figureId?: string;
}

export interface ExtractedSentence {
  start: number;
  end: number;
  text: string;
  attribution?: Attribution;
  /** The date that dates the sentence, with the days to order it by and the curated event it is, if any. */
  date?: DateMention & { order: { lo: number; hi: number }; eventId?: string };
  figures: ExtractedFigure[];
  /** Entity ids, each once. */
  entities: string[];
  candidates: string[];
  topics: string[];
}

const MAY_DATE =
  /\d|January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Sept?\.|Oct\.|Nov\.|Dec\.|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|week|month|year|yesterday|today|tonight|ago\b/;
const MAY_COUNT =
  /\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?|dozens?|half|tens)\b/i;
const MAY_NAME = /\S\s+\p{Lu}/u;

/** The article a passage is from: its id, its date, and the curated event it is about as a whole, if any. */
export interface ArticleForExtraction {
  id: string;
  published?: string;
  eventId?: string;
}

export function extractPassage(text: string, article: ArticleForExtraction, ctx: ExtractionContext): ExtractedSentence[] {
  const { id: sourceId, published } = article;
  const out: ExtractedSentence[] = [];
  for (const s of sentencesOf(text)) {
    const dates = MAY_DATE.test(s.text) ? findDates(s.text, published) : [];
    const figures = MAY_COUNT.test(s.text) ? findFigures(s.text, dates) : [];
    const named = ctx.mentions.find(s.text);
    const candidates = MAY_NAME.test(s.text) ? [...new Set(nameCandidates(s.text, named).map((c) => c.name))] : [];
    const primary = primaryDate(dates);
    if (!primary && figures.length === 0 && named.length === 0 && candidates.length === 0) continue;

    const entities = [...new Set(named.map((n) => n.id))];
    const stems = primary || figures.length ? contentStems(s.text) : undefined;
    const sentence = { text: s.text, sourceId, stems };
    const date = primary
      ? { ...primary, order: orderInterval(primary), eventId: sameEvent(sentence, { lo: primary.lo, hi: primary.hi }, ctx.events) }
      : undefined;
    const quotes = ctx.figureQuotes.get(sourceId) ?? [];
    // A figure measures the event its sentence speaks of, else the one its article is about ("The toll has risen to 144").
    const aboutEvent = figures.length ? (sameEvent(sentence, "any", ctx.events) ?? article.eventId) : undefined;
    const extractedFigures = figures.map((f): ExtractedFigure => {
      const curated = quotes.find((q) => holdsQuote(s.text, q.quote) && q.quote.includes(f.text));
      const eventId = curated?.eventId ?? aboutEvent;
      return { ...f, ...(eventId ? { eventId } : {}), ...(curated ? { figureId: curated.id } : {}) };
    });
    out.push({
      start: s.start,
      end: s.end,
      text: s.text,
      ...optional("attribution", attributionOf(s.text)),
      ...optional("date", date),
      figures: extractedFigures,
      entities,
      candidates,
      // By the topics' own words, and those of a curated event the sentence is about; not by the entities it
      // names, whose topics are too wide for one sentence (ISIS-K is filed under the Crocus attack, and most
      // sentences naming it are about something else).
      topics: [...new Set([...ctx.topics.topicsIn(s.text), ...eventTopics(ctx, [date?.eventId, ...extractedFigures.map((f) => f.eventId)])])],
    });
  }
  return out;
}

function eventTopics(ctx: ExtractionContext, ids: readonly (string | undefined)[]): string[] {
  return ids.flatMap((id) => (id ? (ctx.events.find((e) => e.id === id)?.topics ?? []) : []));
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
