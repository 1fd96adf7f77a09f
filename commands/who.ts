import type { CommandDef } from "../src/core/command.js";
import { UserError } from "../src/core/errors.js";
import { profileDoc, uncuratedNameDoc } from "../src/present/profile.js";

export default {
  name: "who",
  aliases: ["profile", "whois", "entity", "entities"],
  permission: "everyone",
  options: [{ name: "name", type: "string", required: true, autocomplete: "entity" }],
  run({ args, services, t }) {
    const kb = services.knowledge;
    const query = String(args.name).trim();
    const snap = kb.current;
    const m = snap.entityNames.match(query);
    // A name only an uncurated article uses: its sentences, marked as found rather than curated.
    const found = m.kind === "none" ? kb.nameCandidate(query, 6) : undefined;
    if (found) return uncuratedNameDoc(kb, found, t);
    if (m.kind === "ambiguous" || m.kind === "none") {
      const ids = m.kind === "ambiguous" ? m.ids : m.suggestions;
      const names = ids.map((id) => kb.entity(id)?.name ?? id);
      const q = query.slice(0, 60);
      throw new UserError(
        "not-found",
        m.kind === "ambiguous"
          ? t("commands.who.severalMatch", { query: q, names: names.join(t("common.or")) })
          : `${t("commands.who.noProfile", { query: q })}${names.length ? ` ${t("common.didYouMean", { names: names.join(t("common.or")) })}` : ""}`,
        [t("commands.who.searchHint", { query: query.slice(0, 40) })],
        // Each candidate is a button that opens its profile.
        names.slice(0, 5).map((name) => ({ label: name, command: "who", args: name })),
      );
    }
    return profileDoc(kb, m.id, m.kind === "close" ? t("commands.who.closest", { query: query.slice(0, 60), name: m.understoodAs }) : undefined, t);
  },
} satisfies CommandDef;
