/**
 * An Answer as a reply (answerDoc), over hand-built Answers and a tiny fake knowledge reader: the value
 * first with who says it, differing values side by side newest first, plain refusals, greetings without
 * citations, and suggestions for words nobody knows.
 */
import { describe, expect, it } from "vitest";
import type { Answer, Finding } from "../../src/core/answers.js";
import type { EntityRecord, FigureRecord, KnowledgeReader } from "../../src/core/knowledge.js";
import { type Block, type Citation, type MessageDoc, type Span, spansToText } from "../../src/core/message.js";
import { answerDoc } from "../../src/present/answer.js";

// ---- a tiny knowledge reader: only what answerDoc reads for these answers ----

const CITATIONS: Record<string, Citation> = {
  old: { sourceId: "old", title: "An older report", outlet: "Old Outlet", published: "2021" },
  new: { sourceId: "new", title: "A newer report", outlet: "New Outlet", published: "2024-03" },
  undated: { sourceId: "undated", title: "An undated analysis" },
};

const FIGURES: Record<string, FigureRecord> = {
  toll: {
    id: "toll",
    measure: "People killed in the attack",
    value: "137 people",
    topics: [],
    compare: [],
    citations: [{ source: "new", quote: "killed 137 people" }],
  },
};

const ENTITIES: Record<string, EntityRecord> = {
  sorm: {
    id: "sorm",
    type: "programme",
    name: "SORM",
    aliases: ["System of Operative Search Measures"],
    description: "A surveillance framework.",
    topics: [],
    citations: [{ source: "undated", quote: "SORM, known as the System of Operative Search Measures" }],
  },
};

function fakeKnowledge(): KnowledgeReader {
  const reader = {
    citation(id: string) {
      const c = CITATIONS[id];
      if (!c) throw new Error(`unknown source ${id}`);
      return c;
    },
    entity: (id: string) => ENTITIES[id],
    figure: (id: string) => FIGURES[id],
    get current(): never {
      throw new Error("current is not used by these answers");
    },
  };
  return new Proxy(reader, {
    get(target, property, receiver) {
      if (property in target) return Reflect.get(target, property, receiver);
      if (property === "then") return undefined;
      throw new Error(`knowledge.${String(property)} is not used by this test`);
    },
  }) as unknown as KnowledgeReader;
}

const kb = fakeKnowledge();

// ---- reading a document ----

const paras = (doc: MessageDoc) => doc.blocks.filter((b): b is Extract<Block, { t: "para" }> => b.t === "para");
const blockText = (b: Block): string =>
  b.t === "para"
    ? spansToText(b.spans)
    : b.t === "quote"
      ? b.text
      : b.t === "heading"
        ? b.text
        : b.t === "list"
          ? b.items.map(spansToText).join("\n")
          : b.fields.map((f) => `${f.label}: ${spansToText(f.value)}`).join("\n");
const docText = (doc: MessageDoc) => doc.blocks.map(blockText).join("\n");
const quoteBlocks = (doc: MessageDoc) => doc.blocks.filter((b): b is Extract<Block, { t: "quote" }> => b.t === "quote");

function citesIn(spans: readonly Span[], into: Set<number>): Set<number> {
  for (const s of spans) {
    if (s.t === "cite") into.add(s.n);
    else if ("children" in s) citesIn(s.children, into);
  }
  return into;
}

/** Every citation listed is cited by some block, and every mark points at one listed. */
function expectCitationsConsistent(doc: MessageDoc) {
  const cited = new Set<number>();
  for (const b of doc.blocks) {
    if (b.t === "para") citesIn(b.spans, cited);
    else if (b.t === "list") for (const item of b.items) citesIn(item, cited);
    else if (b.t === "quote") cited.add(b.cite);
  }
  for (const n of cited) expect(doc.citations[n - 1]).toBeDefined();
  for (const i of doc.citations.keys()) expect(cited.has(i + 1)).toBe(true);
}

/** Which source a cite mark or quote number stands for. */
const sourceOf = (doc: MessageDoc, n: number) => doc.citations[n - 1]?.sourceId;

// ---- hand-built answers ----

const finding = (sourceId: string, value: string | undefined, text: string, attribution?: string): Finding => ({
  sourceId,
  value,
  quotes: [{ sourceId, text, line: 3 }],
  attribution,
});

function found(findings: Finding[], extra: Partial<Extract<Answer, { kind: "found" }>> = {}): Answer {
  return { kind: "found", answerKind: "number", wants: "how many people died", findings, differing: false, figureIds: [], corrections: [], ...extra };
}

