/**
 * Validates bench/eval/questions.yaml against the articles themselves:
 *
 *   npx tsx bench/eval/check-questions.ts
 *
 * Reads data/articles directly (front matter `excluded:` lines dropped, as the loader does) rather than
 * through src/, so the question set can be checked while the engine is being rewritten.
 * Prints every problem and the counts per kind and tag; exit status 1 on any problem.
 */
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { parse } from "yaml";
import { findFact, isAnswerable, KINDS, type Kind, loadQuestions, normalise, type Question, TAGS, type Tag } from "./questions.js";

const ARTICLES = join(import.meta.dirname, "../../data/articles");

/** What the brief asks the set to cover; checked so a later edit cannot quietly drop below it. */
const MIN_KIND: Partial<Record<Kind, number>> = {
  person: 12,
  group: 12,
  place: 12,
  date: 12,
  number: 12,
  reason: 12,
  definition: 12,
  yesno: 12,
  range: 12,
  comparison: 12,
  greeting: 6,
  unanswerable: 35,
};
const MIN_TAG: Partial<Record<Tag, number>> = { typo: 15, paraphrase: 12, "russian-spelling": 10, cyrillic: 6, "two-sentence": 8 };
const MIN_TOTAL = 170;

interface Excluded {
  match: string;
  through_end?: boolean;
}

/** The article's own text, normalised: the body after the front matter, minus excluded lines. */
function articleText(file: string): string {
  const source = readFileSync(file, "utf8");
  const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(source);
  if (!m) throw new Error(`${file}: no front matter`);
  const meta = (parse(m[1]!) ?? {}) as { excluded?: Excluded[] };
  const kept: string[] = [];
  let dropRest = false;
  for (const line of m[2]!.split("\n")) {
    const ex = (meta.excluded ?? []).find((e) => line.startsWith(e.match));
    if (ex?.through_end) dropRest = true;
    if (dropRest || ex) continue;
    kept.push(line);
  }
  return normalise(kept.join("\n"));
}

const texts = new Map<string, string>();
for (const f of readdirSync(ARTICLES).filter((f) => f.endsWith(".md"))) texts.set(basename(f, ".md"), articleText(join(ARTICLES, f)));

const { questions, problems } = loadQuestions();
const seen = new Set<string>();

for (const [i, q] of questions.entries()) {
  const bad = (msg: string) => problems.push(`${q.id}: ${msg}`);
  const n = i + 1;
  // Ids are numbered in file order so "every third is held" is a property of the file, not of sorting.
  if (q.id !== `q${String(n).padStart(3, "0")}`) bad(`expected id q${String(n).padStart(3, "0")} at position ${n}`);
  if (seen.has(q.id)) bad("duplicate id");
  seen.add(q.id);
  const wantSet = n % 3 === 0 ? "held" : "tune";
  if (q.set !== wantSet) bad(`set should be ${wantSet} (held = every third id)`);

  for (const [g, group] of q.facts.entries()) {
    if (group.length === 0 || group.some((alt) => alt.trim() === "")) bad(`fact group ${g + 1} is empty or has an empty alternative`);
    // The reply's title may echo the question; a fact the question already contains proves nothing.
    for (const alt of group) if (normalise(q.question).includes(normalise(alt))) bad(`fact "${alt}" is already in the question`);
  }
  for (const s of q.sources) if (!texts.has(s)) bad(`unknown source ${s}`);

  if (q.kind === "greeting") {
    if (!q.greeting) bad("a greeting needs greeting: true");
    if (q.facts.length || q.sources.length || q.refuse) bad("a greeting has no facts, sources or refuse");
  } else if (q.kind === "unanswerable") {
    if (!q.refuse) bad("an unanswerable question needs refuse: true");
    if (!q.wants) bad("an unanswerable question needs wants:");
    if (q.facts.length || q.sources.length) bad("an unanswerable question has no facts or sources");
  } else {
    if (q.refuse || q.greeting) bad(`kind ${q.kind} cannot have refuse or greeting`);
    if (q.facts.length === 0) bad("no facts");
    if (q.sources.length === 0) bad("no sources");
  }
  if (q.allSources && q.sources.length < 2) bad("all_sources with fewer than two sources");
  if (q.tags.includes("multi-source") && q.sources.length < 2) bad("tagged multi-source with one source");

  if (isAnswerable(q)) {
    for (const group of q.facts) {
      const where = q.sources.filter((s) => findFact(group, texts.get(s) ?? ""));
      if (where.length === 0) bad(`no alternative of ${JSON.stringify(group)} occurs in ${q.sources.join(", ")}`);
    }
    // With all_sources every cited article must back at least one fact, or citing it is not needed.
    if (q.allSources) {
      for (const s of q.sources) {
        if (!q.facts.some((group) => findFact(group, texts.get(s) ?? ""))) bad(`all_sources, but no fact occurs in ${s}`);
      }
    }
  }
}

// ---- counts
const count = <K extends string>(keys: readonly K[], of: (q: Question) => K[], qs: Question[]) =>
  new Map(keys.map((k) => [k, qs.filter((q) => of(q).includes(k)).length]));
const bySet = (s?: string) => questions.filter((q) => !s || q.set === s);
const table = <K extends string>(title: string, keys: readonly K[], of: (q: Question) => K[]) => {
  const cols = [count(keys, of, bySet("tune")), count(keys, of, bySet("held")), count(keys, of, bySet())];
  console.log(`\n| ${title} | tune | held | all |\n|---|---:|---:|---:|`);
  for (const k of keys) console.log(`| ${k} | ${cols.map((c) => c.get(k)).join(" | ")} |`);
  return cols[2]!;
};
console.log(`${questions.length} questions: ${bySet("tune").length} tune, ${bySet("held").length} held`);
const kinds = table("kind", KINDS, (q) => [q.kind]);
const tags = table("tag", TAGS, (q) => q.tags);

if (questions.length < MIN_TOTAL) problems.push(`only ${questions.length} questions, want at least ${MIN_TOTAL}`);
for (const [k, min] of Object.entries(MIN_KIND)) if ((kinds.get(k as Kind) ?? 0) < min) problems.push(`kind ${k}: fewer than ${min}`);
for (const [t, min] of Object.entries(MIN_TAG)) if ((tags.get(t as Tag) ?? 0) < min) problems.push(`tag ${t}: fewer than ${min}`);
const cyrillicUntagged = questions.filter((q) => /[а-яё]/i.test(q.question) !== q.tags.includes("cyrillic"));
for (const q of cyrillicUntagged) problems.push(`${q.id}: the cyrillic tag must match whether the question is written in Cyrillic`);

if (problems.length > 0) {
  console.log(`\n${problems.length} problem${problems.length === 1 ? "" : "s"}:`);
  for (const p of problems) console.log(`  ${p}`);
  process.exitCode = 1;
} else {
  console.log("\nquestions.yaml is clean.");
}
