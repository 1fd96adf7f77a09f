import type { CommandDef } from "../src/core/command.js";
import { UserError } from "../src/core/errors.js";
import { profileDoc, uncuratedNameDoc } from "../src/present/profile.js";

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
    // A name only an uncurated article uses: its sentences, marked as found rather than curated.
    const found = m.kind === "none" ? kb.nameCandidate(query, 6) : undefined;
    if (found) return uncuratedNameDoc(kb, found);
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
    return profileDoc(kb, m.id, m.kind === "close" ? `Showing the closest match for “${query.slice(0, 60)}”: ${m.understoodAs}.` : undefined);
  },
} satisfies CommandDef;
