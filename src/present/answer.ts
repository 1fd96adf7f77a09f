/**
 * An Answer (src/core/answers.ts) as a reply: the answer first (the value and whose claim it is), then the
 * exact quotes that support it, each cited; different values side by side, newest source first; or what
 * the sources do not say, in the question's own terms, with at most two closest quotes.
 */
import type { Answer, Correction, Finding } from "../core/answers.js";
import type { KnowledgeReader } from "../core/knowledge.js";
import { type Block, bold, CitationList, cite, heading, italic, list, type MessageDoc, para, quote, type Span, text } from "../core/message.js";
import { profileDoc } from "./profile.js";
import { formatPartialDate } from "./records.js";
import { timelineDoc } from "./timeline.js";

const EXAMPLES = ["/ask who leads ISIS-K?", "/ask why do recruiters target Tajik migrants?", "/ask what does SORM stand for?"];

export function answerDoc(kb: KnowledgeReader, question: string, answer: Answer): MessageDoc {
  const title = `Q: ${question.slice(0, 200)}`;
  switch (answer.kind) {
    case "greeting":
      return greetingDoc(answer.greeting);
    case "empty":
      return { title, blocks: [para("I need a question with some words in it."), para(`For example: ${EXAMPLES[0]}`)], citations: [], tone: "info" };
    case "unknown-words":
      return {
        title,
        blocks: [
          para(
            `I don't know ${answer.words.length === 1 ? "the word" : "the words"} ${answer.words.map((w) => `“${w.slice(0, 40)}”`).join(", ")}, and the sources don't either.`,
          ),
          ...(answer.suggestions.length
            ? [para("Did you mean: ", ...answer.suggestions.flatMap((s, i) => [...(i ? [text(", ")] : []), bold(s)]), text("?"))]
            : []),
          para(`Try other words, or ${EXAMPLES[0]}`),
        ],
        citations: [],
        tone: "info",
      };
    case "profile":
      return profileDoc(kb, answer.entityId, understoodNote(answer.corrections));
    case "expansion":
      return expansionDoc(kb, answer.entityId, answer.corrections);
    case "timeline": {
      // The whole period at once: a question wants the answer, not a first page of it.
      const doc = timelineDoc(kb, { kind: "period", from: answer.from, to: answer.to, topic: answer.topic }, 1, "", 0);
      return { ...doc, blocks: [para(italic("What the sources date in that period:")), ...doc.blocks] };
    }
    case "not-said":
      return notSaidDoc(kb, title, answer);
    case "found":
      return foundDoc(kb, title, answer);
  }
}

function greetingDoc(kind: "hello" | "thanks" | "bye"): MessageDoc {
  const opening = { hello: "Hello!", thanks: "You're welcome.", bye: "Goodbye!" }[kind];
  return {
    blocks: [
      para(`${opening} I answer questions about reporting on security in Central Asia, quoting the sources word for word.`),
      para("Try: ", ...EXAMPLES.flatMap((e, i) => [...(i ? [text(" · ")] : []), bold(e)])),
    ],
    citations: [],
  };
}

function understoodNote(corrections: readonly Correction[]): string | undefined {
  if (corrections.length === 0) return undefined;
  return `Read as: ${corrections.map((c) => `“${c.from}” → ${c.to}`).join(", ")}.`;
}

/** Who says it: the outlet (or title) and date of a source, as people read it. */
function sourceLabel(kb: KnowledgeReader, sourceId: string): string {
  const c = kb.citation(sourceId);
  const name = c.outlet ?? c.title;
  return c.published ? `${name}, ${formatPartialDate(c.published)}` : name;
}

function quotesOf(findings: readonly Finding[], cites: CitationList, kb: KnowledgeReader): Block[] {
  return findings.flatMap((f) => f.quotes.map((q) => quote(q.text, cites.ref(kb.citation(q.sourceId)))));
}

