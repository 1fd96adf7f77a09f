import type { CommandDef } from "../src/core/command.js";
import { UserError } from "../src/core/errors.js";
import { CitationList, bold, fields, heading, italic, list, para, quote, text, type Block } from "../src/core/message.js";
import { citeSpans, describeEntityType, formatEventDate, sortByDate } from "../src/present/records.js";

export default {
  name: "who",
  aliases: ["profile", "whois", "entity", "entities"],
  description: "A profile of a person, organisation, place or programme, with quotes and sources",
  example: "/who ISIS-K",
  usage: "/who <name>",
  permission: "everyone",
  options: [{ name: "name", description: "A name or alias (ISKP, Rahmon, Huawei…)", type: "string", required: true, autocomplete: "entity" }],
  run({ args, services }) {
    const kb = services.knowledge;
    const query = String(args.name).trim();
    const snap = kb.current;
    const m = snap.entityNames.match(query);
    if (m.kind === "ambiguous" || m.kind === "none") {
      const ids = m.kind === "ambiguous" ? m.ids : m.suggestions;
      const names = ids.map((id) => kb.entity(id)?.name ?? id);
      throw new UserError(
        "not-found",
        m.kind === "ambiguous"
          ? `“${query.slice(0, 60)}” could be several: did you mean ${names.join(" or ")}?`
          : `I have no profile of “${query.slice(0, 60)}”.${names.length ? ` Did you mean ${names.join(" or ")}?` : ""}`,
        [`/search ${query.slice(0, 40)} looks through the full text.`],
      );
    }
    const e = kb.entity(m.id)!;
    const cites = new CitationList();
    const blocks: Block[] = [];
    if (m.kind === "close") blocks.push(para(italic(`Showing the closest match for “${query.slice(0, 60)}”: ${m.understoodAs}.`)));
    blocks.push(
      fields([
        { label: "Type", value: [text(describeEntityType(e))] },
        ...(e.aliases.length ? [{ label: "Also called", value: [text(e.aliases.join(", "))] }] : []),
      ]),
      para(e.description, ...citeSpans(e.citations, kb, cites)),
    );
    const events = sortByDate([...snap.catalogue.events.values()].map((l) => l.record).filter((ev) => ev.actors.includes(e.id)));
    if (events.length > 0) {
      blocks.push(
        heading("Role in events"),
        list(events.map((ev) => [bold(formatEventDate(ev)), text(` — ${ev.title}`), ...citeSpans(ev.citations, kb, cites)])),
      );
    }
    blocks.push(heading("In the sources' words"));
    for (const c of e.citations) blocks.push(quote(c.quote, cites.ref(kb.citation(c.source))));
    const mentioned = snap.mentions.get(e.id) ?? [];
    if (mentioned.length > 0) {
      blocks.push(
        heading("Mentioned in"),
        list(mentioned.map((id) => [text(kb.citation(id).title), text(" "), { t: "cite", n: cites.ref(kb.citation(id)) }])),
      );
    }
    return { title: e.name, blocks, citations: cites.items };
  },
} satisfies CommandDef;
