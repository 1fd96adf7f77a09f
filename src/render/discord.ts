/**
 * MessageDoc → Discord messages: embeds (title, description, fields, a footer listing the sources, a colour by
 * tone) or, where embeds are not allowed, plain Markdown content. Pure functions; no discord.js here, the
 * shapes below are structurally compatible with discord-api-types' APIEmbed.
 *
 * Long output is split, never truncated: over several embeds, then several messages, at block and line
 * boundaries first, then between words. Every limit is a named constant (discord.com/developers/docs/resources/message#embed-object-embed-limits).
 */
import type { Block, Citation, MessageDoc, Span, Tone } from "../core/message.js";
import { chunkAtoms, splitPlain, wordAtoms } from "./discord-split.js";

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

export const DISCORD_LIMITS = {
  title: DISCORD_EMBED_TITLE_MAX,
  description: DISCORD_EMBED_DESCRIPTION_MAX,
  fields: DISCORD_EMBED_FIELDS_MAX,
  fieldName: DISCORD_EMBED_FIELD_NAME_MAX,
  fieldValue: DISCORD_EMBED_FIELD_VALUE_MAX,
  footer: DISCORD_EMBED_FOOTER_MAX,
  total: DISCORD_EMBEDS_TOTAL_MAX,
  embedsPerMessage: DISCORD_EMBEDS_PER_MESSAGE_MAX,
  content: DISCORD_CONTENT_MAX,
} as const;

/** Embed colours by tone; a document without a tone is informational. */
export const DISCORD_TONE_COLOURS: Record<Tone, number> = {
  info: 0x3b82f6,
  warn: 0xf59e0b,
  error: 0xef4444,
};

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
  description?: string;
  color?: number;
  fields?: DiscordEmbedField[];
  footer?: { text: string };
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
}

function linkTarget(url: string, ctx: Ctx): string {
  return ctx.mode === "content" ? `<${url}>` : url;
}

function spanAtoms(span: Span, ctx: Ctx): string[] {
  switch (span.t) {
    case "text":
      return wordAtoms(escapeDiscordMarkdown(span.text));
    case "cite": {
      const url = safeUrl(ctx.citations[span.n - 1]?.url);
      return [url ? `[[${span.n}]](${linkTarget(url, ctx)})` : `[${span.n}]`];
    }
    case "code": {
      const raw = plainOf(span.children).replace(/\n/g, " ");
      if (raw === "") return [];
      return [raw.includes("`") ? `\`\` ${raw} \`\`` : `\`${raw}\``];
    }
    case "bold":
    case "mark":
      return wrap("**", span.children, ctx);
    case "italic":
      return wrap("*", span.children, ctx);
    case "link": {
      const url = safeUrl(span.href);
      const inner = spansAtoms(span.children, ctx).join("").replace(/\n/g, " ").trim();
      if (!url) return inner === "" ? [] : [inner];
      return [`[${inner === "" ? escapeDiscordMarkdown(span.href) : inner}](${linkTarget(url, ctx)})`];
    }
  }
}

/** Emphasis must hug its text ("**a**", not "** a **"): spaces move outside the markers. */
function wrap(marker: string, children: Span[], ctx: Ctx): string[] {
  const inner = spansAtoms(children, ctx).join("").replace(/\n/g, " ");
  const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(inner)!;
  if (m[2] === "") return inner === "" ? [] : [inner];
  return [`${m[1]}${marker}${m[2]}${marker}${m[3]}`];
}

function plainOf(spans: Span[]): string {
  return spans.map((s) => (s.t === "text" ? s.text : s.t === "cite" ? `[${s.n}]` : plainOf(s.children))).join("");
}

function spansAtoms(spans: Span[], ctx: Ctx): string[] {
  return spans.flatMap((s) => spanAtoms(s, ctx));
}

/** A text block (not fields) as atoms; lines separated by "\n" atoms. */
function blockAtoms(block: Exclude<Block, { t: "fields" }>, ctx: Ctx): string[] {
  switch (block.t) {
    case "heading":
      return [`**${escapeDiscordMarkdown(block.text.replace(/\n/g, " ").trim())}**`];
    case "para":
      return spansAtoms(block.spans, ctx);
    case "list":
      return block.items.flatMap((item, i) => [
        ...(i > 0 ? ["\n"] : []),
        block.ordered ? `${i + 1}. ` : "- ",
        ...spansAtoms(item, ctx).filter((a) => a !== "\n"),
      ]);
    case "quote": {
      const lines = block.text.split("\n");
      const citeAtoms = spanAtoms({ t: "cite", n: block.cite }, ctx);
      return lines.flatMap((line, i) => [
        ...(i > 0 ? ["\n"] : []),
        "> ",
        ...wordAtoms(escapeDiscordMarkdown(line)),
        ...(i === lines.length - 1 ? [" ", ...citeAtoms] : []),
      ]);
    }
  }
}