describe("found, with one value", () => {
  const doc = answerDoc(kb, "how many people died", found([finding("new", "137", "The attack killed 137 people.")]));

  it("opens with the value in bold", () => {
    const first = paras(doc)[0]!;
    expect(first.spans[0]).toEqual({ t: "bold", children: [{ t: "text", text: "137" }] });
  });

  it("says, right after the value, which source gives it, with its citation", () => {
    const first = paras(doc)[0]!;
    const text = spansToText(first.spans);
    expect(text).toContain("New Outlet");
    const marks = [...citesIn(first.spans, new Set())];
    expect(marks.map((n) => sourceOf(doc, n))).toEqual(["new"]);
  });

  it("then quotes the sentence exactly, cited to its source", () => {
    const [q] = quoteBlocks(doc);
    expect(q?.text).toBe("The attack killed 137 people.");
    expect(sourceOf(doc, q!.cite)).toBe("new");
  });

  it("titles the reply with the question", () => {
    expect(doc.title).toContain("how many people died");
  });

  it("cites exactly the sources it quotes", () => {
    expect(doc.citations.map((c) => c.sourceId)).toEqual(["new"]);
    expectCitationsConsistent(doc);
  });

  it("names whose claim it is when the sentence says", () => {
    const d = answerDoc(kb, "q", found([finding("new", "137", "Officials said 137 people died.", "Officials said")]));
    expect(spansToText(paras(d)[0]!.spans)).toContain("Officials said");
  });

  it("says how it read mistyped words", () => {
    const d = answerDoc(
      kb,
      "how many peple died",
      found([finding("new", "137", "The attack killed 137 people.")], { corrections: [{ from: "peple", to: "people" }] }),
    );
    expect(docText(d)).toMatch(/peple.*people/);
    // The value still comes before the quotes.
    const valueAt = d.blocks.findIndex((b) => b.t === "para" && spansToText(b.spans).startsWith("137"));
    expect(valueAt).toBeGreaterThanOrEqual(0);
    expect(valueAt).toBeLessThan(d.blocks.findIndex((b) => b.t === "quote"));
  });

  it("lists a curated figure that measures what was asked, cited to its source", () => {
    const d = answerDoc(kb, "q", found([finding("new", "137", "The attack killed 137 people.")], { figureIds: ["toll"] }));
    expect(docText(d)).toContain("People killed in the attack");
    expectCitationsConsistent(d);
  });

  it("ends by saying Brief draws no conclusions of its own", () => {
    expect(blockText(doc.blocks.at(-1)!)).toMatch(/no conclusions/);
  });
});

describe("found, with values that differ", () => {
  // Oldest first in the answer: the reply must put the newest source first.
  const answer = found([finding("old", "100", "About 100 people died."), finding("new", "137", "The attack killed 137 people.")], { differing: true });
  const doc = answerDoc(kb, "how many people died", answer);

  it("says the sources give different answers", () => {
    expect(docText(doc)).toMatch(/different answers/i);
  });

  it("shows the values side by side, the newest source first, each with its source cited", () => {
    const list = doc.blocks.find((b): b is Extract<Block, { t: "list" }> => b.t === "list");
    expect(list).toBeDefined();
    expect(list!.items).toHaveLength(2);
    const [first, second] = list!.items.map((item) => ({ text: spansToText(item), sources: [...citesIn(item, new Set())].map((n) => sourceOf(doc, n)) }));
    expect(first!.text).toMatch(/^137/);
    expect(first!.text).toContain("New Outlet");
    expect(first!.sources).toEqual(["new"]);
    expect(second!.text).toMatch(/^100/);
    expect(second!.text).toContain("Old Outlet");
    expect(second!.sources).toEqual(["old"]);
  });

  it("still quotes both sources, each cited to its own", () => {
    const quotes = quoteBlocks(doc).map((q) => ({ text: q.text, source: sourceOf(doc, q.cite) }));
    expect(quotes).toEqual(
      expect.arrayContaining([
        { text: "The attack killed 137 people.", source: "new" },
        { text: "About 100 people died.", source: "old" },
      ]),
    );
    expectCitationsConsistent(doc);
  });

  it("a source without a date comes after the dated ones", () => {
    const d = answerDoc(kb, "q", found([finding("undated", "90", "Some 90 died."), finding("old", "100", "About 100 people died.")], { differing: true }));
    const list = d.blocks.find((b): b is Extract<Block, { t: "list" }> => b.t === "list")!;
    expect(spansToText(list.items[0]!)).toMatch(/^100/);
  });
});

