/**
 * A web page → the article's own text and its metadata. The page is parsed by linkedom (a DOM without a
 * browser: nothing in it is ever run), obvious page furniture is removed, Mozilla's Readability (Firefox's
 * Reader View) picks the article's main text, and that text is read back paragraph by paragraph. The
 * metadata (title, site, author, date, canonical link) comes from the page's <meta>, JSON-LD and <link>
 * tags. Pure: no network, no files.
 */
import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import { httpUrl } from "./canonical-url.js";

export interface PageArticle {
  /** The page's title from its metadata (og:title, then the JSON-LD headline, then <title>), with where it came from. */
  title?: { value: string; from: string };
  siteName?: { value: string; from: string };
  author?: { value: string; from: string };
  /** The publication date as the page states it, and which tag said so. */
  published?: { value: string; from: string };
  /** <link rel="canonical">, absolute. */
  canonical?: string;
  lang?: string;
  /** The article's paragraphs, in order, whitespace collapsed: what is written to data/. */
  paragraphs: string[];
}

/** Elements that are never article text, removed before Readability looks. */
const FURNITURE =
  "script, style, noscript, template, iframe, object, embed, svg, canvas, form, button, input, select, textarea, nav, aside, footer, " +
  "[role=navigation], [role=banner], [role=complementary], [role=contentinfo], [aria-hidden=true], [hidden]";

/**
 * Class or id words that mark furniture: advertising, comments, related links, sharing, newsletters.
 * Matched against whole words of the class and id (and their hyphen-separated parts), so "shadow" or "loading" never match "ad".
 */
const FURNITURE_WORD =
  /^(ad|ads|adv|advert|adverts|advertisement|advertising|adsbygoogle|sponsor|sponsored|promo|promoted|banner|outbrain|taboola|comment|comments|disqus|replies|related|recommended|share|sharing|social|newsletter|subscribe|subscription|cookie|cookies|consent|gdpr|paywall|breadcrumb|breadcrumbs|sidebar|popup|modal|teaser|teasers|widget|more-stories|read-more)$/i;

/** Lines that are furniture whatever their markup: "Advertisement", "Share this article", "Read more". */
const FURNITURE_LINE =
  /^(advertisement|advert|sponsored( content)?|share( this( article| story)?)?|read more|related( stories| articles)?|comments?|leave a (comment|reply)|subscribe.*newsletter.*|sign up.*newsletter.*)[.:!]?$/i;

/** The block elements whose text becomes a paragraph line. */
const BLOCKS = "p, h2, h3, h4, h5, h6, li, blockquote, pre, dd, dt";

type El = {
  getAttribute(name: string): string | null;
  querySelectorAll(sel: string): ArrayLike<El> & Iterable<El>;
  querySelector(sel: string): El | null;
  remove(): void;
  textContent: string | null;
  className?: string;
  id?: string;
};

const collapse = (s: string | null | undefined) => (s ?? "").replace(/\s+/g, " ").trim();

function isFurniture(el: El): boolean {
  const words = `${el.getAttribute("class") ?? ""} ${el.getAttribute("id") ?? ""}`.split(/\s+/).filter(Boolean);
  return words.some((w) => FURNITURE_WORD.test(w) || w.split(/[-_]/).some((part) => FURNITURE_WORD.test(part) && part.length > 2));
}

