/**
 * The figures a sentence gives: each number with what it counts or measures ("137 people … killed",
 * "$22 million deal", "some 160 shops"), its hedge ("about", "more than", "may have reached") and its unit,
 * all as written, plus a measure: a short key under which figures from different sources that count the
 * same thing meet ("deaths" for "killed 137 people" and "the death toll rose to 145"). Pure.
 */
import { allNumberSpans, HEDGE } from "../../core/text-facts.js";
import { plainSpaces } from "./sentences.js";

export interface FigureMention {
  /** The value as written, hedge and unit included, at [start, end) in the sentence. */
  start: number;
  end: number;
  text: string;
  number?: number;
  /** The upper end of a range ("from 57% to 68%"). */
  numberTo?: number;
  hedge?: string;
  /** "%", a currency ("USD", "EUR", "GBP", "RUB") or a unit of time or size the number counts in. */
  unit?: string;
  /** What is counted or measured, in the sentence's own words ("hijab shops", "residents of Tajikistan"). */
  counts?: string;
  /** What the figure measures, as a key for comparing sources: "deaths", "hijab shop", "% population". */
  measure: string;
}

/** Number words and their values (also read by dates.ts for "three weeks ago"). */
export const WORD_VALUES: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
  hundred: 100,
  hundreds: 100,
  thousand: 1_000,
  thousands: 1_000,
  million: 1e6,
  millions: 1e6,
  billion: 1e9,
  billions: 1e9,
  dozen: 12,
  dozens: 12,
  tens: 10,
  half: 0.5,
  third: 1 / 3,
  quarter: 0.25,
};
const MULTIPLIERS: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9, bn: 1e9, m: 1e6, k: 1e3 };
const CURRENCIES: Record<string, string> = { $: "USD", "€": "EUR", "£": "GBP", "₽": "RUB" };
const TIME_UNITS = /^(seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centuries)$/i;
const SIZE_UNITS = /^(km|kilomet(?:re|er)s?|miles?|met(?:re|er)s?|tonnes?|tons?|kg|kilograms?|hectares?|square)$/i;

/** Words that end the noun a number counts: prepositions, conjunctions, verbs, pronouns. */
const STOP = new Set(
  (
    "of in on at from to for with by over under between into across around and or but nor that which who whom whose " +
    "is are was were be been being have has had will would could should may might can do does did not no " +
    "the a an this these those their its his her our your my it they he she we i you " +
    "as than then so if when while where because since after before during until per each every against about " +
    "now already still also often only just even " +
    // common verbs that follow a counted noun: "20 people remain", "two sides say"
    "remain remains continue continues say says live lives work works face faces need needs include includes make makes " +
    "take takes go goes come comes get gets see sees stay stays want wants know knows seem seems appear appears"
  ).split(" "),
);
/** Adjectives that sit between a number and what it counts, kept in the words but not in the measure. */
const SKIP_BEFORE_NOUN = new Set(["more", "other", "additional", "new", "further", "strong", "fewer", "extra", "of"]);
const DEATH_WORDS = /^(dead|deaths?|fatalities|death toll|toll|lives|killed|died|perished|slain)$/i;
const INJURY_WORDS = /^(injured|wounded|hurt|injuries)$/i;
const ARREST_WORDS = /^(arrested|detained|arrests|detentions|held)$/i;
const PEOPLE =
  /^(people|persons|men|women|children|civilians|victims|individuals|others|citizens|nationals|migrants|workers|soldiers|troops|fighters|militants|employees|worshippers|concertgoers|visitors|residents|tajiks|russians)$/i;

const HEDGE_RE = new RegExp(`^(?:${HEDGE})\\b`, "i");
/** Modal words just before a number make it a hedge too: "may have reached 4000". */
const MODAL_BEFORE =
  /\b(may have reached|might have reached|may reach|could reach|reportedly|allegedly|an estimated|estimated at|as many as|at least|up to|only)\s+$/i;
