import type { CommandDef } from "../src/core/command.js";
import { UserError } from "../src/core/errors.js";
import type { EventRecord, KnowledgeReader } from "../src/core/knowledge.js";
import { type Block, CitationList, fields, heading, italic, list, para, quote, text } from "../src/core/message.js";
import { normalizeName } from "../src/core/similarity.js";
import { otherSourcesOnEvent } from "../src/present/extracted.js";
import { citeSpans, entityName, formatEventDate } from "../src/present/records.js";

/** How far ahead (as a factor of bm25's negative scores) a first hit must be to be taken without asking. */
const CLEARLY_BETTER = 1.25;

/** Finds an event by title, id or words; unsure matches become "did you mean". */
export function findEvent(kb: KnowledgeReader, query: string): { event: EventRecord; understoodAs?: string; others?: string[] } {
  const snap = kb.current;
  const m = snap.eventNames.match(query);
  if (m.kind === "exact") return { event: kb.event(m.id)! };
  if (m.kind === "close") return { event: kb.event(m.id)!, understoodAs: m.understoodAs };
  const hits = kb.searchRecords(query, ["event"], 5);
  // One hit, or a first hit clearly ahead of the second (bm25: lower is better), is what was meant.
  const clearlyFirst = hits.length > 1 && (hits[0]!.score ?? 0) < (hits[1]!.score ?? 0) * CLEARLY_BETTER;
  if (hits.length === 1 || clearlyFirst || (hits.length > 0 && m.kind === "none" && m.suggestions.length === 0)) {
    const others = clearlyFirst ? hits.slice(1, 4).map((h) => kb.event(h.id)!.title) : undefined;
    return { event: kb.event(hits[0]!.id)!, understoodAs: kb.event(hits[0]!.id)!.title, others };
  }
  const ids = m.kind === "ambiguous" ? m.ids : hits.length > 0 ? hits.map((h) => h.id) : m.suggestions;
  // Several events share the words ("crocus"): one clearly more important than the rest is what most people mean.
  if (m.kind === "ambiguous") {
    const words = normalizeName(query).split(" ");
    const inTitle = (e: EventRecord) => (words.every((w) => normalizeName(e.title).split(" ").includes(w)) ? 1 : 0);
    const rank = (e: EventRecord) => inTitle(e) * 10 + e.importance;
    const events = ids.map((id) => kb.event(id)!).sort((a, b) => rank(b) - rank(a));
    if (events.length > 1 && rank(events[0]!) > rank(events[1]!)) {
      return { event: events[0]!, understoodAs: events[0]!.title, others: events.slice(1).map((e) => e.title) };
    }
  }
  const names = ids.slice(0, 5).map((id) => `“${kb.event(id)?.title ?? id}”`);
  throw new UserError(
    "not-found",
    names.length > 0 ? `Which event do you mean? Did you mean ${names.join(", ")}?` : `No event in the sources matches “${query.slice(0, 60)}”.`,
    ["/timeline lists every dated event."],
  );
}

export default {
  name: "event",
  aliases: ["events"],
  description: "One event: date, place, actors, what happened, figures and what each source says",
  example: "/event Crocus City Hall",
  usage: "/event <name or words>",
  permission: "everyone",
  options: [{ name: "name", description: "The event's name or some words from it", type: "string", required: true, autocomplete: "event" }],
  run({ args, services }) {
    const kb = services.knowledge;
    const { event: e, understoodAs, others } = findEvent(kb, String(args.name));
    const cites = new CitationList();
    const blocks: Block[] = [];
    if (understoodAs) blocks.push(para(italic(`Showing the closest match: ${understoodAs}.`)));
    if (others?.length) blocks.push(para(italic(`Other matches: ${others.map((t) => `“${t}”`).join(", ")}.`)));
    blocks.push(
      fields([
        { label: "Date", value: [text(formatEventDate(e) + (e.date_note ? ` (${e.date_note})` : ""))] },
        ...(e.place ? [{ label: "Place", value: [text(e.place)] }] : []),
        ...(e.actors.length ? [{ label: "Actors", value: [text(e.actors.map((a) => entityName(kb, a)).join(", "))] }] : []),
      ]),
    );
    blocks.push(heading("What happened"), para(e.summary, ...citeSpans(e.citations, kb, cites)));
    const figures = e.figures.map((id) => kb.figure(id)).filter((f) => f !== undefined);
    if (figures.length > 0) {
      blocks.push(heading("Figures"), list(figures.map((f) => [text(`${f.value} — ${f.measure}`), ...citeSpans(f.citations, kb, cites)])));
    }
    blocks.push(heading("What the sources say"));
    for (const c of e.citations) blocks.push(quote(c.quote, cites.ref(kb.citation(c.source))));
    blocks.push(...otherSourcesOnEvent(kb, e, cites));
    if (e.caveat) blocks.push(para(italic(`Note: ${e.caveat}`)));
    const related = e.related.map((id) => kb.event(id)).filter((r) => r !== undefined);
    if (related.length > 0) {
      blocks.push(heading("Related"), list(related.map((r) => [text(`${formatEventDate(r)} — ${r.title}`)])));
    }
    return { title: e.title, blocks, citations: cites.items };
  },
} satisfies CommandDef;
