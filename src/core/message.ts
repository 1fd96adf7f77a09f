/**
 * The neutral message document: every command returns one, every platform renders it its own way.
 * Nothing here knows about Telegram, Discord or the terminal.
 */
import type { Locale } from "./i18n.js";

/** Inline content. `cite` points at doc.citations[n - 1]; `mark` is a search hit to highlight. */
export type Span =
  | { t: "text"; text: string }
  | { t: "bold" | "italic" | "code" | "mark"; children: Span[] }
  | { t: "link"; href: string; children: Span[] }
  | { t: "cite"; n: number }
  /**
   * "Run this command": where the platform can, a tap runs it (a Telegram deep link t.me/<bot>?start=…);
   * elsewhere the command is shown as text to type.
   */
  | { t: "command"; command: string; args: string; children: Span[] };

/** Block content. A quote is always exact source text and always carries its citation number. */
export type Block =
  | { t: "heading"; text: string }
  | { t: "para"; spans: Span[] }
  | { t: "list"; ordered: boolean; items: Span[][] }
  | { t: "fields"; fields: { label: string; value: Span[] }[] }
  | { t: "quote"; text: string; cite: number };

export interface Citation {
  sourceId: string;
  title: string;
  outlet?: string;
  /** As precise as the evidence allows: "2024", "2024-03" or "2024-03-25". */
  published?: string;
  url?: string;
}

/** What a pager button re-runs: the same command and arguments on another page. */
export interface Pages {
  index: number; // 1-based
  count: number;
  command: string;
  args: string;
}

export type Tone = "info" | "warn" | "error";

/** What kind of reply this is, so a platform can mark it (Discord colours embeds by kind). */
export type ReplyKind = "brief" | "timeline" | "event" | "profile" | "figures" | "search" | "answer" | "sources" | "help" | "digest" | "subscription" | "admin";

/** A button that runs a command, as if the person had typed it: "did you mean" candidates, a source's details. */
export interface Action {
  label: string;
  command: string;
  args: string;
}

export interface MessageDoc {
  title?: string;
  blocks: Block[];
  citations: Citation[];
  footer?: string;
  tone?: Tone;
  pages?: Pages;
  /** Shown only to the person who asked, where the platform can (Discord ephemeral replies). */
  private?: boolean;
  /** The language the reply is written in (the renderers' own words follow it); English when absent. */
  locale?: Locale;
  kind?: ReplyKind;
  /** The reply's own web address, where it has one (a source's details): Discord links the embed title to it. */
  link?: string;
  /** Buttons under the reply, each running a command. */
  actions?: Action[];
}

// ---- small builders, so commands read as data ----

export const text = (s: string): Span => ({ t: "text", text: s });
export const bold = (...children: (Span | string)[]): Span => ({ t: "bold", children: children.map(toSpan) });
export const italic = (...children: (Span | string)[]): Span => ({ t: "italic", children: children.map(toSpan) });
export const code = (s: string): Span => ({ t: "code", children: [text(s)] });
export const mark = (s: string): Span => ({ t: "mark", children: [text(s)] });
export const link = (href: string, ...children: (Span | string)[]): Span => ({ t: "link", href, children: children.map(toSpan) });
export const cite = (n: number): Span => ({ t: "cite", n });
export const command = (name: string, args: string, ...children: (Span | string)[]): Span => ({
  t: "command",
  command: name,
  args,
  children: children.length > 0 ? children.map(toSpan) : [text(`/${name}${args ? ` ${args}` : ""}`)],
});

export function toSpan(s: Span | string): Span {
  return typeof s === "string" ? text(s) : s;
}

export const para = (...spans: (Span | string)[]): Block => ({ t: "para", spans: spans.map(toSpan) });
export const heading = (s: string): Block => ({ t: "heading", text: s });
export const list = (items: (Span | string)[][], ordered = false): Block => ({
  t: "list",
  ordered,
  items: items.map((item) => item.map(toSpan)),
});
export const fields = (entries: { label: string; value: (Span | string)[] }[]): Block => ({
  t: "fields",
  fields: entries.map((f) => ({ label: f.label, value: f.value.map(toSpan) })),
});
export const quote = (s: string, citeNumber: number): Block => ({ t: "quote", text: s, cite: citeNumber });

/** Plain text of spans, for search, lengths and fallbacks. Citations appear as [n]. */
export function spansToText(spans: Span[]): string {
  return spans.map(spanToText).join("");
}

function spanToText(span: Span): string {
  switch (span.t) {
    case "text":
      return span.text;
    case "cite":
      return `[${span.n}]`;
    default:
      return spansToText(span.children);
  }
}

/**
 * Collects citations while a command builds its answer, numbering each source once.
 * `ref(id)` returns the 1-based number to put in a `cite` span or a quote block.
 */
export class CitationList {
  private readonly numbers = new Map<string, number>();
  readonly items: Citation[] = [];

  ref(citation: Citation): number {
    const known = this.numbers.get(citation.sourceId);
    if (known !== undefined) return known;
    this.items.push(citation);
    const n = this.items.length;
    this.numbers.set(citation.sourceId, n);
    return n;
  }
}
