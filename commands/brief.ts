import type { CommandDef } from "../src/core/command.js";
import { CitationList, bold, italic, list, para, text, type Span } from "../src/core/message.js";
import { citeSpans, firstSentence, formatEventDate, resolveFilter, sortByDate } from "../src/knowledge/present.js";

/** How many developments an overview shows. */
export const BRIEF_MAX_LINES = 10;

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
    const ranked = [...filter.events].sort((a, b) => b.importance - a.importance || b.date.localeCompare(a.date));
    const chosen = sortByDate(ranked.slice(0, BRIEF_MAX_LINES));
    const cites = new CitationList();
    if (chosen.length === 0) {
      return {
        title: `Brief: ${filter.label}`,
        blocks: [para(`No dated developments are filed under ${filter.label}. Try /figures or /search.`)],
        citations: [],
      };
    }
    const items: Span[][] = chosen.map((e) => [
      bold(formatEventDate(e)),
      text(` — ${e.title}: ${firstSentence(e.summary)}`),
      ...citeSpans(e.citations, kb, cites),
    ]);
    return {
      title: `Brief: ${filter.label}`,
      blocks: [
        list(items),
        para(italic("Summaries are Brief's; each line's claims belong to the source cited. /event <name> shows the quotes.")),
      ],
      citations: cites.items,
    };
  },
} satisfies CommandDef;
