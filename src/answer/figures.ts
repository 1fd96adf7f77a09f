/** Curated figures that measure what a "how many" question asks, when their value counts it. Pure. */
import type { KnowledgeView } from "../core/knowledge.js";
import { type EntityFinder, PREDICATE_SHARE, scoreSentence } from "./rank.js";
import type { Understanding } from "./understand.js";

/** Curated figures whose measure, value or quotes cover the question's focus. */
export function matchingFigures(q: Understanding, view: KnowledgeView): string[] {
  const finder: EntityFinder = { entitiesIn: () => [], entity: () => undefined };
  const scored = [...view.catalogue.figures.values()]
    .map((l) => {
      const f = l.record;
      const text = [f.measure, f.value, f.when ?? "", ...f.citations.map((c) => c.quote)].join(". ");
      const score = scoreSentence(text, { ...q, kind: "open" }, finder);
      // Like a sentence that gives a value: about the question's names and what it says happened, and its
      // value counts what was asked (a share for "what share", money for "how much did it cost").
      const value = scoreSentence(`${f.value} ${f.measure}`, q, finder).answer;
      const fits = score.entitiesCovered && score.speaksOfWhatWasAsked && score.predicate >= PREDICATE_SHARE && value !== undefined;
      return { id: f.id, coverage: fits ? score.coverage : 0 };
    })
    .filter((x) => x.coverage >= 0.7)
    .sort((a, b) => b.coverage - a.coverage);
  const best = scored[0]?.coverage ?? 0;
  return scored
    .filter((x) => x.coverage >= best * 0.9)
    .slice(0, 3)
    .map((x) => x.id);
}
