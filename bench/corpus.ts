/**
 * Synthetic corpora for the benchmarks, built from the real articles' vocabulary.
 *
 * A data folder of N articles = the real data/ (its five articles and the curated YAML, so every
 * citation still resolves) + N − 5 synthetic articles. Each synthetic article copies the shape of a real
 * one (its number of paragraphs and their lengths) and fills it from a word-bigram chain trained on the
 * real text, so word frequencies, co-occurrences and phrases ("Crocus City Hall", "migrant workers")
 * are distributed as in the real corpus. Deterministic for a given seed.
 */
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadData } from "../src/knowledge/loader.js";

/** The seeded PRNG the tests use too, so every run builds the same corpus. */
import { seededRandom as rng } from "../tests/helpers/seeded-random.js";

export { rng };

export interface RealCorpus {
  /** Paragraph lengths in words, per real article. */
  shapes: number[][];
  /** Bigram chain: word → the words that follow it (with repeats, so sampling follows frequency). */
  next: Map<string, string[]>;
  /** Every token in order (for restarting the chain). */
  tokens: string[];
  /** Content words (no stop words, ≥ 4 letters), most frequent first. */
  vocabulary: string[];
}

const TOKEN = /\S+/g;

export function readRealCorpus(dataDir: string): RealCorpus {
  const { catalogue, problems } = loadData(dataDir);
  if (problems.length > 0) throw new Error(`the real data has ${problems.length} problems`);
  const shapes: number[][] = [];
  const tokens: string[] = [];
  for (const a of catalogue.articles.values()) {
    shapes.push(a.lines.map((l) => (l.text.match(TOKEN) ?? []).length).filter((n) => n > 0));
    for (const l of a.lines) tokens.push(...(l.text.match(TOKEN) ?? []));
  }
  const next = new Map<string, string[]>();
  for (let i = 0; i + 1 < tokens.length; i++) {
    const list = next.get(tokens[i]!) ?? [];
    list.push(tokens[i + 1]!);
    next.set(tokens[i]!, list);
  }
  const freq = new Map<string, number>();
  for (const t of tokens) {
    const w = t.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
    if (w.length >= 4 && /^[\p{L}-]+$/u.test(w) && !STOP.has(w)) freq.set(w, (freq.get(w) ?? 0) + 1);
  }
  const vocabulary = [...freq.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([w]) => w);
  return { shapes, next, tokens, vocabulary };
}

const STOP = new Set(
  "that this with from have were which their they been also about there would more into than other after when what some these those only over such most while where them very will being could should because between against during".split(
    " ",
  ),
);

/** One paragraph of `words` tokens from the chain, starting at a random real token. */
function paragraph(c: RealCorpus, words: number, r: () => number): string {
  const out: string[] = [];
  let w = c.tokens[Math.floor(r() * c.tokens.length)]!;
  for (let i = 0; i < words; i++) {
    out.push(w);
    const followers = c.next.get(w);
    w = followers ? followers[Math.floor(r() * followers.length)]! : c.tokens[Math.floor(r() * c.tokens.length)]!;
  }
  return out.join(" ");
}

const OUTLETS = ["Synthetic Wire", "Bench Review", "Test Gazette", "Load Monitor", "Index Weekly"];

function articleFile(c: RealCorpus, i: number, r: () => number): string {
  const shape = c.shapes[Math.floor(r() * c.shapes.length)]!;
  const title = paragraph(c, 6 + Math.floor(r() * 8), r).replace(/["\\]/g, "");
  const year = 2014 + Math.floor(r() * 11);
  const month = String(1 + Math.floor(r() * 12)).padStart(2, "0");
  const body = shape.map((n) => paragraph(c, Math.max(3, Math.round(n * (0.7 + 0.6 * r()))), r)).join("\n\n");
  return `---\ntitle: "${title}"\noutlet: ${OUTLETS[i % OUTLETS.length]}\npublished: "${year}-${month}"\ndated_by: Synthetic benchmark article ${i}.\n---\n${body}\n`;
}

/**
 * Writes a data folder with `articles` articles in total (the real ones included) into `dir`.
 * Returns the number of bytes of article text written.
 */
export function writeCorpus(realDataDir: string, dir: string, articles: number, seed = 1): { bytes: number } {
  const c = readRealCorpus(realDataDir);
  cpSync(realDataDir, dir, { recursive: true });
  const articlesDir = join(dir, "articles");
  mkdirSync(articlesDir, { recursive: true });
  const r = rng(seed);
  let bytes = 0;
  for (let i = c.shapes.length; i < articles; i++) {
    const text = articleFile(c, i, r);
    bytes += Buffer.byteLength(text);
    writeFileSync(join(articlesDir, `synthetic-${String(i).padStart(6, "0")}.md`), text);
  }
  return { bytes };
}

/**
 * Queries for the latency runs: the real phrases the tests use, plus 1–3 content words drawn from the
 * real vocabulary (common and rare alike), fixed by the seed so every engine gets the same list.
 */
export function searchQueries(c: RealCorpus, count: number, seed = 7): string[] {
  const fixed = ["huawei cameras", "isis-k recruitment", "crocus city hall", "tajik migrants", "safe city", "taliban border", "rahmon", "surveillance"];
  const r = rng(seed);
  const out = [...fixed];
  const v = c.vocabulary;
  while (out.length < count) {
    const n = 1 + Math.floor(r() * 3);
    const words: string[] = [];
    // Half the words from the 200 most frequent content words, half from the whole vocabulary.
    for (let i = 0; i < n; i++) words.push(r() < 0.5 ? v[Math.floor(r() * Math.min(200, v.length))]! : v[Math.floor(r() * v.length)]!);
    out.push(words.join(" "));
  }
  return out.slice(0, count);
}

export function askQuestions(c: RealCorpus, count: number, seed = 11): string[] {
  const fixed = [
    "who leads ISIS-K?",
    "why do ISIS-K recruiters target Tajiks?",
    "who carried out the Crocus City Hall attack?",
    "how much did the safe city cameras cost?",
    "what does Huawei sell to Tajikistan?",
    "how many Tajik migrants work in Russia?",
  ];
  const r = rng(seed);
  const out = [...fixed];
  const v = c.vocabulary;
  const starts = ["what about", "who is behind", "why did", "how many", "when did", "tell me about"];
  while (out.length < count) {
    const a = v[Math.floor(r() * Math.min(300, v.length))]!;
    const b = v[Math.floor(r() * v.length)]!;
    out.push(`${starts[Math.floor(r() * starts.length)]} ${a} ${b}?`);
  }
  return out.slice(0, count);
}
