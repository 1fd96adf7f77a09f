/**
 * What commands and presentation may read of the knowledge: the curated records, the articles' details,
 * name lookups and full-text search. Declared here, implemented by src/knowledge (KnowledgeBase), handed
 * in by the composition root. Plain types only: the zod schemas that validate data/ live in the feature.
 */
import type { Citation } from "./message.js";

/** A claim's evidence: an article id and an exact quote from it. */
export interface CitationRecord {
  source: string;
  quote: string;
}

/** YYYY, YYYY-MM or YYYY-MM-DD: only as precise as the evidence allows. */
export type PartialDate = string;

export interface ArticleMeta {
  title: string;
  outlet?: string;
  author?: string;
  published?: PartialDate;
  /** How the date was established. */
  dated_by?: string;
  url?: string;
  origin?: string;
  notes?: string;
  topics?: string[];
}

/** An article as the live knowledge keeps it: its details, not its text (the index holds the text). */
export interface ArticleInfo {
  id: string;
  file: string;
  meta: ArticleMeta;
  /** Lines of the file that are not part of the article (comments, captions…), never quoted. */
  excludedLines: readonly { line: number; text: string; kind: string }[];
  hash: string;
}

export interface Topic {
  id: string;
  name: string;
  keywords: string[];
  description: string;
}

export interface EventRecord {
  id: string;
  title: string;
  date: PartialDate;
  end?: PartialDate;
  date_note?: string;
  place?: string;
  actors: string[];
  topics: string[];
  summary: string;
  figures: string[];
  related: string[];
  caveat?: string;
  importance: number;
  citations: CitationRecord[];
}

export type EntityType = "person" | "organisation" | "place" | "programme";

export interface EntityRecord {
  id: string;
  type: EntityType;
  name: string;
  aliases: string[];
  description: string;
  topics: string[];
  citations: CitationRecord[];
}

export interface FigureRecord {
  id: string;
  measure: string;
  value: string;
  when?: string;
  topics: string[];
  compare: string[];
  caveat?: string;
  /** What it measures as extraction keys measures ("deaths"); derived from the quote when not given. */
  measured?: string;
  /** The event it measures, when no event lists it under `figures`. */
  about?: string;
  /** A checked claim about the whole corpus: no other source gives a figure of this measure about this event. */
  only_source?: boolean;
  citations: CitationRecord[];
}

export type RecordKind = "event" | "entity" | "figure" | "topic";
export type ChangeKind = "article" | RecordKind;

/** What a load changed, by kind of record: ids added, changed and removed, and the counts after it. */
export interface ChangeSummary {
  counts: Record<ChangeKind, number>;
  added: Record<ChangeKind, string[]>;
  changed: Record<ChangeKind, string[]>;
  removed: Record<ChangeKind, string[]>;
}

export interface KnowledgeVersion {
  id: number;
  hash: string;
  loadedAt: string;
  actor: string;
}

