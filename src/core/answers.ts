/** What /ask needs: evidence for a free question. Declared here; the knowledge feature implements it for now. */
import type { PassageHit, RecordRef } from "./knowledge.js";

export interface Evidence {
  /** The rarity-weighted share of the question's words the best passage covers, 0–1. */
  coverage: number;
  passages: PassageHit[];
  records: RecordRef[];
}

export interface QuestionAnswerer {
  evidenceFor(question: string, limit?: number): Evidence;
}
