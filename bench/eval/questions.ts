/**
 * The evaluation question set: its types, its loader, and the one text-matching rule that both the
 * checker (facts against article text) and the runner (facts against replies) use, so they cannot drift.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

export const QUESTIONS_FILE = join(import.meta.dirname, "questions.yaml");

export const KINDS = [
  "person",
  "group",
  "place",
  "date",
  "number",
  "reason",
  "definition",
  "yesno",
  "range",
  "comparison",
  "greeting",
  "unanswerable",
] as const;
export type Kind = (typeof KINDS)[number];

export const TAGS = ["typo", "paraphrase", "russian-spelling", "cyrillic", "two-sentence", "filler", "multi-source", "conflict"] as const;
export type Tag = (typeof TAGS)[number];

export type SetName = "tune" | "held";

export interface Question {
  id: string;
  set: SetName;
  kind: Kind;
  tags: Tag[];
  question: string;
  /** All groups required; any alternative within a group will do. Empty for greetings and refusals. */
  facts: string[][];
  sources: string[];
  allSources: boolean;
  refuse: boolean;
  wants?: string;
  greeting: boolean;
}

/**
 * Text as the matcher sees it: case, typographic quotes and dashes, and whitespace runs do not count,
 * so "Moscow’s" matches "Moscow's" and "1992–1997" matches "1992-1997".
 */
export function normalise(s: string): string {
  return s
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[‘’ʼ`]/g, "'")
    .replace(/[“”«»]/g, '"')
    .replace(/[‐‑‒–—―]/g, "-")
    .replace(/[\s\u00a0\u202f\u2007]+/g, " ")
    .trim();
}

/** The first alternative of a fact group found in `text` (already normalised), or undefined. */
export function findFact(group: readonly string[], normalisedText: string): string | undefined {
  return group.find((alt) => normalisedText.includes(normalise(alt)));
}

/**
 * Reads questions.yaml. Shape problems (wrong types, unknown kinds or tags) are returned rather than
 * thrown, so the checker can list them all at once; the runner refuses to start on any.
 */
export function loadQuestions(path = QUESTIONS_FILE): { questions: Question[]; problems: string[] } {
  const raw: unknown = parse(readFileSync(path, "utf8"));
  const problems: string[] = [];
  const questions: Question[] = [];
  if (!Array.isArray(raw)) return { questions, problems: ["the file is not a YAML list"] };
  raw.forEach((item: unknown, i) => {
    const at = `entry ${i + 1}`;
    if (typeof item !== "object" || item === null) {
      problems.push(`${at}: not a mapping`);
      return;
    }
    const r = item as Record<string, unknown>;
    const id = typeof r.id === "string" ? r.id : at;
    const bad = (msg: string) => problems.push(`${id}: ${msg}`);
    const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string");

    if (typeof r.id !== "string") bad("id missing");
    if (r.set !== "tune" && r.set !== "held") bad(`set must be tune or held, not ${String(r.set)}`);
    if (!KINDS.includes(r.kind as Kind)) bad(`unknown kind ${String(r.kind)}`);
    if (typeof r.question !== "string" || r.question.trim() === "") bad("question missing");
    const tags = r.tags ?? [];
    if (!strings(tags) || tags.some((t) => !TAGS.includes(t as Tag))) bad(`tags must be some of ${TAGS.join(", ")}`);
    const facts = r.facts ?? [];
    if (!Array.isArray(facts) || !facts.every(strings)) bad("facts must be a list of lists of strings");
    const sources = r.sources ?? [];
    if (!strings(sources)) bad("sources must be a list of article ids");
    if (r.wants !== undefined && typeof r.wants !== "string") bad("wants must be a string");

    questions.push({
      id,
      set: r.set === "held" ? "held" : "tune",
      kind: (KINDS.includes(r.kind as Kind) ? r.kind : "person") as Kind,
      tags: strings(tags) ? (tags.filter((t) => TAGS.includes(t as Tag)) as Tag[]) : [],
      question: typeof r.question === "string" ? r.question : "",
      facts: Array.isArray(facts) && facts.every(strings) ? facts : [],
      sources: strings(sources) ? sources : [],
      allSources: r.all_sources === true,
      refuse: r.refuse === true,
      wants: typeof r.wants === "string" ? r.wants : undefined,
      greeting: r.greeting === true,
    });
  });
  return { questions, problems };
}

/** Answerable = a right reply gives facts with a citation (not a greeting, not a refusal). */
export function isAnswerable(q: Question): boolean {
  return !q.refuse && !q.greeting;
}
