/**
 * The answer engine over the real corpus: what it answers (with the value first and the sources' own
 * sentences), where it routes (a profile, an expansion, a timeline), what it plainly refuses to guess, and
 * that every sentence it quotes is the exact text of the source it cites, at the line it names.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Answer, QuotedSentence } from "../../src/core/answers.js";
import type { Block, MessageDoc, Span } from "../../src/core/message.js";
import { normalizeWhitespace } from "../../src/knowledge/catalogue.js";
import { ask, openTestApp, REPO_DATA, sourceText } from "../helpers/app.js";

let app: Awaited<ReturnType<typeof openTestApp>>;
beforeAll(async () => {
  app = await openTestApp();
});
afterAll(() => app.cleanup());

/** Answers are pure over one knowledge version: each question is answered once per file (kept fast). */
const answered = new Map<string, Answer>();
function answer(question: string): Answer {
  let a = answered.get(question);
  if (!a) answered.set(question, (a = app.services.answers.answer(question)));
  return a;
}

type Found = Extract<Answer, { kind: "found" }>;
type NotSaid = Extract<Answer, { kind: "not-said" }>;

function expectFound(a: Answer): Found {
  expect(a.kind, JSON.stringify(a).slice(0, 600)).toBe("found");
  return a as Found;
}

function expectNotSaid(a: Answer): NotSaid {
  expect(a.kind, JSON.stringify(a).slice(0, 600)).toBe("not-said");
  return a as NotSaid;
}

const values = (a: Found) => a.findings.map((f) => f.value ?? "");
const quotesOf = (a: Answer): QuotedSentence[] => (a.kind === "found" ? a.findings.flatMap((f) => f.quotes) : a.kind === "not-said" ? [...a.closest] : []);

// ---- grounding: a quote is the source's text, where it says it is ----

const fileLines = new Map<string, string[]>();
function sourceLine(sourceId: string, line: number): string {
  let lines = fileLines.get(sourceId);
  if (!lines) {
    const article = app.services.knowledge.current.catalogue.articles.get(sourceId);
    if (!article) throw new Error(`no source ${sourceId}`);
    lines = readFileSync(join(REPO_DATA, "..", article.file), "utf8").split("\n");
    fileLines.set(sourceId, lines);
  }
  return normalizeWhitespace(lines[line - 1] ?? "");
}

function expectGroundedQuote(question: string, q: QuotedSentence): void {
  const text = normalizeWhitespace(q.text);
  expect(text.length, `${question}: empty quote`).toBeGreaterThan(0);
  expect(sourceText(q.sourceId), `${question}: not the text of ${q.sourceId}: ${text}`).toContain(text);
  expect(sourceLine(q.sourceId, q.line), `${question}: not at ${q.sourceId}:${q.line}: ${text}`).toContain(text);
}

function expectGroundedAnswer(question: string, a: Answer): void {
  if (a.kind === "found") {
    for (const f of a.findings) {
      expect(f.quotes.length, `${question}: a finding without quotes`).toBeGreaterThan(0);
      for (const q of f.quotes) expect(q.sourceId, `${question}: a quote under another source's finding`).toBe(f.sourceId);
    }
    expect(new Set(a.findings.map((f) => f.sourceId)).size, `${question}: one source twice`).toBe(a.findings.length);
  }
  for (const q of quotesOf(a)) expectGroundedQuote(question, q);
}

// ---- citations in a reply ----

function citesIn(spans: readonly Span[], into: Set<number>): void {
  for (const s of spans) {
    if (s.t === "cite") into.add(s.n);
    else if ("children" in s) citesIn(s.children, into);
  }
}

function citedNumbers(doc: MessageDoc): Set<number> {
  const cited = new Set<number>();
  for (const b of doc.blocks as Block[]) {
    if (b.t === "para") citesIn(b.spans, cited);
    else if (b.t === "list") for (const item of b.items) citesIn(item, cited);
    else if (b.t === "fields") for (const f of b.fields) citesIn(f.value, cited);
    else if (b.t === "quote") cited.add(b.cite);
  }
  return cited;
}

const QUESTIONS = [
  "who leads isis-k",
  "who is the leader of isis-k",
  "how many people were killed in the crocus attack",
  "how many peple died in the crocus atack",
  "why did drivers in dushanbe hate the cameras",
  "why do recruiters target tajik migrants",
  "why did the taliban and isis-k cooperate",
  "when did the taliban take power",
  "where did huawei install cameras",
  "is isis-k a threat to germany",
  "do the sources agree on the death toll",
  "what does SORM stand for",
  "who is abu miskin",
  "what happened between 2021 and 2022",
  "what happened in march 2024",
  "how many people were arrested in dushanbe after the attack",
  "what is the population of tajikistan",
  "who founded isis-k",
  "how many members did isis-k have",
  "which pollster found that russians distrust migrants",
  "what share of tajikistan's gdp comes from remittances",
  "who was the mastermind of the attack",
  "best pizza recipe",
  "кто такой Рахмон",
  "hi",
  "flurbix zanquort",
];

