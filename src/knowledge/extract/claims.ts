/**
 * Curated claims about the whole corpus, checked: a figure with `only_source: true` says no source but
 * those it cites gives a figure of its measure about its event. A figure found in another source's text
 * breaks it, and the warning names both files (the record's and the article's), with the line of each.
 */
import type { CorpusClaim, FigureRecord, FigureStatement, Problem } from "../../core/knowledge.js";
import type { Catalogue, LiveCatalogue, Located } from "../catalogue.js";
import { splitPassages } from "../passages.js";
import { contextFrom, extractArticle, prepareExtraction } from "./extractor.js";

/** One warning per claim broken, at the claim's line: which source breaks it, where, with what. */
export function claimWarnings(c: Pick<LiveCatalogue, "figures" | "articles" | "events">, claims: readonly CorpusClaim[]): Problem[] {
  const out: Problem[] = [];
  for (const claim of claims) {
    if (claim.breaks.length === 0) continue;
    const at = c.figures.get(claim.figureId) as Located<FigureRecord> | undefined;
    if (!at) continue;
    const event = claim.eventId ? c.events.get(claim.eventId)?.record.title : undefined;
    const found = claim.breaks
      .slice(0, 3)
      .map(
        (b) => `${c.articles.get(b.sourceId)?.file ?? b.sourceId}:${b.line} gives ${b.value} (“${b.text.length > 120 ? `${b.text.slice(0, 119)}…` : b.text}”)`,
      );
    out.push({
      file: at.file,
      line: at.lineOf(["only_source"]),
      message:
        `${claim.figureId} says no other source gives a figure for ${claim.measure}${event ? ` in “${event}”` : ""}, but ${found.join("; ")}` +
        `${claim.breaks.length > 3 ? ` and ${claim.breaks.length - 3} more` : ""}. Put the figures side by side, or drop only_source.`,
    });
  }
  return out;
}

/**
 * The claims of a catalogue read from data/ (no index: what `brief data check` runs), each with what
 * breaks it: every article the claiming figure does not cite is read for figures of its measure and event.
 */
export function checkClaims(c: Catalogue): CorpusClaim[] {
  const prepared = prepareExtraction(c);
  const claims = [...c.figures.values()]
    .filter((l) => l.record.only_source)
    .flatMap(({ record: f }) => {
      const m = prepared.figureMeasures.find((x) => x.figure === f.id);
      if (!m) return [];
      const breaks: FigureStatement[] = [];
      return [{ figureId: f.id, measure: m.measure, ...(m.event ? { eventId: m.event } : {}), cited: new Set(f.citations.map((x) => x.source)), breaks }];
    });
  if (claims.length === 0) return [];
  const ctx = contextFrom(prepared.inputs);
  for (const a of c.articles.values()) {
    if (claims.every((claim) => claim.cited.has(a.id))) continue;
    const passages = splitPassages(a.lines);
    const results = extractArticle({ id: a.id, published: a.meta.published, eventId: prepared.articleEvent(a), passages: passages.map((p) => p.text) }, ctx);
    for (const [i, r] of results.entries()) {
      for (const s of r.sentences) {
        for (const f of s.figures) {
          for (const claim of claims) {
            if (claim.cited.has(a.id) || f.measure !== claim.measure || f.eventId !== claim.eventId) continue;
            claim.breaks.push({
              sourceId: a.id,
              line: passages[i]!.line,
              text: s.text,
              value: f.text,
              measure: f.measure,
              ...(f.eventId ? { eventId: f.eventId } : {}),
            });
          }
        }
      }
    }
  }
  return claims.map(({ cited: _cited, ...claim }) => claim);
}
