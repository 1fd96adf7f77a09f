/**
 * An Answer (src/core/answers.ts) as a reply: the answer first (the value and whose claim it is), then the
 * exact quotes that support it, each cited; different values side by side, newest source first; or what
 * the sources do not say, in the question's own terms, with at most two closest quotes.
 */
import type { Answer, Correction, Finding } from "../core/answers.js";
import { type T, translator } from "../core/i18n.js";
import type { KnowledgeReader } from "../core/knowledge.js";
import { type Block, bold, CitationList, cite, heading, italic, list, type MessageDoc, para, quote, type Span, text } from "../core/message.js";
import { profileDoc } from "./profile.js";
import { formatPartialDate } from "./records.js";
import { timelineDoc } from "./timeline.js";

const EXAMPLES = ["/ask who leads ISIS-K?", "/ask why do recruiters target Tajik migrants?", "/ask what does SORM stand for?"];
const EXAMPLES_RU = ["/ask кто возглавляет ИГИЛ-К?", "/ask почему вербовщики выбирают таджикских мигрантов?", "/ask что такое СОРМ?"];

export function answerDoc(kb: KnowledgeReader, question: string, answer: Answer, t: T = translator()): MessageDoc {
  const doc = answerBody(kb, question, answer, t);
  return { ...doc, kind: doc.kind ?? "answer" };
}

function answerBody(kb: KnowledgeReader, question: string, answer: Answer, t: T): MessageDoc {
  const title = t("answer.question", { question: question.slice(0, 200) });
  const examples = t.locale === "ru" ? EXAMPLES_RU : EXAMPLES;
  switch (answer.kind) {
    case "greeting":
      return greetingDoc(answer.greeting, t, examples);
    case "empty":
      return { title, blocks: [para(t("answer.needWords")), para(t("answer.forExample", { example: examples[0] }))], citations: [], tone: "info" };
    case "unknown-words":
      return {
        title,
        blocks: [
          para(t("answer.unknownWord", { count: answer.words.length, words: answer.words.map((w) => `“${w.slice(0, 40)}”`).join(", ") })),
          ...(answer.suggestions.length
            ? [para(t("answer.didYouMean"), ...answer.suggestions.flatMap((s, i) => [...(i ? [text(", ")] : []), bold(s)]), text("?"))]
            : []),
          para(t("answer.tryOther", { example: examples[0] })),
        ],
        citations: [],
        tone: "info",
        // "Did you mean" as buttons: each asks the question again with the word meant.
        actions: answer.suggestions.slice(0, 4).map((s) => ({ label: s, command: "ask", args: replaceWord(question, answer.words[0] ?? "", s) })),
      };
    case "profile":
      return profileDoc(kb, answer.entityId, understoodNote(answer.corrections, t), t);
    case "expansion":
      return expansionDoc(kb, answer.entityId, answer.corrections, t);
    case "timeline": {
      // The whole period at once: a question wants the answer, not a first page of it.
      const doc = timelineDoc(kb, { kind: "period", from: answer.from, to: answer.to, topic: answer.topic }, 1, "", 0, t);
      return { ...doc, blocks: [para(italic(t("commands.timeline.wholePeriod"))), ...doc.blocks] };
    }
    case "not-said":
      return notSaidDoc(kb, title, answer, t);
    case "found":
      return foundDoc(kb, title, answer, t);
  }
}

function replaceWord(question: string, word: string, by: string): string {
  if (!word) return by;
  const re = new RegExp(word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "i");
  return re.test(question) ? question.replace(re, by) : by;
}

function greetingDoc(kind: "hello" | "thanks" | "bye", t: T, examples: readonly string[]): MessageDoc {
  const opening = t(`answer.${kind}`);
  return {
    blocks: [para(t("answer.greeting", { opening })), para(t("answer.try"), ...examples.flatMap((e, i) => [...(i ? [text(" · ")] : []), bold(e)]))],
    citations: [],
  };
}

function understoodNote(corrections: readonly Correction[], t: T): string | undefined {
  if (corrections.length === 0) return undefined;
  return t("answer.readAs", { list: corrections.map((c) => `“${c.from}” → ${c.to}`).join(", ") });
}

/** Who says it: the outlet (or title) and date of a source, as people read it. */
function sourceLabel(kb: KnowledgeReader, sourceId: string, t: T): string {
  const c = kb.citation(sourceId);
  const name = c.outlet ?? c.title;
  return c.published ? `${name}, ${formatPartialDate(c.published, t)}` : name;
}

function quotesOf(findings: readonly Finding[], cites: CitationList, kb: KnowledgeReader): Block[] {
  return findings.flatMap((f) => f.quotes.map((q) => quote(q.text, cites.ref(kb.citation(q.sourceId)))));
}

