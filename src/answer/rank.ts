/**
 * Sentence ranking: how well one source sentence answers an understood question. It scores how much of the
 * question's focus the sentence covers (rare words weigh most; related words less than the typed ones),
 * whether it holds the kind of answer wanted (a number, a date, a name, a reason…), and how close together
 * the matched words stand. Pure.
 */
import type { AnswerKind } from "../core/answers.js";
import type { EntityRecord } from "../core/knowledge.js";
import { normalizeName } from "../core/similarity.js";
import { dateSpans, definitionSpans, nameSpans, numberSpans, quotedSpans, reasonSpans, type Span } from "../core/text-facts.js";
import { indexWords, stem } from "./lexicon.js";
import type { FocusGroup, Understanding } from "./understand.js";

export interface SentenceScore {
  /** Weighted share of the focus the sentence covers, 0–1. */
  coverage: number;
  /** Every entity the question names is named here, or around it (its passage, its article's title). */
  entitiesCovered: boolean;
  /** Share of the question's other words (not names) the sentence matches: what it says about them. */
  predicate: number;
  /** How many of the entities the question names this very sentence names. */
  entitiesInSentence: number;
  /** The sentence speaks of the noun asked about and of what the question says happened (its verbs). */
  speaksOfWhatWasAsked: boolean;
  /** Which focus groups matched (by index), and how strongly (1 typed, less for related words). */
  matched: Map<number, number>;
  /** The span holding the kind of answer wanted, when the sentence has one. */
  answer?: Span;
  /** Entities the sentence names that the question did not (candidates for "who", "where"). */
  newEntities: string[];
  /** 0–1: 1 when the matched words stand close together. */
  proximity: number;
  score: number;
}

export interface EntityFinder {
  /** Entities named in a text (by name or alias), with where. */
  entitiesIn(text: string): { id: string; start: number; end: number }[];
  entity(id: string): EntityRecord | undefined;
}

/** Stems of a sentence's words, in order. */
export function sentenceStems(text: string): string[] {
  return indexWords(text).map(stem);
}

/** Words of a text with where each starts, as the index splits them. */
function wordsAt(text: string): { stem: string; at: number }[] {
  let words = wordsOfSentence.get(text);
  if (!words) {
    if (wordsOfSentence.size >= 20_000) wordsOfSentence.clear();
    wordsOfSentence.set(text, (words = [...text.matchAll(/[\p{L}\p{N}]+/gu)].map((m) => ({ stem: stem(m[0]), at: m.index }))));
  }
  return words;
}

/** Sentences come back question after question (the same passages are candidates): split each once. */
const wordsOfSentence = new Map<string, { stem: string; at: number }[]>();

/** Where a sentence stands: the stems of its passage and of its article's title. */
export interface SentenceContext {
  passage: readonly string[];
  title: readonly string[];
}

function matchTerm(stems: readonly string[], termStem: string): number {
  const parts = termStem.split(" ");
  if (parts.length === 1) return stems.indexOf(parts[0]!);
  for (let i = 0; i + parts.length <= stems.length; i++) if (parts.every((p, j) => stems[i + j] === p)) return i;
  return -1;
}

/** How strongly a group matches the stems, and where (first position), or none. */
function matchGroup(stems: readonly string[], group: FocusGroup): { strength: number; at: number } | undefined {
  let best: { strength: number; at: number } | undefined;
  for (const t of group.terms) {
    const at = matchTerm(stems, t.stem);
    if (at >= 0 && (!best || t.weight > best.strength)) best = { strength: t.weight, at };
  }
  return best;
}

/** Below this share of the focus, a sentence is not about the question. */
export const MIN_COVERAGE = 0.5;
/** A sentence that gives a value must match at least this share of the question's words that are not names. */
export const PREDICATE_SHARE = 0.5;

/** Below this coverage a sentence cannot answer, nor come closest; its value is not looked for. */
const PROMISING = 0.25;

const TYPED: ReadonlySet<AnswerKind> = new Set(["person", "group", "place", "date", "number", "reason", "name", "statement"]);

/** Whether the question wants a specific kind of value that a sentence must supply. */
export function wantsValue(kind: AnswerKind): boolean {
  return TYPED.has(kind);
}