describe("answers with a value", () => {
  it("GIVEN 'who leads isis-k' THEN the answer is Sanaullah Ghafari (Shahab al-Muhajir), from Re:Russia", () => {
    const a = expectFound(answer("who leads isis-k"));
    expect(values(a).some((v) => /Sanaullah Ghafari|Shahab al-Muhajir|Ghafari/.test(v))).toBe(true);
    expect(a.findings.map((f) => f.sourceId)).toContain("re-russia-isis-k-tajikistan");
  });

  it("GIVEN 'who is the leader of isis-k' THEN the answer is Sanaullah Ghafari", () => {
    const a = expectFound(answer("who is the leader of isis-k"));
    expect(values(a).some((v) => /Ghafari|al-Muhajir/.test(v))).toBe(true);
  });

  it("the sentence naming ISIS-K's leader is at least offered when its leader is asked for", () => {
    const quotes = quotesOf(answer("who is the leader of isis-k"));
    expect(quotes.some((q) => q.text.includes("Sanaullah Ghafari"))).toBe(true);
  });

  it("GIVEN 'how many people were killed in the crocus attack' THEN the value is 137, from the Tortoise article", () => {
    const a = expectFound(answer("how many people were killed in the crocus attack"));
    expect(a.answerKind).toBe("number");
    const tortoise = a.findings.find((f) => f.sourceId === "tortoise-sensemaker-crocus-backlash");
    expect(tortoise?.value).toMatch(/\b137\b/);
    expect(tortoise?.quotes.some((q) => q.text.includes("137"))).toBe(true);
  });

  it("the death-toll answer points to the curated figure that measures it", () => {
    const a = expectFound(answer("how many people were killed in the crocus attack"));
    expect(a.figureIds.length).toBeGreaterThan(0);
    for (const id of a.figureIds) expect(app.services.knowledge.figure(id)?.value).toMatch(/137/);
  });

  it("GIVEN typos in the question THEN it still answers 137, and says how it read the typos", () => {
    const a = expectFound(answer("how many peple died in the crocus atack"));
    expect(values(a).some((v) => /\b137\b/.test(v))).toBe(true);
    expect(a.corrections).toEqual(expect.arrayContaining([expect.objectContaining({ from: "peple", to: "people" })]));
  });

  it("GIVEN 'when did the taliban take power' THEN the value is the date, August 2021", () => {
    const a = expectFound(answer("when did the taliban take power"));
    expect(values(a).some((v) => /August 2021/.test(v))).toBe(true);
  });

  it("GIVEN 'where did huawei install cameras' THEN the value is a place the sources name", () => {
    const a = expectFound(answer("where did huawei install cameras"));
    expect(values(a).some((v) => /Tajikistan|Dushanbe/.test(v))).toBe(true);
  });

  // Engine wrong: the answer picks "five" from "five more Tajik nationals who were members of ISIS-K, were
  // sentenced…", a count of convicts, not the group's size; Re:Russia's "By 2022, the UN … estimated that
  // ISIS-K's strength may have reached 4000 individuals" (the curated figure isis-k-strength-2022) is missed.
  it.fails("GIVEN 'how many members did isis-k have' THEN the value is the UN's estimate of up to 4000", () => {
    const a = expectFound(answer("how many members did isis-k have"));
    expect(values(a).some((v) => /4[, ]?000/.test(v))).toBe(true);
  });

  it("a value is words of the sentence quoted for it", () => {
    for (const question of QUESTIONS) {
      const a = answer(question);
      if (a.kind !== "found") continue;
      for (const f of a.findings) {
        if (!f.value) continue;
        expect(
          f.quotes.some((q) => q.text.includes(f.value!)),
          `${question}: value ${f.value} is in none of its quotes`,
        ).toBe(true);
      }
    }
  });
});