/** A problem in data/, with the file and line to fix. */
export interface Problem {
  file: string;
  line: number;
  message: string;
}

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}: ${p.message}`;
}

export type LoadOutcome =
  /** `warnings`: curated claims about the whole corpus that the data now breaks (the data is still loaded). */
  | { ok: true; version: KnowledgeVersion; summary: ChangeSummary; ms: number; unchanged: boolean; warnings?: Problem[] }
  | { ok: false; problems: Problem[]; ms: number };

/** Finding a record by what a person typed. */
export type NameMatch =
  | { kind: "exact"; id: string }
  /** Confident but not exact (a typo, or a unique partial match): say which name was understood. */
  | { kind: "close"; id: string; understoodAs: string }
  | { kind: "ambiguous"; ids: string[] }
  | { kind: "none"; suggestions: string[] };

export interface NameLookup {
  match(input: string): NameMatch;
  /** Names starting with (or holding a word starting with) the prefix, for autocomplete. */
  suggest(prefix: string, limit?: number): { id: string; name: string }[];
}

/** One consistent view of the knowledge: a command reads it synchronously, so it never sees half a reload. */
export interface KnowledgeView {
  version: KnowledgeVersion;
  catalogue: {
    articles: ReadonlyMap<string, ArticleInfo>;
    topics: ReadonlyMap<string, { record: Topic }>;
    events: ReadonlyMap<string, { record: EventRecord }>;
    entities: ReadonlyMap<string, { record: EntityRecord }>;
    figures: ReadonlyMap<string, { record: FigureRecord }>;
  };
  /** entity id → ids of the sources whose text names it (by name or alias), curated or not. */
  mentions: ReadonlyMap<string, readonly string[]>;
  entityNames: NameLookup;
  eventNames: NameLookup;
  topicNames: NameLookup;
  sourceNames: NameLookup;
}

export interface PassageHit {
  sourceId: string;
  position: number;
  line: number;
  text: string;
  /** Where the search words matched: [start, end) offsets into `text`, in order. */
  matches: readonly (readonly [number, number])[];
}

export interface PassageSearch {
  /** "all": every passage found holds every word; "some": some hold only some of them; "none": nothing. */
  match: "all" | "some" | "none";
  total: number;
  /** How many hold every word (they come first). */
  all: number;
  /** More matched than were counted and ranked. */
  more: boolean;
  hits: PassageHit[];
}

/** Words to search for, each a group of alternatives that stand for one word of the query. */
export interface SearchTerms {
  groups: readonly (readonly string[])[];
}

export interface RecordRef {
  kind: RecordKind;
  /** The full-text rank (bm25: lower is better). */
  score?: number;
  id: string;
}

export type SuggestionKind = "event" | "entity" | "source" | "topic";

/** Changes recorded by the reloads after a version: keys are "kind:id". */
export interface ChangesSince {
  added: ReadonlySet<string>;
  changed: ReadonlySet<string>;
  removed: ReadonlySet<string>;
}

// ---- found in the articles' text by extraction, for every article, curated or not ----

export type DatePrecision = "day" | "month" | "year" | "span";
/** What a date is to its statement: when it happened, or a bound ("after August 2021", "before 2018"). */
export type DateRelation = "on" | "after" | "before" | "since" | "until" | "by";

/** A sentence of a source, exactly as written, and whose claim it reports. */
export interface SourceSentence {
  sourceId: string;
  line: number;
  text: string;
  /** Who the sentence says makes the claim, in its own words ("the Soufan Centre"). */
  saidBy?: string;
  /** How: "according to", "said", or a hedge with nobody named ("allegedly"). */
  saidHow?: string;
}

/** A sentence that dates something: its date as written and as resolved, only as precise as the evidence. */
export interface DatedStatement extends SourceSentence {
  /** The date as the sentence writes it: "22 March 2024", "last week", "since 2015". */
  phrase: string;
  date: PartialDate;
  end?: PartialDate;
  precision: DatePrecision;
  /** Resolved against the article's own date ("last week"), not stated outright. */
  relative: boolean;
  relation: DateRelation;
  /** The days it happened in, as far as the evidence goes (days since 1970-01-01): what timelines order by. */
  lo: number;
  hi: number;
  /** The curated event this sentence is about (it holds the event's quote, or gives its days and words). */
  eventId?: string;
}

/** A number a sentence gives, with what it counts, its hedge and its unit, as written. */
export interface FigureStatement extends SourceSentence {
  value: string;
  number?: number;
  numberTo?: number;
  hedge?: string;
  unit?: string;
  /** What is counted, in the sentence's words. */
  counts?: string;
  /** What it measures, as a key shared across sources ("deaths"). */
  measure: string;
  /** The curated event it measures, when the sentence (or its article) is about one. */
  eventId?: string;
  /** The curated figure it is, when that figure's quote holds it. */
  figureId?: string;
}

/** Which extracted items to read: a topic, an entity, words, some sources, a period (inclusive partial dates). */
export interface ExtractScope {
  topic?: string;
  entity?: string;
  words?: string;
  sources?: readonly string[];
  from?: PartialDate;
  to?: PartialDate;
}

/** A curated claim about the whole corpus (a figure's `only_source`), and the sentences that break it. */
export interface CorpusClaim {
  figureId: string;
  measure: string;
  eventId?: string;
  /** Figures of the same measure about the same event from sources the record does not cite. */
  breaks: FigureStatement[];
}

export interface KnowledgeReader {
  /** The live view; throws if nothing has been loaded yet (the composition root loads before serving). */
  readonly current: KnowledgeView;
  /** How to cite a source: title, outlet, date, link. */
  citation(sourceId: string): Citation;
  entity(id: string): EntityRecord | undefined;
  event(id: string): EventRecord | undefined;
  figure(id: string): FigureRecord | undefined;
  topic(id: string): Topic | undefined;
  /**
   * Passages holding every word first, then those holding some, best first within each. A query is plain
   * words, or groups of alternatives (a word, its corrections, a name and its aliases), each group a "word".
   */
  searchPassages(query: string | SearchTerms, opts: { limit: number; offset?: number }): PassageSearch;
  /** Curated records matching the words, best first (lower score is better, as bm25 ranks). */
  searchRecords(text: string, kinds: readonly RecordKind[], limit?: number): RecordRef[];
  /** Names for autocomplete. */
  suggest(kind: SuggestionKind, prefix: string, limit?: number): { name: string; value: string }[];
  /** What reloads after `version` added, changed and removed; nothing when `version` is undefined. */
  changesSince(version: number | undefined): ChangesSince;

  // ---- extracted items (every article, curated or not) ----

  /**
   * Dated sentences in order of their days, earliest first. `uncurated` leaves out those that are a curated
   * event's (they are shown with it); `eventId` reads only those about that event.
   */
  datedStatements(
    scope: ExtractScope,
    opts: { limit: number; offset?: number; uncurated?: boolean; eventId?: string },
  ): { total: number; items: DatedStatement[] };
  /** Figures found in the text, newest source first; of one measure (and event) when asked. */
  figureStatements(
    scope: ExtractScope,
    opts: { limit: number; offset?: number; measure?: string; eventId?: string; uncurated?: boolean },
  ): { total: number; items: FigureStatement[] };
  /** Sentences naming an entity, newest source first, at most `perSource` from each; curated quotes left out. */
  sentencesNaming(entityId: string, opts: { limit: number; perSource: number }): SourceSentence[];
  /** Sentences holding a proper name that is no entity yet, and how many sources hold it. */
  nameCandidate(name: string, limit: number): { name: string; sources: number; sentences: SourceSentence[] } | undefined;
  /** The days a curated event happened in, as far as its date, date note and sources say: what to order by. */
  eventDays(eventId: string): { lo: number; hi: number } | undefined;
  /** What a curated figure measures (as extraction keys measures) and about which event. */
  figureMeasure(figureId: string): { measure: string; eventId?: string } | undefined;
  /** Curated claims about the whole corpus, each with the sentences that now break it (none: it holds). */
  corpusClaims(): readonly CorpusClaim[];
  /** Sources no curated record cites yet, newest first, within the scope. */
  uncuratedSources(scope: ExtractScope, limit: number): string[];
}