const VERB_BEFORE =
  /\b(killed|killing|left|leaving|claimed|arrested|detained|injured|wounded|sentenced|deported|expelled|displaced|recruited|evacuated)\s+(?:at least\s+|about\s+|some\s+|nearly\s+|more than\s+|over\s+)?$/i;
const VERB_AFTER = /^\s*(?:(?:were|was|have been|had been|are|is)\s+)?(killed|dead|died|injured|wounded|arrested|detained|hurt|perished)\b/i;
/** "the death toll rose to 145", "the share of Russians … rose from": the measure named before the number. */
const NOUN_BEFORE =
  /\b(death toll|toll|number of [\p{L} ]{1,40}?|share of [^,;]{1,60}|total|strength|size of [\p{L} ]{1,40}?|value of [\p{L} ]{1,40}?|cost|price)\s+(?:[^\s\d,.;:]+\s+){0,8}?(?:rose|risen|fell|fallen|grew|climbed|reached|hit|stood|stands|is|was|were|of|at|to|from|may have reached|has reached|had reached|reach)\s+(?:to\s+|at\s+|from\s+)?(?:about\s+|some\s+|nearly\s+|at least\s+|more than\s+|over\s+)?$/iu;
const TIME_PHRASE_BEFORE = /\b(past|last|next|in|within|for|over the|the last|the past|the next|after|every|per)\s+$/i;

/** Every figure in `sentence`; `dates` are the date spans found in it, which are never figures. */
export function findFigures(original: string, dates: readonly { start: number; end: number }[] = []): FigureMention[] {
  const sentence = plainSpaces(original);
  // A bare year is a date, whether or not the date finder took it as one ("in 2013", "2024 was").
  const spans = allNumberSpans(sentence).filter((s) => !dates.some((d) => s.start < d.end && d.start < s.end) && !/^(?:1[89]|20)\d\d$/.test(s.text));
  const out: FigureMention[] = [];
  for (let i = 0; i < spans.length; i++) {
    let span: { start: number; end: number; text: string; first?: string } = spans[i]!;
    let numberTo: number | undefined;
    // "from 57% to 68%", "16 to 22 years", "between 10 and 20": one figure, a range.
    const next = spans[i + 1];
    if (next && /^\s*(?:to|-|–|and)\s*$/.test(sentence.slice(span.end, next.start))) {
      const opener = /\b(from|between)\s+$/i.exec(sentence.slice(Math.max(0, span.start - 10), span.start));
      const start = opener ? span.start - opener[0].length : span.start;
      numberTo = parseValue(next.text)?.number;
      span = { start, end: next.end, text: sentence.slice(start, next.end), first: span.text };
      i++;
    }
    const figure = readFigure(sentence, span, numberTo);
    // The value is quoted as written, so it is cut from the original; what it counts is a label, in plain spaces.
    if (figure) out.push({ ...figure, text: original.slice(figure.start, figure.end) });
  }
  return out;
}

