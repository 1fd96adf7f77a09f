/**
 * MessageDoc → Discord messages: embeds (title, description, fields, a footer listing the sources, a colour by
 * tone) or, where embeds are not allowed, plain Markdown content. Pure functions; no discord.js here, the
 * shapes below are structurally compatible with discord-api-types' APIEmbed.
 *
 * Long output is split, never truncated: over several embeds, then several messages, at block and line
 * boundaries first, then between words. Every limit is a named constant (discord.com/developers/docs/resources/message#embed-object-embed-limits).
 */
import { translator } from "../core/i18n.js";
import type { Block, Citation, MessageDoc, ReplyKind, Span, Tone } from "../core/message.js";
import { type Atom, gap, packAtoms, textAtoms, type VisibleBudget, type Wrapper } from "./split.js";

export const DISCORD_EMBED_TITLE_MAX = 256;
export const DISCORD_EMBED_DESCRIPTION_MAX = 4096;
export const DISCORD_EMBED_FIELDS_MAX = 25;
export const DISCORD_EMBED_FIELD_NAME_MAX = 256;
export const DISCORD_EMBED_FIELD_VALUE_MAX = 1024;
export const DISCORD_EMBED_FOOTER_MAX = 2048;
/** Sum of title, description, field names and values, footer text (and author name) over all embeds of a message. */
export const DISCORD_EMBEDS_TOTAL_MAX = 6000;
export const DISCORD_EMBEDS_PER_MESSAGE_MAX = 10;
export const DISCORD_CONTENT_MAX = 2000;

/** Embed colours by tone; a document without a tone is informational. */
export const DISCORD_TONE_COLOURS: Record<Tone, number> = {
  info: 0x3b82f6,
  warn: 0xf59e0b,
  error: 0xef4444,
};

/** Embed colours by kind of reply, so a reader tells a timeline from an answer at a glance; warnings keep the tone's. */
export const DISCORD_KIND_COLOURS: Record<ReplyKind, number> = {
  brief: 0x3b82f6,
  digest: 0x3b82f6,
  timeline: 0x8b5cf6,
  event: 0xdb2777,
  profile: 0x0d9488,
  figures: 0xea580c,
  search: 0x4f46e5,
  answer: 0x16a34a,
  sources: 0x64748b,
  help: 0x0ea5e9,
  subscription: 0xca8a04,
  admin: 0x475569,
};

/**
 * What one reply message shows on Discord: one embed, about a phone screen of text (Markdown escapes not
 * counted), well inside the embed limits. The rest is behind buttons that edit the message in place.
 */
export const DISCORD_SCREEN_BUDGET = 1500;

/** A zero-width space: Discord rejects empty field names and values. */
export const BLANK = "\u200b";

/** Fields this short sit side by side (Discord shows up to three inline fields per row). */
const INLINE_FIELD_MAX = 40;

export interface DiscordEmbedField {
  name: string;
  value: string;
  inline?: boolean;
}

export interface DiscordEmbed {
  title?: string;
  url?: string;
  description?: string;
  color?: number;
  fields?: DiscordEmbedField[];
  footer?: { text: string };
  /** ISO 8601: Discord shows it in the reader's own time zone. */
  timestamp?: string;
}

/** One message's worth of embeds: ≤ 10 embeds, ≤ 6000 characters in total. */
export interface DiscordEmbedMessage {
  embeds: DiscordEmbed[];
}

// ---------------------------------------------------------------- escaping

/**
 * Escapes Discord Markdown in data text so that it shows literally: emphasis, code, spoilers, masked links,
 * mentions and timestamps (<…>), and line-start constructs (headings, quotes, lists, subtext).
 * A backslash before any punctuation is consumed by Discord, so over-escaping is harmless.
 */
