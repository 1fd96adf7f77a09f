/**
 * Everything extracted from one passage. Each sentence that dates or counts something is kept with its
 * date (resolved against the article's date), its figures, the entities it names, whose claim it reports,
 * its topics, and which curated event or figure it is (when it holds their quote, or speaks of the same
 * event). Of the whole passage: the proper names it holds that are no entity yet. Each item points at its
 * sentence, which is quoted exactly as written. Pure.
 *
 * Extraction reads every sentence of every article at each index build, so a sentence goes through the
 * finders only when it holds something they could find: the date finder when it has a month, a weekday,
 * a year or a relative word; the figure finder when it has a number; names and topic words only in the
 * sentences kept. (Which sources name an entity at all is asked of the full-text index once it is built.)
 */
import { type Attribution, attributionOf } from "./attribution.js";
import { type DateMention, findDates, orderInterval, primaryDate } from "./dates.js";
import { type FigureMention, findFigures } from "./figures.js";
import { type MentionFinder, nameCandidates } from "./mentions.js";
import { type EventIndex, holdsQuote } from "./same-event.js";
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
  events: EventIndex;
  /** Whether a run of capitals holds a known name: asked for every candidate, so remembered. */
  knownName(name: string): boolean;
  /** Curated figures' quotes, by source. */
  figureQuotes: ReadonlyMap<string, readonly CuratedFigureQuote[]>;
}

export interface ExtractedFigure extends FigureMention {
  eventId?: string;
  /** The curated figure this is (its quote holds this very value). */
  figureId?: string;
}

export interface ExtractedSentence {
  /** Where the sentence is in its passage. */
  start: number;
  end: number;
  text: string;
  attribution?: Attribution;
  /** The date that dates the sentence, with the days to order it by and the curated event it is, if any. */
  date?: DateMention & { order: { lo: number; hi: number }; eventId?: string };
  figures: ExtractedFigure[];
  /** Entity ids, each once. */
  entities: string[];
  topics: string[];
}

export interface PassageExtract {
  /** The sentences that date or count something. */
  sentences: ExtractedSentence[];
  /** Proper names that are no entity yet, each with the sentence (its place in the passage) that holds it. */
  candidates: { name: string; start: number; end: number }[];
}

/** The article a passage is from: its id, its date, and the curated event it is about as a whole, if any. */
export interface ArticleForExtraction {
  id: string;
  published?: string;
  eventId?: string;
}

/** Words without which no date rule can match: a month, a weekday, a year, a relative word. */
const MAY_DATE =
  /\b(?:1[89]\d\d|20\d\d)|January|February|March|April|May|June|July|August|September|October|November|December|\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|\b(?:week|month|year)\b|[Yy]esterday|[Tt]oday|[Tt]onight|\bago\b/;
const MAY_COUNT =
  /\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?|dozens?|half|tens)\b/i;

export function extractPassage(text: string, article: ArticleForExtraction, ctx: ExtractionContext): PassageExtract {
  const { id: sourceId, published } = article;
  const sentences = sentencesOf(text);
  const candidates: PassageExtract["candidates"] = [];
  let at = 0;
  for (const c of nameCandidates(text, [], new Set(sentences.map((s) => s.start)))) {
    // A run of capitals that holds a known name ("Carnegie Politika expert …") is the entity's, not a new name.
    if (ctx.knownName(c.name)) continue;
    while (at < sentences.length - 1 && sentences[at]!.end < c.end) at++;
    const s = sentences[at]!;
    if (c.start >= s.start && c.end <= s.end) candidates.push({ name: c.name, start: s.start, end: s.end });
  }
  const out: ExtractedSentence[] = [];
  for (const s of sentences) {
    const dates = MAY_DATE.test(s.text) ? findDates(s.text, published) : [];
    const figures = MAY_COUNT.test(s.text) ? findFigures(s.text, dates) : [];
    const primary = primaryDate(dates);
    if (!primary && figures.length === 0) continue;

    const date = primary
      ? { ...primary, order: orderInterval(primary), eventId: ctx.events.match(s.text, sourceId, { lo: primary.lo, hi: primary.hi }) }
      : undefined;
    const quotes = ctx.figureQuotes.get(sourceId) ?? [];
    // A figure measures the event its sentence speaks of, else the one its article is about ("The toll has risen to 144").
    const aboutEvent = figures.length ? (ctx.events.match(s.text, sourceId, "any") ?? article.eventId) : undefined;
    const extractedFigures = figures.map((f): ExtractedFigure => {
      const curated = quotes.find((q) => holdsQuote(s.text, q.quote) && q.quote.includes(f.text));
      const eventId = curated?.eventId ?? aboutEvent;
      return { ...f, ...(eventId ? { eventId } : {}), ...(curated ? { figureId: curated.id } : {}) };
    });
    // By the topics' own words, and those of a curated event the sentence is about; not by the entities it
    // names, whose topics are too wide for one sentence (ISIS-K is filed under the Crocus attack, and most
    // sentences naming it are about something else).
    const topics = new Set(ctx.topics.find(s.text).map((t) => t.id));
    for (const id of [date?.eventId, ...extractedFigures.map((f) => f.eventId)]) {
      for (const t of id ? (ctx.events.get(id)?.topics ?? []) : []) topics.add(t);
    }
    out.push({
      start: s.start,
      end: s.end,
      text: s.text,
      ...optional("attribution", attributionOf(s.text)),
      ...optional("date", date),
      figures: extractedFigures,
      entities: [...new Set(ctx.mentions.find(s.text).map((n) => n.id))],
      topics: [...topics],
    });
  }
  return { sentences: out, candidates };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
