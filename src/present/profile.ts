/** A profile of one entity: what it is, its other names, its role in events, the sources' words, where it is mentioned. */
import { type T, translator } from "../core/i18n.js";
import type { KnowledgeReader, SourceSentence } from "../core/knowledge.js";
import { type Block, bold, CitationList, fields, heading, italic, list, type MessageDoc, para, quote, text } from "../core/message.js";
import { FOUND_MARK, foundLegend, sourceAndDate } from "./extracted.js";
import { citeSpans, describeEntityType, formatEventDate, sortEvents } from "./records.js";

/** Sentences naming the entity quoted in a profile, at most, and from any one source. */
const PROFILE_SENTENCES = 8;
const PROFILE_SENTENCES_PER_SOURCE = 2;

export function profileDoc(kb: KnowledgeReader, entityId: string, note?: string, t: T = translator()): MessageDoc {
  const e = kb.entity(entityId);
  if (!e) throw new Error(`no entity ${entityId}`);
  const snap = kb.current;
  const cites = new CitationList();
  const blocks: Block[] = [];
  if (note) blocks.push(para(italic(note)));
  blocks.push(
    fields([
      { label: t("commands.who.type"), value: [text(describeEntityType(e, t))] },
      ...(e.aliases.length ? [{ label: t("commands.who.alsoCalled"), value: [text(e.aliases.join(", "))] }] : []),
    ]),
    para(e.description, ...citeSpans(e.citations, kb, cites)),
  );
  const events = sortEvents(
    kb,
    [...snap.catalogue.events.values()].map((l) => l.record).filter((ev) => ev.actors.includes(e.id)),
  );
  if (events.length > 0) {
    blocks.push(
      heading(t("commands.who.role")),
      list(events.map((ev) => [bold(formatEventDate(ev, t)), text(` — ${ev.title}`), ...citeSpans(ev.citations, kb, cites)])),
    );
  }
  blocks.push(heading(t("commands.who.words")));
  for (const c of e.citations) blocks.push(quote(c.quote, cites.ref(kb.citation(c.source))));
  // Every article's sentences naming it, curated or not, newest source first (found by extraction, marked ‡).
  const naming = kb.sentencesNaming(e.id, { limit: PROFILE_SENTENCES, perSource: PROFILE_SENTENCES_PER_SOURCE });
  if (naming.length > 0) {
    blocks.push(heading(t("commands.who.naming", { name: e.name, mark: FOUND_MARK })));
    for (const s of naming) blocks.push(para(italic(`${sourceAndDate(kb, s.sourceId, t)}:`)), quote(s.text, cites.ref(kb.citation(s.sourceId))));
    blocks.push(para(italic(foundLegend(t))));
  }
  const mentioned = snap.mentions.get(e.id) ?? [];
  if (mentioned.length > 0) {
    blocks.push(
      heading(t("commands.who.mentioned")),
      list(mentioned.map((id) => [text(kb.citation(id).title), text(" "), { t: "cite", n: cites.ref(kb.citation(id)) }])),
    );
  }
  return { title: e.name, blocks, citations: cites.items, kind: "profile" };
}

/**
 * A name the sources use that no curated record profiles yet (found by extraction): say so, and quote the
 * sentences that name it, so a new article's people are not invisible until someone curates them.
 */
export function uncuratedNameDoc(
  kb: KnowledgeReader,
  found: { name: string; sources: number; sentences: readonly SourceSentence[] },
  t: T = translator(),
): MessageDoc {
  const cites = new CitationList();
  const blocks: Block[] = [para(italic(t("commands.who.uncurated", { name: found.name, count: found.sources })))];
  for (const s of found.sentences) blocks.push(para(italic(`${sourceAndDate(kb, s.sourceId, t)}:`)), quote(s.text, cites.ref(kb.citation(s.sourceId))));
  blocks.push(para(italic(foundLegend(t))));
  return { title: `${found.name} ${FOUND_MARK}`, blocks, citations: cites.items, kind: "profile" };
}
