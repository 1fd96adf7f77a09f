/** A profile of one entity: what it is, its other names, its role in events, the sources' words, where it is mentioned. */
import { type T, translator } from "../core/i18n.js";
import type { KnowledgeReader } from "../core/knowledge.js";
import { type Block, bold, CitationList, fields, heading, italic, list, type MessageDoc, para, quote, text } from "../core/message.js";
import { citeSpans, describeEntityType, formatEventDate, sortByDate } from "./records.js";

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
  const events = sortByDate([...snap.catalogue.events.values()].map((l) => l.record).filter((ev) => ev.actors.includes(e.id)));
  if (events.length > 0) {
    blocks.push(
      heading(t("commands.who.role")),
      list(events.map((ev) => [bold(formatEventDate(ev, t)), text(` — ${ev.title}`), ...citeSpans(ev.citations, kb, cites)])),
    );
  }
  blocks.push(heading(t("commands.who.words")));
  for (const c of e.citations) blocks.push(quote(c.quote, cites.ref(kb.citation(c.source))));
  const mentioned = snap.mentions.get(e.id) ?? [];
  if (mentioned.length > 0) {
    blocks.push(
      heading(t("commands.who.mentioned")),
      list(mentioned.map((id) => [text(kb.citation(id).title), text(" "), { t: "cite", n: cites.ref(kb.citation(id)) }])),
    );
  }
  return { title: e.name, blocks, citations: cites.items, kind: "profile" };
}
