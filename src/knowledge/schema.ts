/**
 * The shape of data/: article front matter and the curated YAML records. zod validates the shape;
 * the loader then checks what zod cannot (unique ids, references, quotes found verbatim).
 */
import { z } from "zod";

/** YYYY, YYYY-MM or YYYY-MM-DD: only as precise as the evidence allows. */
export const PartialDate = z.string().regex(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/, "expected YYYY, YYYY-MM or YYYY-MM-DD");

export const Id = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "ids are lower-case words joined by hyphens");

/** A claim's evidence: the source and an exact quote of at most 40 words. */
export const CitationSchema = z.strictObject({
  source: Id,
  quote: z
    .string()
    .min(3)
    .refine((q) => q.trim().split(/\s+/).length <= 40, "quotes are at most 40 words"),
});

export const ExcludedSchema = z.strictObject({
  kind: z.enum(["reader-comment", "unrelated-column", "image-caption", "site-chrome", "byline", "disclaimer", "dateline"]),
  /** Every line of the text that starts with this exact text is excluded. */
  match: z.string().min(3),
  /** Exclude from the first matching line to the end of the text (a trailing column, say). */
  through_end: z.boolean().optional(),
  reason: z.string().min(3),
});

export const ArticleFrontMatter = z.strictObject({
  title: z.string().min(1),
  outlet: z.string().optional(),
  author: z.string().optional(),
  published: PartialDate.optional(),
  dated_by: z.string().optional(),
  /** Shown as a link in replies: web addresses only (a javascript: or data: URL passed z.url()). */
  url: z.url({ protocol: /^https?$/, error: "expected an http(s) address" }).optional(),
  /** Where the text came from (the seed file it was copied from). */
  origin: z.string().optional(),
  /** Provenance notes: a title we supplied, an outlet inferred from the text, and how. */
  notes: z.string().optional(),
  topics: z.array(Id).optional(),
  excluded: z.array(ExcludedSchema).optional(),
});

export const TopicSchema = z.strictObject({
  id: Id,
  name: z.string().min(1),
  /** Words that select this topic when a user types them ("isis-k", "crocus", "surveillance"). */
  keywords: z.array(z.string().min(1)).default([]),
  description: z.string().min(1),
});

export const EventSchema = z.strictObject({
  id: Id,
  title: z.string().min(1),
  date: PartialDate,
  /** End of a span ("1992-1997"), when the event lasted. */
  end: PartialDate.optional(),
  /** How the date was established, especially when resolved from relative wording ("last week"). */
  date_note: z.string().optional(),
  place: z.string().optional(),
  actors: z.array(Id).default([]),
  topics: z.array(Id).default([]),
  summary: z.string().min(1),
  figures: z.array(Id).default([]),
  related: z.array(Id).default([]),
  /** Where sources disagree, hedge or measure different things, say so here. */
  caveat: z.string().optional(),
  importance: z.number().int().min(1).max(3).default(2),
  citations: z.array(CitationSchema).min(1),
});

export const EntitySchema = z.strictObject({
  id: Id,
  type: z.enum(["person", "organisation", "place", "programme"]),
  name: z.string().min(1),
  aliases: z.array(z.string().min(1)).default([]),
  description: z.string().min(1),
  topics: z.array(Id).default([]),
  citations: z.array(CitationSchema).min(1),
});

export const FigureSchema = z.strictObject({
  id: Id,
  /** What is measured, in our words. */
  measure: z.string().min(1),
  /** The value as the source states it, hedges kept ("about 1 million", "may have reached 4000"). */
  value: z.string().min(1),
  /** When the figure applies, as precise as the source allows. */
  when: z.string().optional(),
  topics: z.array(Id).default([]),
  /** Other figures this one should be read against (a stock against a yearly flow). */
  compare: z.array(Id).default([]),
  caveat: z.string().optional(),
  /** What it measures, as extraction keys measures ("deaths", "hijab shop"); derived from the quote when absent. */
  measured: z.string().min(1).optional(),
  /** The event it measures, when no event lists it under `figures`. */
  about: Id.optional(),
  /**
   * A claim about the whole corpus, checked on every load: no source but those cited gives a figure of this
   * measure about this event. Written here rather than in the caveat's prose, which nothing can check.
   */
  only_source: z.boolean().optional(),
  citations: z.array(CitationSchema).min(1),
});

export type ArticleMeta = z.infer<typeof ArticleFrontMatter>;
export type CitationRecord = z.infer<typeof CitationSchema>;
export type Topic = z.infer<typeof TopicSchema>;
export type EventRecord = z.infer<typeof EventSchema>;
export type EntityRecord = z.infer<typeof EntitySchema>;
export type FigureRecord = z.infer<typeof FigureSchema>;