describe("answers that quote", () => {
  it("GIVEN 'why did drivers in dushanbe hate the cameras' THEN it quotes the motorists sentence (other words, same meaning)", () => {
    const a = expectFound(answer("why did drivers in dushanbe hate the cameras"));
    expect(a.answerKind).toBe("reason");
    const quotes = quotesOf(a);
    expect(quotes.some((q) => q.sourceId === "eurasianet-tajikistan-security-problem" && /motorists of Dushanbe/.test(q.text))).toBe(true);
  });

  it("GIVEN 'is isis-k a threat to germany' THEN it quotes Faeser's words", () => {
    const a = expectFound(answer("is isis-k a threat to germany"));
    expect(quotesOf(a).some((q) => /Faeser/.test(q.text) && /Germany/.test(q.text))).toBe(true);
  });

  it("GIVEN 'why did the taliban and isis-k cooperate' THEN it quotes Ali Nazary from Tortoise", () => {
    const a = expectFound(answer("why did the taliban and isis-k cooperate"));
    expect(quotesOf(a).some((q) => q.sourceId === "tortoise-sensemaker-crocus-backlash" && /Nazary/.test(q.text))).toBe(true);
  });
});

describe("questions another command answers better", () => {
  it("GIVEN 'what does SORM stand for' THEN it routes to the expansion of SORM", () => {
    expect(answer("what does SORM stand for")).toMatchObject({ kind: "expansion", entityId: "sorm" });
  });

  it("GIVEN 'what does sorm stnad for' (a typo in the frame) THEN it still routes to the expansion", () => {
    expect(answer("what does sorm stnad for")).toMatchObject({ kind: "expansion", entityId: "sorm" });
  });

  it("GIVEN 'who is abu miskin' THEN it routes to his profile", () => {
    expect(answer("who is abu miskin")).toMatchObject({ kind: "profile", entityId: "abu-miskin" });
  });

  it("GIVEN 'who is Rakhmon' (a Russian spelling) THEN it routes to Emomali Rahmon's profile, saying how it read the name", () => {
    const a = answer("who is Rakhmon");
    expect(a).toMatchObject({ kind: "profile", entityId: "emomali-rahmon" });
    if (a.kind === "profile") expect(a.corrections.length).toBeGreaterThan(0);
  });

  // Engine wrong: route() tests /^(who|кто)\b/ and isWhoIs() /^(who|кто)\s+(is|…|такой…)\b/ without the
  // u flag, and \b does not see Cyrillic letters as word characters, so "кто такой Рахмон" ("who is Rahmon")
  // is answered as a "found" person question whose values are "President Emomali Rahmon" and "Minister Wang".
  it.fails("GIVEN 'кто такой Рахмон' ('who is Rahmon') THEN it routes to Rahmon's profile", () => {
    expect(answer("кто такой Рахмон")).toMatchObject({ kind: "profile", entityId: "emomali-rahmon" });
  });

  it("GIVEN 'what happened between 2021 and 2022' THEN it routes to the timeline for 2021–2022", () => {
    expect(answer("what happened between 2021 and 2022")).toMatchObject({ kind: "timeline", from: "2021", to: "2022" });
  });

  it("GIVEN 'what happened in march 2024' THEN it routes to the timeline for that month", () => {
    expect(answer("what happened in march 2024")).toMatchObject({ kind: "timeline", from: "2024-03", to: "2024-03" });
  });
});

describe("what the sources don't say", () => {
  it.each(["how many people were arrested in dushanbe after the attack", "what is the population of tajikistan"])(
    "GIVEN %j (close to the sources, but unanswered) THEN it is not said",
    (question) => {
      const a = expectNotSaid(answer(question));
      expect(a.answerKind).toBe("number");
      expect(a.closest.length).toBeLessThanOrEqual(2);
    },
  );

  it("an arrest in Cologne does not answer how many were arrested in Dushanbe", () => {
    const a = answer("how many people were arrested in dushanbe after the attack");
    expect(a.kind).not.toBe("found");
  });

  // Engine wrong: "founded" stands in by its relative "launched", and the answer is "Islamic State" from
  // "The Guardian has reported that Islamic State launched a recruitment drive last year …", which says
  // nothing of who founded ISIS-K (the sources never say).
  it.fails("GIVEN 'who founded isis-k' THEN it is not said", () => {
    expectNotSaid(answer("who founded isis-k"));
  });

  it("GIVEN an off-topic question ('best pizza recipe') THEN it is not said, with no closest quotes, naming the word the sources never use", () => {
    const a = expectNotSaid(answer("best pizza recipe"));
    expect(a.closest).toEqual([]);
    expect(a.absent).toContain("pizza");
  });

  it("GIVEN 'what is the capital of france' THEN nothing comes close, and France is named as never mentioned", () => {
    const a = expectNotSaid(answer("what is the capital of france"));
    expect(a.closest).toEqual([]);
    expect(a.absent.map((w) => w.toLowerCase())).toContain("france");
  });

  it("a refusal says what was asked in the question's own words", () => {
    const a = expectNotSaid(answer("what is the population of tajikistan"));
    expect(a.wants.toLowerCase()).toContain("population");
  });
});