function readFigure(
  sentence: string,
  span: { start: number; end: number; text: string; first?: string },
  numberTo: number | undefined,
): FigureMention | undefined {
  const parsed = parseValue(span.first ?? span.text);
  if (!parsed) return undefined;
  const before = sentence.slice(Math.max(0, span.start - 80), span.start);
  const after = sentence.slice(span.end);
  // Ordinals and fractions standing alone ("third destinations") count nothing.
  if (/^(?:half|third|quarter)$/i.test(parsed.core) && !/^\s+of\b/i.test(after)) return undefined;
  // "the two often cooperate": a pronoun, not an amount.
  if (parsed.isWord && /\bthe\s+$/i.test(before)) return undefined;

  let start = span.start;
  let hedge = parsed.hedge;
  const modal = MODAL_BEFORE.exec(before);
  if (modal && !hedge) {
    hedge = modal[1]!;
    start = span.start - modal[0].length;
  }
  const noun = nounAfter(after);
  const unitWord = noun?.head && (TIME_UNITS.test(noun.head) || SIZE_UNITS.test(noun.head)) ? noun.head.toLowerCase() : undefined;
  // "in the last four years", "for the past two years": a stretch of time, not a figure.
  if (unitWord && TIME_UNITS.test(unitWord) && TIME_PHRASE_BEFORE.test(before)) return undefined;

  const verbBefore = VERB_BEFORE.exec(before)?.[1];
  const verbAfter = VERB_AFTER.exec(noun ? after.slice(noun.length) : after)?.[1];
  const named = NOUN_BEFORE.exec(before)?.[1];
  const unit = parsed.percent ? "%" : parsed.currency ? CURRENCIES[parsed.currency] : unitWord;
  const counts = noun?.words ?? (named ? named.trim() : undefined);
  if (!counts && !unit) return undefined;
  const measure = measureOf({ noun, named, verb: verbBefore ?? verbAfter, unit, percent: parsed.percent, currency: parsed.currency });
  const end = span.end;
  return {
    start,
    end,
    text: sentence.slice(start, end),
    ...(parsed.number !== undefined ? { number: parsed.number } : {}),
    ...(numberTo !== undefined ? { numberTo } : {}),
    ...(hedge ? { hedge } : {}),
    ...(unit ? { unit } : {}),
    ...(counts ? { counts } : {}),
    measure,
  };
}

interface ParsedValue {
  number?: number;
  hedge?: string;
  currency?: string;
  percent: boolean;
  isWord: boolean;
  /** The number itself, without hedge, currency or unit. */
  core: string;
}

