/**
 * What the answer path reads of the knowledge index (src/knowledge's KnowledgeBase provides it; the
 * composition root hands it in). Narrow on purpose: the answer steps are tested over a small fake.
 */
import type { KnowledgeView } from "../core/knowledge.js";
import type { Vocabulary } from "./lexicon.js";

export interface IndexedPassage {
  rowid: number;
  sourceId: string;
  position: number;
  line: number;
  text: string;
}

export interface AnswerIndex {
  readonly current: KnowledgeView;
  /** The corpus's words and stems with their passage counts, for the live version. */
  vocabulary(): Vocabulary;
  /** Passages matching an FTS5 expression (already quoted and safe), best first by bm25, at most `limit`. */
  matchPassages(match: string, limit: number): IndexedPassage[];
  /** The first `limit` passages matching an expression in index order (newest sources first), unranked. */
  scanPassages(match: string, limit: number): IndexedPassage[];
  /** How many passages match, counting at most `cap`. */
  countPassages(match: string, cap: number): number;
  /** A passage by its place in its source (for the sentence after or before a quote). */
  passageAt(sourceId: string, position: number): IndexedPassage | undefined;
}
