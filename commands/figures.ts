import type { CommandDef } from "../src/core/command.js";
import { bold, CitationList, italic, list, para, type Span, text } from "../src/core/message.js";
import { citeSpans, paginate, resolveFilter } from "../src/present/records.js";

export const FIGURES_PAGE_SIZE = 8;

export default {
  name: "figures",
  aliases: ["figure", "numbers", "stats"],
  description: "Numbers with what they measure, hedges kept, each one cited",
  example: "/figures migration",
  usage: "/figures [topic]",
  permission: "everyone",
  options: [{ name: "topic", description: "A topic, person or organisation", type: "string", autocomplete: "topic" }],
  run({ args, argText, page, services }) {
    const kb = services.knowledge;
    const filter = resolveFilter(kb, args.topic as string | undefined);
    if (filter.figures.length === 0) {
      return {
        title: `Figures: ${filter.label}`,
        blocks: [para(`The sources give no figures filed under ${filter.label}. /figures alone lists them all.`)],
        citations: [],
      };
    }
    const { items, pages } = paginate(filter.figures, page, FIGURES_PAGE_SIZE, "figures", argText);
    const cites = new CitationList();
    const lines: Span[][] = items.map((f) => {
      const line: Span[] = [bold(f.value), text(` — ${f.measure}${f.when ? ` (${f.when})` : ""}`), ...citeSpans(f.citations, kb, cites)];
      if (f.caveat) line.push(text(" "), italic(f.caveat));
      const compare = f.compare.map((id) => kb.figure(id)).filter((x) => x !== undefined);
      if (compare.length) line.push(text(` Read with: ${compare.map((c) => `${c.value} (${c.measure})`).join("; ")}.`));
      return line;
    });
    return {
      title: `Figures: ${filter.label} (${filter.figures.length})`,
      blocks: [list(lines), para(italic("Values are as each source states them; sources may count different things."))],
      citations: cites.items,
      pages,
    };
  },
} satisfies CommandDef;
