import type { CommandDef } from "../src/core/command.js";
import { UserError } from "../src/core/errors.js";
import { CitationList, bold, heading, italic, list, para, quote, text, type Block, type Span } from "../src/core/message.js";
import type { KnowledgeReader, PassageHit, RecordKind } from "../src/core/knowledge.js";
import { citeSpans, firstSentence, formatEventDate } from "../src/present/records.js";
import { contentWords, splitSentences } from "../src/core/text.js";

/** At most this many quotes in one answer, so it stays a brief. */
export const ASK_MAX_QUOTES = 4;

/** The sentences of a passage that hold matches, most matches first, at most `max`; exact source text. */
export function bestSentences(hit: PassageHit, max = 2): string[] {
  let from = 0;
  const scored = splitSentences(hit.text)
    .map((text, i) => {
      const start = hit.text.indexOf(text, from);
      from = start + text.length;
      const marks = hit.matches.filter(([s, e]) => s >= start && e <= start + text.length).length;
      return { i, marks, text };
    })
    .filter((s) => s.marks > 0);
  return scored
    .sort((a, b) => b.marks - a.marks || a.i - b.i)
    .slice(0, max)
    .sort((a, b) => a.i - b.i)
    .map((s) => s.text)
    .filter((s) => hit.text.includes(s));
}

function recordLine(kb: KnowledgeReader, kind: RecordKind, id: string, cites: CitationList): Span[] | undefined {
  if (kind === "event") {
    const e = kb.event(id);
    return e && [bold(formatEventDate(e)), text(` — ${e.title}: ${firstSentence(e.summary)}`), ...citeSpans(e.citations, kb, cites)];
  }
  if (kind === "figure") {
    const f = kb.figure(id);
    return f && [bold(f.value), text(` — ${f.measure}${f.when ? ` (${f.when})` : ""}`), ...citeSpans(f.citations, kb, cites)];
  }
  const e = kb.entity(id);
  return e && [bold(e.name), text(`: ${firstSentence(e.description)}`), ...citeSpans(e.citations, kb, cites)];
}

export default {
  name: "ask",
  aliases: ["question", "q"],
  description: "Ask a free question; the answer is the best passages and curated facts, cited",
  example: "/ask why do ISIS-K recruiters target Tajiks?",
  usage: "/ask <question>",
  permission: "everyone",
  options: [{ name: "question", description: "Your question, in plain words", type: "string", required: true }],
  run({ args, services }) {
    const kb = services.knowledge;
    const question = String(args.question).trim();
    if (contentWords(question).length === 0) {
      throw new UserError("empty-query", "I need a question with some words in it.", ["For example: /ask who leads ISIS-K?"]);
    }
    const evidence = services.answers.evidenceFor(question);
    if (evidence.passages.length === 0) {
      const words = contentWords(question).slice(0, 3).join(" ");
      return {
        title: "I don't know",
        blocks: [
          para("The sources Brief holds don't answer that, and I won't guess."),
          para("You could try: ", bold(`/search ${words}`), text(", "), bold("/brief"), text(" or "), bold("/help"), text(".")),
        ],
        citations: [],
        tone: "info",
      };
    }
    const cites = new CitationList();
    const blocks: Block[] = [para(italic("What the sources say — Brief quotes them and draws no conclusions of its own."))];
    let quotes = 0;
    for (const hit of evidence.passages) {
      if (quotes >= ASK_MAX_QUOTES) break;
      const n = cites.ref(kb.citation(hit.sourceId));
      for (const s of bestSentences(hit)) {
        if (quotes >= ASK_MAX_QUOTES) break;
        blocks.push(quote(s, n));
        quotes++;
      }
    }
    const facts = evidence.records.map((r) => recordLine(kb, r.kind, r.id, cites)).filter((x) => x !== undefined);
    if (facts.length > 0) blocks.push(heading("Related records"), list(facts));
    return { title: `Q: ${question.slice(0, 200)}`, blocks, citations: cites.items };
  },
} satisfies CommandDef;
