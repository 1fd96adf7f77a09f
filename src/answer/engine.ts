/**
 * The answer path: understand the question, route it where a command answers better (a profile, a name's
 * expansion, a timeline), else find candidate passages in the full-text index, rank their sentences, and
 * either answer with the best sentences of every source that supplies the answer, or say plainly what the
 * sources do not say. Each step is a pure function over one knowledge version; this file only strings them
 * together and keeps per-version state (the lexicon) between questions.
 */
import { eng as ENGLISH_STOPWORDS } from "stopword";
import type { Answer, Correction, Finding, QuestionAnswerer, QuotedSentence } from "../core/answers.js";
import type { KnowledgeView } from "../core/knowledge.js";
import { editDistance, normalizeName } from "../core/similarity.js";
import { splitSentences } from "../core/text.js";
import { isHeading } from "../core/text-facts.js";
import { quoteToken } from "../knowledge/query.js";
import { createEntityFinder } from "./entity-finder.js";
import type { AnswerIndex, IndexedPassage } from "./index-port.js";
import { Lexicon, latinise } from "./lexicon.js";
import { type EntityFinder, type SentenceScore, scoreSentence, sentenceStems, wantsValue } from "./rank.js";
import { type FocusGroup, type Understanding, understand } from "./understand.js";
import { WordNet } from "./wordnet.js";

/** Words /search does not look for unless nothing else is typed. */
const SEARCH_STOPWORDS = new Set([...ENGLISH_STOPWORDS, "per"]);

/** Below this share of the focus, a sentence is not about the question. */
export const MIN_COVERAGE = 0.5;
/** A sentence that gives a value must match at least this share of the question's words that are not names. */
const PREDICATE_SHARE = 0.5;
/** Sentences within this share of the best score are answers too (other sources saying it in other words). */
const NEAR_BEST = 0.8;
/** Sources quoted in one answer, and sentences quoted from each. */
const MAX_SOURCES = 4;
const MAX_SENTENCES_PER_SOURCE = 2;
/** Candidate passages read per question. */
const CANDIDATES = 40;
/** A single common word is not worth ranking every passage it appears in. */
const MAX_DF_FOR_LONE_TERM = 20_000;

interface VersionState {
  version: number;
  lexicon: Lexicon;
  finder: EntityFinder;
}

interface Candidate {
  passage: IndexedPassage;
  text: string;
  /** Index of the sentence in its passage. */
  index: number;
  sentences: string[];
  score: SentenceScore;
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
    const candidates = this.rankCandidates(q, finder).filter((c) => !outlets || outlets.sources.has(c.passage.sourceId));
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
    const findings = this.findingsFrom(chosen, q, needsValue);
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
    const { lexicon } = this.current();
    const words = (text.toLowerCase().match(/[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu) ?? [])
      .map((w) => (/\p{Script=Cyrillic}/u.test(w) ? latinise(w) : w))
      .slice(0, 24);
    const plain = words
      .map((w) => normalizeName(w))
      .join(" ")
      .split(" ")
      .filter(Boolean);
    const content = plain.filter((w) => !SEARCH_STOPWORDS.has(w));
    const list = content.length > 0 ? content : plain;
    const groups: string[][] = [];
    const substitutions: Correction[] = [];
    const entities = lexicon.findEntities(list);
    const inName = new Set<number>();
    for (const e of entities) {
      const record = lexicon.entities.get(e.id)!;
      for (let i = e.start; i < e.end; i++) inName.add(i);
      groups.push([...new Set([record.name, ...record.aliases].map((n) => n.replace(/\s*\(.*?\)\s*/g, " ").trim()))]);
      if (e.approximate && !e.demonym) substitutions.push({ from: e.words.join(" "), to: record.name });
    }
    for (const [i, w] of list.entries()) {
      if (inName.has(i)) continue;
      if (lexicon.inCorpus(w) || lexicon.isEnglish(w)) groups.push([w]);
      else {
        const fixed = lexicon.correct(w);
        groups.push(fixed ? [fixed] : [w]);
        if (fixed) substitutions.push({ from: w, to: fixed });
      }
    }
    return { groups, substitutions };
  }

