/**
 * What the answer path knows about words, built once per knowledge version: the corpus's own words and
 * stems with how many passages hold them, the names of every entity (aliases and demonyms included), and
 * related English words from WordNet kept only when the corpus uses them.
 *
 * Every question word is looked up here: known to the corpus, a typo of a corpus word or a name, an English
 * word the corpus says differently, or unknown.
 */
import { stemmer } from "stemmer";
import type { EntityRecord } from "../core/knowledge.js";
import { latinise } from "../core/latinise.js";
import { editDistance, normalizeName, typoAllowance } from "../core/similarity.js";
import type { Relation, WordNet } from "./wordnet.js";

export interface Vocabulary {
  /** Lower-case words as written, with how many passages hold each. */
  words: ReadonlyMap<string, number>;
  /** The full-text index's terms (Porter stems, as FTS5's porter tokenizer makes them) with passage counts. */
  stems: ReadonlyMap<string, number>;
  passages: number;
}

/** A question word's stand-in from the corpus: the word itself, a correction, or a related word. */
export interface Term {
  /** What to search for (a corpus word or phrase). */
  text: string;
  stem: string;
  /** How much a match on this term counts, relative to the typed word (1). */
  weight: number;
  via: "typed" | "corrected" | "related" | "name";
}

/** How far a related word may stand in for the typed one. */
const RELATION_WEIGHT: Record<Relation, number> = {
  synonym: 0.8,
  derivation: 0.7,
  pertainym: 0.7,
  similar: 0.6,
  hyponym: 0.5,
  hypernym: 0.45,
  cause: 0.7,
  entailment: 0.4,
};
/** Endings that make a word of the same family: lead → leader, leadership; recruit → recruitment. */
const DERIVATIONAL_ENDINGS = new Set([
  "er",
  "ers",
  "or",
  "ors",
  "ship",
  "ment",
  "ments",
  "ion",
  "ions",
  "ation",
  "ations",
  "ance",
  "ence",
  "ist",
  "ists",
  "ism",
  "ing",
  "ings",
  "ed",
  "al",
  "ive",
  "ure",
]);

/** A corpus word's family ("leads" → "leader") counts nearly as much as the word itself. */
const KNOWN_FAMILY_WEIGHT = 0.8;

/** Related words kept per question word: the best few, or a common word drags in half the corpus. */
const MAX_RELATED = 6;

/** Porter stem of one lower-case word, as FTS5's porter tokenizer would index it. */
export function stem(word: string): string {
  const lower = word.toLowerCase();
  let s = stems.get(lower);
  if (s === undefined) {
    if (stems.size >= 50_000) stems.clear();
    stems.set(lower, (s = stemmer(lower)));
  }
  return s;
}

/** Stems already computed: the same words come back in every sentence ranked (Porter is most of the cost). */
const stems = new Map<string, string>();