export function escapeDiscordMarkdown(s: string): string {
  // Bare URLs are left alone: Discord links them before Markdown, so a backslash would land in the link.
  return s
    .split(/(https?:\/\/[^\s<>]+)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/[\\*_~`|[\]<>]/g, "\\$&")))
    .join("")
    .replace(/^(\s*)([#>+-])/gm, "$1\\$2")
    .replace(/^(\s*\d+)([.)])/gm, "$1\\$2");
}

/** A URL safe inside a masked link's parentheses, or undefined when it is not http(s). */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url || !/^https?:\/\/\S+$/i.test(url.trim())) return undefined;
  return url.trim().replace(/[()<>\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
}

// ---------------------------------------------------------------- spans and blocks → atoms

interface Ctx {
  citations: readonly Citation[];
  /** In content messages links are wrapped in <…> so Discord does not unfurl every source. */
  mode: "embed" | "content";
  /** Markdown open around this span, outermost first. */
  wrappers: readonly Wrapper[];
  /** Markers already open: "**" inside "**" would close it instead. */
  open: ReadonlySet<string>;
  inLink: boolean;
  /** Emphasis, links and list items hold one line: line breaks inside become spaces. */
  oneLine: boolean;
}

function linkTarget(url: string, ctx: Ctx): string {
  return ctx.mode === "content" ? `<${url}>` : url;
}

/** A new wrapper each call: atoms sharing it sit inside one span (see Wrapper). */
const marker = (m: string): Wrapper => ({ open: m, close: m });
const maskedLink = (url: string, ctx: Ctx): Wrapper => ({ open: "[", close: `](${linkTarget(url, ctx)})` });
/** One Markdown atom, glued to what precedes it. */
const token = (text: string, wrappers: readonly Wrapper[] = []): Atom => ({ space: "", text, wrappers });

const oneLine = (s: string): string => s.replace(/\n/g, " ");

function spanAtoms(span: Span, ctx: Ctx): Atom[] {
  switch (span.t) {
    case "text":
      return textAtoms(escapeDiscordMarkdown(ctx.oneLine ? oneLine(span.text) : span.text), ctx.wrappers);
    case "cite": {
      const url = ctx.inLink ? undefined : safeUrl(ctx.citations[span.n - 1]?.url);
      return [token(url ? `[[${span.n}]](${linkTarget(url, ctx)})` : `[${span.n}]`, ctx.wrappers)];
    }
    case "code": {
      const raw = oneLine(plainOf(span.children));
      if (raw.trim() === "") return [];
      const tick = raw.includes("`") ? { open: "`` ", close: " ``" } : marker("`");
      return textAtoms(raw, [...ctx.wrappers, tick]);
    }
    case "bold":
    case "mark":
      return emphasis("**", span.children, ctx);
    case "italic":
      return emphasis("*", span.children, ctx);
    case "command":
      // Discord has no links that run a slash command with arguments: the reply's buttons do that.
      return spansAtoms(span.children, ctx);
    case "link": {
      const url = ctx.inLink ? undefined : safeUrl(span.href);
      if (!url) return spansAtoms(span.children, { ...ctx, oneLine: true });
      const inner: Ctx = { ...ctx, wrappers: [...ctx.wrappers, maskedLink(url, ctx)], inLink: true, oneLine: true };
      const label = spansAtoms(span.children, inner);
      return label.some((a) => a.text !== "") ? label : [...label, ...textAtoms(escapeDiscordMarkdown(span.href), inner.wrappers)];
    }
  }
}

/**
 * Emphasis must hug its text ("**a**", not "** a **"); whitespace is atom space, which the packer puts
 * outside wrappers that start or end there.
 */
function emphasis(m: string, children: Span[], ctx: Ctx): Atom[] {
  if (ctx.open.has(m)) return spansAtoms(children, { ...ctx, oneLine: true });
  return spansAtoms(children, { ...ctx, wrappers: [...ctx.wrappers, marker(m)], open: new Set([...ctx.open, m]), oneLine: true });
}

function plainOf(spans: readonly Span[]): string {
  return spans.map((s) => (s.t === "text" ? s.text : s.t === "cite" ? `[${s.n}]` : plainOf(s.children))).join("");
}

function spansAtoms(spans: readonly Span[], ctx: Ctx): Atom[] {
  return spans.flatMap((s) => spanAtoms(s, ctx));
}

function inlineAtoms(spans: readonly Span[], ctx: Ctx, oneLine = false): Atom[] {
  return spansAtoms(spans, { ...ctx, oneLine });
}

/** Lines joined by a line break. */
function lines(items: readonly Atom[][]): Atom[] {
  return items.flatMap((line, i) => (i > 0 ? [gap("\n"), ...line] : line));
}

/** A text block (not fields) as atoms. */
function blockAtoms(block: Exclude<Block, { t: "fields" }>, ctx: Ctx): Atom[] {
  switch (block.t) {
    case "heading":
      return textAtoms(escapeDiscordMarkdown(oneLine(block.text).trim()), [marker("**")]);
    case "para":
      return inlineAtoms(block.spans, ctx);
    case "list":
      return lines(block.items.map((item, i) => [token(block.ordered ? `${i + 1}.` : "-"), gap(" "), ...inlineAtoms(item, ctx, true)]));
    case "quote": {
      // Every line of a quote starts with "> ", also a line continued in the next message.
      const quoted = block.text.split("\n").map((line): Atom[] => {
        const atoms = textAtoms(escapeDiscordMarkdown(line), [{ open: "> ", close: "" }]);
        return hasText(atoms) ? atoms : [token(">")];
      });
      const last = quoted[quoted.length - 1]!;
      last.push(gap(" "), ...spanAtoms({ t: "cite", n: block.cite }, { ...ctx, wrappers: last[0]!.wrappers }));
      return lines(quoted);
    }
  }
}

type Section = { t: "text"; atoms: Atom[] } | { t: "fields"; fields: { label: string; atoms: Atom[] }[] };

const hasText = (atoms: readonly Atom[]): boolean => atoms.some((a) => a.text !== "");

/** Consecutive text blocks merge into one section, separated by blank lines. */
function sections(blocks: readonly Block[], ctx: Ctx): Section[] {
  const out: Section[] = [];
  for (const block of blocks) {
    if (block.t === "fields") {
      out.push({ t: "fields", fields: block.fields.map((f) => ({ label: f.label, atoms: inlineAtoms(f.value, ctx) })) });
      continue;
    }
    const atoms = blockAtoms(block, ctx);
    if (!hasText(atoms)) continue;
    const last = out[out.length - 1];
    if (last?.t === "text") last.atoms.push(gap("\n\n"), ...atoms);
    else out.push({ t: "text", atoms });
  }
  return out;
}

function context(doc: MessageDoc, mode: Ctx["mode"]): Ctx {
  return { citations: doc.citations, mode, wrappers: [], open: new Set(), inLink: false, oneLine: false };
}

// ---------------------------------------------------------------- citations

/** "[n] Title — Outlet, date": plain text, as footers show no Markdown. */
function citationText(c: Citation, n: number): string {
  const where = [c.outlet, c.published].filter(Boolean).join(", ");
  return `[${n}] ${c.title}${where ? ` — ${where}` : ""}`;
}

function footerLines(doc: MessageDoc): string[] {
  return [...doc.citations.map((c, i) => citationText(c, i + 1)), ...(doc.footer ? [doc.footer] : [])];
}

// ---------------------------------------------------------------- embeds

/** Characters an embed counts towards the 6000 per message. */
export function embedLength(e: DiscordEmbed): number {
  return (
    (e.title?.length ?? 0) +
    (e.description?.length ?? 0) +
    (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0) +
    (e.footer?.text.length ?? 0)
  );
}

/** Splits a plain-text label: the first piece fits the limit, the remainder is returned separately. */
function splitLabel(label: string, max: number): [string, string] {
  const single = label.replace(/\s+/g, " ").trim();
  if (single.length <= max) return [single, ""];
  const [first = ""] = packAtoms(textAtoms(single), max);
  return [first, single.slice(first.length).trim()];
}

/**
 * Renders a document as one or more messages of embeds, each within every Discord limit.
 * The title heads the first embed, the sources sit in the last embed's footer.
 */
export function renderDiscordEmbeds(doc: MessageDoc): DiscordEmbedMessage[] {
  const ctx = context(doc, "embed");
  const color = DISCORD_TONE_COLOURS[doc.tone ?? "info"];
  const embeds: DiscordEmbed[] = [];
  let cur: DiscordEmbed | undefined;
  const fresh = (): DiscordEmbed => {
    cur = { color };
    embeds.push(cur);
    return cur;
  };

  const body = sections(doc.blocks, ctx);
  if (doc.title && doc.title.trim() !== "") {
    const [title, rest] = splitLabel(doc.title, DISCORD_EMBED_TITLE_MAX);
    fresh().title = title;
    if (rest) {
      const atoms = textAtoms(escapeDiscordMarkdown(rest), [marker("**")]);
      const first = body[0];
      if (first?.t === "text") first.atoms.unshift(...atoms, gap("\n\n"));
      else body.unshift({ t: "text", atoms });
    }
  }

  for (const section of body) {
    if (section.t === "text") {
      for (const chunk of packAtoms(section.atoms, DISCORD_EMBED_DESCRIPTION_MAX)) {
        // A description goes before any field; an embed already holding text or fields starts a new one.
        // (Title 256 + description 4096 always fit the 6000 total.)
        const target = cur && cur.description === undefined && !cur.fields ? cur : fresh();
        target.description = chunk;
      }
      continue;
    }
    for (const field of section.fields) {
      const [name, labelRest] = splitLabel(field.label === "" ? BLANK : field.label, DISCORD_EMBED_FIELD_NAME_MAX);
      const atoms = labelRest ? [...textAtoms(`${escapeDiscordMarkdown(labelRest)}:`), gap(" "), ...field.atoms] : field.atoms;
      const values = packAtoms(atoms, DISCORD_EMBED_FIELD_VALUE_MAX);
      if (values.length === 0) values.push(BLANK);
      values.forEach((value, i) => {
        const f: DiscordEmbedField = { name: i === 0 ? name : BLANK, value };
        if (values.length === 1 && value.length <= INLINE_FIELD_MAX && !value.includes("\n")) f.inline = true;
        let target = cur ?? fresh();
        if ((target.fields?.length ?? 0) >= DISCORD_EMBED_FIELDS_MAX || embedLength(target) + f.name.length + f.value.length > DISCORD_EMBEDS_TOTAL_MAX) {
          target = fresh();
        }
        (target.fields ??= []).push(f);
      });
    }
  }

  // Sources: whole citation lines packed into footers of at most 2048 characters.
  const footers = packLines(footerLines(doc), DISCORD_EMBED_FOOTER_MAX);
  footers.forEach((text, i) => {
    let target = i === 0 ? cur : undefined;
    if (!target || embedLength(target) + text.length > DISCORD_EMBEDS_TOTAL_MAX) {
      target = fresh();
      target.title = translator(doc.locale)(i === 0 ? "view.sourcesTitle" : "view.sourcesContinued");
    }
    target.footer = { text };
  });

  if (embeds.length === 0) fresh().description = BLANK;
  return packEmbeds(embeds);
}

/** Packs whole lines into chunks ≤ max; a single line longer than max is split at words. */
function packLines(lines: readonly string[], max: number): string[] {
  return packAtoms(
    lines.flatMap((line, i) => [...(i > 0 ? [gap("\n")] : []), ...textAtoms(oneLine(line))]),
    max,
  );
}

/** Greedily groups embeds into messages: ≤ 10 embeds and ≤ 6000 characters each. */
function packEmbeds(embeds: readonly DiscordEmbed[]): DiscordEmbedMessage[] {
  const messages: DiscordEmbedMessage[] = [];
  let current: DiscordEmbed[] = [];
  let total = 0;
  for (const e of embeds) {
    const n = embedLength(e);
    if (current.length > 0 && (current.length >= DISCORD_EMBEDS_PER_MESSAGE_MAX || total + n > DISCORD_EMBEDS_TOTAL_MAX)) {
      messages.push({ embeds: current });
      current = [];
      total = 0;
    }
    current.push(e);
    total += n;
  }
  if (current.length > 0) messages.push({ embeds: current });
  return messages;
}

// ---------------------------------------------------------------- plain content

/**
 * Renders a document as Markdown content messages of at most 2000 characters, for channels where embeds
 * are not allowed: title in bold, fields as "**label:** value" lines, sources listed at the end.
 */
export function renderDiscordContent(doc: MessageDoc): string[] {
  const ctx = context(doc, "content");
  const atoms: Atom[] = [];
  const paragraph = (): void => {
    if (atoms.length > 0) atoms.push(gap("\n\n"));
  };
  if (doc.title && doc.title.trim() !== "") atoms.push(...textAtoms(escapeDiscordMarkdown(oneLine(doc.title).trim()), [marker("**")]));
  for (const section of sections(doc.blocks, ctx)) {
    paragraph();
    if (section.t === "text") {
      atoms.push(...section.atoms);
      continue;
    }
    const labelled = section.fields.map((f) => [...textAtoms(`${escapeDiscordMarkdown(oneLine(f.label))}:`, [marker("**")]), gap(" "), ...f.atoms]);
    atoms.push(...lines(labelled));
  }
  if (doc.citations.length > 0) {
    paragraph();
    const sources = doc.citations.map((c, i) => {
      const url = safeUrl(c.url);
      return [...textAtoms(escapeDiscordMarkdown(citationText(c, i + 1))), ...(url ? [gap(" "), token(`<${url}>`)] : [])];
    });
    atoms.push(...lines([textAtoms(escapeDiscordMarkdown(translator(doc.locale)("view.sourcesTitle")), [marker("**")]), ...sources]));
  }
  if (doc.footer) {
    paragraph();
    atoms.push(...textAtoms(escapeDiscordMarkdown(oneLine(doc.footer).trim()), [marker("*")]));
  }
  const chunks = packAtoms(atoms, DISCORD_CONTENT_MAX);
  return chunks.length > 0 ? chunks : [BLANK];
}

// ---------------------------------------------------------------- screens

/** What a reader sees of escaped Markdown: a backslash escape is one character. */
const visibleMarkdown: VisibleBudget["length"] = (text) => text.replace(/\\(.)/g, "$1").length;

/** The colour of a reply: warnings and errors by tone, everything else by kind. */
export function replyColour(doc: MessageDoc): number {
  if (doc.tone === "warn" || doc.tone === "error") return DISCORD_TONE_COLOURS[doc.tone];
  return doc.kind ? DISCORD_KIND_COLOURS[doc.kind] : DISCORD_TONE_COLOURS.info;
}

/** The reply's link: its own, or the one source it cites. */
function replyUrl(doc: MessageDoc): string | undefined {
  return safeUrl(doc.link) ?? (doc.citations.length === 1 ? safeUrl(doc.citations[0]!.url) : undefined);
}

/** Body atoms with fields as "**label:** value" lines, so a screen is one description. */
function bodyAtoms(doc: MessageDoc, mode: Ctx["mode"]): Atom[] {
  const ctx = context(doc, mode);
  const atoms: Atom[] = [];
  for (const section of sections(doc.blocks, ctx)) {
    if (atoms.length > 0) atoms.push(gap("\n\n"));
    if (section.t === "text") atoms.push(...section.atoms);
    else atoms.push(...lines(section.fields.map((f) => [...textAtoms(`${escapeDiscordMarkdown(oneLine(f.label))}:`, [marker("**")]), gap(" "), ...f.atoms])));
  }
  if (doc.footer) {
    if (atoms.length > 0) atoms.push(gap("\n\n"));
    atoms.push(...textAtoms(escapeDiscordMarkdown(oneLine(doc.footer).trim()), [marker("*")]));
  }
  return atoms;
}

/** "[n] [Title](url) — Outlet, date" lines. */
function sourceLines(doc: MessageDoc, mode: Ctx["mode"]): Atom[] {
  const ctx = context(doc, mode);
  return lines(
    doc.citations.map((c, i) => {
      const url = safeUrl(c.url);
      const title = textAtoms(escapeDiscordMarkdown(oneLine(c.title)), url ? [maskedLink(url, ctx)] : []);
      const where = [c.outlet, c.published].filter(Boolean).join(", ");
      return [token(`[${i + 1}]`), gap(" "), ...title, ...(where ? [gap(" "), ...textAtoms(`— ${escapeDiscordMarkdown(where)}`)] : [])];
    }),
  );
}

export interface DiscordScreens {
  /** One embed per screen (embeds allowed) … */
  embeds: DiscordEmbed[];
  sourceEmbeds: DiscordEmbed[];
  /** … or one content string per screen (no Embed Links permission). */
  contents: string[];
  sourceContents: string[];
}

/**
 * A reply as phone-sized screens, each one message: a single embed (title linked to the reply's source,
 * coloured by kind, with a timestamp) or plain content where embeds are not allowed. Sources are screens
 * of their own. `at` is when the reply was made.
 */
export function renderDiscordScreens(doc: MessageDoc, at: Date = new Date(), budget = DISCORD_SCREEN_BUDGET): DiscordScreens {
  const t = translator(doc.locale);
  const [title = ""] = doc.title?.trim() ? splitLabel(doc.title, DISCORD_EMBED_TITLE_MAX) : [];
  const base = (): DiscordEmbed => ({
    ...(title ? { title } : {}),
    ...(replyUrl(doc) && title ? { url: replyUrl(doc) } : {}),
    color: replyColour(doc),
    timestamp: at.toISOString(),
  });
  const room = { limit: budget, length: visibleMarkdown };
  const body = packAtoms(bodyAtoms(doc, "embed"), DISCORD_EMBED_DESCRIPTION_MAX, room);
  const embeds = (body.length > 0 ? body : [BLANK]).map((description) => ({ ...base(), description }));
  const sourcesTitle = t("view.sourcesTitle");
  const sourceEmbeds =
    doc.citations.length > 0
      ? packAtoms(sourceLines(doc, "embed"), DISCORD_EMBED_DESCRIPTION_MAX, room).map((description) => ({
          title: sourcesTitle,
          color: replyColour(doc),
          timestamp: at.toISOString(),
          description,
        }))
      : [];
  const heading = doc.title?.trim() ? [...textAtoms(escapeDiscordMarkdown(oneLine(doc.title).trim()), [marker("**")]), gap("\n\n")] : [];
  const contents = packAtoms([...heading, ...bodyAtoms(doc, "content")], DISCORD_CONTENT_MAX, room);
  const sourceContents =
    doc.citations.length > 0
      ? packAtoms([...textAtoms(escapeDiscordMarkdown(sourcesTitle), [marker("**")]), gap("\n"), ...sourceLines(doc, "content")], DISCORD_CONTENT_MAX, room)
      : [];
  return { embeds, sourceEmbeds, contents: contents.length > 0 ? contents : [BLANK], sourceContents };
}
