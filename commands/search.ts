import type { CommandDef } from "../src/core/command.js";
import { UserError } from "../src/core/errors.js";
import { type Block, bold, CitationList, cite, italic, para, text } from "../src/core/message.js";
import { extractWords } from "../src/core/text.js";
import { formatPartialDate, highlightedSpans } from "../src/present/records.js";

export const SEARCH_PAGE_SIZE = 5;

export default {
  name: "search",
  aliases: ["find", "grep", "lookup"],
  description: "The best passages for some words, matches highlighted, with source and date",
  example: "/search huawei cameras",
  usage: "/search <words>",
  permission: "everyone",
  options: [{ name: "words", description: "Words to look for in the sources", type: "string", required: true }],
  run({ args, argText, page, services }) {
    const kb = services.knowledge;
    const words = String(args.words);
    if (extractWords(words).length === 0) {
      throw new UserError("empty-query", "There are no words to search for in that.", ["Try for example: /search huawei cameras"]);
    }
    // Names with their aliases, typos read as the corpus word they most likely meant.
    const { groups, substitutions } = services.answers.searchTerms(words);
    const terms = { groups };
    // One ranking for the requested page; again only if that page is past the last one.
    let result = kb.searchPassages(terms, { limit: SEARCH_PAGE_SIZE, offset: (Math.max(1, page) - 1) * SEARCH_PAGE_SIZE });
    const shownFor = substitutions.length > 0 ? `Showing results for ${substitutions.map((s) => `“${s.to}” (you typed “${s.from}”)`).join(", ")}.` : undefined;
    if (result.match === "none") {
      return {
        title: `Search: ${words.slice(0, 80)}`,
        blocks: [
          ...(shownFor ? [para(italic(shownFor))] : []),
          para(`Nothing in the sources matches “${words.slice(0, 80)}”.`),
          para("Try fewer or different words, or /help for other commands."),
        ],
        citations: [],
      };
    }
    const count = Math.max(1, Math.ceil(result.total / SEARCH_PAGE_SIZE));
    const index = Math.min(Math.max(1, page), count);
    if (index !== Math.max(1, page)) result = kb.searchPassages(terms, { limit: SEARCH_PAGE_SIZE, offset: (index - 1) * SEARCH_PAGE_SIZE });
    const cites = new CitationList();
    const blocks: Block[] = [];
    if (shownFor) blocks.push(para(italic(shownFor)));
    if (result.match === "some" && groups.length > 1) {
      blocks.push(
        para(
          italic(
            result.all > 0
              ? `${result.all} passage${result.all === 1 ? " has" : "s have"} all of these words and come${result.all === 1 ? "s" : ""} first; then those with some.`
              : "No passage has all of these words; these have the most of them.",
          ),
        ),
      );
    }
    for (const hit of result.hits) {
      const c = kb.citation(hit.sourceId);
      const n = cites.ref(c);
      blocks.push(para(bold(c.title), text(c.published ? ` (${formatPartialDate(c.published)})` : ""), text(" "), cite(n)), para(...highlightedSpans(hit)));
    }
    return {
      title: `Search: ${words.slice(0, 80)} — ${result.more ? "more than " : ""}${result.total} passage${result.total === 1 && !result.more ? "" : "s"}`,
      blocks,
      citations: cites.items,
      pages: count > 1 ? { index, count, command: "search", args: argText } : undefined,
    };
  },
} satisfies CommandDef;
