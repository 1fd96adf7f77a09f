import type { CommandDef } from "../src/core/command.js";
import { bold, CitationList, italic, list, para, type Span, text } from "../src/core/message.js";
import { citeSpans, paginate, resolveFilter } from "../src/present/records.js";

/** Figures per page: a page is one message, and a page of figures with caveats must fit a phone screen. */
export const FIGURES_PAGE_SIZE = 4;

export default {
  name: "figures",
  aliases: ["figure", "numbers", "stats"],
  permission: "everyone",
  options: [{ name: "topic", type: "string", autocomplete: "topic" }],
  run({ args, argText, page, services, t }) {
    const kb = services.knowledge;
    const filter = resolveFilter(kb, args.topic as string | undefined, t);
    if (filter.figures.length === 0) {
      return {
        title: t("commands.figures.title", { label: filter.label, count: 0 }),
        blocks: [para(t("commands.figures.nothing", { label: filter.label }))],
        citations: [],
        kind: "figures",
      };
    }
    const { items, pages } = paginate(filter.figures, page, FIGURES_PAGE_SIZE, "figures", argText);
    const cites = new CitationList();
    const lines: Span[][] = items.map((f) => {
      const line: Span[] = [bold(f.value), text(` — ${f.measure}${f.when ? ` (${f.when})` : ""}`), ...citeSpans(f.citations, kb, cites)];
      if (f.caveat) line.push(text(" "), italic(f.caveat));
      const compare = f.compare.map((id) => kb.figure(id)).filter((x) => x !== undefined);
      if (compare.length) line.push(text(` ${t("commands.figures.readWith", { others: compare.map((c) => `${c.value} (${c.measure})`).join("; ") })}`));
      return line;
    });
    return {
      title: t("commands.figures.title", { label: filter.label, count: filter.figures.length }),
      blocks: [list(lines), para(italic(t("commands.figures.note")))],
      citations: cites.items,
      pages,
      kind: "figures",
    };
  },
} satisfies CommandDef;
