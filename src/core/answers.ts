/**
 * What /ask needs: an answer to a free question, built from the sources' own sentences. Declared here;
 * src/answer implements it; src/present turns an Answer into a reply.
 */

export type AnswerKind =
  | "person"
  | "group"
  | "place"
  | "date"
  | "number"
  | "reason"
  | "definition"
  | "expansion"
  | "yesno"
  | "range"
  | "comparison"
  /** "What are they called?", "what is X's first name?": a name or title the question does not already give. */
  | "name"
  /** "What did X say?": a statement someone made, reported or quoted. */
  | "statement"
  | "open";

/** One exact sentence (or two adjacent ones) from a source, where it stands. */
export interface QuotedSentence {
  sourceId: string;
  text: string;
  line: number;
}

/** What one source says in answer: the value it gives (if the question wants one) and the sentences that say so. */
export interface Finding {
  sourceId: string;
  /** The answer as the sentence words it: "137", "22 March 2024", "Sanaullah Ghafari". */
  value?: string;
  quotes: QuotedSentence[];
  /** Whose claim the sentence reports, when it says ("according to the Interior Ministry"). */
  attribution?: string;
}

export interface Correction {
  from: string;
  to: string;
}

export type Answer =
  | { kind: "greeting"; greeting: "hello" | "thanks" | "bye" }
  /** Nothing in the question to look for. */
  | { kind: "empty" }
  /** Words that match nothing Brief knows, with what they might have meant. */
  | { kind: "unknown-words"; words: string[]; suggestions: string[] }
  /** "who/what is X": the profile answers it. */
  | { kind: "profile"; entityId: string; corrections: Correction[] }
  /** "what does X stand for": the name and its other names. */
  | { kind: "expansion"; entityId: string; corrections: Correction[] }
  /** "what happened between Y and Y": the timeline for the period (partial dates: "2021", "2024-03"), on a topic. */
  | { kind: "timeline"; from: string; to: string; topic?: string }
  | {
      kind: "found";
      answerKind: AnswerKind;
      /** What was asked, in the question's terms. */
      wants: string;
      findings: Finding[];
      /** The sources give different values for the same thing (shown side by side, newest first). */
      differing: boolean;
      /** Curated figures that measure what was asked, to read beside the quotes. */
      figureIds: string[];
      corrections: Correction[];
    }
  /** No sentence supplies what was asked: say so, in the question's terms, with at most two closest sentences. */
  | {
      kind: "not-said";
      answerKind: AnswerKind;
      wants: string;
      closest: QuotedSentence[];
      /** Words of the question the sources never use: why nothing comes close. */
      absent: string[];
      corrections: Correction[];
    };

export interface QuestionAnswerer {
  answer(question: string): Answer;
  /**
   * What /search should look for: each typed word as a group of alternatives (a mistyped word as the corpus
   * word it most likely meant, a name with all its aliases), and the substitutions made, to be said.
   */
  searchTerms(text: string): { groups: string[][]; substitutions: Correction[] };
}