  /** Candidate passages from the index, split into sentences, each scored; best first. */
  private rankCandidates(q: Understanding, finder: EntityFinder): Candidate[] {
    const passages = this.retrieve(q.focus);
    const view = this.index.current;
    const titles = new Map<string, string[]>();
    const out: Candidate[] = [];
    for (const passage of passages) {
      const sentences = splitSentences(passage.text);
      let title = titles.get(passage.sourceId);
      if (!title) titles.set(passage.sourceId, (title = sentenceStems(view.catalogue.articles.get(passage.sourceId)?.meta.title ?? "")));
      // The piece before, when a long paragraph was indexed in pieces and this piece lacks a name the question
      // gives: a name the paragraph gave a sentence earlier still frames this one.
      let passageStems = sentenceStems(passage.text);
      if (passage.position > 0 && namesMissing(q, passageStems)) {
        const before = this.index.passageAt(passage.sourceId, passage.position - 1);
        if (before && before.line === passage.line) passageStems = [...sentenceStems(before.text), ...passageStems];
      }
      const context = { passage: passageStems, title };
      for (const [index, text] of sentences.entries()) {
        out.push({ passage, text, index, sentences, score: scoreSentence(text, q, finder, context) });
      }
    }
    return out.sort((a, b) => b.score.score - a.score.score || a.passage.rowid - b.passage.rowid || a.index - b.index);
  }

  /**
   * Candidates by the question's rarest words first: all of them together, then the two rarest, then each
   * alone. Intersections are small and fast even at 20,000 articles; a lone common word is skipped.
   */
  private retrieve(focus: readonly FocusGroup[]): IndexedPassage[] {
    const { lexicon } = this.current();
    const groups = focus
      .filter((g) => g.terms.length > 0)
      .sort((a, b) => b.weight - a.weight)
      .slice(0, 6);
    const expr = (g: FocusGroup) => `(${g.terms.map((t) => quoteToken(t.text)).join(" OR ")})`;
    const seen = new Map<number, IndexedPassage>();
    const run = (match: string, limit: number) => {
      for (const p of this.index.matchPassages(match, limit)) if (!seen.has(p.rowid)) seen.set(p.rowid, p);
    };
    // Enough candidates from the narrowest query stop the search: every query scores at most a capped
    // number of matches (see matchPassages), and there are at most four of them.
    const enough = CANDIDATES / 4;
    if (groups.length >= 2) run(groups.map(expr).join(" AND "), CANDIDATES);
    if (seen.size < enough && groups.length >= 3) run(groups.slice(0, 2).map(expr).join(" AND "), CANDIDATES);
    // Each of the two rarest words alone, too: a long paragraph is indexed in pieces, and the piece that
    // answers may not repeat the name its paragraph gave a sentence earlier.
    for (const g of groups.slice(0, 2)) {
      const df = Math.max(...g.terms.map((t) => Math.min(...t.stem.split(" ").map((s) => lexicon.df(s)))));
      if (df > MAX_DF_FOR_LONE_TERM && seen.size > 0) continue;
      run(expr(g), seen.size >= enough ? CANDIDATES / 4 : CANDIDATES / 2);
    }
    return [...seen.values()];
  }

