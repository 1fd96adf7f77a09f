/**
 * The answer path: understand the question, route it where a command answers better (a profile, a name's
 * expansion, a timeline), else find candidate passages in the full-text index, rank their sentences, and
 * either answer with the best sentences of every source that supplies the answer, or say plainly what the
 * sources do not say. Each step is a pure function over one knowledge version; this file only strings them
 * together and keeps per-version state (the lexicon) between questions.
 */
import type { Answer, Correction, QuestionAnswerer } from "../core/answers.js";
import { isHeading } from "../core/text-facts.js";
import { bestPerSource, type Candidate, NEAR_BEST, rankCandidates } from "./candidates.js";
import { createEntityFinder } from "./entity-finder.js";
import { matchingFigures } from "./figures.js";
import { absentWords, closest, findingsFrom, normaliseValue } from "./findings.js";
import type { AnswerIndex } from "./index-port.js";
import { Lexicon } from "./lexicon.js";
import { type EntityFinder, MIN_COVERAGE, PREDICATE_SHARE, wantsValue } from "./rank.js";
import { outletSources, route } from "./route.js";
import { searchTermsFor } from "./search-terms.js";
import { suggestionsFor } from "./suggestions.js";
import { type Understanding, understand } from "./understand.js";
import { WordNet } from "./wordnet.js";

interface VersionState {
  version: number;
  lexicon: Lexicon;
  finder: EntityFinder;
}

export class AnswerEngine implements QuestionAnswerer {
  private state: VersionState | undefined;

  constructor(
    private readonly index: AnswerIndex,
    private readonly wordnet: WordNet = new WordNet(),
  ) {
    // The first question should not pay for reading WordNet's index files.
    wordnet.warm();
  }

  /** The lexicon and entity finder of the live version, built on first use after each reload. */
  private current(): VersionState {
    const view = this.index.current;
    if (this.state?.version === view.version.id) return this.state;
    const entities = [...view.catalogue.entities.values()].map((l) => l.record);
    this.state = { version: view.version.id, lexicon: new Lexicon(this.index.vocabulary(), entities, this.wordnet), finder: createEntityFinder(entities) };
    return this.state;
  }

  understand(question: string): Understanding {
    return understand(question, this.current().lexicon);
  }

  answer(question: string): Answer {
    const { lexicon, finder } = this.current();
    const q = understand(question, lexicon);
    const corrections: Correction[] = q.corrections;
    // What was asked, in the question's words as corrected ("how many peple" → "how many people").
    q.wants = corrections.reduce(
      (w, c) => w.replace(new RegExp(`\\b${c.from.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`, "i"), c.to.includes(" ") ? c.to : c.to),
      q.wants,
    );
    if (q.greeting) return { kind: "greeting", greeting: q.greeting };

    const routed = route(q, this.index.current);
    if (routed) return routed;

    if (q.focus.length === 0) {
      if (q.unknown.length > 0) return { kind: "unknown-words", words: q.unknown, suggestions: suggestionsFor(q.unknown, lexicon) };
      return { kind: "empty" };
    }

    // "What do Tortoise and Re:Russia say about …": outlets named are whose words to quote, not what to look for.
    const outlets = outletSources(q, this.index.current);
    // (Weighed as nothing rather than removed: other parts of the understanding point at focus groups by place.)
    if (outlets) q.focus = q.focus.map((g) => (g.entity && outlets.entities.has(g.entity) ? { ...g, terms: [], weight: 0, qualifier: true } : g));
    if (!q.focus.some((g) => g.weight > 0)) return { kind: "empty" };
    const candidates = rankCandidates(this.index, lexicon, q, finder).filter((c) => !outlets || outlets.sources.has(c.passage.sourceId));
    const best = candidates[0];
    if (!best || best.score.coverage < MIN_COVERAGE) {
      if (q.unknown.length > 0 && (!best || best.score.coverage < 0.3)) {
        return { kind: "unknown-words", words: q.unknown, suggestions: suggestionsFor(q.unknown, lexicon) };
      }
      return { kind: "not-said", answerKind: q.kind, wants: q.wants, closest: closest(candidates, q), absent: absentWords(q), corrections };
    }

    // The answering sentences: near the best score, and (when a value is wanted) holding one.
    const needsValue = wantsValue(q.kind);
    // A value must come with every entity the question names (in the sentence or around it): "how many were
    // arrested in Dushanbe" is not answered by an arrest in Cologne. A "why" may be answered without a "because"
    // when the sentence is squarely about the question.
    // It must also say something about the question's other words: "who leads the Panjshir resistance" is not
    // answered by a sentence that names the resistance but says nothing of who leads it.
    // (Two or more of the question's names in the sentence itself pin it down enough on their own.)
    const saysEnough = (c: Candidate) => c.score.predicate >= PREDICATE_SHARE || c.score.entitiesInSentence >= 2;
    const supplies = (c: Candidate) =>
      !needsValue ||
      (c.score.entitiesCovered &&
        c.score.speaksOfWhatWasAsked &&
        saysEnough(c) &&
        (c.score.answer !== undefined || (q.kind === "reason" && c.score.coverage >= 0.65)));
    // Near the best of the sentences that supply what was asked: a sentence that covers the question's words
    // better but gives no value ("this only leads to…") does not raise the bar for those that do.
    const supplying = candidates.filter((c) => c.score.coverage >= MIN_COVERAGE && supplies(c) && !isHeading(c.text));
    const floor = Math.max(MIN_COVERAGE, (supplying[0]?.score.coverage ?? 0) * 0.75);
    const answering = supplying.filter((c) => c.score.coverage >= floor);
    if (answering.length === 0) {
      // No sentence gives the number, but curated figures measure it: those figures, with their quotes.
      const figures = q.kind === "number" ? matchingFigures(q, this.index.current) : [];
      if (figures.length > 0) return { kind: "found", answerKind: q.kind, wants: q.wants, findings: [], differing: false, figureIds: figures, corrections };
      return { kind: "not-said", answerKind: q.kind, wants: q.wants, closest: closest(candidates, q), absent: absentWords(q), corrections };
    }
    const top = answering[0]!.score.score;
    // Comparing sources: each source's best sentence that is about the question, however it ranks against the others.
    const chosen =
      q.kind === "comparison"
        ? bestPerSource(candidates.filter((c) => c.score.coverage >= MIN_COVERAGE * 0.9 && !isHeading(c.text)))
        : answering.filter((c) => c.score.score >= top * NEAR_BEST);
    const findings = findingsFrom(chosen, q, needsValue);
    const values = new Set(findings.map((f) => normaliseValue(f.value)).filter((v) => v !== ""));
    const figureIds = q.kind === "number" ? matchingFigures(q, this.index.current) : [];
    return {
      kind: "found",
      answerKind: q.kind,
      wants: q.wants,
      findings,
      differing: (q.kind === "number" || q.kind === "date") && values.size > 1,
      figureIds,
      corrections,
    };
  }

  searchTerms(text: string): { groups: string[][]; substitutions: Correction[] } {
    return searchTermsFor(text, this.current().lexicon);
  }
}
