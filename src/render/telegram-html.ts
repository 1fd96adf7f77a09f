/**
 * MessageDoc → Telegram HTML (parse_mode "HTML"), split into messages Telegram accepts.
 *
 * Rules obeyed (core.telegram.org/bots/api#html-style):
 * - only the documented tags; we use b, i, u, code, a href and blockquote;
 * - every `<`, `>`, `&` outside a tag is escaped, and only the named entities &lt; &gt; &amp; &quot; are used;
 * - pre/code entities cannot contain other entities, so nothing is nested inside <code>;
 * - a message holds 1–4096 characters; we keep the whole HTML string under the limit, which is stricter than
 *   Telegram's count after entity parsing and therefore always safe.
 * The renderer emits atoms (split.ts), so splitting knows where tags open and close without parsing HTML.
 * Pure functions: no grammY here, so the renderer is tested alone.
 */
import { translator } from "../core/i18n.js";
import { type Block, type Citation, type MessageDoc, type Span, spansToText } from "../core/message.js";
import { type Atom, gap, joinAtoms, packAtoms, textAtoms, type VisibleBudget, type Wrapper } from "./split.js";

/** Telegram's limit on message text (sendMessage / editMessageText `text`), in UTF-16 code units. */
export const TELEGRAM_MAX_MESSAGE_LENGTH = 4096;
/**
 * What one reply message may show: about a phone screen of text (characters a reader sees, markup not
 * counted). The rest of a reply is behind buttons that edit the message in place.
 */
export const TELEGRAM_SCREEN_BUDGET = 1200;
/** A deep link's start parameter: t.me/<bot>?start=<payload> (core.telegram.org/bots/features#deep-linking). */
export const TELEGRAM_START_PAYLOAD = /^[A-Za-z0-9_-]{1,64}$/;

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

export interface TelegramRenderOptions {
  /** The bot's username: command spans and sources without a web address become deep links to the bot. */
  botUsername?: string;
  /**
   * Whether a citation mark [n] links to its source (default yes). A whole document sent unprompted (a
   * digest) lists its sources, linked, at its end: its marks stay plain, so the links' markup does not push
   * it into more messages than it took before links existed (each one more paced send per subscriber).
   */
  citeLinks?: boolean;
}

/**
 * The deep link that runs a command: "source-<id>" for a source's details, "run-<base64url of the command
 * line>" for anything else that fits Telegram's 64 characters; undefined when it does not fit.
 */
export function deepLink(botUsername: string | undefined, command: string, args: string): string | undefined {
  if (!botUsername || !/^[A-Za-z0-9_]{3,64}$/.test(botUsername)) return undefined;
  const direct = command === "source" || command === "sources" ? `source-${args}` : undefined;
  const payload = direct && TELEGRAM_START_PAYLOAD.test(direct) ? direct : `run-${Buffer.from(`/${command}${args ? ` ${args}` : ""}`).toString("base64url")}`;
  return TELEGRAM_START_PAYLOAD.test(payload) ? `https://t.me/${botUsername}?start=${payload}` : undefined;
}

/**
 * The command line a "run-" deep link carries, as the bot receives it ("/start run-<base64url>"); undefined
 * for any other text. Only a command comes out (a line starting with "/", not /start itself, so a link can
 * never loop), and the dispatcher checks it as if it were typed.
 */
export function commandFromStartLink(text: string): string | undefined {
  const m = /^\/start(?:@\S+)?\s+run-([A-Za-z0-9_-]{1,60})\s*$/.exec(text.trim());
  if (!m) return undefined;
  const line = Buffer.from(m[1]!, "base64url").toString("utf8");
  return /^\/(?!start\b)[^\s@/]+/.test(line) && !line.includes("\uFFFD") ? line : undefined;
}

interface SpanContext {
  opts: TelegramRenderOptions;
  doc: MessageDoc;
  /** Elements open around this span, outermost first. */
  wrappers: readonly Wrapper[];
  inLink: boolean;
  inCode: boolean;
  /** Formatting tags already open around this span: nesting <b> in <b> adds nothing. */
  open: ReadonlySet<string>;
}

/** A new element each call: atoms sharing it sit inside one element (see Wrapper). */
function element(tag: "b" | "i" | "code" | "blockquote"): Wrapper {
  return { open: `<${tag}>`, close: `</${tag}>` };
}

function anchor(href: string): Wrapper {
  return { open: `<a href="${escapeHtml(href)}">`, close: "</a>" };
}

let renderOptions: TelegramRenderOptions = {};

function inlineAtoms(spans: readonly Span[], doc: MessageDoc, wrappers: readonly Wrapper[] = []): Atom[] {
  return spansAtoms(spans, { opts: renderOptions, doc, wrappers, inLink: false, inCode: false, open: new Set() });
}

