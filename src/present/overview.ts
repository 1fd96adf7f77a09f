/** The standing brief: the most important developments, one cited line each. Shared by /brief and digests. */

import { type T, translator } from "../core/i18n.js";
import type { KnowledgeReader } from "../core/knowledge.js";
import { bold, type CitationList, type Span, text } from "../core/message.js";
import { citeSpans, type Filter, firstSentence, formatEventDate, sortByDate } from "./records.js";

/** How many developments an overview shows. */
export const BRIEF_MAX_LINES = 10;

export function overviewLines(kb: KnowledgeReader, filter: Filter, cites: CitationList, max = BRIEF_MAX_LINES, t: T = translator()): Span[][] {
  const ranked = [...filter.events].sort((a, b) => b.importance - a.importance || b.date.localeCompare(a.date));
  return sortByDate(ranked.slice(0, max)).map((e) => [
    bold(formatEventDate(e, t)),
    text(` — ${e.title}: ${firstSentence(e.summary)}`),
    ...citeSpans(e.citations, kb, cites),
  ]);
}
