/**
 * A feed's or page's date → Brief's partial date (YYYY-MM-DD), read as written: "2024-05-02T01:00:00+05:00"
 * and "Thu, 02 May 2024 01:00:00 +0500" are both 2 May 2024, the day the source says, not the day in UTC.
 * Pure.
 */

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

function realDay(y: number, m: number, d: number): boolean {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * The calendar day a date string names, or undefined when it names none (or one after `now` plus a day:
 * a feed dated in the future is wrong about its date, and Brief does not repeat that).
 */
export function partialDateOf(raw: string | undefined, now = Date.now()): string | undefined {
  const s = raw?.trim();
  if (!s) return undefined;
  let y: number | undefined;
  let m: number | undefined;
  let d: number | undefined;
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T\s])/.exec(s);
  const rfc = /(?:^|[\s,])(\d{1,2})\s+([A-Za-z]{3})[a-z]*\.?\s+(\d{4}|\d{2})(?:\s|$)/.exec(s);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (rfc) {
    const month = MONTHS.indexOf(rfc[2]!.toLowerCase());
    if (month >= 0) {
      const year = Number(rfc[3]);
      [y, m, d] = [rfc[3]!.length === 2 ? 2000 + year : year, month + 1, Number(rfc[1])];
    }
  }
  if (y === undefined || m === undefined || d === undefined || !realDay(y, m, d)) return undefined;
  if (Date.UTC(y, m - 1, d) > now + 86_400_000) return undefined;
  return `${y}-${pad(m)}-${pad(d)}`;
}
