/**
 * Source numbers that hold for a whole reply. A paged reply is built a page at a time, and each page
 * numbers its own sources from [1]; renumbering each page against the sources the reply has already
 * shown keeps [2] the same source on every page, and the reply's source list grows as pages are read.
 * Pure.
 */
import type { Block, Citation, MessageDoc, Span } from "./message.js";

/** The page's citations renumbered against `known` (the reply's sources so far, in order); new sources come after. */
export function renumberCitations(doc: MessageDoc, known: readonly Citation[]): MessageDoc {
  const all = [...known];
  const at = new Map(all.map((c, i) => [c.sourceId, i + 1]));
  const map = new Map<number, number>();
  doc.citations.forEach((c, i) => {
    let n = at.get(c.sourceId);
    if (n === undefined) {
      all.push(c);
      n = all.length;
      at.set(c.sourceId, n);
    }
    map.set(i + 1, n);
  });
  const num = (n: number) => map.get(n) ?? n;
  const spans = (list: readonly Span[]): Span[] =>
    list.map((s) => (s.t === "cite" ? { ...s, n: num(s.n) } : s.t === "text" ? s : { ...s, children: spans(s.children) }));
  const block = (b: Block): Block => {
    switch (b.t) {
      case "para":
        return { ...b, spans: spans(b.spans) };
      case "list":
        return { ...b, items: b.items.map(spans) };
      case "fields":
        return { ...b, fields: b.fields.map((f) => ({ ...f, value: spans(f.value) })) };
      case "quote":
        return { ...b, cite: num(b.cite) };
      default:
        return b;
    }
  };
  return { ...doc, blocks: doc.blocks.map(block), citations: all };
}
