/**
 * A fetched article → an ordinary data/articles/<id>.md file: YAML front matter (title, outlet, author,
 * published, dated_by, url, origin, notes, topics) and the text, one paragraph a line. The loader then
 * validates it like any hand-written article. Pure.
 */
import { slugify } from "transliteration";
import { stringify } from "yaml";

export interface ArticleDraft {
  title: string;
  outlet?: string;
  author?: string;
  /** YYYY-MM-DD, as the source dates it. */
  published?: string;
  /** Which metadata gave the date. */
  datedBy: string;
  url: string;
  /** The feed (or the person who added the link) and the fetch time. */
  origin: string;
  /** Where the title, outlet and author came from, and how the text was taken from the page. */
  notes: string;
  topics: readonly string[];
  paragraphs: readonly string[];
}

/** Ids stay short enough to type in /source. */
const MAX_ID_WORDS = 8;
const MAX_ID_CHARS = 64;

/** "Border guards report quiet week" from "Example Wire" → "example-wire-border-guards-report-quiet-week". */
export function articleIdFor(title: string, outlet: string | undefined, taken: (id: string) => boolean): string {
  const slug = (s: string) =>
    slugify(s, { lowercase: true, separator: "-" })
      .replace(/[^a-z0-9-]+/g, "-")
      .replace(/-+/g, "-")
      .replace(/^-|-$/g, "");
  const words = [
    ...slug(outlet ?? "")
      .split("-")
      .slice(0, 3),
    ...slug(title).split("-"),
  ]
    .filter(Boolean)
    .slice(0, MAX_ID_WORDS);
  let base = "";
  for (const w of words) if ((base ? `${base}-${w}` : w).length <= MAX_ID_CHARS) base = base ? `${base}-${w}` : w;
  base ||= "article";
  if (!taken(base)) return base;
  for (let n = 2; ; n++) if (!taken(`${base}-${n}`)) return `${base}-${n}`;
}

export function articleFile(d: ArticleDraft): string {
  const front: Record<string, unknown> = { title: d.title };
  if (d.outlet) front.outlet = d.outlet;
  if (d.author) front.author = d.author;
  if (d.published) front.published = d.published;
  front.dated_by = d.datedBy;
  front.url = d.url;
  front.origin = d.origin;
  front.notes = d.notes;
  if (d.topics.length > 0) front.topics = [...d.topics];
  const yaml = stringify(front, { lineWidth: 0, defaultStringType: "PLAIN", defaultKeyType: "PLAIN" });
  return `---\n${yaml}---\n${d.paragraphs.join("\n\n")}\n`;
}