function foundDoc(kb: KnowledgeReader, title: string, answer: Extract<Answer, { kind: "found" }>, t: T): MessageDoc {
  const cites = new CitationList();
  const blocks: Block[] = [];
  const note = understoodNote(answer.corrections, t);
  if (note) blocks.push(para(italic(note)));
  const findings = answer.differing ? newestFirst(kb, answer.findings) : answer.findings;
  const valued = findings.filter((f) => f.value);

  if (answer.differing && valued.length > 1) {
    blocks.push(para(bold(t("answer.different")), text(t("answer.differentNote"))));
    blocks.push(list(valued.map((f) => valueLine(kb, f, cites, t))));
    blocks.push(heading(t("answer.inTheirWords")), ...quotesOf(findings, cites, kb));
  } else if (valued.length > 0) {
    const first = valued[0]!;
    const others = valued.slice(1).filter((f) => f.value === first.value);
    const sources = [first, ...others].map((f) => ({ label: sourceLabel(kb, f.sourceId, t), n: cites.ref(kb.citation(f.sourceId)) }));
    const by: Span[] = sources.flatMap((s, i) => [
      ...(i ? [text(i === sources.length - 1 ? t("common.and") : ", ")] : []),
      text(s.label),
      text(" "),
      cite(s.n),
    ]);
    blocks.push(
      para(bold(first.value!), text(first.attribution ? t("answer.asSays", { attribution: first.attribution }) : t("answer.accordingTo")), ...by, text(".")),
    );
    blocks.push(...quotesOf(findings, cites, kb));
  } else if (findings.length === 0) {
    blocks.push(para(italic(t("answer.noSentence"))));
  } else if (answer.answerKind === "comparison" || findings.length > 1) {
    blocks.push(para(italic(findings.length > 1 ? t("answer.eachSource") : t("answer.theSource"))));
    for (const f of findings) {
      const n = cites.ref(kb.citation(f.sourceId));
      blocks.push(para(bold(sourceLabel(kb, f.sourceId, t)), text(" "), cite(n)));
      for (const q of f.quotes) blocks.push(quote(q.text, n));
    }
  } else {
    blocks.push(para(italic(t("answer.theSource"))), ...quotesOf(findings, cites, kb));
  }

  const figures = answer.figureIds.map((id) => kb.figure(id)).filter((f) => f !== undefined);
  if (figures.length > 0) {
    blocks.push(
      heading(t("answer.curatedFigures")),
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
  blocks.push(para(italic(t("answer.noConclusions"))));
  return { title, blocks, citations: cites.items };
}

function valueLine(kb: KnowledgeReader, f: Finding, cites: CitationList, t: T): Span[] {
  return [
    bold(f.value!),
    text(` — ${sourceLabel(kb, f.sourceId, t)}`),
    ...(f.attribution ? [text(`, ${f.attribution}`)] : []),
    text(" "),
    cite(cites.ref(kb.citation(f.sourceId))),
  ];
}

function newestFirst(kb: KnowledgeReader, findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => (kb.citation(b.sourceId).published ?? "").localeCompare(kb.citation(a.sourceId).published ?? ""));
}

function notSaidDoc(kb: KnowledgeReader, title: string, answer: Extract<Answer, { kind: "not-said" }>, t: T): MessageDoc {
  const { wants, closest, absent, corrections } = answer;
  const cites = new CitationList();
  const never = absent.length > 0 ? t("answer.neverMention", { words: absent.map((w) => `“${w}”`).join(t("common.or")) }) : "";
  const blocks: Block[] = [para(`${t("answer.notSay", { wants: wants.replace(/[?.!]+$/, "") })}${never}`)];
  const note = understoodNote(corrections, t);
  if (note) blocks.push(para(italic(note)));
  if (closest.length > 0) {
    blocks.push(para(italic(t("answer.closest"))));
    for (const q of closest) blocks.push(quote(q.text, cites.ref(kb.citation(q.sourceId))));
  }
  blocks.push(para(t("answer.wontGuess")));
  return { title, blocks, citations: cites.items, tone: "info" };
}

/** "What does SORM stand for": the name it abbreviates, from the profile's names, with the sources' words. */
function expansionDoc(kb: KnowledgeReader, entityId: string, corrections: readonly Correction[], t: T): MessageDoc {
  const e = kb.entity(entityId)!;
  const cites = new CitationList();
  const names = [e.name, ...e.aliases];
  const short = names.filter((n) => /^[A-Z][A-Z0-9-]{1,9}$/.test(n.trim()));
  const long = names.filter((n) => n.trim().split(/\s+/).length >= 2).sort((a, b) => expansionFit(b, short) - expansionFit(a, short) || b.length - a.length);
  const blocks: Block[] = [];
  const note = understoodNote(corrections, t);
  if (note) blocks.push(para(italic(note)));
  if (short.length > 0 && long.length > 0) blocks.push(para(bold(short[0]!), text(t("answer.standsFor")), bold(long[0]!), text(".")));
  else blocks.push(para(bold(e.name), text(names.length > 1 ? t("answer.alsoCalled", { names: names.slice(1).join(", ") }) : t("answer.noOtherName"))));
  blocks.push(para(e.description));
  for (const c of e.citations) blocks.push(quote(c.quote, cites.ref(kb.citation(c.source))));
  return { title: e.name, blocks, citations: cites.items, kind: "profile" };
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
