/**
 * The dates a sentence gives, each resolved to the days it allows and kept as precise as it is written:
 * a day ("22 March 2024"), a month ("in December 2023"), a year ("in 2013"), a span ("between 2017 and
 * 2021", "the 1990s"). Relative dates ("last week", "on Friday", "in December") are resolved against the
 * article's own date, and only as far as that date allows: against an article dated March 2024, "on
 * Friday" is any Friday from late February to the end of March, not one day. Pure.
 *
 * Why not a date library: the ones that resolve relative wording (chrono-node) take a full reference day,
 * and Brief's articles are often dated to the month or the year only; the resolution has to work on an
 * interval of possible publication days anyway. And extraction runs on every sentence of every article at
 * each index build, so a handful of regular expressions per sentence is what it can afford.
 */
import { type DayInterval, dayNumber, intervalToPartial, monthInterval, type Precision, partialInterval, weekday, yearInterval, ymd } from "./calendar.js";
import { WORD_VALUES } from "./figures.js";
import { plainSpaces } from "./sentences.js";

/** What the date is to the statement: when it happened, or a bound ("after August 2021", "before 2018"). */
export type DateRelation = "on" | "after" | "before" | "since" | "until" | "by";

export interface DateMention {
  /** The date as written, at [start, end) in the sentence. */
  start: number;
  end: number;
  text: string;
  /** YYYY, YYYY-MM or YYYY-MM-DD; with `dateEnd` for a span. */
  date: string;
  dateEnd?: string;
  precision: Precision;
  /** Resolved against the article's date ("last week"), not stated outright. */
  relative: boolean;
  relation: DateRelation;
  /** The days the date allows. */
  lo: number;
  hi: number;
  /** A date naming a thing ("the January 2024 report", "a 2020 report") rather than when the statement happened. */
  attributive: boolean;
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const monthOf = (name: string) => MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;

const M = "(January|February|March|April|May|June|July|August|September|October|November|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\\b\\.?)";
const Y = "((?:1[89]|20)\\d\\d)";
const D = "(\\d{1,2})(?:st|nd|rd|th)?";
const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
/** A word that may open the sentence: its first letter in either case. */
const ci = (words: string) => words.replace(/\b([a-z])/g, (c) => `[${c.toUpperCase()}${c}]`);
const NOT_FOLLOWED_BY_YEAR = "(?!\\s*,?\\s*\\d)";

/** The days a match allows; and how to show it, when that is not simply what those days support. */
type Resolved = { iv: DayInterval; date?: string; dateEnd?: string; precision?: Precision; relative?: boolean } | undefined;

/** What a sentence holds that some rule needs: each rule runs only where it could match (a tenth of the cost). */
interface Holds {
  month: boolean;
  year: boolean;
  weekday: boolean;
  relative: boolean;
  ago: boolean;
  decade: boolean;
}

function holds(sentence: string): Holds {
  return {
    month: /January|February|March|April|May|June|July|August|September|October|November|December|\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b/.test(
      sentence,
    ),
    year: /(?:1[89]|20)\d\d/.test(sentence),
    weekday: /(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day/.test(sentence),
    relative: /\b(?:[Yy]esterday|[Tt]oday|[Tt]onight|this (?:morning|afternoon|evening)|last night|week|month|year)\b/.test(sentence),
    ago: /\bago\b/.test(sentence),
    decade: /\d0[’']?s\b/.test(sentence),
  };
}

interface Rule {
  needs(h: Holds): boolean;
  re: RegExp;
  resolve(m: RegExpExecArray, published: DayInterval | undefined, sentence: string): Resolved;
}

const day = (y: number, m: number, d: number): DayInterval | undefined => {
  if (m < 1 || m > 12 || d < 1 || d > 31) return undefined;
  const n = dayNumber(y, m, d);
  return { lo: n, hi: n };
};
const pad = (n: number) => String(n).padStart(2, "0");

/** A part of a month or year: "early" is its first third, "mid" the middle one, "late" the last. */
function part(iv: DayInterval, which: string): DayInterval {
  const w = which.toLowerCase();
  const len = iv.hi - iv.lo + 1;
  if (/^(early|the beginning of|the start of)$/.test(w)) return { lo: iv.lo, hi: iv.lo + Math.floor(len / 3) };
  if (/^(mid|the middle of)$/.test(w)) return { lo: iv.lo + Math.floor(len / 3), hi: iv.lo + Math.floor((2 * len) / 3) };
  return { lo: iv.lo + Math.floor((2 * len) / 3), hi: iv.hi };
}

const SEASONS: Record<string, [number, number]> = { spring: [3, 5], summer: [6, 8], autumn: [9, 11], fall: [9, 11], winter: [12, 2] };

/** Of the years around the article's date, the one that puts month `m` (day `d`) nearest to it. */
function nearestYear(published: DayInterval, at: (y: number) => DayInterval): DayInterval {
  const nearest = (p: number) => {
    const y = ymd(p).y;
    let best: DayInterval | undefined;
    for (const cand of [y - 1, y, y + 1].map(at)) {
      const dist = (iv: DayInterval) => Math.min(Math.abs(iv.lo - p), Math.abs(iv.hi - p));
      if (!best || dist(cand) < dist(best)) best = cand;
    }
    return best!;
  };
  const a = nearest(published.lo);
  const b = nearest(published.hi);
  return { lo: Math.min(a.lo, b.lo), hi: Math.max(a.hi, b.hi) };
}

/** Applies `f` to the first and the last possible day of publication: the days the evidence allows. */
function across(published: DayInterval, f: (p: number) => DayInterval): DayInterval {
  const a = f(published.lo);
  const b = f(published.hi);
  return { lo: Math.min(a.lo, b.lo), hi: Math.max(a.hi, b.hi) };
}

const FUTURE = /\b(will|shall|is due|are due|is scheduled|are scheduled|plans? to|is expected to|are expected to|is set to|are set to)\b/i;

/** "a week ago", "three weeks ago". */
const NUMBER_WORDS: Record<string, number> = { a: 1, an: 1, ...WORD_VALUES };

function shiftMonth(p: number, by: number): DayInterval {
  const { y, m } = ymd(p);
  const index = y * 12 + (m - 1) + by;
  return monthInterval(Math.floor(index / 12), (index % 12) + 1);
}

const RULES: Rule[] = [
  {
    needs: (h) => h.year,
    // 2024-03-22
    re: /\b(\d{4})-(\d{2})-(\d{2})\b/g,
    resolve: (m) => {
      const iv = day(Number(m[1]), Number(m[2]), Number(m[3]));
      return iv && { iv };
    },
  },
  {
    needs: (h) => h.month && h.year,
    // 22–24 March 2024
    re: new RegExp(`\\b(\\d{1,2})\\s*(?:-|–|to|and)\\s*${D}\\s+(?:of\\s+)?${M},?\\s+${Y}\\b`, "g"),
    resolve: (m) => {
      const [y, mo] = [Number(m[4]), monthOf(m[3]!)];
      const a = day(y, mo, Number(m[1]));
      const b = day(y, mo, Number(m[2]));
      return a && b && a.lo < b.lo
        ? { iv: { lo: a.lo, hi: b.hi }, date: `${y}-${pad(mo)}-${pad(Number(m[1]))}`, dateEnd: `${y}-${pad(mo)}-${pad(Number(m[2]))}` }
        : undefined;
    },
  },
  {
    needs: (h) => h.month && h.year,
    // 22 March 2024, 22nd of March, 2024
    re: new RegExp(`\\b${D}\\s+(?:of\\s+)?${M}\\s*,?\\s+${Y}\\b`, "g"),
    resolve: (m) => {
      const iv = day(Number(m[3]), monthOf(m[2]!), Number(m[1]));
      return iv && { iv };
    },
  },
  {
    needs: (h) => h.month && h.year,
    // March 22, 2024
    re: new RegExp(`\\b${M}\\s+${D},?\\s+${Y}\\b`, "g"),
    resolve: (m) => {
      const iv = day(Number(m[3]), monthOf(m[1]!), Number(m[2]));
      return iv && { iv };
    },
  },
  {
    needs: (h) => h.month && h.year,
    // between March and May 2024, March–April 2024
    re: new RegExp(`\\b${M}\\s*(?:-|–|to|and|until|through)\\s*${M}\\s+(?:of\\s+)?${Y}\\b`, "g"),
    resolve: (m) => {
      const y = Number(m[3]);
      const [a, b] = [monthOf(m[1]!), monthOf(m[2]!)];
      if (a >= b) return undefined;
      return { iv: { lo: monthInterval(y, a).lo, hi: monthInterval(y, b).hi }, date: `${y}-${pad(a)}`, dateEnd: `${y}-${pad(b)}`, precision: "span" };
    },
  },
  {
    needs: (h) => h.month && h.year,
    // late March or early April 2024, March or (more plausibly) April 2024: either month, so both
    re: new RegExp(
      `\\b(?:(${ci("early|mid|late")})[-\\s]+)?${M}\\s+or\\s+(?:\\([^)]{0,40}\\)\\s+)?(?:(early|mid|late)[-\\s]+)?${M}\\s+(?:of\\s+)?${Y}\\b`,
      "g",
    ),
    resolve: (m) => {
      const y = Number(m[5]);
      const [a, b] = [monthOf(m[2]!), monthOf(m[4]!)];
      if (a >= b) return undefined;
      const first = m[1] ? part(monthInterval(y, a), m[1]) : monthInterval(y, a);
      const last = m[3] ? part(monthInterval(y, b), m[3]) : monthInterval(y, b);
      return { iv: { lo: first.lo, hi: last.hi }, date: `${y}-${pad(a)}`, dateEnd: `${y}-${pad(b)}`, precision: "span" };
    },
  },
  {
    needs: (h) => h.month && h.year,
    // late March 2024: the month, narrowed for ordering
    re: new RegExp(`\\b(${ci("early|mid|late|the end of|the beginning of|the start of|the middle of")})[-\\s]+${M}\\s+(?:of\\s+)?${Y}\\b`, "g"),
    resolve: (m) => {
      const [y, mo] = [Number(m[3]), monthOf(m[2]!)];
      return { iv: part(monthInterval(y, mo), m[1]!), date: `${y}-${pad(mo)}`, precision: "month" };
    },
  },
  {
    needs: (h) => h.month && h.year,
    // March 2024
    re: new RegExp(`\\b${M}\\s+(?:of\\s+)?${Y}\\b`, "g"),
    resolve: (m) => ({ iv: monthInterval(Number(m[2]), monthOf(m[1]!)) }),
  },
  {
    needs: (h) => h.year,
    // between 2017 and 2021, from 1992 to 1997
    re: new RegExp(`\\b(?:${ci("between|from")})\\s+${Y}\\s+(?:and|to|until|till|through)\\s+${Y}\\b`, "g"),
    resolve: (m) => years(Number(m[1]), Number(m[2])),
  },
  {
    needs: (h) => h.year,
    // 1992-1997, 1992–97
    re: new RegExp(`\\b${Y}\\s*(?:-|–|—)\\s*(\\d{4}|\\d{2})\\b(?![-–]?\\d)`, "g"),
    resolve: (m) => {
      const a = Number(m[1]);
      const b = m[2]!.length === 2 ? Math.floor(a / 100) * 100 + Number(m[2]) : Number(m[2]);
      return years(a, b);
    },
  },
  {
    needs: (h) => h.year,
    // 2017 to 2021
    re: new RegExp(`\\b${Y}\\s+(?:to|until|through)\\s+${Y}\\b`, "g"),
    resolve: (m) => years(Number(m[1]), Number(m[2])),
  },
  {
    needs: (h) => h.decade,
    // the 1990s, the early 2000s
    re: new RegExp(`\\b(?:${ci("the")}\\s+)?(?:(${ci("early|mid|late")})[-\\s])?((?:1[89]|20)\\d0)[’']?s\\b`, "g"),
    resolve: (m) => {
      const start = Number(m[2]);
      const iv = m[1]
        ? part({ lo: yearInterval(start).lo, hi: yearInterval(start + 9).hi }, m[1])
        : { lo: yearInterval(start).lo, hi: yearInterval(start + 9).hi };
      return { iv, date: String(ymd(iv.lo).y), dateEnd: String(ymd(iv.hi).y), precision: "span" };
    },
  },
  {
    needs: (h) => h.year,
    // early 2024, spring 2023: the year, narrowed for ordering
    re: new RegExp(
      `\\b(${ci("early|mid|late|the end of|the beginning of|the start of|the middle of|spring|summer|autumn|fall|winter")})(?:\\s+of)?[-\\s]+${Y}\\b`,
      "g",
    ),
    resolve: (m) => {
      const y = Number(m[2]);
      const season = SEASONS[m[1]!.toLowerCase()];
      if (season) {
        const [a, b] = season;
        const iv = a > b ? { lo: monthInterval(y, a).lo, hi: monthInterval(y + 1, b).hi } : { lo: monthInterval(y, a).lo, hi: monthInterval(y, b).hi };
        return { iv, date: String(y), precision: "year" };
      }
      return { iv: part(yearInterval(y), m[1]!), date: String(y), precision: "year" };
    },
  },
  {
    needs: (h) => h.month,
    // 22 March, March 22: the year is the one nearest the article's date
    re: new RegExp(`\\b${D}\\s+(?:of\\s+)?${M}\\b${NOT_FOLLOWED_BY_YEAR}`, "g"),
    resolve: (m, published) => (published ? nearestDay(published, monthOf(m[2]!), Number(m[1])) : undefined),
  },
  {
    needs: (h) => h.month,
    re: new RegExp(`\\b${M}\\s+${D}\\b${NOT_FOLLOWED_BY_YEAR}`, "g"),
    resolve: (m, published) => (published ? nearestDay(published, monthOf(m[1]!), Number(m[2])) : undefined),
  },
  {
    needs: (h) => h.weekday,
    // on Friday, Friday's attack, last Friday
    re: new RegExp(`\\b(?:(${ci("last|this|next|on|early|late")})\\s+)?(${WEEKDAYS.join("|")})(?:[’']s)?\\b`, "g"),
    resolve: (m, published, sentence) => {
      if (!published) return undefined;
      const w = WEEKDAYS.indexOf(m[2]!);
      const which = (m[1] ?? "").toLowerCase();
      const future = which === "next" || (which !== "last" && FUTURE.test(sentence));
      const iv = across(published, (p) => {
        const back = (weekday(p) - w + 7) % 7;
        if (which === "this") return point(p - weekday(p) + w);
        if (future) return point(p + ((w - weekday(p) + 7) % 7 || 7));
        return point(p - (which === "last" && back === 0 ? 7 : back));
      });
      return { iv, relative: true };
    },
  },
  {
    needs: (h) => h.relative,
    re: new RegExp(`\\b(${ci("yesterday|today|tonight|this morning|this afternoon|this evening|last night")})\\b`, "g"),
    resolve: (m, published) => {
      if (!published) return undefined;
      const back = /^(yesterday|last night)$/i.test(m[1]!) ? 1 : 0;
      return { iv: across(published, (p) => point(p - back)), relative: true };
    },
  },
  {
    needs: (h) => h.relative,
    re: new RegExp(`\\b(${ci("last|this|next|earlier this|later this|past|the past")})\\s+(week|month|year)\\b`, "g"),
    resolve: (m, published) => {
      if (!published) return undefined;
      const which = m[1]!.toLowerCase().replace(/^the /, "");
      const unit = m[2]!;
      return { iv: across(published, (p) => relativePeriod(p, which, unit)), relative: true };
    },
  },
  {
    needs: (h) => h.ago,
    re: new RegExp(
      `\\b(\\d{1,2}|${ci("a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve")})\\s+(days?|weeks?|months?|years?)\\s+ago\\b`,
      "g",
    ),
    resolve: (m, published) => {
      if (!published) return undefined;
      const n = /^\d+$/.test(m[1]!) ? Number(m[1]) : NUMBER_WORDS[m[1]!.toLowerCase()]!;
      const unit = m[2]!.replace(/s$/, "");
      const iv = across(published, (p) => {
        if (unit === "day") return point(p - n);
        if (unit === "week") return { lo: p - 7 * n - 3, hi: p - 7 * n + 3 };
        if (unit === "month") return shiftMonth(p, -n);
        return yearInterval(ymd(p).y - n);
      });
      return { iv, relative: true };
    },
  },
  {
    needs: (h) => h.month,
    // in December, last May, since January: the month nearest the article's date (or the one it points to)
    re: new RegExp(`\\b(${ci("in|on|since|by|until|from|during|last|this|next|early|mid|late|of")})[-\\s]+${M}\\b${NOT_FOLLOWED_BY_YEAR}`, "g"),
    resolve: (m, published) => {
      if (!published) return undefined;
      const mo = monthOf(m[2]!);
      const which = m[1]!.toLowerCase();
      let iv: DayInterval;
      if (which === "last") iv = across(published, (p) => monthInterval(ymd(p).m > mo ? ymd(p).y : ymd(p).y - 1, mo));
      else if (which === "next") iv = across(published, (p) => monthInterval(ymd(p).m < mo ? ymd(p).y : ymd(p).y + 1, mo));
      else if (which === "this") iv = across(published, (p) => monthInterval(ymd(p).y, mo));
      else iv = nearestYear(published, (y) => monthInterval(y, mo));
      if (/^(early|mid|late)$/.test(which)) iv = part(iv, which);
      return { iv, relative: true };
    },
  },
  {
    needs: (h) => h.year,
    // a bare year, where the words around it make it a date: "in 2013", "since 2015", "a 2020 report"
    re: new RegExp(`\\b${Y}\\b(?![-–.,]?\\d)`, "g"),
    resolve: (m, _published, sentence) => {
      const before = sentence.slice(Math.max(0, m.index - 24), m.index);
      const after = sentence.slice(m.index + m[0].length, m.index + m[0].length + 12);
      const dated =
        /\b(in|since|by|until|till|from|of|during|before|after|prior to|around|circa|throughout|early|mid|late|year|end of|start of|beginning of)\s+(the\s+)?$/i.test(
          before,
        ) ||
        /\($/.test(before) ||
        (before.trim() === "" && /^\s*,/.test(after)) ||
        (/\b(a|an|the|its|their|his|her)\s+$/i.test(before) &&
          /^\s+[a-z]/.test(after) &&
          !/^\s+(people|men|women|children|years?|members|militants|fighters|troops|soldiers)\b/.test(after));
      return dated ? { iv: yearInterval(Number(m[1])) } : undefined;
    },
  },
];

function point(d: number): DayInterval {
  return { lo: d, hi: d };
}

function years(a: number, b: number): Resolved {
  if (b <= a || b - a > 200) return undefined;
  return { iv: { lo: yearInterval(a).lo, hi: yearInterval(b).hi }, date: String(a), dateEnd: String(b), precision: "span" };
}

function nearestDay(published: DayInterval, mo: number, d: number): Resolved {
  if (!day(2000, mo, d)) return undefined;
  return { iv: nearestYear(published, (y) => day(y, mo, d) ?? point(dayNumber(y, mo, 1))), relative: true };
}

function relativePeriod(p: number, which: string, unit: string): DayInterval {
  if (unit === "week") {
    const monday = p - weekday(p);
    if (which === "last") return { lo: monday - 7, hi: monday - 1 };
    if (which === "next") return { lo: monday + 7, hi: monday + 13 };
    if (which === "past") return { lo: p - 7, hi: p - 1 };
    if (which === "earlier this") return { lo: monday, hi: p };
    if (which === "later this") return { lo: p, hi: monday + 6 };
    return { lo: monday, hi: monday + 6 };
  }
  if (unit === "month") {
    if (which === "last") return shiftMonth(p, -1);
    if (which === "next") return shiftMonth(p, 1);
    if (which === "past") return { lo: p - 30, hi: p - 1 };
    const month = shiftMonth(p, 0);
    if (which === "earlier this") return { lo: month.lo, hi: p };
    if (which === "later this") return { lo: p, hi: month.hi };
    return month;
  }
  const y = ymd(p).y;
  if (which === "last") return yearInterval(y - 1);
  if (which === "next") return yearInterval(y + 1);
  if (which === "past") return { lo: p - 365, hi: p - 1 };
  if (which === "earlier this") return { lo: yearInterval(y).lo, hi: p };
  if (which === "later this") return { lo: p, hi: yearInterval(y).hi };
  return yearInterval(y);
}

const RELATION_BEFORE = /\b(after|following|since|before|prior to|until|till|by|ahead of|in the wake of)\s+(?:the\s+)?(?:(?:early|mid|late)[-\s])?$/i;
const RELATIONS: Record<string, DateRelation> = {
  after: "after",
  following: "after",
  "in the wake of": "after",
  since: "since",
  from: "since",
  before: "before",
  "prior to": "before",
  "ahead of": "before",
  until: "until",
  till: "until",
  by: "by",
};

/** How the date bears on the statement: the word before it, or the clause that opens the sentence ("After …, "). */
function relationOf(sentence: string, start: number, text: string): DateRelation {
  const own = /^(since|by|until|from)\b/i.exec(text);
  if (own) return RELATIONS[own[1]!.toLowerCase()]!;
  const near = RELATION_BEFORE.exec(sentence.slice(Math.max(0, start - 24), start));
  if (near) return RELATIONS[near[1]!.toLowerCase()]!;
  const opening = /^(After|Following|Since|Before|Prior to|Until)\b[^,]*,/.exec(sentence);
  if (opening && start < opening[0].length) return RELATIONS[opening[1]!.toLowerCase()]!;
  return "on";
}

/** "the January 2024 report": the date says which report, not when the sentence's event happened. */
function isAttributive(sentence: string, start: number, end: number): boolean {
  return /\b(a|an|the|its|their|his|her|this|that)\s+$/i.test(sentence.slice(Math.max(0, start - 8), start)) && /^\s+[a-z]/.test(sentence.slice(end, end + 3));
}

/** Every date in `sentence`, in the order written; relative ones only when `published` lets them be resolved. */
export function findDates(original: string, published?: string): DateMention[] {
  const sentence = plainSpaces(original);
  const pub = partialInterval(published);
  const found: DateMention[] = [];
  const h = holds(sentence);
  for (const rule of RULES) {
    if (!rule.needs(h)) continue;
    rule.re.lastIndex = 0;
    for (let m = rule.re.exec(sentence); m; m = rule.re.exec(sentence)) {
      const start = m.index;
      const end = start + m[0].length;
      if (found.some((f) => start < f.end && f.start < end)) continue;
      const r = rule.resolve(m, pub, sentence);
      if (!r || r.iv.lo > r.iv.hi) continue;
      const shown = r.date ? { date: r.date, end: r.dateEnd, precision: r.precision ?? (r.dateEnd ? "span" : precisionOf(r.date)) } : intervalToPartial(r.iv);
      const text = original.slice(start, end);
      found.push({
        start,
        end,
        text,
        date: shown.date,
        ...(shown.end ? { dateEnd: shown.end } : {}),
        precision: shown.precision,
        relative: r.relative ?? false,
        relation: relationOf(sentence, start, m[0]),
        lo: r.iv.lo,
        hi: r.iv.hi,
        attributive: isAttributive(sentence, start, end),
      });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

function precisionOf(date: string): Precision {
  return date.length === 10 ? "day" : date.length === 7 ? "month" : "year";
}

/** The date that dates the sentence: the first that is not naming a thing, else the first. */
export function primaryDate(mentions: readonly DateMention[]): DateMention | undefined {
  return mentions.find((m) => !m.attributive) ?? mentions[0];
}

/**
 * The days to order a dated statement by: its date's, moved past the date for "after" and before it for
 * "before", so "after August 2021" sorts after everything in August 2021.
 */
export function orderInterval(m: Pick<DateMention, "lo" | "hi" | "relation">): DayInterval {
  if (m.relation === "after") return { lo: m.hi + 1, hi: m.hi + 1 };
  if (m.relation === "before" || m.relation === "until") return { lo: m.lo - 1, hi: m.lo - 1 };
  return { lo: m.lo, hi: m.hi };
}