  /** The chosen sentences grouped by source, best source first, each with its value and neighbours where needed. */
  private findingsFrom(chosen: readonly Candidate[], q: Understanding, needsValue: boolean): Finding[] {
    const bySource = new Map<string, Candidate[]>();
    for (const c of chosen) {
      const list = bySource.get(c.passage.sourceId) ?? [];
      if (list.length < MAX_SENTENCES_PER_SOURCE && !list.some((x) => x.passage.rowid === c.passage.rowid && x.index === c.index)) list.push(c);
      bySource.set(c.passage.sourceId, list);
    }
    const findings: Finding[] = [];
    for (const [sourceId, list] of [...bySource].slice(0, MAX_SOURCES)) {
      const quotes: QuotedSentence[] = [];
      for (const c of list) quotes.push(quoteWithNeighbour(c, q));
      const valueSpan = needsValue ? list[0]!.score.answer : undefined;
      findings.push({ sourceId, quotes: dedupeQuotes(quotes), value: valueSpan?.text, attribution: attributionIn(list[0]!.text) });
    }
    return findings;
  }
}

/**
 * The sources whose outlet the question names when it asks what someone says ("what do Tortoise and Re:Russia
 * say about …"), with the entities that named them; undefined when it names none that way.
 */
function outletSources(q: Understanding, view: KnowledgeView): { entities: Set<string>; sources: Set<string> } | undefined {
  if (q.kind !== "comparison" && !/\b(say|says|said|report|reports|reported|write|writes|wrote|according to)\b/i.test(q.question)) return undefined;
  const entities = new Set<string>();
  const sources = new Set<string>();
  for (const e of q.entities) {
    const record = view.catalogue.entities.get(e.id)?.record;
    if (!record) continue;
    const names = [record.name, ...record.aliases].map(normalizeName).filter((n) => n.length >= 3);
    for (const a of view.catalogue.articles.values()) {
      const outlet = normalizeName(a.meta.outlet ?? "");
      if (outlet && names.some((n) => ` ${outlet} `.includes(` ${n} `))) {
        entities.add(e.id);
        sources.add(a.id);
      }
    }
  }
  return sources.size > 0 ? { entities, sources } : undefined;
}

/** Whether some name the question gives is missing from these stems. */
function namesMissing(q: Understanding, stems: readonly string[]): boolean {
  const text = ` ${stems.join(" ")} `;
  return q.focus.some((g) => g.entity && !g.qualifier && !g.terms.some((t) => text.includes(` ${t.stem} `)));
}

/** The best sentence of each source (candidates come best first), and its runner-up when close. */
function bestPerSource(candidates: readonly Candidate[]): Candidate[] {
  const out: Candidate[] = [];
  const taken = new Map<string, number>();
  for (const c of candidates) {
    const n = taken.get(c.passage.sourceId) ?? 0;
    if (n >= 2) continue;
    if (n === 1 && c.score.score < (out.find((o) => o.passage.sourceId === c.passage.sourceId)?.score.score ?? 0) * NEAR_BEST) continue;
    taken.set(c.passage.sourceId, n + 1);
    out.push(c);
  }
  return out;
}

/** Where another command answers the question better than quotes would. */
function route(q: Understanding, view: KnowledgeView): Answer | undefined {
  if (q.kind === "range" && q.range) {
    const topic = q.entities[0] ? view.catalogue.entities.get(q.entities[0].id)?.record.name : undefined;
    return { kind: "timeline", from: q.range.from, to: q.range.to, topic };
  }
  const only = q.entities.length === 1 ? q.entities[0] : undefined;
  const onlyEntityFocus = q.focus.every((g) => g.entity !== undefined);
  if (only && q.kind === "expansion") return { kind: "expansion", entityId: only.id, corrections: q.corrections };
  if (only && onlyEntityFocus && (q.kind === "definition" || q.kind === "open" || (q.kind === "person" && isWhoIs(q.question)))) {
    return { kind: "profile", entityId: only.id, corrections: q.corrections };
  }
  return undefined;
}

/** "who is X", "who was X", "who are X": a question about X itself, not about someone related to X. */
function isWhoIs(question: string): boolean {
  return /^(who|кто)\s+(is|was|are|were|такой|такая|такие)\b/i.test(question.trim());
}

