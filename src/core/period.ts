/**
 * Periods as people type them: "2024", "march 2024", "mar. 2024", "2024-03", "2021-2022", "2021–2022",
 * "between 2021 and 2022", "from 2021 to 2023", "the 2010s", "before 2018", "since 2021" — as partial
 * dates ("2021", "2024-03"), inclusive. Shared by /ask's understanding, /timeline and /brief, so a date is
 * read the same way everywhere and never taken for a topic. Pure.
 */

export interface Period {
  from: string;
  to: string;
}

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
/** Russian month names as typed (nominative, genitive, prepositional), so "март 2024" reads like "march 2024". */
const RU_MONTHS = [
  "январ[ьяе]",
  "феврал[ьяе]",
  "март[ае]?",
  "апрел[ьяе]",
  "ма[йяе]",
  "июн[ьяе]",
  "июл[ьяе]",
  "август[ае]?",
  "сентябр[ьяе]",
  "октябр[ьяе]",
  "ноябр[ьяе]",
  "декабр[ьяе]",
];
const MONTH_WORD = `${MONTHS.join("|")}|${MONTHS.map((m) => m.slice(0, 3)).join("|")}|sept|${RU_MONTHS.join("|")}`;

/** 0–11 for a whole month word ("march", "mar", "mar.", "марта"), else -1. */
function monthIndex(word: string): number {
  const w = word.toLowerCase().replace(/\.$/, "");
  const en = MONTHS.findIndex((m) => m === w || m.slice(0, 3) === w || (w === "sept" && m === "september"));
  if (en >= 0) return en;
  return RU_MONTHS.findIndex((form) => new RegExp(`^${form}$`, "u").test(w));
}

/** A period typed in the text, as partial dates; undefined when it names no year. */
export function periodIn(text: string): Period | undefined {
  const t = text.toLowerCase();
  const monthYear = new RegExp(`(?<![\\p{L}])(${MONTH_WORD})\\.?\\s+(1[89]\\d\\d|20\\d\\d)\\b`, "u").exec(t);
  const iso = /\b(1[89]\d\d|20\d\d)-(0[1-9]|1[0-2])\b(?!-\d)/.exec(t);
  const month = monthYear ? `${monthYear[2]}-${String(monthIndex(monthYear[1]!) + 1).padStart(2, "0")}` : iso ? `${iso[1]}-${iso[2]}` : undefined;
  const years = [...t.matchAll(/\b(1[89]\d\d|20\d\d)s?\b/g)].map((m) => Number(m[1]));
  if (years.length === 0) return undefined;
  if (month && years.length === 1) return { from: month, to: month };
  const decade = /\b(1[89]\d0|20\d0)s\b/.exec(t);
  if (decade && years.length === 1) return { from: String(years[0]), to: String(years[0]! + 9) };
  if (years.length === 1 && /\b(before|until|till|prior to|up to)\s+(the\s+)?(year\s+)?(1[89]\d\d|20\d\d)\b/.test(t))
    return { from: "1900", to: String(years[0]! - 1) };
  if (years.length === 1 && /\b(since|after|from)\s+(1[89]\d\d|20\d\d)\b/.test(t))
    return { from: String(years[0]! + (/\bafter\b/.test(t) ? 1 : 0)), to: "2100" };
  return { from: String(Math.min(...years)), to: String(Math.max(...years)) };
}

/** Words that only join the parts of a period: what is left after them is the topic. */
const PERIOD_GLUE =
  /^(in|of|on|from|to|until|till|through|between|and|since|after|before|during|the|year|years|prior|up|в|с|по|до|после|между|и|года?|году|годах|годы)$/iu;

/**
 * Splits "2024 isis-k", "isis-k march 2024", "2021–2022 surveillance" into the period and the rest (the
 * topic). A month without a year is reported as `monthOnly`, so the command can ask which year.
 */
export function splitPeriod(text: string): { period?: Period; rest: string; monthOnly?: boolean } {
  const period = periodIn(text);
  const tokens = text.trim().split(/\s+/).filter(Boolean);
  const isDateWord = (w: string) => /^(1[89]\d\d|20\d\d)s?([-–—](1[89]\d\d|20\d\d|0[1-9]|1[0-2]))?[.,]?$/u.test(w) || /^[-–—]$/.test(w) || monthIndex(w) >= 0;
  if (!period) {
    // "may" alone is a word more often than a month; any other month name without a year asks which year.
    const monthOnly = tokens.length <= 2 && tokens.some((w) => monthIndex(w) >= 0 && w.length >= 4 && !/^may$/i.test(w));
    return { rest: text.trim(), ...(monthOnly ? { monthOnly } : {}) };
  }
  const rest = tokens.filter((w) => !isDateWord(w) && !PERIOD_GLUE.test(w)).join(" ");
  return { period, rest };
}

/** "2024" → "2024-00" as a start, "2024-99" as an end: months compare as text within a year. */
const startKey = (d: string) => (d.length >= 7 ? d.slice(0, 7) : `${d.slice(0, 4)}-00`);
const endKey = (d: string) => (d.length >= 7 ? d.slice(0, 7) : `${d.slice(0, 4)}-99`);

/** Whether a dated record (date, optional end) falls in the period, at the month's precision. */
export function inPeriod(record: { date: string; end?: string }, period: Period): boolean {
  return startKey(record.date) <= endKey(period.to) && endKey(record.end ?? record.date) >= startKey(period.from);
}
