/** A profile of one entity: what it is, its other names, its role in events, the sources' words, where it is mentioned. */
import type { KnowledgeReader, SourceSentence } from "../core/knowledge.js";
import { type Block, bold, CitationList, fields, heading, italic, list, type MessageDoc, para, quote, text } from "../core/message.js";
import { FOUND_LEGEND, FOUND_MARK, sourceAndDate } from "./extracted.js";
import { citeSpans, describeEntityType, formatEventDate, sortEvents } from "./records.js";

/** Sentences naming the entity quoted in a profile, at most, and from any one source. */
const PROFILE_SENTENCES = 8;
const PROFILE_SENTENCES_PER_SOURCE = 2;

export function profileDoc(kb: KnowledgeReader, entityId: string, note?: string): MessageDoc {
  const e = kb.entity(entityId);
  if (!e) throw new Error(`no entity ${entityId}`);
  const snap = kb.current;
  const cites = new CitationList();
  const blocks: Block[] = [];
  if (note) blocks.push(para(italic(note)));
  blocks.push(
    fields([
      { label: "Type", value: [text(describeEntityType(e))] },
      ...(e.aliases.length ? [{ label: "Also called", value: [text(e.aliases.join(", "))] }] : []),
    ]),
    para(e.description, ...citeSpans(e.citations, kb, cites)),
  );
  const events = sortEvents(
    kb,
    [...snap.catalogue.events.values()].map((l) => l.record).filter((ev) => ev.actors.includes(e.id)),
  );
  if (events.length > 0) {
    blocks.push(
      heading("Role in events"),
      list(events.map((ev) => [bold(formatEventDate(ev)), text(` — ${ev.title}`), ...citeSpans(ev.citations, kb, cites)])),
    );
  }
  blocks.push(heading("In the sources' words"));
  for (const c of e.citations) blocks.push(quote(c.quote, cites.ref(kb.citation(c.source))));
  // Every article's sentences naming it, curated or not, newest source first (found by extraction, marked ‡).
  const naming = kb.sentencesNaming(e.id, { limit: PROFILE_SENTENCES, perSource: PROFILE_SENTENCES_PER_SOURCE });
  if (naming.length > 0) {
    blocks.push(heading(`Sentences naming ${e.name} ${FOUND_MARK}`));
    for (const s of naming) blocks.push(para(italic(`${sourceAndDate(kb, s.sourceId)}:`)), quote(s.text, cites.ref(kb.citation(s.sourceId))));
    blocks.push(para(italic(FOUND_LEGEND)));
  }
  const mentioned = snap.mentions.get(e.id) ?? [];
  if (mentioned.length > 0) {
    blocks.push(heading("Mentioned in"), list(mentioned.map((id) => [text(kb.citation(id).title), text(" "), { t: "cite", n: cites.ref(kb.citation(id)) }])));
  }
  return { title: e.name, blocks, citations: cites.items };
}

/**
 * A name the sources use that no curated record profiles yet (found by extraction): say so, and quote the
 * sentences that name it, so a new article's people are not invisible until someone curates them.
 */
export function uncuratedNameDoc(kb: KnowledgeReader, found: { name: string; sources: number; sentences: readonly SourceSentence[] }): MessageDoc {
  const cites = new CitationList();
  const blocks: Block[] = [
    para(italic(`No curated profile of ${found.name} yet. The sources name it in ${found.sources} article${found.sources === 1 ? "" : "s"}:`)),
  ];
  for (const s of found.sentences) blocks.push(para(italic(`${sourceAndDate(kb, s.sourceId)}:`)), quote(s.text, cites.ref(kb.citation(s.sourceId))));
  blocks.push(para(italic(FOUND_LEGEND)));
  return { title: `${found.name} ${FOUND_MARK}`, blocks, citations: cites.items };
}
