/**
 * MessageDoc → Telegram HTML (parse_mode "HTML"), then split into messages Telegram accepts.
 *
 * Rules obeyed (core.telegram.org/bots/api#html-style):
 * - only the documented tags; we use b, i, u, code, a href and blockquote;
 * - every `<`, `>`, `&` outside a tag is escaped, and only the named entities &lt; &gt; &amp; &quot; are used;
 * - pre/code entities cannot contain other entities, so nothing is nested inside <code>;
 * - a message holds 1–4096 characters; we keep the whole HTML string under the limit, which is stricter than
 *   Telegram's count after entity parsing and therefore always safe.
 * Pure functions: no grammY here, so the renderer is tested alone.
 */
import { type Block, type Citation, type MessageDoc, type Span, spansToText } from "../core/message.js";
import { splitHtml } from "./telegram-split.js";

/** Telegram's limit on message text (sendMessage / editMessageText `text`), in UTF-16 code units. */
export const TELEGRAM_MAX_MESSAGE_LENGTH = 4096;

/** Tags Telegram's HTML parse mode understands (we emit a subset). */
export const TELEGRAM_ALLOWED_TAGS = ["b", "i", "u", "s", "code", "pre", "a", "blockquote", "tg-spoiler"] as const;

/** Links we render as <a href>; anything else (javascript:, data:, over-long) becomes plain text. */
const SAFE_HREF = /^(https?:\/\/|tg:\/\/|mailto:)[^\s<>"]+$/i;
const MAX_HREF_LENGTH = 1024;

const WARNING_SIGN = "⚠️";

/** Text Telegram would choke on: C0 controls (except tab and newline), DEL, and lone UTF-16 surrogates. */
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes text for Telegram HTML, using only the four entities Telegram knows. Also cleans unsendable characters. */
export function escapeHtml(s: string): string {
  return s
    .replace(/\r\n?/g, "\n")
    .replace(CONTROL_CHARS, "")
    .replace(LONE_SURROGATE, "\uFFFD")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

export function isSafeHref(href: string): boolean {
  return href.length <= MAX_HREF_LENGTH && SAFE_HREF.test(href);
}

interface SpanContext {
  doc: MessageDoc;
  inLink: boolean;
  inCode: boolean;
  /** Formatting tags already open around this span: nesting <b> in <b> adds nothing. */
  open: ReadonlySet<string>;
}

/** Renders inline spans. Exported for tests and for adapters that render fragments (button labels excluded). */
export function renderSpans(spans: readonly Span[], doc: MessageDoc): string {
  return spansHtml(spans, { doc, inLink: false, inCode: false, open: new Set() });
}

function spansHtml(spans: readonly Span[], ctx: SpanContext): string {
  return spans.map((s) => spanHtml(s, ctx)).join("");
}

function spanHtml(span: Span, ctx: SpanContext): string {
  switch (span.t) {
    case "text":
      return escapeHtml(span.text);
    case "bold":
    case "italic":
    case "mark": {
      // Search hits are bold; the person sees which words matched.
      const tag = span.t === "italic" ? "i" : "b";
      if (ctx.inCode || ctx.open.has(tag)) return spansHtml(span.children, ctx);
      return wrap(tag, spansHtml(span.children, { ...ctx, open: new Set([...ctx.open, tag]) }));
    }
    case "code": {
      const inner = escapeHtml(spansToText(span.children));
      return ctx.inCode ? inner : wrap("code", inner);
    }
    case "link": {
      if (ctx.inLink || ctx.inCode || !isSafeHref(span.href)) return spansHtml(span.children, ctx);
      const label = spansHtml(span.children, { ...ctx, inLink: true });
      return anchor(span.href, label === "" ? escapeHtml(span.href) : label);
    }
    case "cite": {
      const label = `[${span.n}]`;
      const url = citationAt(ctx.doc, span.n)?.url;
      if (!url || ctx.inLink || ctx.inCode || !isSafeHref(url)) return label;
      return anchor(url, label);
    }
  }
}

function wrap(tag: string, inner: string): string {
  return inner === "" ? "" : `<${tag}>${inner}</${tag}>`;
}

function anchor(href: string, label: string): string {
  return `<a href="${escapeHtml(href)}">${label}</a>`;
}

function citationAt(doc: MessageDoc, n: number): Citation | undefined {
  return Number.isInteger(n) && n >= 1 ? doc.citations[n - 1] : undefined;
}

function blockHtml(block: Block, doc: MessageDoc): string {
  switch (block.t) {
    case "heading":
      return wrap("b", escapeHtml(block.text));
    case "para":
      return renderSpans(block.spans, doc);
    case "list":
      return block.items.map((item, i) => `${block.ordered ? `${i + 1}.` : "•"} ${renderSpans(item, doc)}`).join("\n");
    case "fields":
      return block.fields
        .map((f) => {
          const label = f.label.replace(/:\s*$/, "");
          return `${wrap("b", `${escapeHtml(label)}:`)} ${renderSpans(f.value, doc)}`;
        })
        .join("\n");
    case "quote": {
      // The quote is exact source text; its citation number follows it, linked when the source has a URL.
      const quoted = wrap("blockquote", escapeHtml(block.text));
      return `${quoted}${renderSpans([{ t: "cite", n: block.cite }], doc)}`;
    }
  }
}

/** Telegram rejects a message with no visible text, so blocks of only whitespace (even inside tags) are dropped. */
function hasVisibleText(html: string): boolean {
  return html.replace(/<[^>]*>/g, "").trim() !== "";
}

/** "[n] Title — Outlet, date", the title linked when the source has a URL. */
export function citationLine(c: Citation, n: number): string {
  const title = escapeHtml(c.title);
  const linked = c.url && isSafeHref(c.url) ? anchor(c.url, title === "" ? escapeHtml(c.url) : title) : title;
  const meta = [c.outlet, c.published].filter((v): v is string => typeof v === "string" && v.trim() !== "");
  return `[${n}] ${linked}${meta.length > 0 ? ` — ${escapeHtml(meta.join(", "))}` : ""}`;
}

/** The whole document as one Telegram HTML string (not yet split). */
export function renderTelegramHtml(doc: MessageDoc): string {
  const sections: string[] = [];
  const warn = doc.tone === "error" || doc.tone === "warn";
  if (doc.title !== undefined && doc.title.trim() !== "") {
    sections.push(`${warn ? `${WARNING_SIGN} ` : ""}${wrap("b", escapeHtml(doc.title.trim()))}`);
  }
  for (const block of doc.blocks) {
    const html = blockHtml(block, doc);
    if (hasVisibleText(html)) sections.push(html);
  }
  if (warn && (doc.title === undefined || doc.title.trim() === "")) {
    sections[0] = sections.length > 0 ? `${WARNING_SIGN} ${sections[0]}` : WARNING_SIGN;
  }
  if (doc.citations.length > 0) {
    sections.push(doc.citations.map((c, i) => citationLine(c, i + 1)).join("\n"));
  }
  if (doc.footer !== undefined && doc.footer.trim() !== "") {
    sections.push(wrap("i", escapeHtml(doc.footer.trim())));
  }
  // Telegram rejects empty messages; an empty document still gets a visible reply.
  return sections.length > 0 ? sections.join("\n\n") : "…";
}

/**
 * Splits rendered HTML into messages of at most `maxLength` characters, at block, line or word boundaries,
 * closing and reopening tags at each cut. Never truncates.
 */
export function splitTelegramHtml(html: string, maxLength = TELEGRAM_MAX_MESSAGE_LENGTH): string[] {
  return splitHtml(html, Math.min(maxLength, TELEGRAM_MAX_MESSAGE_LENGTH));
}

/** Render and split: every string is one Telegram message of at most `maxLength` characters. */
export function renderTelegramMessages(doc: MessageDoc, maxLength = TELEGRAM_MAX_MESSAGE_LENGTH): string[] {
  return splitTelegramHtml(renderTelegramHtml(doc), maxLength);
}