export function scoreSentence(
  text: string,
  q: Understanding,
  finder: EntityFinder,
  /** An entity named around the sentence (its passage, its article's title) still frames it, a little less. */
  context: SentenceContext = { passage: [], title: [] },
): SentenceScore {
  const words = wordsAt(text);
  const stems = words.map((w) => w.stem);
  const matched = new Map<number, number>();
  const positions: number[] = [];
  const offsets: number[] = [];
  let covered = 0;
  let total = 0;
  let missingEntities = 0;
  let entitiesInSentence = 0;
  let plain = 0;
  let plainMatched = 0;
  for (const [i, g] of q.focus.entries()) {
    total += g.weight;
    const m = matchGroup(stems, g);
    let strength = m?.strength ?? 0;
    if (!g.entity) {
      plain++;
      if (m) plainMatched++;
    }
    if (m) {
      positions.push(m.at);
      offsets.push(words[m.at]!.at);
      if (g.entity) entitiesInSentence++;
    } else if (g.entity) {
      // "…the attack. It killed 137": the passage or the article's title names what the sentence is about.
      strength = matchGroup(context.passage, g) ? 0.6 : matchGroup(context.title, g) ? 0.5 : 0;
      if (strength === 0 && !g.qualifier) missingEntities++;
    }
    if (strength > 0) {
      matched.set(i, strength);
      covered += g.weight * strength;
    }
  }
  const coverage = total > 0 ? covered / total : 0;
  const span = positions.length > 1 ? Math.max(...positions) - Math.min(...positions) : 0;
  const proximity = positions.length > 1 ? 1 / (1 + Math.max(0, span - positions.length) / 8) : positions.length === 1 ? 0.8 : 0;

  const asked = new Set(q.entities.map((e) => e.id));
  // A sentence that covers little of the question is no candidate: its names and values are not worth finding.
  const promising = coverage >= PROMISING;
  const named = promising ? finder.entitiesIn(text) : [];
  const newEntities = [...new Set(named.map((n) => n.id).filter((id) => !asked.has(id)))];
  const answer = promising ? answerSpan(text, q, named, asked, finder, offsets, words) : undefined;
  // "One million residents" answers "how many people": the counted thing is matched by the value itself.
  if (answer && q.kind === "number" && q.counted !== undefined && !matched.has(q.counted) && !q.focus[q.counted]!.entity) plainMatched++;

  const typeBonus = wantsValue(q.kind) ? (answer ? 0.25 : 0) : 0;
  const score = coverage * (0.75 + 0.15 * proximity) + typeBonus * coverage;
  // Every name the question gives must frame the sentence; of three or more, one may be missing.
  const namedInQuestion = q.focus.filter((g) => g.entity && !g.qualifier).length;
  const entitiesCovered = missingEntities === 0 || (namedInQuestion >= 3 && missingEntities === 1);
  // For "which group/country/company …" a name of that kind answers the noun itself; a role ("leader",
  // "mastermind") must be said.
  const headAnswered = q.head === undefined || matched.has(q.head) || ((q.kind === "group" || q.kind === "place") && answer !== undefined);
  const speaksOfWhatWasAsked = headAnswered && q.verbs.every((v) => matched.has(v));
  return {
    coverage,
    entitiesCovered,
    entitiesInSentence,
    speaksOfWhatWasAsked,
    predicate: plain === 0 ? 1 : plainMatched / plain,
    matched,
    answer,
    newEntities,
    proximity,
    score,
  };
}

/** Words that count people, so "how many people" is answered by "one million residents" or "four of their countrymen". */
const PEOPLE = new Set(
  "people person persons men women man woman children child residents resident citizens citizen nationals national migrants migrant workers worker members member fighters fighter individuals inhabitants population refugees civilians soldiers troops police officers suspects detainees countrymen labourers laborers recruits staff employees voters respondents victims dead killed wounded injured"
    .split(" ")
    .map(stem),
);

/**
 * Whether a number counts what the question asks about: for "how many X", a word of X (or, for people, any
 * word for people) within the few words after the number; for "what share", a percentage; for "how much …
 * cost", money. A number about something else ("four years") is no answer.
 */
function countsWhatIsAsked(s: Span, q: Understanding, words: readonly { stem: string; at: number }[]): boolean {
  const asksShare = /\b(share|proportion|percent\w*|what part|fraction)\b/i.test(q.question);
  const isPercent = /%|percent|per cent/i.test(s.text);
  if (isPercent !== asksShare && !/\bhow many\b.*\b(are|were|is)\b/i.test(q.question)) return false;
  if (
    /\b(cost|spend|spent|pay|paid|worth|price|budget|dollars|money|fund\w*)\b/i.test(q.question) &&
    !/[$€£₽]|dollar|euro|rouble|ruble|somoni|million|billion/i.test(s.text)
  )
    return false;
  if (q.counted === undefined) return true;
  const group = q.focus[q.counted]!;
  const counted = new Set(group.terms.flatMap((t) => t.stem.split(" ")));
  const wantsPeople =
    [...counted].some((c) => PEOPLE.has(c)) || group.terms.some((t) => /s$/.test(t.text) && /^[a-z]+$/.test(t.text) && PEOPLE.has(stem(t.text)));
  const after = words.filter((w) => w.at >= s.end).slice(0, 5);
  const before = words.filter((w) => w.at < s.start).slice(-3);
  return [...after, ...before].some((w) => counted.has(w.stem) || (wantsPeople && PEOPLE.has(w.stem)));
}