function foundDoc(kb: KnowledgeReader, title: string, answer: Extract<Answer, { kind: "found" }>): MessageDoc {
  const cites = new CitationList();
  const blocks: Block[] = [];
  const note = understoodNote(answer.corrections);
  if (note) blocks.push(para(italic(note)));
  const findings = answer.differing ? newestFirst(kb, answer.findings) : answer.findings;
  const valued = findings.filter((f) => f.value);

  if (answer.differing && valued.length > 1) {
    blocks.push(para(bold("The sources give different answers"), text(" (newest first; they may count different things):")));
    blocks.push(list(valued.map((f) => valueLine(kb, f, cites))));
    blocks.push(heading("In their words"), ...quotesOf(findings, cites, kb));
  } else if (valued.length > 0) {
    const first = valued[0]!;
    const others = valued.slice(1).filter((f) => f.value === first.value);
    const sources = [first, ...others].map((f) => ({ label: sourceLabel(kb, f.sourceId), n: cites.ref(kb.citation(f.sourceId)) }));
    const by: Span[] = sources.flatMap((s, i) => [...(i ? [text(i === sources.length - 1 ? " and " : ", ")] : []), text(s.label), text(" "), cite(s.n)]);
    blocks.push(para(bold(first.value!), text(first.attribution ? ` — ${first.attribution}, as ` : " — according to "), ...by, text(".")));
    blocks.push(...quotesOf(findings, cites, kb));
  } else if (findings.length === 0) {
    blocks.push(para(italic("No single sentence gives that number; the curated figures that measure it, with their sources' words:")));
  } else if (answer.answerKind === "comparison" || findings.length > 1) {
    blocks.push(para(italic(findings.length > 1 ? "What each source says — their words, side by side:" : "What the source says:")));
    for (const f of findings) {
      const n = cites.ref(kb.citation(f.sourceId));
      blocks.push(para(bold(sourceLabel(kb, f.sourceId)), text(" "), cite(n)));
      for (const q of f.quotes) blocks.push(quote(q.text, n));
    }
  } else {
    blocks.push(para(italic("What the source says:")), ...quotesOf(findings, cites, kb));
  }

  const figures = answer.figureIds.map((id) => kb.figure(id)).filter((f) => f !== undefined);
  if (figures.length > 0) {
    blocks.push(
      heading("Curated figures"),
      list(
        figures.map((f) => [
          bold(f.value),
          text(` — ${f.measure}${f.when ? ` (${f.when})` : ""}`),
          ...[...new Set(f.citations.map((c) => c.source))].flatMap((s) => [text(" "), cite(cites.ref(kb.citation(s)))]),
          ...(f.caveat ? [text(" "), italic(f.caveat)] : []),
        ]),
      ),
    );
    // With no sentence of their own, the figures' exact quotes are the evidence.
    if (findings.length === 0) for (const f of figures) for (const c of f.citations) blocks.push(quote(c.quote, cites.ref(kb.citation(c.source))));
  }
  blocks.push(para(italic("Brief quotes the sources and draws no conclusions of its own.")));
  return { title, blocks, citations: cites.items };
}

function valueLine(kb: KnowledgeReader, f: Finding, cites: CitationList): Span[] {
  return [
    bold(f.value!),
    text(` — ${sourceLabel(kb, f.sourceId)}`),
    ...(f.attribution ? [text(`, ${f.attribution}`)] : []),
    text(" "),
    cite(cites.ref(kb.citation(f.sourceId))),
  ];
}

function newestFirst(kb: KnowledgeReader, findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => (kb.citation(b.sourceId).published ?? "").localeCompare(kb.citation(a.sourceId).published ?? ""));
}

function notSaidDoc(kb: KnowledgeReader, title: string, answer: Extract<Answer, { kind: "not-said" }>): MessageDoc {
  const { wants, closest, absent, corrections } = answer;
  const cites = new CitationList();
  const never = absent.length > 0 ? ` They never mention ${absent.map((w) => `“${w}”`).join(" or ")}.` : "";
  const blocks: Block[] = [para(`The sources don't say ${wants.replace(/[?.!]+$/, "")}.${never}`)];
  const note = understoodNote(corrections);
  if (note) blocks.push(para(italic(note)));
  if (closest.length > 0) {
    blocks.push(para(italic("Closest they come (not an answer):")));
    for (const q of closest) blocks.push(quote(q.text, cites.ref(kb.citation(q.sourceId))));
  }
  blocks.push(para("Brief won't guess. /search looks through the full text; /help lists what else it can do."));
  return { title, blocks, citations: cites.items, tone: "info" };
}

/** "What does SORM stand for": the name it abbreviates, from the profile's names, with the sources' words. */
function expansionDoc(kb: KnowledgeReader, entityId: string, corrections: readonly Correction[]): MessageDoc {
  const e = kb.entity(entityId)!;
  const cites = new CitationList();
  const names = [e.name, ...e.aliases];
  const short = names.filter((n) => /^[A-Z][A-Z0-9-]{1,9}$/.test(n.trim()));
  const long = names.filter((n) => n.trim().split(/\s+/).length >= 2).sort((a, b) => expansionFit(b, short) - expansionFit(a, short) || b.length - a.length);
  const blocks: Block[] = [];
  const note = understoodNote(corrections);
  if (note) blocks.push(para(italic(note)));
  if (short.length > 0 && long.length > 0) blocks.push(para(bold(short[0]!), text(" stands for "), bold(long[0]!), text(".")));
  else blocks.push(para(bold(e.name), text(names.length > 1 ? ` is also called ${names.slice(1).join(", ")}.` : " has no other name in the sources.")));
  blocks.push(para(e.description));
  for (const c of e.citations) blocks.push(quote(c.quote, cites.ref(kb.citation(c.source))));
  return { title: e.name, blocks, citations: cites.items };
}

/** How well a long name's initials spell one of the short names ("System of Operative Search Measures" → SOSM ≈ SORM). */
function expansionFit(name: string, acronyms: readonly string[]): number {
  const initials = name
    .split(/[\s-]+/)
    .filter((w) => /^[A-Z]/.test(w))
    .map((w) => w[0])
    .join("");
  return Math.max(0, ...acronyms.map((a) => [...a.replace(/[^A-Z]/g, "")].filter((ch, i) => initials[i] === ch).length));
}
