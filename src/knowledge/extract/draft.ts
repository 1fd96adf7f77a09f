/**
 * Draft records for one article, for a curator to edit and keep: its dated statements as events, its
 * figures, and the names it uses that no entity has yet, each with an exact quote (the sentence, or the
 * words around the date, figure or name when the sentence is longer than a citation may be). Titles,
 * summaries and measures are placeholders to write in our own words. Pure apart from reading nothing.
 */
import type { Article, Catalogue } from "../catalogue.js";
import { normalizeWhitespace } from "../catalogue.js";
import { splitPassages } from "../passages.js";
import { contextFrom, extractArticle, prepareExtraction } from "./extractor.js";

/** Citations may quote at most this many words (schema.ts). */
const MAX_QUOTE_WORDS = 40;

export interface DraftEvent {
  id: string;
  title: string;
  date: string;
  end?: string;
  date_note?: string;
  actors: string[];
  topics: string[];
  summary: string;
  importance: number;
  citations: { source: string; quote: string }[];
  /** A curated event the sentence is about: add the quote there instead. */
  sameAs?: string;
  line: number;
}

export interface DraftFigure {
  id: string;
  measure: string;
  value: string;
  when?: string;
  measured: string;
  about?: string;
  topics: string[];
  citations: { source: string; quote: string }[];
  /** The curated figure of the same measure and event, from another source: read the two side by side. */
  beside?: string;
  line: number;
}

export interface DraftEntity {
  id: string;
  type: "person" | "organisation" | "place" | "programme";
  name: string;
  aliases: string[];
  description: string;
  citations: { source: string; quote: string }[];
  /** How many times the article names it. */
  named: number;
  line: number;
}

export interface Draft {
  article: Pick<Article, "id" | "file" | "meta">;
  events: DraftEvent[];
  figures: DraftFigure[];
  entities: DraftEntity[];
}