/** The span nearest the matched question words (the value a sentence gives about them, not another one). */
function nearest(spans: readonly Span[], offsets: readonly number[]): Span | undefined {
  if (offsets.length === 0) return spans[0];
  let best: { span: Span; d: number } | undefined;
  for (const s of spans) {
    const d = Math.min(...offsets.map((o) => (o < s.start ? s.start - o : o > s.end ? o - s.end : 0)));
    if (!best || d < best.d) best = { span: s, d };
  }
  return best?.span;
}

/** The part of the sentence that answers the kind of question asked, if any. */
function answerSpan(
  text: string,
  q: Understanding,
  named: { id: string; start: number; end: number }[],
  asked: ReadonlySet<string>,
  finder: EntityFinder,
  /** Where the question's words matched in the sentence. */
  offsets: readonly number[],
  words: readonly { stem: string; at: number }[],
): Span | undefined {
  const questionWords = new Set(indexWords(q.question).map(normalizeName));
  const notInQuestion = (s: Span) => !indexWords(s.text).every((w) => questionWords.has(w));
  // Who reports a claim is not its subject: "The Guardian has reported that Islamic State launched…".
  const reporter = (n: { start: number; end: number }) =>
    /^\s*(?:has |have |had )?(?:reported|reports|says|said|notes|noted|told|claims|claimed|estimates|wrote|writes)\b/.test(text.slice(n.end)) ||
    /\baccording to\s+(?:the\s+)?$/i.test(text.slice(0, n.start)) ||
    /\b(?:notes|says|said|reports|according to|wrote)\s*$/i.test(text.slice(0, n.start).replace(/[,\s]+$/, " "));
  const entityOf = (types: EntityRecord["type"][]) => {
    const hit = named.find((n) => !asked.has(n.id) && types.includes(finder.entity(n.id)?.type ?? "place") && !reporter(n));
    return hit && { start: hit.start, end: hit.end, text: text.slice(hit.start, hit.end) };
  };
  // A capitalised run that is no known place or organisation and not the question's own words: likely a person.
  const unknownName = (s: Span) =>
    s.text.includes(" ") && notInQuestion(s) && !named.some((n) => n.start < s.end && s.start < n.end && finder.entity(n.id)?.type !== "person");
  switch (q.kind) {
    case "number":
      return nearest(
        numberSpans(text).filter((s) => notInQuestion(s) && countsWhatIsAsked(s, q, words)),
        offsets,
      );
    case "date": {
      const dates = dateSpans(text).filter(notInQuestion);
      // An absolute date ("22 March 2024", "in 2021") before a relative one ("Friday", "last week").
      return (
        nearest(
          dates.filter((d) => /\d/.test(d.text)),
          offsets,
        ) ?? nearest(dates, offsets)
      );
    }
    case "reason":
      return reasonSpans(text)[0];
    case "person":
      // "Who organised it?" may be answered by a group; "who was the mastermind?" only by a person.
      return entityOf(["person"]) ?? nameSpans(text).find(unknownName) ?? (q.asksForPerson ? undefined : entityOf(["organisation"]));
    case "group":
      // A known organisation (or country), else a name of several capitalised words ("National Resistance Front").
      return entityOf(["organisation", "place"]) ?? nameSpans(text).find((s) => notInQuestion(s) && s.text.includes(" "));
    case "place":
      return entityOf(["place"]) ?? nameSpans(text).find((s) => notInQuestion(s) && /\b(in|at|from|to|near|into|across)\s+$/.test(text.slice(0, s.start)));
    case "definition":
    case "expansion":
      return definitionSpans(text)[0];
    case "name": {
      // A title in quotation marks, or a name the sentence gives as a name ("called X", "known as X").
      const given = /\b(?:called|named|known as|titled|entitled|dubbed|nicknamed)\s+$/;
      return quotedSpans(text)[0] ?? nameSpans(text).find((s) => notInQuestion(s) && given.test(text.slice(0, s.start)));
    }
    case "statement": {
      // A reported statement by whom the question names: a verb of saying, and what was said.
      const verb = /\b(said|says|told|stated|declared|announced|claimed|warned|argued|promised|wrote|remarked|insisted)\b/.exec(text);
      const speaker = named.some((n) => asked.has(n.id));
      return verb && speaker ? { start: verb.index, end: verb.index + verb[0].length, text: verb[0] } : undefined;
    }
    default:
      return undefined;
  }
}