function parseValue(text: string): ParsedValue | undefined {
  let rest = text.trim();
  const hedge = HEDGE_RE.exec(rest)?.[0];
  if (hedge) rest = rest.slice(hedge.length).trim();
  const currency = /^[$€£₽]/.exec(rest)?.[0];
  if (currency) rest = rest.slice(1).trim();
  const percent = /(?:%|\bper ?cent)$/i.test(rest);
  rest = rest.replace(/\s*(?:%|percent|per cent)$/i, "");
  const digits = /^(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(thousand|million|billion|bn|m|k)?$/i.exec(rest);
  if (digits) {
    const n = Number(digits[1]!.replace(/,/g, "")) * (digits[2] ? MULTIPLIERS[digits[2].toLowerCase()]! : 1);
    return { number: n, hedge, currency, percent, isWord: false, core: digits[1]! };
  }
  const words = rest.toLowerCase().split(/[-\s]+/);
  if (words.length === 0 || !words.every((w) => w in WORD_VALUES)) return undefined;
  // "one million" is 1 × 1,000,000; "twenty five" is 20 + 5; "hundreds" stays vague (kept as its least).
  let total = 0;
  let current = 0;
  for (const w of words) {
    const v = WORD_VALUES[w]!;
    if (v >= 100) current = (current || 1) * v;
    else current += v;
    if (v >= 1000) {
      total += current;
      current = 0;
    }
  }
  return { number: total + current, hedge, currency, percent, isWord: true, core: rest };
}

/** The words after a number that say what it counts: "hijab shops", "residents of Tajikistan", "of their countrymen". */
function nounAfter(after: string): { words: string; head: string; length: number } | undefined {
  const re = /^(\s+)([\p{L}][\p{L}\p{N}’'-]*)/u;
  let at = 0;
  const words: string[] = [];
  let skippedOf = false;
  for (let k = 0; k < 6; k++) {
    const m = re.exec(after.slice(at));
    if (!m) break;
    const w = m[2]!;
    const lower = w.toLowerCase();
    if (words.length === 0 && SKIP_BEFORE_NOUN.has(lower)) {
      if (lower === "of") skippedOf = true;
      at += m[0].length;
      continue;
    }
    if (STOP.has(lower) && !(skippedOf && words.length === 0 && /^(the|their|its|his|her|those)$/.test(lower))) break;
    if (/^(killed|died|injured|wounded|arrested|detained|dead)$/i.test(w)) break;
    // "countrymen appeared", "the population living": past forms and participles after the noun are verbs.
    if (words.length > 0 && /(ed|ing)$/i.test(w)) {
      // …except after "those": "those surveyed", "those killed".
      if (/^those$/i.test(words[words.length - 1]!)) words.push(w);
      break;
    }
    words.push(w);
    at += m[0].length;
    // "90 days", "four decades": a unit is what is counted; what follows it is something else.
    if (words.length === 1 && (TIME_UNITS.test(w) || SIZE_UNITS.test(w))) break;
    if (words.length === 3) break;
  }
  // "of" continues a generic head: "residents of Tajikistan", "employees of the Russian diplomatic mission".
  const ofPhrase = /^\s+of\s+((?:the\s+)?[\p{L}’'-]+(?:\s+[\p{L}’'-]+){0,3})/u.exec(after.slice(at));
  const ofWords = ofPhrase ? untilStop(ofPhrase[1]!) : "";
  const content = words.filter((w) => !/^(the|their|its|his|her)$/i.test(w));
  if (content.length === 0) return undefined;
  const head = content[content.length - 1]!.replace(/[’']s$/, "");
  if (ofWords && !skippedOf && /^(residents|employees|members|citizens|natives|people|share|half|number|part|percent)$/i.test(head)) {
    return { words: `${words.join(" ")} of ${ofWords}`, head, length: at + ofPhrase![0].indexOf(ofWords) + ofWords.length };
  }
  return { words: words.join(" "), head, length: at };
}

/** Words up to the first that ends a noun phrase (a leading article kept): "the Russian diplomatic mission". */
function untilStop(phrase: string): string {
  const kept: string[] = [];
  for (const [i, w] of phrase.split(/\s+/).entries()) {
    if (STOP.has(w.toLowerCase()) && !(i === 0 && /^the$/i.test(w))) break;
    // An adverb ends it too: "residents of Tajikistan annually migrate" counts residents of Tajikistan.
    if (/ly$/i.test(w)) break;
    kept.push(w);
  }
  return kept.join(" ");
}

/** men → man, shops → shop, activities → activity: enough to meet the same noun in another source. */
function singular(w: string): string {
  const lower = w.toLowerCase();
  const irregular: Record<string, string> = { men: "man", women: "woman", children: "child", people: "people", lives: "life", feet: "foot" };
  if (irregular[lower]) return irregular[lower];
  if (/ies$/.test(lower)) return `${lower.slice(0, -3)}y`;
  if (/(ss|us|is)$/.test(lower)) return lower;
  if (/(ches|shes|xes|ses)$/.test(lower)) return lower.slice(0, -2);
  return lower.replace(/s$/, "");
}

function measureOf(f: { noun?: { words: string; head: string }; named?: string; verb?: string; unit?: string; percent: boolean; currency?: string }): string {
  const head = f.noun?.head ?? "";
  const named = (f.named ?? "").toLowerCase();
  const verb = f.verb ?? "";
  const peopleLike = head === "" || PEOPLE.test(head);
  if (DEATH_WORDS.test(head) || /^(death toll|toll)$/.test(named) || (peopleLike && DEATH_WORDS.test(verb))) return "deaths";
  if (INJURY_WORDS.test(head) || (peopleLike && INJURY_WORDS.test(verb))) return "injured";
  if (ARREST_WORDS.test(head) || (peopleLike && ARREST_WORDS.test(verb))) return "arrests";
  const words = (f.noun?.words ?? f.named ?? "").split(/\s+/).filter((w) => !/^(the|their|its|his|her)$/i.test(w) && !/[’']s$/.test(w));
  const ofAt = words.indexOf("of");
  const phrase = (ofAt > 0 ? words.slice(0, ofAt) : words).slice(-2);
  const key = phrase.length ? [...phrase.slice(0, -1).map((w) => w.toLowerCase()), singular(phrase[phrase.length - 1]!)].join(" ") : (f.unit ?? "");
  if (f.percent) return `% ${key}`.trim();
  if (f.currency) return `${f.currency} ${key}`.trim();
  return key;
}
