import type { CommandDef } from "../src/core/command.js";
import { UserError } from "../src/core/errors.js";
import { type T, translator } from "../src/core/i18n.js";
import type { EventRecord, KnowledgeReader } from "../src/core/knowledge.js";
import { type Block, CitationList, command, fields, heading, italic, list, para, quote, text } from "../src/core/message.js";
import { normalizeName } from "../src/core/similarity.js";
import { otherSourcesOnEvent } from "../src/present/extracted.js";
import { citeSpans, entityName, formatEventDate } from "../src/present/records.js";

/** How far ahead (as a factor of bm25's negative scores) a first hit must be to be taken without asking. */
const CLEARLY_BETTER = 1.25;

/** Finds an event by title, id or words; unsure matches become "did you mean". */
export function findEvent(kb: KnowledgeReader, query: string, t: T = translator()): { event: EventRecord; understoodAs?: string; others?: string[] } {
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
  // No event's words, but a topic's ("Крокус", a keyword of the Crocus topic): its most important event.
  const topic = ids.length === 0 ? snap.topicNames.match(query) : undefined;
  if (topic?.kind === "exact" || topic?.kind === "close") {
    const events = [...snap.catalogue.events.values()]
      .map((l) => l.record)
      .filter((e) => e.topics.includes(topic.id))
      .sort((a, b) => b.importance - a.importance);
    if (events[0]) return { event: events[0], understoodAs: events[0].title, others: events.slice(1, 4).map((e) => e.title) };
  }
  const titles = ids.slice(0, 5).map((id) => kb.event(id)?.title ?? id);
  const names = titles.map((title) => `“${title}”`);
  throw new UserError(
    "not-found",
    names.length > 0
      ? `${t("commands.event.which")} ${t("common.didYouMean", { names: names.join(", ") })}`
      : t("commands.event.noMatch", { query: query.slice(0, 60) }),
    [t("commands.event.timelineHint")],
    titles.map((title) => ({ label: title.slice(0, 60), command: "event", args: title })),
  );
}

export default {
  name: "event",
  aliases: ["events"],
  permission: "everyone",
  options: [{ name: "name", type: "string", required: true, autocomplete: "event" }],
  run({ args, services, t }) {
    const kb = services.knowledge;
    const { event: e, understoodAs, others } = findEvent(kb, String(args.name), t);
    const cites = new CitationList();
    const blocks: Block[] = [];
    if (understoodAs) blocks.push(para(italic(t("commands.event.closest", { title: understoodAs }))));
    if (others?.length) blocks.push(para(italic(t("commands.event.others", { titles: others.map((x) => `“${x}”`).join(", ") }))));
    blocks.push(
      fields([
        { label: t("commands.event.date"), value: [text(formatEventDate(e, t) + (e.date_note ? ` (${e.date_note})` : ""))] },
        ...(e.place ? [{ label: t("commands.event.place"), value: [text(e.place)] }] : []),
        ...(e.actors.length ? [{ label: t("commands.event.actors"), value: [text(e.actors.map((a) => entityName(kb, a)).join(", "))] }] : []),
      ]),
    );
    blocks.push(heading(t("commands.event.happened")), para(e.summary, ...citeSpans(e.citations, kb, cites)));
    const figures = e.figures.map((id) => kb.figure(id)).filter((f) => f !== undefined);
    if (figures.length > 0) {
      blocks.push(heading(t("commands.event.figures")), list(figures.map((f) => [text(`${f.value} — ${f.measure}`), ...citeSpans(f.citations, kb, cites)])));
    }
    blocks.push(heading(t("commands.event.sourcesSay")));
    for (const c of e.citations) blocks.push(quote(c.quote, cites.ref(kb.citation(c.source))));
    if (e.caveat) blocks.push(para(italic(t("commands.event.note", { caveat: e.caveat }))));
    // The curated record's quotes and caveat first; then what other sources say of it, found in their text (‡).
    blocks.push(...otherSourcesOnEvent(kb, e, cites, t));
    const related = e.related.map((id) => kb.event(id)).filter((r) => r !== undefined);
    if (related.length > 0) {
      blocks.push(heading(t("commands.event.related")), list(related.map((r) => [command("event", r.title, `${formatEventDate(r, t)} — ${r.title}`)])));
    }
    return { title: e.title, blocks, citations: cites.items, kind: "event" };
  },
} satisfies CommandDef;
