/**
 * The neutral document as plain text for the terminal: citations as numbered footnotes naming each
 * source's title, outlet and date, lines wrapped to the terminal's width.
 */
import { translator } from "../core/i18n.js";
import type { Block, Citation, MessageDoc, Span } from "../core/message.js";
import { packAtoms, textAtoms } from "./split.js";

/** A sensible width when the output is not a terminal. */
export const DEFAULT_PLAIN_WIDTH = 88;

export interface PlainOptions {
  width?: number;
  /** Split into chunks of at most this many characters (for platforms with a limit); default: one chunk. */
  limit?: number;
}

export function renderPlain(doc: MessageDoc, options: PlainOptions = {}): string[] {
  const width = Math.max(20, options.width ?? DEFAULT_PLAIN_WIDTH);
  const pieces: string[] = [];
  if (doc.title) pieces.push(wordWrap(doc.tone === "error" || doc.tone === "warn" ? `! ${doc.title}` : doc.title.toUpperCase(), width));
  for (const block of doc.blocks) pieces.push(renderBlock(block, width));
  if (doc.pages && doc.pages.count > 1) {
    pieces.push(wordWrap(translator(doc.locale)("view.consolePaging", { index: doc.pages.index, count: doc.pages.count }), width));
  }
  if (doc.citations.length > 0)
    pieces.push([`${translator(doc.locale)("view.sourcesTitle")}:`, ...doc.citations.map((c, i) => wordWrap(footnote(c, i + 1), width, "    "))].join("\n"));
  if (doc.footer) pieces.push(wordWrap(doc.footer, width));
  const whole = pieces.join("\n\n");
  // The terminal shows no formatting, so the atoms are just the words; a block's indentation is kept at a cut.
  return options.limit ? packAtoms(textAtoms(whole, [], true), options.limit) : [whole];
}

export function footnote(c: Citation, n: number): string {
  const parts = [c.title, c.outlet, c.published].filter(Boolean).join(" — ");
  return `[${n}] ${parts}${c.url ? ` <${c.url}>` : ""}`;
}

function renderBlock(block: Block, width: number): string {
  switch (block.t) {
    case "heading":
      return wordWrap(`== ${block.text} ==`, width);
    case "para":
      return wordWrap(spans(block.spans), width);
    case "list":
      return block.items
        .map((item, i) => {
          const bullet = block.ordered ? `${i + 1}. ` : "- ";
          return wordWrap(bullet + spans(item), width, " ".repeat(bullet.length));
        })
        .join("\n");
    case "fields":
      return block.fields.map((f) => wordWrap(`${f.label}: ${spans(f.value)}`, width, "  ")).join("\n");
    case "quote":
      return wordWrap(`  “${block.text}” [${block.cite}]`, width, "   ");
  }
}

export function spans(list: readonly Span[]): string {
  return list
    .map((s) => {
      switch (s.t) {
        case "text":
          return s.text;
        case "cite":
          return `[${s.n}]`;
        case "mark":
          return `*${spans(s.children)}*`;
        case "link":
          return spans(s.children);
        case "command": {
          // A terminal cannot tap: show what to type after the label, unless the label is the command itself.
          const line = `/${s.command}${s.args ? ` ${s.args}` : ""}`;
          const label = spans(s.children);
          return label === line ? line : `${label} (${line})`;
        }
        case "code":
          return `\`${spans(s.children)}\``;
        default:
          return spans(s.children);
      }
    })
    .join("");
}

/** Greedy word wrap; continuation lines get `indent`. Existing newlines are kept. */
export function wordWrap(text: string, width: number, indent = ""): string {
  return text
    .split("\n")
    .map((para) => {
      const lead = /^\s*/.exec(para)![0];
      const words = para.trim().split(/\s+/);
      const lines: string[] = [];
      let line = lead;
      for (const word of words) {
        const candidate = line.trim() === "" ? lead + word : `${line} ${word}`;
        if (candidate.length > width && line.trim() !== "") {
          lines.push(line);
          line = indent + word;
        } else line = candidate;
      }
      lines.push(line);
      return lines.join("\n");
    })
    .join("\n");
}