function spansAtoms(spans: readonly Span[], ctx: SpanContext): Atom[] {
  return spans.flatMap((s) => spanAtoms(s, ctx));
}

function spanAtoms(span: Span, ctx: SpanContext): Atom[] {
  switch (span.t) {
    case "text":
      return textAtoms(escapeHtml(span.text), ctx.wrappers);
    case "bold":
    case "italic":
    case "mark": {
      // Search hits are bold; the person sees which words matched.
      const tag = span.t === "italic" ? "i" : "b";
      if (ctx.inCode || ctx.open.has(tag)) return spansAtoms(span.children, ctx);
      return spansAtoms(span.children, { ...ctx, wrappers: [...ctx.wrappers, element(tag)], open: new Set([...ctx.open, tag]) });
    }
    case "code": {
      const inner = escapeHtml(spansToText(span.children));
      return textAtoms(inner, ctx.inCode ? ctx.wrappers : [...ctx.wrappers, element("code")]);
    }
    case "link": {
      if (ctx.inLink || ctx.inCode || !isSafeHref(span.href)) return spansAtoms(span.children, ctx);
      const wrappers = [...ctx.wrappers, anchor(span.href)];
      const label = spansAtoms(span.children, { ...ctx, wrappers, inLink: true });
      return hasText(label) ? label : [...label, ...textAtoms(escapeHtml(span.href), wrappers)];
    }
    case "cite": {
      const text = `[${span.n}]`;
      // The source's page where it has one; else its details in Brief (a deep link), so every mark can be tapped.
      const c = citationAt(ctx.doc, span.n);
      const url = c?.url && isSafeHref(c.url) ? c.url : c ? deepLink(ctx.opts.botUsername, "source", c.sourceId) : undefined;
      if (!url || ctx.inLink || ctx.inCode || ctx.opts.citeLinks === false) return [{ space: "", text, wrappers: ctx.wrappers }];
      return [{ space: "", text, wrappers: [...ctx.wrappers, anchor(url)] }];
    }
    case "command": {
      const url = ctx.inLink || ctx.inCode ? undefined : deepLink(ctx.opts.botUsername, span.command, span.args);
      if (url) return spansAtoms(span.children, { ...ctx, wrappers: [...ctx.wrappers, anchor(url)], inLink: true });
      return spansAtoms(span.children, ctx);
    }
  }
}

const hasText = (atoms: readonly Atom[]): boolean => atoms.some((a) => a.text !== "");

function citationAt(doc: MessageDoc, n: number): Citation | undefined {
  return Number.isInteger(n) && n >= 1 ? doc.citations[n - 1] : undefined;
}

/** Lines joined by a line break. */
function lines(items: readonly Atom[][]): Atom[] {
  return items.flatMap((line, i) => (i > 0 ? [gap("\n"), ...line] : line));
}

function blockAtoms(block: Block, doc: MessageDoc): Atom[] {
  switch (block.t) {
    case "heading":
      return textAtoms(escapeHtml(block.text), [element("b")]);
    case "para":
      return inlineAtoms(block.spans, doc);
    case "list":
      return lines(block.items.map((item, i) => [{ space: "", text: block.ordered ? `${i + 1}.` : "•", wrappers: [] }, gap(" "), ...inlineAtoms(item, doc)]));
    case "fields":
      return lines(
        block.fields.map((f) => [...textAtoms(`${escapeHtml(f.label.replace(/:\s*$/, ""))}:`, [element("b")]), gap(" "), ...inlineAtoms(f.value, doc)]),
      );
    case "quote": {
      // The quote is exact source text; its citation number follows it directly, linked when the source has a
      // URL (trailing whitespace would otherwise end up between the two).
      const quoted = textAtoms(escapeHtml(block.text.trimEnd()), [element("blockquote")]);
      return [...quoted, ...inlineAtoms([{ t: "cite", n: block.cite }], doc)];
    }
  }
}

/** "[n] Title — Outlet, date", the title linked when the source has a URL (else to its details, by deep link). */
function citationAtoms(c: Citation, n: number): Atom[] {
  const title = escapeHtml(c.title);
  const href = c.url && isSafeHref(c.url) ? c.url : deepLink(renderOptions.botUsername, "source", c.sourceId);
  const titleAtoms = href ? textAtoms(title === "" ? escapeHtml(href) : title, [anchor(href)]) : textAtoms(title);
  const meta = [c.outlet, c.published].filter((v): v is string => typeof v === "string" && v.trim() !== "");
  return [
    { space: "", text: `[${n}]`, wrappers: [] },
    gap(" "),
    ...titleAtoms,
    ...(meta.length > 0 ? [gap(" "), ...textAtoms(`— ${escapeHtml(meta.join(", "))}`)] : []),
  ];
}