type Section = { t: "text"; atoms: string[] } | { t: "fields"; fields: { label: string; atoms: string[] }[] };

/** Consecutive text blocks merge into one section, separated by blank lines. */
function sections(blocks: readonly Block[], ctx: Ctx): Section[] {
  const out: Section[] = [];
  for (const block of blocks) {
    if (block.t === "fields") {
      out.push({ t: "fields", fields: block.fields.map((f) => ({ label: f.label, atoms: spansAtoms(f.value, ctx) })) });
      continue;
    }
    const atoms = blockAtoms(block, ctx);
    if (atoms.length === 0) continue;
    const last = out[out.length - 1];
    if (last?.t === "text") last.atoms.push("\n", "\n", ...atoms);
    else out.push({ t: "text", atoms });
  }
  return out;
}

// ---------------------------------------------------------------- citations

/** "[n] Title — Outlet, date": plain text, as footers show no Markdown. */
export function citationLine(c: Citation, n: number): string {
  const where = [c.outlet, c.published].filter(Boolean).join(", ");
  return `[${n}] ${c.title}${where ? ` — ${where}` : ""}`;
}

function footerLines(doc: MessageDoc): string[] {
  return [...doc.citations.map((c, i) => citationLine(c, i + 1)), ...(doc.footer ? [doc.footer] : [])];
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
  const [first = ""] = splitPlain(single, max);
  return [first, single.slice(first.length).trim()];
}

/**
 * Renders a document as one or more messages of embeds, each within every Discord limit.
 * The title heads the first embed, the sources sit in the last embed's footer.
 */
export function renderDiscordEmbeds(doc: MessageDoc): DiscordEmbedMessage[] {
  const ctx: Ctx = { citations: doc.citations, mode: "embed" };
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
      const atoms = [`**${escapeDiscordMarkdown(rest)}**`];
      const first = body[0];
      if (first?.t === "text") first.atoms.unshift(...atoms, "\n", "\n");
      else body.unshift({ t: "text", atoms });
    }
  }

  for (const section of body) {
    if (section.t === "text") {
      for (const chunk of chunkAtoms(section.atoms, DISCORD_EMBED_DESCRIPTION_MAX)) {
        // A description goes before any field; an embed already holding text or fields starts a new one.
        // (Title 256 + description 4096 always fit the 6000 total.)
        const target = cur && cur.description === undefined && !cur.fields ? cur : fresh();
        target.description = chunk;
      }
      continue;
    }
    for (const field of section.fields) {
      const [name, labelRest] = splitLabel(field.label === "" ? BLANK : field.label, DISCORD_EMBED_FIELD_NAME_MAX);
      const atoms = labelRest ? [...wordAtoms(`${escapeDiscordMarkdown(labelRest)}: `), ...field.atoms] : field.atoms;
      const values = chunkAtoms(atoms, DISCORD_EMBED_FIELD_VALUE_MAX);
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
      target.title = i === 0 ? "Sources" : "Sources (continued)";
    }
    target.footer = { text };
  });

  if (embeds.length === 0) fresh().description = BLANK;
  return packEmbeds(embeds);
}

/** Packs whole lines into chunks ≤ max; a single line longer than max is split at words. */
function packLines(lines: readonly string[], max: number): string[] {
  const atoms = lines.flatMap((line, i) => [...(i > 0 ? ["\n"] : []), ...wordAtoms(line.replace(/\n/g, " "))]);
  return chunkAtoms(atoms, max);
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
  const ctx: Ctx = { citations: doc.citations, mode: "content" };
  const atoms: string[] = [];
  const gap = (): void => {
    if (atoms.length > 0) atoms.push("\n", "\n");
  };
  if (doc.title && doc.title.trim() !== "") atoms.push(`**${escapeDiscordMarkdown(doc.title.replace(/\s+/g, " ").trim())}**`);
  for (const section of sections(doc.blocks, ctx)) {
    gap();
    if (section.t === "text") {
      atoms.push(...section.atoms);
      continue;
    }
    section.fields.forEach((f, i) => {
      if (i > 0) atoms.push("\n");
      atoms.push(`**${escapeDiscordMarkdown(f.label)}:** `, ...f.atoms);
    });
  }
  if (doc.citations.length > 0) {
    gap();
    atoms.push("**Sources**");
    doc.citations.forEach((c, i) => {
      const url = safeUrl(c.url);
      atoms.push("\n", ...wordAtoms(escapeDiscordMarkdown(citationLine(c, i + 1))), ...(url ? [` <${url}>`] : []));
    });
  }
  if (doc.footer) {
    gap();
    atoms.push(`*${escapeDiscordMarkdown(doc.footer.replace(/\s+/g, " ").trim())}*`);
  }
  const chunks = chunkAtoms(atoms, DISCORD_CONTENT_MAX);
  return chunks.length > 0 ? chunks : [BLANK];
}
