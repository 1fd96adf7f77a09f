/**
 * `npm run eval`: asks Brief every question in questions.yaml and scores the replies.
 *
 *   npx tsx bench/eval/run.ts                 all questions
 *   npx tsx bench/eval/run.ts --set=tune      only the tuning set (held is for the final check)
 *   npx tsx bench/eval/run.ts --id=q001       one question, printing its whole reply
 *   npx tsx bench/eval/run.ts --verbose       also print each failure with the start of its reply
 *
 * Prints Markdown tables (one column per set) and writes bench/eval/results.json.
 * Talks to Brief only through client.ts; here nothing but the MessageDoc type comes from src/.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { type MessageDoc, openClient } from "./client.js";
import { findFact, isAnswerable, KINDS, loadQuestions, normalise, type Question, type SetName } from "./questions.js";

type Span = Extract<MessageDoc["blocks"][number], { t: "para" }>["spans"][number];

const args = process.argv.slice(2);
const flag = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const setFilter = flag("set") ?? "all";
const onlyId = flag("id");
const verbose = args.includes("--verbose");
if (!["tune", "held", "all"].includes(setFilter)) throw new Error(`--set must be tune, held or all, not ${setFilter}`);

/**
 * How a reply says it does not know. Matched on the title and first block only, so a quote that happens
 * to contain "don't know" further down does not count as a refusal.
 */
