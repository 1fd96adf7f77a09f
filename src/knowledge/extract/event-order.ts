/**
 * When each curated event happened, as far as the evidence goes: the days its date allows, narrowed by
 * what its date note says ("in the days after the 22 March 2024 attack", "shortly before the Moscow attack
 * (22 March 2024)") and by what its sources say ("In the wake of the massacre at … Crocus City concert
 * hall, …": after the event of that name), and bounded by the publication of the sources that report it
 * as past. Events are then ordered by these days, not by how precisely their dates are written: a month-only
 * event that followed a dated one sorts after it. Pure.
 */
import { type DayInterval, partialInterval } from "./calendar.js";
import { findDates } from "./dates.js";
import { contentStems, titleMatch } from "./same-event.js";

export interface OrderableEvent {
  id: string;
  title: string;
  date: string;
  end?: string;
  date_note?: string;
  citations: readonly { source: string; quote: string }[];
}

export interface OrderContext {
  /** The sentence of a source that holds a quote, or undefined when it cannot be found. */
  sentenceHolding(sourceId: string, quote: string): string | undefined;
  published(sourceId: string): string | undefined;
}

/** Words that put an event after what follows them, or before it; and those that give its day outright. */
const AFTER = /\b(after|following|since|in the days after|within days of|in the wake of|in the aftermath of|followed)\b/gi;
const BEFORE = /\b(before|prior to|ahead of|until|preceding|preceded)\b/gi;
/** The curator's conclusion: "the court appearance was on 24 March 2024", "so late March 2024", "so the visit was in …". */
const ON = /(?:\b(?:was|were|took place|happened|occurred)\s+(?:on|in)\s+|\bso\s+(?:the\s+[\p{L} ]{1,30}?\s+(?:was|were)\s+(?:in\s+|on\s+)?)?)$/iu;
/** How far back from a date (in characters) a relation word still bears on it, within its sentence. */
const RELATION_REACH = 60;
const SOURCE_AFTER = /\b(?:after|following|in the wake of|in the aftermath of)\s+((?:[^,.;:]){3,80})/gi;

type Bound = { kind: "after" | "before"; of: string } | { kind: "after-day" | "before-day" | "on-day"; day: DayInterval };

export function orderEvents(events: readonly OrderableEvent[], ctx: OrderContext): Map<string, DayInterval> {
  const days = new Map<string, DayInterval>();
  const bounds = new Map<string, Bound[]>();
  for (const e of events) {
    const start = partialInterval(e.date);
    const end = partialInterval(e.end ?? e.date);
    if (!start || !end) continue;
    days.set(e.id, { lo: start.lo, hi: end.hi });
    bounds.set(e.id, [...noteBounds(e), ...sourceBounds(e, events, ctx)]);
  }
  // Evidence about other events is applied until nothing moves (a chain: visit after backlash after attack).
  for (let pass = 0; pass < 5; pass++) {
    let moved = false;
    for (const e of events) {
      const d = days.get(e.id);
      if (!d) continue;
      let { lo, hi } = d;
      for (const b of bounds.get(e.id) ?? []) {
        if (b.kind === "after-day") lo = Math.max(lo, b.day.lo);
        else if (b.kind === "before-day") hi = Math.min(hi, b.day.hi);
        else if (b.kind === "on-day" && b.day.hi >= lo && b.day.lo <= hi) ({ lo, hi } = { lo: Math.max(lo, b.day.lo), hi: Math.min(hi, b.day.hi) });
        else if (b.kind === "after" || b.kind === "before") {
          const other = days.get(b.of);
          if (!other) continue;
          if (b.kind === "after") lo = Math.max(lo, other.lo);
          else hi = Math.min(hi, other.hi);
        }
      }
      // Evidence that contradicts the curated date (or itself) is not applied: the date stands.
      if (lo > hi) continue;
      if (lo !== d.lo || hi !== d.hi) {
        days.set(e.id, { lo, hi });
        moved = true;
      }
    }
    if (!moved) break;
  }
  for (const e of events) {
    const d = days.get(e.id);
    if (!d) continue;
    // A reported event happened by the time its first source was published (a plan for later is left alone).
    const reported = e.citations.map((c) => partialInterval(ctx.published(c.source))?.hi).filter((h): h is number => h !== undefined && h >= d.lo);
    if (reported.length) days.set(e.id, { lo: d.lo, hi: Math.min(d.hi, ...reported) });
  }
  return days;
}

/** Bounds a date note gives: each date in it, with the relation word that comes before it in its sentence. */
function noteBounds(e: OrderableEvent): Bound[] {
  if (!e.date_note) return [];
  const note = e.date_note;
  const out: Bound[] = [];
  // The note's own relative words ("Last week", "In December") were resolved by the curator into `date`; only
  // the dates it states outright, or states without a year in the event's year, bear on the order.
  for (const m of findDates(note, e.date)) {
    if (m.relative && !/\d/.test(m.text)) continue;
    const before = note.slice(Math.max(0, m.start - RELATION_REACH), m.start);
    const clause = before.slice(Math.max(before.lastIndexOf("."), before.lastIndexOf(";"), before.lastIndexOf(","), -1) + 1);
    const lastAfter = lastIndex(clause, AFTER);
    const lastBefore = lastIndex(clause, BEFORE);
    const day = { lo: m.lo, hi: m.hi };
    if (ON.test(before)) out.push({ kind: "on-day", day });
    else if (lastAfter > lastBefore) out.push({ kind: "after-day", day });
    else if (lastBefore > lastAfter) out.push({ kind: "before-day", day });
  }
  return out;
}

function lastIndex(text: string, re: RegExp): number {
  let last = -1;
  for (const m of text.matchAll(re)) last = m.index;
  return last;
}

/** Bounds from the sources' own words: the sentence holding a quote says the event came after another. */
function sourceBounds(e: OrderableEvent, events: readonly OrderableEvent[], ctx: OrderContext): Bound[] {
  const out: Bound[] = [];
  for (const c of e.citations) {
    const sentence = ctx.sentenceHolding(c.source, c.quote);
    if (!sentence) continue;
    for (const m of sentence.matchAll(SOURCE_AFTER)) {
      const stems = contentStems(m[1]!);
      let best: { id: string; shared: number } | undefined;
      for (const other of events) {
        if (other.id === e.id) continue;
        const shared = titleMatch(stems, contentStems(other.title));
        if (shared > 0 && (!best || shared > best.shared)) best = { id: other.id, shared };
      }
      if (best) out.push({ kind: "after", of: best.id });
    }
  }
  return out;
}