/** A sentence that opens by pointing back ("This …", "Such …"). */
const ANAPHORA = /^(This|That|These|Those|Such|It|As a result|Hence|Therefore|Thus)\b/;

/** A quote, with the next sentence when a "why" needs it (the reason often follows), or the previous one. */
function quoteWithNeighbour(c: Candidate, q: Understanding): QuotedSentence {
  let text = c.text;
  if (q.kind === "reason") {
    const next = c.sentences[c.index + 1];
    const previous = c.sentences[c.index - 1];
    // "This framework determined…": what "this" refers to is the reason, in the sentence before.
    if (previous && ANAPHORA.test(c.text)) text = `${previous} ${text}`;
    if (
      next &&
      (ANAPHORA.test(next) ||
        /^(Because|As a result|The reason|So|Hence|Therefore)\b/.test(next) ||
        !/\b(because|due to|reason|result|driven|fuel|caus)/i.test(c.text))
    ) {
      text = `${text} ${next}`;
    }
  }
  // Adjacent sentences are joined as they stand in the passage, so the quote stays exact source text.
  if (!c.passage.text.includes(text)) text = c.text;
  return { sourceId: c.passage.sourceId, text, line: c.passage.line };
}

function dedupeQuotes(quotes: QuotedSentence[]): QuotedSentence[] {
  const out: QuotedSentence[] = [];
  for (const q of quotes) {
    if (out.some((o) => o.text.includes(q.text))) continue;
    for (let i = out.length - 1; i >= 0; i--) if (q.text.includes(out[i]!.text)) out.splice(i, 1);
    out.push(q);
  }
  return out;
}

/** Whose claim a sentence reports, as the sentence words it. */
function attributionIn(text: string): string | undefined {
  const m =
    /\b(according to [^,.;]{3,80})/i.exec(text) ??
    /\b((?:[A-Z][\p{L}-]+\s){0,4}(?:said|says|claimed|claims|reported|reports|told|stated|alleged|estimates?|estimated))\b/u.exec(text);
  return m?.[1]?.trim();
}

function normaliseValue(v: string | undefined): string {
  return (v ?? "")
    .toLowerCase()
    .replace(/^(about|around|approximately|roughly|some|nearly|almost|over|more than|at least|up to|an estimated|estimated)\s+/, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

function absentWords(q: Understanding): string[] {
  return q.focus.filter((g) => g.absent).map((g) => g.word);
}

/**
 * At most two sentences that come closest, for "the sources don't say …, but here is what they come closest
 * with". None when the question turns on a word the sources never use: nothing there comes close.
 */
function closest(candidates: readonly Candidate[], q: Understanding): QuotedSentence[] {
  if (q.focus.some((g) => g.absent)) return [];
  const out: QuotedSentence[] = [];
  for (const c of candidates) {
    if (c.score.coverage < 0.25 || out.length >= 2) break;
    if (out.some((o) => o.sourceId === c.passage.sourceId && o.text === c.text)) continue;
    out.push({ sourceId: c.passage.sourceId, text: c.text, line: c.passage.line });
  }
  return out;
}

/** Curated figures whose measure, value or quotes cover the question's focus. */
function matchingFigures(q: Understanding, view: KnowledgeView): string[] {
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

/** "Did you mean": corpus words and names near each unknown word, a little further than a correction reaches. */
function suggestionsFor(words: readonly string[], lexicon: Lexicon): string[] {
  const out = new Set<string>();
  for (const w of words) {
    const fixed = lexicon.correct(w);
    if (fixed) out.add(fixed);
    for (const e of lexicon.entities.values()) {
      for (const name of [e.name, ...e.aliases]) {
        const n = normalizeName(name);
        if (n.split(" ").some((part) => part.length >= 4 && editDistance(normalizeName(w), part, 3) <= 3)) out.add(e.name);
      }
    }
  }
  return [...out].slice(0, 5);
}