const REFUSAL =
  /sources?\b[^.]{0,40}\b(?:don't|do not|doesn't|does not)\b[^.]{0,20}\b(?:say|answer|mention|cover|tell)|\bI (?:don't|do not) know\b|not in the sources/i;
/** A refusal may show what came closest, but not a full answer's worth of quotes. */
const MAX_REFUSAL_QUOTES = 2;

// ---- reading a reply

function spanText(s: Span): string {
  switch (s.t) {
    case "text":
      return s.text;
    case "cite":
      return `[${s.n}]`;
    default:
      return s.children.map(spanText).join("");
  }
}

function blockText(b: MessageDoc["blocks"][number]): string {
  switch (b.t) {
    case "heading":
    case "quote":
      return b.text;
    case "para":
      return b.spans.map(spanText).join("");
    case "list":
      return b.items.map((item) => item.map(spanText).join("")).join("\n");
    case "fields":
      return b.fields.map((f) => `${f.label}: ${f.value.map(spanText).join("")}`).join("\n");
  }
}

/**
 * Title and blocks, without the footnotes: source titles ("…Crocus City Hall attack…") would otherwise
 * supply facts the reply never stated.
 */
function plainText(doc: MessageDoc): string {
  return [doc.title ?? "", ...doc.blocks.map(blockText)].join("\n\n");
}

const ws = (s: string) => s.replace(/[\s\u00a0\u202f\u2007]+/g, " ").trim();

// ---- scoring one question

interface Outcome {
  id: string;
  set: SetName;
  kind: Question["kind"];
  ok: boolean;
  /** Why not ok; empty when ok. */
  why: string[];
  refused: boolean;
  quotes: number;
  exactQuotes: number;
  reply: string;
}

function score(q: Question, doc: MessageDoc, sourceText: (id: string) => string): Outcome {
  const text = plainText(doc);
  const normText = normalise(text);
  const first = `${doc.title ?? ""}\n${doc.blocks[0] ? blockText(doc.blocks[0]) : ""}`;
  const refused = REFUSAL.test(first.replace(/’/g, "'"));
  const quoteBlocks = doc.blocks.filter((b) => b.t === "quote");
  const why: string[] = [];

  // A quote is exact when its text, whitespace aside, is part of the source its citation names.
  let exactQuotes = 0;
  for (const b of quoteBlocks) {
    const c = doc.citations[b.cite - 1];
    let exact = false;
    try {
      exact = c !== undefined && sourceText(c.sourceId).includes(ws(b.text));
    } catch {
      // A citation to a source that does not exist is simply not exact.
    }
    if (exact) exactQuotes++;
    else why.push(`inexact quote [${b.cite}]: "${b.text.slice(0, 60)}…"`);
  }
  // Quote exactness is scored on its own row; only the other reasons decide `ok`.
  const quoteNotes = why.splice(0);

  if (q.greeting) {
    if (refused) why.push("refused a greeting");
    if (quoteBlocks.length > 0) why.push(`quoted ${quoteBlocks.length} passage(s) in reply to a greeting`);
    if (doc.tone === "warn" || doc.tone === "error") why.push(`answered a greeting with a ${doc.tone}`);
  } else if (q.refuse) {
    if (!refused) why.push("did not say the sources don't say");
    if (quoteBlocks.length > MAX_REFUSAL_QUOTES) why.push(`refusal quoted ${quoteBlocks.length} passages (max ${MAX_REFUSAL_QUOTES})`);
  } else {
    if (refused) why.push("refused an answerable question");
    for (const group of q.facts) if (!findFact(group, normText)) why.push(`missing fact ${JSON.stringify(group)}`);
    const cited = new Set(doc.citations.map((c) => c.sourceId));
    const hits = q.sources.filter((s) => cited.has(s));
    if (q.allSources ? hits.length < q.sources.length : hits.length === 0) {
      const missing = q.sources.filter((s) => !cited.has(s));
      why.push(`no citation to ${q.allSources ? missing.join(" + ") : q.sources.join(" or ")}`);
    }
  }
  return {
    id: q.id,
    set: q.set,
    kind: q.kind,
    ok: why.length === 0,
    why: [...why, ...quoteNotes],
    refused,
    quotes: quoteBlocks.length,
    exactQuotes,
    reply: text.slice(0, 300),
  };
}

// ---- summarising

interface Share {
  passed: number;
  total: number;
}
const pct = ({ passed, total }: Share) => (total === 0 ? "—" : `${((100 * passed) / total).toFixed(1)}% (${passed}/${total})`);

interface Summary {
  answerAccuracy: Share;
  repliesAllQuotesExact: Share;
  quoteBlocksExact: Share;
  refusalAccuracy: Share;
  falseRefusals: Share;
  greetingsHandled: Share;
  overall: Share;
  byKind: Record<string, Share>;
}

function summarise(outcomes: Outcome[], byId: Map<string, Question>): Summary {
  const q = (o: Outcome) => byId.get(o.id)!;
  const answerable = outcomes.filter((o) => isAnswerable(q(o)));
  const refusals = outcomes.filter((o) => q(o).refuse);
  const greetings = outcomes.filter((o) => q(o).greeting);
  const quoted = outcomes.filter((o) => o.quotes > 0);
  const share = (list: Outcome[], pass: (o: Outcome) => boolean): Share => ({ passed: list.filter(pass).length, total: list.length });
  return {
    answerAccuracy: share(answerable, (o) => o.ok),
    repliesAllQuotesExact: share(quoted, (o) => o.exactQuotes === o.quotes),
    quoteBlocksExact: { passed: quoted.reduce((n, o) => n + o.exactQuotes, 0), total: quoted.reduce((n, o) => n + o.quotes, 0) },
    refusalAccuracy: share(refusals, (o) => o.ok),
    falseRefusals: share(answerable, (o) => o.refused),
    greetingsHandled: share(greetings, (o) => o.ok),
    overall: share(outcomes, (o) => o.ok),
    byKind: Object.fromEntries(
      KINDS.map((k) => [
        k,
        share(
          outcomes.filter((o) => o.kind === k),
          (o) => o.ok,
        ),
      ]),
    ),
  };
}

function printTables(columns: [string, Summary][]): void {
  const row = (label: string, get: (s: Summary) => Share) => console.log(`| ${label} | ${columns.map(([, s]) => pct(get(s))).join(" | ")} |`);
  const header = (first: string) => {
    console.log(`| ${first} | ${columns.map(([name]) => name).join(" | ")} |`);
    console.log(`|---|${columns.map(() => "---:").join("|")}|`);
  };
  header("metric");
  row("answer accuracy (answerable)", (s) => s.answerAccuracy);
  row("citation exactness: replies with all quotes exact", (s) => s.repliesAllQuotesExact);
  row("citation exactness: quote blocks exact", (s) => s.quoteBlocksExact);
  row("refusal accuracy (unanswerable)", (s) => s.refusalAccuracy);
  row("false-refusal rate (answerable, lower is better)", (s) => s.falseRefusals);
  row("greetings handled", (s) => s.greetingsHandled);
  row("all questions ok", (s) => s.overall);
  console.log("");
  header("kind");
  for (const k of KINDS) row(k, (s) => s.byKind[k] ?? { passed: 0, total: 0 });
}

// ---- main

const { questions, problems } = loadQuestions();
if (problems.length > 0) {
  console.error(`questions.yaml has problems (run bench/eval/check-questions.ts):\n${problems.join("\n")}`);
  process.exit(1);
}
const byId = new Map(questions.map((q) => [q.id, q]));
const chosen = questions.filter((q) => (onlyId ? q.id === onlyId : setFilter === "all" || q.set === setFilter));
if (chosen.length === 0) throw new Error(onlyId ? `no question ${onlyId}` : "no questions chosen");

const client = await openClient();
const outcomes: Outcome[] = [];
try {
  for (const q of chosen) {
    const doc = await client.ask(q.question);
    const outcome = score(q, doc, (id) => client.sourceText(id));
    outcomes.push(outcome);
    if (onlyId) console.log(`${q.id} (${q.kind}): ${q.question}\n\n${plainText(doc)}\n`);
    if ((verbose || onlyId) && outcome.why.length > 0) {
      console.log(`✗ ${q.id} [${q.set}/${q.kind}] ${q.question}\n  ${outcome.why.join("\n  ")}`);
      if (!onlyId) console.log(`  reply: ${outcome.reply.replace(/\s+/g, " ")}\n`);
    }
  }
} finally {
  client.close();
}

const columns: [string, Summary][] = [];
for (const s of ["tune", "held"] as const) {
  const part = outcomes.filter((o) => o.set === s);
  if (part.length > 0) columns.push([s, summarise(part, byId)]);
}
columns.push(["all", summarise(outcomes, byId)]);

console.log(
  `\n${outcomes.length} question${outcomes.length === 1 ? "" : "s"} asked${onlyId ? ` (${onlyId})` : setFilter !== "all" ? ` (set ${setFilter})` : ""}.\n`,
);
printTables(columns);

// A single-question run is for looking at one reply; it leaves the last full results in place.
if (!onlyId) {
  const resultsFile = join(import.meta.dirname, "results.json");
  const results = {
    at: new Date().toISOString(),
    set: setFilter,
    summary: Object.fromEntries(columns),
    questions: outcomes,
  };
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nPer-question outcomes: ${resultsFile}`);
}
