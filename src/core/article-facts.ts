/**
 * The key facts of one article, each with the exact sentence that states it: what a digest's "What's new"
 * lists under a new article. The extraction feature (issue #14: dated statements, figures and mentions
 * extracted from every article at load) implements it; until then the digest falls back to the article's
 * curated records and its first sentence (src/present/whats-new.ts).
 */

import type { DateRelation, PartialDate } from "./knowledge.js";

export interface ArticleFact {
  /** A dated statement, a figure, or an entity the article speaks of. */
  kind: "dated" | "figure" | "entity";
  /** What the fact is, in a few words: the date as written, the value with what it counts, the name. */
  label: string;
  /** The article's own sentence stating it, verbatim (it is quoted). */
  sentence: string;
  /** For a dated statement: the date as resolved (the label is then the date as written), for the reader's language. */
  when?: { date: PartialDate; end?: PartialDate; relation: DateRelation; relative: boolean };
}

export interface ArticleFactsReader {
  /** The article's facts, most telling first; undefined when none were extracted for it (then the fallback is used). */
  factsOf(articleId: string): readonly ArticleFact[] | undefined;
}
