/**
 * "What's new" in a digest: each new article with its title, source and date, and the key facts taken
 * from it — dated statements, figures, entities — each with the article's exact sentence, cited. The facts
 * come from the extraction feature through ArticleFactsReader; while it has none for an article, from the
 * curated records that cite the article and from its first sentence. Bounded for a phone screen and the
 * platforms' limits: a few articles in full, the rest by title, then a count.
 */
import type { ArticleFact, ArticleFactsReader } from "../core/article-facts.js";
import { type T, translator } from "../core/i18n.js";
import type { ArticleInfo, KnowledgeReader } from "../core/knowledge.js";
import { type Block, bold, type CitationList, cite, italic, list, para, type Span, text } from "../core/message.js";
import { FOUND_MARK, foundLegend, statementDate } from "./extracted.js";
import { sourceAdds } from "./overview.js";
import { formatEventDate, formatPartialDate } from "./records.js";

/** New articles shown with their facts; further ones by title only, up to MAX_LISTED in all. */
export const MAX_IN_FULL = 5;
export const MAX_LISTED = 15;
/** Facts shown under one article. */
export const MAX_FACTS = 3;
/** A quoted sentence longer than this is cut (at a word, with "…"): what is shown is still the source's words. */
export const MAX_SENTENCE_CHARS = 280;

export interface WhatsNewSources {
  /** The extraction feature's facts (issue #14); absent, or undefined for an article, the fallback is used. */
  facts?: ArticleFactsReader;
  /** The article's first passage, for the fallback's first sentence. */
  lead?: (articleId: string) => string | undefined;
}

/** Blocks for the new articles, newest first; `tag` says "new" or "updated". */
export function newArticleBlocks(
  kb: KnowledgeReader,
  articles: readonly ArticleInfo[],
  tag: (id: string) => string,
  cites: CitationList,
  sources: WhatsNewSources,
  t: T = translator(),
): Block[] {
  const sorted = [...articles].sort((a, b) => (b.meta.published ?? "").localeCompare(a.meta.published ?? "") || a.id.localeCompare(b.id));
  const blocks: Block[] = [];
  const headline = (a: ArticleInfo): Span[] => {
    const n = cites.ref(kb.citation(a.id));
    const source = [a.meta.outlet, a.meta.published ? formatPartialDate(a.meta.published, t) : undefined].filter(Boolean).join(", ");
    return [bold(a.meta.title), text(`${source ? ` — ${source}` : ""} (${tag(a.id)}) `), cite(n)];
  };
  let foundShown = false;
  for (const a of sorted.slice(0, MAX_IN_FULL)) {
    blocks.push(para(...headline(a)));
    const n = cites.ref(kb.citation(a.id));
    const factLine = (f: ArticleFact, mark: string): Span[] => [bold(`${factLabel(f, t)}${mark}`), text(`: “${shorten(f.sentence)}” `), cite(n)];
    // What the article adds as /brief says it (its figures beside the curated ones, its dated statements),
    // then whom it names; every found item marked ‡, as in /timeline, /figures and /who.
    const adds = sourceAdds(kb, a.id, cites, t, MAX_FACTS);
    if (adds.length > 0) {
      const names = (sources.facts?.factsOf(a.id) ?? []).filter((f) => f.kind === "entity").slice(0, MAX_FACTS - adds.length);
      blocks.push(list([...adds, ...names.map((f) => factLine(f, ` ${FOUND_MARK}`))]));
      foundShown = true;
      continue;
    }
    const { facts, found } = factsFor(kb, a.id, sources, t);
    foundShown ||= found && facts.length > 0;
    if (facts.length > 0) blocks.push(list(facts.slice(0, MAX_FACTS).map((f) => factLine(f, found ? ` ${FOUND_MARK}` : ""))));
  }
  const rest = sorted.slice(MAX_IN_FULL, MAX_LISTED);
  if (rest.length > 0) blocks.push(list(rest.map(headline)));
  if (sorted.length > MAX_LISTED) blocks.push(para(t("digest.moreArticles", { count: sorted.length - MAX_LISTED })));
  if (foundShown) blocks.push(para(italic(foundLegend(t))));
  return blocks;
}

/** The extracted facts (found), or else the curated records citing the article and its first sentence. */
function factsFor(kb: KnowledgeReader, articleId: string, sources: WhatsNewSources, t: T): { facts: readonly ArticleFact[]; found: boolean } {
  const extracted = sources.facts?.factsOf(articleId);
  if (extracted && extracted.length > 0) return { facts: extracted, found: true };
  const facts: ArticleFact[] = [];
  const lead = sources.lead?.(articleId);
  const first = lead ? firstSentenceOf(lead) : undefined;
  const said: ArticleFact | undefined = first ? { kind: "dated", label: t("digest.itSays"), sentence: first } : undefined;
  const snap = kb.current;
  const quoteIn = (citations: readonly { source: string; quote: string }[]) => citations.find((c) => c.source === articleId)?.quote;
  for (const { record: e } of snap.catalogue.events.values()) {
    const q = quoteIn(e.citations);
    if (q) facts.push({ kind: "dated", label: formatEventDate(e, t), sentence: q });
  }
  for (const { record: f } of snap.catalogue.figures.values()) {
    const q = quoteIn(f.citations);
    if (q) facts.push({ kind: "figure", label: `${f.value} (${f.measure})`, sentence: q });
  }
  for (const { record: en } of snap.catalogue.entities.values()) {
    const q = quoteIn(en.citations);
    if (q) facts.push({ kind: "entity", label: en.name, sentence: q });
  }
  // One of each kind first (a date, a number, a name), then the rest in order.
  const firstOfKind = new Set<ArticleFact>();
  for (const kind of ["dated", "figure", "entity"] as const) {
    const f = facts.find((x) => x.kind === kind);
    if (f) firstOfKind.add(f);
  }
  return { facts: [...(said ? [said] : []), ...firstOfKind, ...facts.filter((f) => !firstOfKind.has(f))], found: false };
}

/** A dated fact by its date as resolved, with the words it was resolved from when relative ("last week"). */
function factLabel(f: ArticleFact, t: T): string {
  if (!f.when) return f.label;
  const date = statementDate(f.when, t);
  return f.when.relative ? `${date} (${f.label})` : date;
}

/** The first sentence of a passage, as written. */
function firstSentenceOf(passage: string): string | undefined {
  const m = /^(.+?[.!?…][’”"')\]]?)(?=\s+[\p{Lu}\d“"‘'(«]|$)/su.exec(passage.trim());
  return (m ? m[1]! : passage.trim()) || undefined;
}

function shorten(sentence: string): string {
  if (sentence.length <= MAX_SENTENCE_CHARS) return sentence;
  return `${sentence.slice(0, MAX_SENTENCE_CHARS - 1).replace(/\s+\S*$/, "")}…`;
}