/** The document as atoms, sections separated by blank lines. Telegram rejects empty messages, so sections
 * with no visible text are left out and an empty document still gets a visible reply. */
function documentAtoms(doc: MessageDoc, withSources = true): Atom[] {
  const sections: Atom[][] = [];
  const warn = doc.tone === "error" || doc.tone === "warn";
  const title = doc.title?.trim() ?? "";
  if (title !== "") sections.push(textAtoms(escapeHtml(title), [element("b")]));
  for (const block of doc.blocks) {
    const atoms = blockAtoms(block, doc);
    if (atoms.some((a) => /\S/.test(a.text))) sections.push(atoms);
  }
  if (warn) {
    const sign: Atom = { space: "", text: WARNING_SIGN, wrappers: [] };
    sections[0] = sections.length > 0 ? [sign, gap(" "), ...sections[0]!] : [sign];
  }
  if (withSources && doc.citations.length > 0) sections.push(lines(doc.citations.map((c, i) => citationAtoms(c, i + 1))));
  const footer = doc.footer?.trim() ?? "";
  if (footer !== "") sections.push(textAtoms(escapeHtml(footer), [element("i")]));
  if (sections.length === 0) return [{ space: "", text: "…", wrappers: [] }];
  return sections.flatMap((atoms, i) => (i > 0 ? [gap("\n\n"), ...atoms] : atoms));
}

/** Renders with these options (the renderer's functions are synchronous: set, render, reset). */
function withOptions<R>(opts: TelegramRenderOptions, render: () => R): R {
  const before = renderOptions;
  renderOptions = opts;
  try {
    return render();
  } finally {
    renderOptions = before;
  }
}

/** The whole document as one Telegram HTML string (not split). */
export function renderTelegramHtml(doc: MessageDoc, opts: TelegramRenderOptions = {}): string {
  return withOptions(opts, () => joinAtoms(documentAtoms(doc)));
}

/**
 * Render and split: every string is one Telegram message of at most `maxLength` characters (and never more
 * than Telegram's limit), cut at block, line or word boundaries, tags closed and reopened at each cut.
 * For unprompted sends (digests): the whole document, sources included, as consecutive messages.
 */
export function renderTelegramMessages(doc: MessageDoc, maxLength = TELEGRAM_MAX_MESSAGE_LENGTH, opts: TelegramRenderOptions = {}): string[] {
  return withOptions(opts, () => packAtoms(documentAtoms(doc), Math.min(maxLength, TELEGRAM_MAX_MESSAGE_LENGTH)));
}

/** What a reader sees of escaped HTML text: each entity is one character. */
const visibleHtml: VisibleBudget["length"] = (text) => text.replace(/&(?:lt|gt|amp|quot);/g, "_").length;

/** A reply as screens of one message each: the body's screens, then the sources' (behind a button). */
export interface TelegramScreens {
  screens: string[];
  sources: string[];
}

/**
 * A reply as phone-sized screens: each is one message of at most `budget` visible characters (the title
 * heads every screen), so the first carries the start of the answer and the rest is a button away. The
 * sources are screens of their own, numbered as in the text.
 */
export function renderTelegramScreens(doc: MessageDoc, opts: TelegramRenderOptions = {}, budget = TELEGRAM_SCREEN_BUDGET): TelegramScreens {
  return withOptions(opts, () => {
    const title = doc.title?.trim() ?? "";
    // The title heads every screen (the packer drops trailing space, so the break is added as text).
    const head = title !== "" ? `${joinAtoms(textAtoms(escapeHtml(title), [element("b")]))}\n\n` : "";
    const headSize = visibleHtml(escapeHtml(title)) + 2;
    const body = documentAtoms({ ...doc, title: undefined, citations: doc.citations, footer: doc.footer }, false);
    const room = Math.max(200, budget - headSize);
    const hard = TELEGRAM_MAX_MESSAGE_LENGTH - head.length;
    const screens = packAtoms(body, hard, { limit: room, length: visibleHtml }).map((chunk) => head + chunk);
    const t = translator(doc.locale);
    const sourceAtoms = lines(doc.citations.map((c, i) => citationAtoms(c, i + 1)));
    const sourcesHead = `<b>${escapeHtml(t("view.sourcesTitle"))}</b>\n\n`;
    const sources =
      doc.citations.length > 0
        ? packAtoms(sourceAtoms, TELEGRAM_MAX_MESSAGE_LENGTH - 100, { limit: budget, length: visibleHtml }).map((c) => sourcesHead + c)
        : [];
    return { screens: screens.length > 0 ? screens : [head.trim() || "…"], sources };
  });
}