describe("greetings and words nobody knows", () => {
  it("GIVEN 'hi' THEN it greets", () => {
    expect(answer("hi")).toEqual({ kind: "greeting", greeting: "hello" });
  });

  it("GIVEN 'thanks!' THEN it says you're welcome (a thanks greeting)", () => {
    expect(answer("thanks!")).toEqual({ kind: "greeting", greeting: "thanks" });
  });

  // Engine wrong: any message of five words or fewer that opens with a greeting is answered as a greeting.
  it("GIVEN 'hi, who leads isis-k' THEN it answers the question, not the greeting", () => {
    expect(answer("hi, who leads isis-k").kind).not.toBe("greeting");
  });

  it("GIVEN only nonsense words THEN it says it does not know them", () => {
    const a = answer("flurbix zanquort");
    expect(a.kind).toBe("unknown-words");
    if (a.kind === "unknown-words") expect(a.words).toEqual(expect.arrayContaining(["flurbix", "zanquort"]));
  });
});

describe("every quote is the source's own text, where it says", () => {
  it.each(QUESTIONS)("%j", (question) => {
    expectGroundedAnswer(question, answer(question));
  });

  it("the same question gets the same answer", () => {
    for (const q of ["how many people were killed in the crocus attack", "why did drivers in dushanbe hate the cameras"]) {
      expect(app.services.answers.answer(q)).toEqual(app.services.answers.answer(q));
    }
  });
});

describe("/ask", () => {
  it.each(QUESTIONS)(
    "/ask %s: lists only sources a block cites, every mark points at a listed source, every quote is the cited source's text",
    async (question) => {
      const { doc } = await ask(app, `/ask ${question}`);
      const cited = citedNumbers(doc);
      for (const n of cited) {
        expect(n, `${question}: [${n}]`).toBeGreaterThanOrEqual(1);
        expect(n, `${question}: [${n}] of ${doc.citations.length}`).toBeLessThanOrEqual(doc.citations.length);
      }
      for (const [i, c] of doc.citations.entries()) {
        expect(cited.has(i + 1), `${question}: ${c.sourceId} is listed but cited nowhere`).toBe(true);
      }
      for (const b of doc.blocks) {
        if (b.t !== "quote") continue;
        const source = doc.citations[b.cite - 1]!.sourceId;
        expect(sourceText(source), `${question}: quote not in ${source}`).toContain(normalizeWhitespace(b.text));
      }
    },
  );

  it("/ask how many people were killed in the crocus attack: the reply opens with 137 and who says so", async () => {
    const { doc, text } = await ask(app, "/ask how many people were killed in the crocus attack");
    const first = doc.blocks.find((b) => b.t === "para");
    expect(first?.t === "para" && JSON.stringify(first.spans)).toMatch(/137/);
    expect(text).toMatch(/Tortoise/);
    expect(doc.citations.map((c) => c.sourceId)).toContain("tortoise-sensemaker-crocus-backlash");
  });

  it("/ask what does SORM stand for: says the long name", async () => {
    const { text } = await ask(app, "/ask what does SORM stand for");
    expect(text).toContain("System of Operative Search Measures");
  });

  it("/ask who is abu miskin: shows the profile", async () => {
    const { text } = await ask(app, "/ask who is abu miskin");
    expect(text).toMatch(/Abu Miskin/i);
    expect(text).toMatch(/propagandists and recruiters/);
  });

  it("/ask best pizza recipe: says plainly the sources don't say, and cites nothing", async () => {
    const { doc, text } = await ask(app, "/ask best pizza recipe");
    expect(text).toContain("The sources don't say");
    expect(doc.citations).toEqual([]);
  });

  it("/ask hi: greets, cites nothing", async () => {
    const { doc } = await ask(app, "/ask hi");
    expect(doc.citations).toEqual([]);
    expect(doc.blocks.some((b) => b.t === "quote")).toBe(false);
  });
});

describe("the example questions Brief offers", () => {
  /** The examples the greeting suggests, read from the greeting itself. */
  async function examples(): Promise<string[]> {
    const { text } = await ask(app, "/ask hi");
    return [...text.matchAll(/\/ask ([^·\n]+?\?)/g)].map((m) => m[1]!.trim());
  }

  it("the greeting offers example questions", async () => {
    expect((await examples()).length).toBeGreaterThan(0);
  });

  it("each example question is answered, not refused", async () => {
    for (const q of await examples()) {
      const a = answer(q);
      expect(["found", "profile", "expansion", "timeline"], `${q} → ${a.kind}`).toContain(a.kind);
    }
  });
});