/** Words of a text as the full-text index splits them (letters and digits; hyphens split). */
export function indexWords(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

// Shared with core (time-zone names): one transliteration everywhere.
export { latinise };

export interface EntityMatch {
  id: string;
  /** Named by an adjective or demonym ("Syrian camps"): it qualifies, the question need not be about it. */
  demonym?: boolean;
  /** The words of the question that named it. */
  words: string[];
  start: number;
  end: number;
  /** The name as typed was not exact (a typo, a demonym, a transliteration). */
  approximate: boolean;
}

interface NameKey {
  id: string;
  words: string[];
}

/** The adjectives and demonyms a one-word place name makes in English: Russia → Russian, China → Chinese, Tajikistan → Tajik. */
export function demonymsOf(place: string): string[] {
  const forms = [`${place}n`, `${place}ian`, place.replace(/a$/, "ese"), place.replace(/(i)?stan$/, ""), place.replace(/ey$/, "ish"), place.replace(/y$/, "")];
  return [...new Set(forms)].filter((f) => f !== place && f.length >= 4);
}

/**
 * Spellings that differ between transliterations of the same name compare as equal: Krokus/Crocus,
 * Rakhmon/Rahmon, Tadzhik/Tajik, Rossiya/Russia.
 */
function fold(word: string): string {
  return word
    .replace(/kh/g, "h")
    .replace(/dzh|dj/g, "j")
    .replace(/c(?=[aou]|$)/g, "k")
    .replace(/[yi]a\b|ya/g, "ia")
    .replace(/(.)\1/g, "$1");
}

/** A name of a place may also be said with its demonym: "Tajik" ↔ "Tajikistan", "Russian" → "Russia". */
const DEMONYM_ENDINGS = ["ian", "an", "ese", "ish", "i", "n", "s"];
const PLACE_ENDINGS = ["", "a", "ia", "istan", "stan", "ey", "y", "land"];

export class Lexicon {
  private readonly byLength = new Map<number, string[]>();
  /** Corpus words by their first four letters, for a word's family ("lead" → leader, leadership). */
  private readonly byPrefix = new Map<string, string[]>();
  private readonly nameKeys: NameKey[] = [];
  private readonly nameWords = new Map<string, number>();
  private readonly relatedCache = new Map<string, Term[]>();
  /** One-word names and aliases, for another spelling WordNet lists ("tadzhikistan"). */
  private readonly singleWordNames = new Map<string, string>();
  /** One-word names of places, for demonyms. */
  private readonly onePlaceNames = new Map<string, string>();
  readonly entities: ReadonlyMap<string, EntityRecord>;

  constructor(
    readonly vocabulary: Vocabulary,
    entities: readonly EntityRecord[],
    private readonly wordnet: WordNet,
  ) {
    this.entities = new Map(entities.map((e) => [e.id, e]));
    for (const word of vocabulary.words.keys()) {
      if (word.length < 3 || /\d/.test(word)) continue;
      const bucket = this.byLength.get(word.length) ?? [];
      bucket.push(word);
      this.byLength.set(word.length, bucket);
      const family = this.byPrefix.get(word.slice(0, 4)) ?? [];
      family.push(word);
      this.byPrefix.set(word.slice(0, 4), family);
    }
    for (const e of entities) {
      for (const name of [e.name, ...e.aliases, e.id.replace(/-/g, " ")]) {
        // A question's Cyrillic words arrive latinised (understand.ts), so a Cyrillic alias ("ИГИЛ-К") is keyed so too.
        const words = normalizeName(/\p{Script=Cyrillic}/u.test(name) ? latinise(name) : name)
          .split(" ")
          .filter(Boolean);
        if (words.length === 0) continue;
        this.nameKeys.push({ id: e.id, words });
        if (words.length === 1 && !this.singleWordNames.has(words[0]!)) this.singleWordNames.set(words[0]!, e.id);
        if (words.length === 1 && e.type === "place" && !this.onePlaceNames.has(words[0]!)) this.onePlaceNames.set(words[0]!, e.id);
        for (const w of words) this.nameWords.set(w, (this.nameWords.get(w) ?? 0) + 1);
      }
    }
    // Longest names first, so "islamic state khorasan province" wins over "islamic state".
    this.nameKeys.sort((a, b) => b.words.length - a.words.length);
  }

  /** Passages holding this stem. */
  df(stemmed: string): number {
    return this.vocabulary.stems.get(stemmed) ?? 0;
  }

  /** How telling a match on this stem is: rare words weigh more (BM25's idf, floored at a small positive value). */
  idf(stemmed: string): number {
    const n = this.vocabulary.passages;
    const df = this.df(stemmed);
    return Math.max(0.1, Math.log((n - df + 0.5) / (df + 0.5) + 1));
  }

  inCorpus(word: string): boolean {
    return this.df(stem(word)) > 0;
  }

  /** What a noun names (a person, a group, a place, a time, a quantity), by WordNet. */
  nounClass(word: string): ReturnType<WordNet["nounClass"]> {
    return this.wordnet.nounClass(word);
  }

  /** A word English uses only as a verb ("deported", "founded"): what a question says happened. */
  isVerbOnly(word: string): boolean {
    const lemmas = this.wordnet.lemmas(word);
    return lemmas.length > 0 && lemmas.every((l) => l.pos === "verb");
  }

  /** An English word, by WordNet: worth looking up related words for, not worth "correcting". */
  isEnglish(word: string): boolean {
    return this.wordnet.knows(word);
  }

  /**
   * The corpus word (or name word) a mistyped word most likely meant: the fewest edits within the allowance
   * for its length, ties broken by how common the word is. Undefined when nothing is close.
   */
  correct(word: string): string | undefined {
    const allowance = typoAllowance(word.length);
    if (allowance === 0) return undefined;
    let best: { word: string; distance: number; df: number } | undefined;
    const consider = (candidate: string, df: number) => {
      const d = editDistance(word, candidate, allowance);
      if (d > allowance || d === 0) return;
      if (!best || d < best.distance || (d === best.distance && df > best.df)) best = { word: candidate, distance: d, df };
    };
    for (let len = word.length - allowance; len <= word.length + allowance; len++) {
      for (const candidate of this.byLength.get(len) ?? []) consider(candidate, this.vocabulary.words.get(candidate) ?? 0);
    }
    // Name words weigh as if common: a name is a likelier target than a rare word that happens to be close.
    for (const [nameWord] of this.nameWords) {
      if (Math.abs(nameWord.length - word.length) <= allowance && nameWord.length >= 4) consider(nameWord, this.vocabulary.passages);
    }
    return best?.word;
  }

  /**
   * Corpus words related to an English word (WordNet), best first, at most a few. A word the corpus uses
   * itself gets only its close kin (synonyms, derivations) and at low weight: wider kin would find the
   * wrong senses ("suspects" → "imagine"); a word the corpus never uses gets the wider circle, which is
   * how "drivers" finds "motorists".
   */
  related(word: string): Term[] {
    const cached = this.relatedCache.get(word);
    if (cached) return cached;
    const known = this.inCorpus(word);
    const own = stem(word);
    const seen = new Set<string>([own]);
    const terms: Term[] = [];
    const closeKin = new Set<string>();
    for (const { word: related, relation } of this.wordnet.related(word, known)) {
      const parts = related.split(" ");
      // A multi-word lemma counts only when the corpus holds every word of it.
      if (parts.length > 2) continue;
      const stems = parts.map(stem);
      const key = stems.join(" ");
      if (seen.has(key) || !stems.every((s) => this.df(s) > 0)) continue;
      seen.add(key);
      if (relation === "derivation") closeKin.add(key);
      terms.push({
        text: related,
        stem: key,
        weight: known ? (relation === "derivation" ? KNOWN_FAMILY_WEIGHT : 0.4) : RELATION_WEIGHT[relation],
        via: "related",
      });
    }
    // The word's family in the corpus: the same stem with a derivational ending ("leads" → leader, leadership;
    // "recruit" → recruiter). English morphology, not a list of this corpus's words.
    if (own.length >= 4) {
      for (const candidate of this.byPrefix.get(own.slice(0, 4)) ?? []) {
        if (candidate.length <= own.length || !candidate.startsWith(own)) continue;
        const ending = candidate.slice(own.length);
        const key = stem(candidate);
        if (!DERIVATIONAL_ENDINGS.has(ending) || seen.has(key)) continue;
        seen.add(key);
        closeKin.add(key);
        terms.push({ text: candidate, stem: key, weight: known ? KNOWN_FAMILY_WEIGHT : RELATION_WEIGHT.derivation, via: "related" });
      }
    }
    // For a word the corpus uses, its family and derivations (leads → leader) are the same idea in another part
    // of speech and come first; its synonyms are often another sense ("leads" → "take").
    const close = (t: Term) => (known && closeKin.has(t.stem) ? 1 : 0);
    terms.sort((a, b) => close(b) - close(a) || b.weight - a.weight || this.df(a.stem) - this.df(b.stem));
    const kept = terms.slice(0, known ? 3 : MAX_RELATED);
    if (this.relatedCache.size > 5000) this.relatedCache.clear();
    this.relatedCache.set(word, kept);
    return kept;
  }

  /**
   * Entities named in a list of words (already normalised, lower case): whole names and aliases first,
   * longest first, then demonyms ("russian" → Russia) and names within typing distance ("rahmonn").
   */
  findEntities(words: readonly string[], skip: ReadonlySet<string> = new Set()): EntityMatch[] {
    const found: EntityMatch[] = [];
    const taken = new Set<number>();
    const free = (start: number, end: number) => {
      for (let i = start; i < end; i++) if (taken.has(i)) return false;
      return true;
    };
    const take = (m: EntityMatch) => {
      for (let i = m.start; i < m.end; i++) taken.add(i);
      if (!found.some((f) => f.id === m.id)) found.push(m);
    };
    for (const key of this.nameKeys) {
      const n = key.words.length;
      for (let start = 0; start + n <= words.length; start++) {
        if (!free(start, start + n)) continue;
        const window = words.slice(start, start + n);
        if (window.every((w, i) => w === key.words[i])) take({ id: key.id, words: window, start, end: start + n, approximate: false });
      }
    }
    // A mistyped name of several words ("krokus city hall"): the whole window within typing distance, tried
    // only when a word of the question is no corpus word (a typo is there to be found).
    const typo = words.some((w) => w.length >= 3 && !skip.has(w) && !this.inCorpus(w) && !this.isEnglish(w));
    for (const key of typo ? this.nameKeys : []) {
      const n = key.words.length;
      if (n < 2) continue;
      const name = key.words.join(" ");
      const allowance = typoAllowance(name.length);
      for (let start = 0; start + n <= words.length; start++) {
        if (!free(start, start + n)) continue;
        const window = words.slice(start, start + n);
        if (editDistance(window.join(" "), name, allowance) <= allowance) take({ id: key.id, words: window, start, end: start + n, approximate: true });
      }
    }
    for (const [i, word] of words.entries()) {
      if (taken.has(i) || word.length < 4) continue;
      const demonym = this.placeForDemonym(word);
      if (demonym) {
        take({ id: demonym, words: [word], start: i, end: i + 1, approximate: true, demonym: true });
        continue;
      }
      if (skip.has(word) || this.inCorpus(word)) continue;
      // Another spelling WordNet lists for a name ("tadzhikistan" for Tajikistan).
      if (this.isEnglish(word)) {
        const alias = this.wordnet
          .related(word, true)
          .filter((r) => r.relation === "synonym")
          .map((r) => this.singleWordNames.get(r.word))
          .find((id) => id !== undefined);
        if (alias) take({ id: alias, words: [word], start: i, end: i + 1, approximate: true });
        continue;
      }
      // A mistyped single-word name, or one word of a longer name ("kurila" → "Michael Kurilla"). A whole
      // one-word name beats a word inside a longer one ("rossiya" → Russia, not Re:Russia).
      const allowance = typoAllowance(word.length);
      let best: { id: string; d: number; n: number } | undefined;
      for (const key of this.nameKeys) {
        for (const nameWord of key.words) {
          if (nameWord.length < 4) continue;
          const d = editDistance(fold(word), fold(nameWord), allowance);
          if (d <= allowance && (!best || d < best.d || (d === best.d && key.words.length < best.n))) best = { id: key.id, d, n: key.words.length };
        }
      }
      if (best) take({ id: best.id, words: [word], start: i, end: i + 1, approximate: true });
    }
    return found.sort((a, b) => a.start - b.start);
  }

  /** The place a demonym or adjective names: "tajik" → tajikistan, "russian" → russia, "chinese" → china. */
  placeForDemonym(word: string): string | undefined {
    // Strip a demonym's ending, add a place name's: "chinese" → "chin" + "a"; "turkish" → "turk" + "ey";
    // "tajik" → "tajik" + "istan". Each candidate is one map lookup.
    const bases = [word, ...DEMONYM_ENDINGS.filter((e) => word.endsWith(e) && word.length - e.length >= 3).map((e) => word.slice(0, -e.length))];
    for (const base of bases) {
      for (const ending of PLACE_ENDINGS) {
        if (base.length < 4 && ending !== "") continue;
        const id = this.onePlaceNames.get(base + ending);
        if (id) return id;
      }
    }
    return undefined;
  }
}
