/**
 * A feed's text → its title and items, whatever the format: RSS 2.0 (and 0.9x), RSS 1.0 (RDF), Atom and
 * JSON Feed, parsed by feedsmith (a maintained, typed parser of all four) and mapped here to the few
 * fields Brief uses. XML must be well-formed: a broken feed is reported with the line, not half-read. Pure.
 */
import { XMLValidator } from "fast-xml-parser";
import { parseFeed } from "feedsmith";
import { httpUrl } from "./canonical-url.js";
import { decodeBody } from "./charset.js";
import { FeedParseError } from "./feed-error.js";
import { htmlToPlain } from "./plain-text.js";

export interface FeedItem {
  /** The item's own id (RSS guid, Atom id, JSON Feed id); absent in some RSS feeds. */
  guid?: string;
  /** The article's link, absolute. */
  url?: string;
  title?: string;
  /** Summary or content as plain words (for matching, never quoted). */
  summary: string;
  /** The date as the feed wrote it. */
  published?: string;
  author?: string;
  categories: string[];
}

export interface ParsedFeed {
  format: "rss" | "atom" | "rdf" | "json";
  title?: string;
  items: FeedItem[];
}

type Text = string | { value?: string } | undefined;
const textOf = (t: Text): string | undefined => (typeof t === "string" ? t : t?.value)?.trim() || undefined;
const str = (v: unknown): string | undefined => (typeof v === "string" && v.trim() ? v.trim() : undefined);
const absolute = (href: string | undefined, base: string) => (href ? httpUrl(href, base)?.toString() : undefined);

/** A fetched feed's bytes, decoded in its declared charset (JSON Feed is always UTF-8), then parsed. */
export function parseFeedBody(body: Uint8Array, contentType: string, base: string): ParsedFeed {
  const json = /json/.test(contentType) || Buffer.from(body.subarray(0, 64)).toString("latin1").trimStart().startsWith("{");
  return parseFeedText(decodeBody(body, contentType, json ? "json" : "xml").text, base);
}

/** `base` is the feed's own URL: relative links are read against it. */
export function parseFeedText(text: string, base: string): ParsedFeed {
  const trimmed = text.trimStart();
  if (trimmed.startsWith("<")) {
    const valid = XMLValidator.validate(trimmed);
    if (valid !== true) throw new FeedParseError(`the feed is not well-formed XML (line ${valid.err.line}: ${valid.err.msg})`);
  }
  let parsed: ReturnType<typeof parseFeed>;
  try {
    parsed = parseFeed(trimmed.startsWith("{") ? JSON.parse(trimmed) : trimmed);
  } catch (err) {
    const message = err instanceof SyntaxError ? `the feed is not valid JSON (${err.message})` : "this is not an RSS, Atom or JSON feed";
    throw new FeedParseError(message);
  }
  switch (parsed.format) {
    case "rss":
    case "rdf": {
      const f = parsed.feed;
      return {
        format: parsed.format,
        title: textOf(f.title),
        items: (f.items ?? []).map((i) => {
          const guid = "guid" in i ? textOf(i.guid as Text) : undefined;
          const permalink = "guid" in i && (i.guid as { isPermaLink?: boolean } | undefined)?.isPermaLink !== false ? guid : undefined;
          const content = "content" in i ? (i.content as { encoded?: string } | undefined)?.encoded : undefined;
          const author = ("authors" in i ? str((i.authors as unknown[] | undefined)?.[0]) : undefined) ?? str(i.dc?.creators?.[0]);
          return {
            guid: guid ?? (i.link ? absolute(i.link, base) : undefined),
            url: absolute(i.link, base) ?? absolute(permalink, base),
            title: htmlToPlain(textOf(i.title)) || undefined,
            summary: htmlToPlain(content ?? textOf(i.description)),
            published: ("pubDate" in i ? str(i.pubDate) : undefined) ?? str(i.dc?.dates?.[0]),
            author: author ? htmlToPlain(author) : undefined,
            categories: "categories" in i ? ((i.categories as { name?: string }[] | undefined) ?? []).map((c) => c.name ?? "").filter(Boolean) : [],
          };
        }),
      };
    }
    case "atom": {
      const f = parsed.feed;
      return {
        format: "atom",
        title: htmlToPlain(textOf(f.title)) || undefined,
        items: (f.entries ?? []).map((e) => {
          const link = e.links?.find((l) => (l.rel ?? "alternate") === "alternate")?.href ?? e.links?.[0]?.href;
          return {
            guid: textOf(e.id),
            url: absolute(link, base),
            title: htmlToPlain(textOf(e.title)) || undefined,
            summary: htmlToPlain(textOf(e.content) ?? textOf(e.summary)),
            published: str(e.published) ?? str(e.updated),
            author: e.authors?.[0]?.name,
            categories: (e.categories ?? []).map((c) => c.label ?? c.term ?? "").filter(Boolean),
          };
        }),
      };
    }
    case "json": {
      const f = parsed.feed;
      return {
        format: "json",
        title: f.title,
        items: (f.items ?? []).map((i) => ({
          guid: i.id === undefined ? undefined : String(i.id),
          url: absolute(i.url ?? i.external_url, base),
          title: i.title?.trim() || undefined,
          summary: i.content_text ?? htmlToPlain(i.content_html ?? i.summary),
          published: str(i.date_published) ?? str(i.date_modified),
          author: i.authors?.[0]?.name,
          categories: i.tags ?? [],
        })),
      };
    }
  }
}
