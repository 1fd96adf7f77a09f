/** The validated contents of data/: what the loader returns and the index is built from. */
import type { ArticleInfo } from "../core/knowledge.js";
import type { ArticleMeta, EntityRecord, EventRecord, FigureRecord, Topic } from "./schema.js";

export interface ArticleLine {
  /** Line number in the article file (1-based). */
  line: number;
  text: string;
}

export interface Article {
  id: string;
  file: string;
  meta: ArticleMeta;
  /** Body lines that are part of the article (excluded material removed, blank lines dropped). */
  lines: ArticleLine[];
  /** Lines named by the front matter's `excluded` list: never indexed or quoted. */
  excludedLines: (ArticleLine & { kind: string })[];
  /** The kept text with whitespace normalised, for verifying quotes (computed from `lines` when read). */
  readonly normalizedText: string;
  hash: string;
  /** Line of a front-matter field, for problem reports. */
  lineOf(path: readonly (string | number)[]): number;
}

/**
 * An article as the live knowledge keeps it: what commands read (title, date, outlet, excluded material),
 * without what only loading and indexing need. The text itself is read from the index.
 */
export type LiveArticle = Omit<Article, "lines" | "lineOf" | "normalizedText"> & ArticleInfo;

/** Where a record was defined, for problem reports and /reload summaries. */
export interface Located<T> {
  record: T;
  file: string;
  line: number;
  hash: string;
  /** Line of a field inside the record (["citations", 2, "quote"]), for problem reports. */
  lineOf(path: readonly (string | number)[]): number;
}

export interface Catalogue {
  articles: Map<string, Article>;
  topics: Map<string, Located<Topic>>;
  events: Map<string, Located<EventRecord>>;
  entities: Map<string, Located<EntityRecord>>;
  figures: Map<string, Located<FigureRecord>>;
}

/** The catalogue commands read: articles without their text (see LiveArticle). */
export interface LiveCatalogue extends Omit<Catalogue, "articles"> {
  articles: Map<string, LiveArticle>;
}

export type { Problem } from "../core/knowledge.js";

/** Whitespace as the quote check sees it: runs of spaces, tabs, newlines and no-break spaces become one space. */
export function normalizeWhitespace(s: string): string {
  return s.replace(/[\s\u00a0\u202f\u2007]+/g, " ").trim();
}
