import type { CommandDef } from "../src/core/command.js";
import { CitationList, italic, list, para } from "../src/core/message.js";
import { newSourcesBlocks, overviewLines } from "../src/present/overview.js";
import { resolveFilter } from "../src/present/records.js";

export default {
  name: "brief",
  aliases: ["overview", "briefing"],
  description: "A short overview of the most important developments, optionally on one topic",
  example: "/brief isis-k",
  usage: "/brief [topic]",
  permission: "everyone",
  options: [{ name: "topic", description: "A topic, person or organisation", type: "string", autocomplete: "topic" }],
  run({ args, services }) {
    const kb = services.knowledge;
    const filter = resolveFilter(kb, args.topic as string | undefined);
    const cites = new CitationList();
    const lines = overviewLines(kb, filter, cites);
    const added = newSourcesBlocks(kb, filter, cites);
    if (lines.length === 0 && added.length === 0) {
      return {
        title: `Brief: ${filter.label}`,
        blocks: [para(`No dated developments are filed under ${filter.label}. Try /figures or /search.`)],
        citations: [],
      };
    }
    return {
      title: `Brief: ${filter.label}`,
      blocks: [
        ...(lines.length
          ? [list(lines), para(italic("Summaries are Brief's; each line's claims belong to the source cited. /event <name> shows the quotes."))]
          : []),
        ...added,
      ],
      citations: cites.items,
    };
  },
} satisfies CommandDef;