describe("found, without a value", () => {
  it("quotes each source under its own name when several answer in their words", () => {
    const answer = found([finding("new", undefined, "Drivers hated the cameras."), finding("old", undefined, "Motorists disliked the fines.")], {
      answerKind: "reason",
    });
    const doc = answerDoc(kb, "why", answer);
    const text = docText(doc);
    expect(text).toContain("New Outlet");
    expect(text).toContain("Old Outlet");
    expect(quoteBlocks(doc).map((q) => sourceOf(doc, q.cite))).toEqual(["new", "old"]);
    expectCitationsConsistent(doc);
  });
});

describe("not said", () => {
  const notSaid = (extra: Partial<Extract<Answer, { kind: "not-said" }>> = {}): Answer => ({
    kind: "not-said",
    answerKind: "number",
    wants: "what is the population of tajikistan",
    closest: [],
    absent: [],
    corrections: [],
    ...extra,
  });

  it("the first block starts 'The sources don't say', in the question's terms", () => {
    const doc = answerDoc(kb, "what is the population of tajikistan?", notSaid());
    expect(blockText(doc.blocks[0]!)).toMatch(/^The sources don't say what is the population of tajikistan/);
  });

  it("names the words the sources never use", () => {
    const doc = answerDoc(kb, "best pizza recipe", notSaid({ wants: "best pizza recipe", absent: ["pizza"] }));
    expect(blockText(doc.blocks[0]!)).toMatch(/The sources don't say/);
    expect(blockText(doc.blocks[0]!)).toContain("pizza");
  });

  it("with nothing close, quotes and cites nothing", () => {
    const doc = answerDoc(kb, "q", notSaid());
    expect(quoteBlocks(doc)).toEqual([]);
    expect(doc.citations).toEqual([]);
  });

  it("shows the closest sentences as not an answer, each cited to its source", () => {
    const doc = answerDoc(
      kb,
      "q",
      notSaid({
        closest: [
          { sourceId: "old", text: "95% of the population is Muslim.", line: 2 },
          { sourceId: "new", text: "About 70% live in rural areas.", line: 5 },
        ],
      }),
    );
    expect(docText(doc)).toMatch(/not an answer/i);
    expect(quoteBlocks(doc).map((q) => [q.text, sourceOf(doc, q.cite)])).toEqual([
      ["95% of the population is Muslim.", "old"],
      ["About 70% live in rural areas.", "new"],
    ]);
    expectCitationsConsistent(doc);
  });

  it("is informational, not an error", () => {
    expect(answerDoc(kb, "q", notSaid()).tone).not.toBe("error");
  });
});

describe("greetings", () => {
  it.each(["hello", "thanks", "bye"] as const)("a %s greeting has no citations and quotes nothing", (greeting) => {
    const doc = answerDoc(kb, "hi", { kind: "greeting", greeting });
    expect(doc.citations).toEqual([]);
    expect(quoteBlocks(doc)).toEqual([]);
    expect(docText(doc)).toMatch(/\/ask /);
  });

  it("answers thanks differently from hello", () => {
    const hello = docText(answerDoc(kb, "hi", { kind: "greeting", greeting: "hello" }));
    const thanks = docText(answerDoc(kb, "thanks", { kind: "greeting", greeting: "thanks" }));
    expect(thanks).not.toBe(hello);
  });
});

describe("unknown words", () => {
  it("names the words it does not know and shows the suggestions in bold", () => {
    const doc = answerDoc(kb, "flurbix", { kind: "unknown-words", words: ["flurbix"], suggestions: ["Crocus City Hall", "fines"] });
    const text = docText(doc);
    expect(text).toContain("flurbix");
    const suggestions = paras(doc).find((p) => spansToText(p.spans).includes("Did you mean"));
    expect(suggestions).toBeDefined();
    const bolded = suggestions!.spans.filter((s) => s.t === "bold").map((s) => spansToText([s]));
    expect(bolded).toEqual(["Crocus City Hall", "fines"]);
    expect(doc.citations).toEqual([]);
  });

  it("offers no 'did you mean' when there is nothing to suggest", () => {
    const doc = answerDoc(kb, "zzz", { kind: "unknown-words", words: ["zzz"], suggestions: [] });
    expect(docText(doc)).not.toMatch(/Did you mean/);
  });
});

describe("expansion and empty", () => {
  it("an expansion says what the short name stands for, quoting its citation", () => {
    const doc = answerDoc(kb, "what does SORM stand for", { kind: "expansion", entityId: "sorm", corrections: [] });
    expect(docText(doc)).toContain("SORM stands for System of Operative Search Measures");
    expect(quoteBlocks(doc).map((q) => sourceOf(doc, q.cite))).toEqual(["undated"]);
    expectCitationsConsistent(doc);
  });

  it("an empty question asks for words and cites nothing", () => {
    const doc = answerDoc(kb, "", { kind: "empty" });
    expect(doc.citations).toEqual([]);
    expect(docText(doc)).toMatch(/question/);
  });
});