function meta(doc: El, ...selectors: string[]): { value: string; from: string } | undefined {
  for (const sel of selectors) {
    const v = collapse(doc.querySelector(sel)?.getAttribute("content"));
    if (v) return { value: v, from: sel.replace(/^meta\[(?:property|name|itemprop)="([^"]+)"\]$/, "$1") };
  }
  return undefined;
}

/** JSON-LD's NewsArticle (or Article, BlogPosting…) fields, when the page has them. */
function jsonLd(doc: El): { headline?: string; datePublished?: string; author?: string; publisher?: string } {
  for (const script of doc.querySelectorAll('script[type="application/ld+json"]')) {
    let data: unknown;
    try {
      data = JSON.parse(script.textContent ?? "");
    } catch {
      continue;
    }
    const nodes = (Array.isArray(data) ? data : [data, ...(((data as { "@graph"?: unknown[] })?.["@graph"] as unknown[]) ?? [])]) as Record<string, unknown>[];
    for (const n of nodes) {
      const type = String(n?.["@type"] ?? "");
      if (!/Article|BlogPosting|Report/i.test(type)) continue;
      const name = (v: unknown): string | undefined =>
        typeof v === "string"
          ? v
          : Array.isArray(v)
            ? name(v[0])
            : typeof (v as { name?: unknown })?.name === "string"
              ? (v as { name: string }).name
              : undefined;
      return {
        headline: typeof n.headline === "string" ? n.headline : undefined,
        datePublished: typeof n.datePublished === "string" ? n.datePublished : undefined,
        author: name(n.author),
        publisher: name(n.publisher),
      };
    }
  }
  return {};
}

export function extractArticle(html: string, pageUrl: string): PageArticle {
  const { document } = parseHTML(html) as unknown as { document: El & { documentElement: El } };
  const ld = jsonLd(document);
  const titleTag = collapse(document.querySelector("title")?.textContent);
  const title =
    meta(document, 'meta[property="og:title"]', 'meta[name="twitter:title"]') ??
    (ld.headline ? { value: collapse(ld.headline), from: "JSON-LD headline" } : undefined) ??
    (titleTag ? { value: titleTag, from: "<title>" } : undefined);
  const siteName =
    meta(document, 'meta[property="og:site_name"]', 'meta[name="application-name"]') ??
    (ld.publisher ? { value: collapse(ld.publisher), from: "JSON-LD publisher" } : undefined);
  const author =
    meta(document, 'meta[name="author"]', 'meta[property="article:author"]', 'meta[name="byl"]') ??
    (ld.author ? { value: collapse(ld.author), from: "JSON-LD author" } : undefined);
  const published =
    meta(
      document,
      'meta[property="article:published_time"]',
      'meta[name="pubdate"]',
      'meta[name="publish-date"]',
      'meta[name="date"]',
      'meta[name="dc.date"]',
      'meta[name="DC.date.issued"]',
      'meta[itemprop="datePublished"]',
    ) ?? (ld.datePublished ? { value: ld.datePublished, from: "JSON-LD datePublished" } : undefined);
  const canonicalHref = document.querySelector('link[rel="canonical"]')?.getAttribute("href");
  const canonical = canonicalHref ? httpUrl(canonicalHref, pageUrl)?.toString() : undefined;
  const lang = document.documentElement.getAttribute("lang") ?? undefined;

  for (const el of [...document.querySelectorAll(FURNITURE)]) el.remove();
  for (const el of [...document.querySelectorAll("[class], [id]")]) if (isFurniture(el)) el.remove();

  // The serializer hands back Readability's content element itself, so it is read without parsing it again.
  const parsed = new Readability(document as never, { serializer: (node: unknown) => node as El }).parse();
  const content = parsed?.content;
  const paragraphs: string[] = [];
  if (content) {
    const blocks = [...content.querySelectorAll(BLOCKS)];
    const blockSet = new Set(blocks);
    for (const el of blocks) {
      // A list item holding paragraphs is read through its paragraphs, not twice.
      if ([...el.querySelectorAll(BLOCKS)].some((inner) => blockSet.has(inner))) continue;
      const line = collapse(el.textContent);
      if (line) paragraphs.push(line);
    }
    if (paragraphs.length === 0) {
      const whole = collapse(content.textContent);
      if (whole) paragraphs.push(whole);
    }
  }
  const byline = author?.value ?? collapse(parsed?.byline);
  const headline = title?.value.toLowerCase();
  const kept = paragraphs.filter((p, i) => {
    if (FURNITURE_LINE.test(p)) return false;
    // The headline and the byline above the text are page furniture here: the front matter holds them.
    if (i < 3 && (p.toLowerCase() === headline || (byline && new RegExp(`^(by|от|автор:?)\\s+${escapeRegExp(byline)}\\.?$`, "i").test(p)))) return false;
    return true;
  });
  return {
    title,
    siteName: siteName ?? (parsed?.siteName ? { value: collapse(parsed.siteName), from: "the page" } : undefined),
    author: author ?? (parsed?.byline ? { value: collapse(parsed.byline), from: "the page's byline" } : undefined),
    published,
    canonical,
    lang: lang || undefined,
    paragraphs: kept,
  };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
