import type { CommandDef } from "../src/core/command.js";
import { UserError } from "../src/core/errors.js";
import { type Block, bold, CitationList, cite, italic, para, text } from "../src/core/message.js";
import { extractWords } from "../src/core/text.js";
import { formatPartialDate, highlightedSpans } from "../src/present/records.js";

export const SEARCH_PAGE_SIZE = 5;

export default {
  name: "search",
  aliases: ["find", "grep", "lookup"],
  permission: "everyone",
  options: [{ name: "words", type: "string", required: true }],
  run({ args, argText, page, services, t }) {
    const kb = services.knowledge;
    const words = String(args.words);
    if (extractWords(words).length === 0) {
      throw new UserError(
        "empty-query",
        t("commands.search.noWords"),
        [t("commands.search.tryExample")],
        [{ label: "/search huawei cameras", command: "search", args: "huawei cameras" }],
      );
    }
    // Names with their aliases, typos read as the corpus word they most likely meant.
    const { groups, substitutions } = services.answers.searchTerms(words);
    const terms = { groups };
    // One ranking for the requested page; again only if that page is past the last one.
    let result = kb.searchPassages(terms, { limit: SEARCH_PAGE_SIZE, offset: (Math.max(1, page) - 1) * SEARCH_PAGE_SIZE });
    const shownFor =
      substitutions.length > 0
        ? t("commands.search.shownFor", { list: substitutions.map((s) => t("commands.search.typed", { to: s.to, from: s.from })).join(", ") })
        : undefined;
    if (result.match === "none") {
      return {
        title: t("commands.search.title", { words: words.slice(0, 80), count: 0 }),
        blocks: [
          ...(shownFor ? [para(italic(shownFor))] : []),
          para(t("commands.search.nothing", { words: words.slice(0, 80) })),
          para(t("commands.search.tryOther")),
        ],
        citations: [],
        kind: "search",
      };
    }
    const count = Math.max(1, Math.ceil(result.total / SEARCH_PAGE_SIZE));
    const index = Math.min(Math.max(1, page), count);
    if (index !== Math.max(1, page)) result = kb.searchPassages(terms, { limit: SEARCH_PAGE_SIZE, offset: (index - 1) * SEARCH_PAGE_SIZE });
    const cites = new CitationList();
    const blocks: Block[] = [];
    if (shownFor) blocks.push(para(italic(shownFor)));
    if (result.match === "some" && groups.length > 1) {
      blocks.push(para(italic(result.all > 0 ? t("commands.search.allFirst", { count: result.all }) : t("commands.search.noneAll"))));
    }
    for (const hit of result.hits) {
      const c = kb.citation(hit.sourceId);
      const n = cites.ref(c);
      blocks.push(para(bold(c.title), text(c.published ? ` (${formatPartialDate(c.published, t)})` : ""), text(" "), cite(n)), para(...highlightedSpans(hit)));
    }
    const shown = words.slice(0, 80);
    return {
      title: result.more
        ? t("commands.search.titleMore", { words: shown, count: result.total })
        : t("commands.search.title", { words: shown, count: result.total }),
      blocks,
      citations: cites.items,
      pages: count > 1 ? { index, count, command: "search", args: argText } : undefined,
      kind: "search",
    };
  },
} satisfies CommandDef;
