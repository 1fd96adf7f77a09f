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
  | { ok: true; version: KnowledgeVersion; summary: ChangeSummary; ms: number; unchanged: boolean }
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
}