/** The sentence, or the words of it around [start, end) when it is longer than a citation may quote. */
export function quoteAround(sentence: string, start: number, end: number): string {
  const words = [...sentence.matchAll(/\S+/g)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  if (words.length <= MAX_QUOTE_WORDS) return sentence;
  const first = Math.max(
    0,
    words.findIndex((w) => w.end > start),
  );
  const last = Math.max(
    first,
    words.findLastIndex((w) => w.start < end),
  );
  // The window of MAX_QUOTE_WORDS words with the phrase in its middle, within the sentence.
  const from = Math.min(Math.max(0, first - Math.floor((MAX_QUOTE_WORDS - (last - first + 1)) / 2)), words.length - MAX_QUOTE_WORDS);
  return sentence.slice(words[from]!.start, words[from + MAX_QUOTE_WORDS - 1]!.end);
}

const slug = (s: string) =>
  normalizeWhitespace(s)
    .toLowerCase()
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .split("-")
    .slice(0, 6)
    .join("-");

const firstWords = (s: string, n = 10) => {
  const words = s.split(/\s+/);
  return words.length <= n ? s : `${words.slice(0, n).join(" ")}…`;
};

/** A person's name is two or three capitalised words with nothing institutional about them. */
function guessType(name: string): DraftEntity["type"] {
  if (
    /\b(Ministry|Party|Centre|Center|Foundation|Front|Group|Committee|Council|Agency|Service|Services|Forces|Bank|Company|Times|News|Institute|University|Army|Police|Office|Court|Organi[sz]ation|Union|Movement|Academy|Authority)\b/.test(
      name,
    )
  ) {
    return "organisation";
  }
  if (/\b(Province|Region|City|Republic|Valley|Island|Oblast|District)\b/.test(name)) return "place";
  return /^\p{Lu}\p{Ll}+(?:\s+(?:al-|bin\s+)?\p{Lu}[\p{Ll}'’-]+){1,2}$/u.test(name) ? "person" : "organisation";
}

export function draftFor(c: Catalogue, articleId: string): Draft | undefined {
  const a = c.articles.get(articleId);
  if (!a) return undefined;
  const prepared = prepareExtraction(c);
  const ctx = contextFrom(prepared.inputs);
  const passages = splitPassages(a.lines);
  const results = extractArticle({ id: a.id, published: a.meta.published, eventId: prepared.articleEvent(a), passages: passages.map((p) => p.text) }, ctx);
  const events: DraftEvent[] = [];
  const figures: DraftFigure[] = [];
  const named = new Map<string, { count: number; quote: string; line: number }>();
  const ids = new Set<string>([...c.events.keys(), ...c.figures.keys(), ...c.entities.keys()]);
  const unique = (base: string) => {
    let id = base || a.id;
    for (let n = 2; ids.has(id); n++) id = `${base}-${n}`;
    ids.add(id);
    return id;
  };
  for (const [i, r] of results.entries()) {
    const p = passages[i]!;
    for (const s of r.sentences) {
      const d = s.date;
      if (d && !d.attributive) {
        const curated = d.eventId ? c.events.get(d.eventId)?.record : undefined;
        // Already curated from this very source: nothing to draft.
        if (!curated?.citations.some((cit) => cit.source === a.id)) {
          events.push({
            id: unique(`${a.id.split("-").slice(0, 3).join("-")}-${d.date}-${slug(s.text).split("-").slice(0, 3).join("-")}`),
            title: `DRAFT: ${firstWords(s.text)}`,
            date: d.date,
            ...(d.dateEnd ? { end: d.dateEnd } : {}),
            ...(d.relative ? { date_note: `Resolved from “${d.text}” against the article's date (${a.meta.published ?? "undated"}); check it.` } : {}),
            actors: s.entities,
            topics: s.topics.filter((t) => c.topics.has(t)),
            summary: "DRAFT: what happened, in our own words, saying whose claim it is.",
            importance: 2,
            citations: [{ source: a.id, quote: quoteAround(s.text, d.start, d.end) }],
            ...(curated ? { sameAs: curated.id } : {}),
            line: p.line,
          });
        }
      }
      for (const f of s.figures) {
        if (f.figureId) continue;
        const curated = [...prepared.figureMeasures].find((m) => m.measure === f.measure && m.event !== undefined && m.event === f.eventId);
        figures.push({
          id: unique(`${a.id.split("-").slice(0, 3).join("-")}-${slug(f.counts ?? f.measure)}`),
          measure: `DRAFT: ${f.counts ?? f.measure}, per ${a.meta.outlet ?? a.meta.title}`,
          value: f.text,
          ...(d && !d.attributive ? { when: d.date } : {}),
          measured: f.measure,
          ...(f.eventId ? { about: f.eventId } : {}),
          topics: s.topics.filter((t) => c.topics.has(t)),
          citations: [{ source: a.id, quote: quoteAround(s.text, f.start, f.end) }],
          ...(curated ? { beside: curated.figure } : {}),
          line: p.line,
        });
      }
    }
    for (const cand of r.candidates) {
      const seen = named.get(cand.name);
      if (seen) seen.count++;
      else {
        const sentence = p.text.slice(cand.start, cand.end);
        const at = sentence.indexOf(cand.name);
        named.set(cand.name, { count: 1, quote: quoteAround(sentence, Math.max(0, at), Math.max(0, at) + cand.name.length), line: p.line });
      }
    }
  }
  const entities: DraftEntity[] = [...named]
    .filter(([name, n]) => n.count >= 2 || name.includes(" "))
    .sort((x, y) => y[1].count - x[1].count)
    .map(([name, n]) => ({
      id: unique(slug(name)),
      type: guessType(name),
      name,
      aliases: [],
      description: "DRAFT: who or what this is, in our own words.",
      citations: [{ source: a.id, quote: n.quote }],
      named: n.count,
      line: n.line,
    }));
  return { article: { id: a.id, file: a.file, meta: a.meta }, events, figures, entities };
}
