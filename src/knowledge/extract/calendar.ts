/**
 * Days as whole numbers (days since 1970-01-01, UTC) and partial dates as the intervals of days they allow.
 * Every date Brief extracts is kept as such an interval: "March 2024" is every day of March, and a
 * relative date resolved against an article dated only to the month is every day the evidence allows.
 * Ordering and precision both follow from the interval. Pure.
 */

const MS_PER_DAY = 86_400_000;

export interface DayInterval {
  lo: number;
  hi: number;
}

export function dayNumber(y: number, m: number, d: number): number {
  return Math.floor(Date.UTC(y, m - 1, d) / MS_PER_DAY);
}

export function ymd(day: number): { y: number; m: number; d: number } {
  const dt = new Date(day * MS_PER_DAY);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}

/** 0 = Monday … 6 = Sunday. */
export function weekday(day: number): number {
  return (new Date(day * MS_PER_DAY).getUTCDay() + 6) % 7;
}

export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export const monthInterval = (y: number, m: number): DayInterval => ({ lo: dayNumber(y, m, 1), hi: dayNumber(y, m, daysInMonth(y, m)) });
export const yearInterval = (y: number): DayInterval => ({ lo: dayNumber(y, 1, 1), hi: dayNumber(y, 12, 31) });

/** "2024" → the whole year, "2024-03" → March, "2024-03-22" → that day; undefined for anything else. */
export function partialInterval(d: string | undefined): DayInterval | undefined {
  const m = d ? /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(d) : null;
  if (!m) return undefined;
  const y = Number(m[1]);
  if (m[3]) {
    const day = dayNumber(y, Number(m[2]), Number(m[3]));
    return { lo: day, hi: day };
  }
  return m[2] ? monthInterval(y, Number(m[2])) : yearInterval(y);
}

const pad = (n: number) => String(n).padStart(2, "0");

export function isoDay(day: number): string {
  const { y, m, d } = ymd(day);
  return `${y}-${pad(m)}-${pad(d)}`;
}

export type Precision = "day" | "month" | "year" | "span";

/** Intervals this short are shown as the days they are ("18–24 March 2024"), not as their month. */
const SHORT_SPAN_DAYS = 13;

/**
 * The partial date an interval of days supports, no more precise than it: one day; a few days; one month;
 * one year; otherwise a span, of months when it covers a few of them, else of years.
 */
export function intervalToPartial(iv: DayInterval): { date: string; end?: string; precision: Precision } {
  const a = ymd(iv.lo);
  const b = ymd(iv.hi);
  if (iv.lo === iv.hi) return { date: isoDay(iv.lo), precision: "day" };
  if (iv.hi - iv.lo <= SHORT_SPAN_DAYS) return { date: isoDay(iv.lo), end: isoDay(iv.hi), precision: "span" };
  if (a.y === b.y && a.m === b.m) return { date: `${a.y}-${pad(a.m)}`, precision: "month" };
  if (a.y === b.y && a.m === 1 && a.d === 1 && b.m === 12 && b.d === 31) return { date: String(a.y), precision: "year" };
  const months = (b.y - a.y) * 12 + (b.m - a.m) + 1;
  if (months <= 3) return { date: `${a.y}-${pad(a.m)}`, end: `${b.y}-${pad(b.m)}`, precision: "span" };
  if (a.y === b.y) return { date: String(a.y), precision: "year" };
  return { date: String(a.y), end: String(b.y), precision: "span" };
}
