/**
 * What kind of answer a sentence can give: a number, a date, a name, a place, a reason, a definition.
 * Plain pattern rules over English news prose, each returning the span that holds it, so an answer can
 * open with the value and quote the sentence it came from. Pure. Kept in core because two features read
 * sentences this way: the answer path ranks by them, and extraction (src/knowledge/extract) builds on them.
 */

export interface Span {
  start: number;
  end: number;
  text: string;
}

const MONTH = "January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec";
const WEEKDAY = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday";

const DATE_PATTERNS = [
  new RegExp(`\\b\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?(?:${MONTH})\\.?(?:,?\\s+\\d{4})?\\b`, "g"),
  new RegExp(`\\b(?:${MONTH})\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?(?:,?\\s+\\d{4})?\\b`, "g"),
  new RegExp(`\\b(?:early|mid|late|in|since|by|until|from)?\\s*(?:${MONTH})\\s+(?:of\\s+)?\\d{4}\\b`, "g"),
  new RegExp(`\\b(?:(?:on|last|this|next|since|by)\\s+)?(?:${WEEKDAY})(?:'s)?\\b`, "g"),
  /\b(?:in|since|by|until|from|of|during|early|mid|late|before|after)\s+(?:the\s+)?(?:(?:early|mid|late)[-\s])?(?:1[89]\d\d|20\d\d)s?\b/g,
  /\b(?:1[89]\d\d|20\d\d)\s*(?:-|–|—|to)\s*(?:1[89]\d\d|20\d\d)\b/g,
  /\b(?:last|this|next|earlier this|later this)\s+(?:week|month|year|spring|summer|autumn|fall|winter)\b/g,
  /\b(?:yesterday|today|tonight|recently|in recent (?:days|weeks|months|years))\b/gi,
  /\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several|a few)\s+(?:days|weeks|months|years|decades)\s+(?:ago|later|earlier|before|after)\b/gi,
  /\b(?:1[89]\d\d|20\d\d)\b/g,
];

const NUMBER_WORD =
  "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|hundreds|thousand|thousands|million|millions|billion|billions|dozen|dozens|half|third|quarter|tens";
export const HEDGE =
  "about|around|approximately|roughly|some|nearly|almost|over|more than|less than|fewer than|at least|up to|as many as|an estimated|estimated|just over|just under|well over";
const NUMBER_PATTERN = new RegExp(
  `(?:\\b(?:${HEDGE})\\s+)?(?:` +
    `(?:[$€£₽]\\s?)?(?:\\d{1,3}(?:,\\d{3})+|\\d+(?:\\.\\d+)?)(?:\\s?%|\\s?(?:percent|per cent|million|billion|thousand|bn|m|k)\\b)?(?![\\p{L}\\d])` +
    `|\\b(?:${NUMBER_WORD})(?:[-\\s](?:${NUMBER_WORD}))*\\b(?:\\s?(?:%|percent|per cent))?)`,
  "giu",
);

const REASON_PATTERN =
  /\b(because|due to|owing to|as a result|result of|resulting|thanks to|driven by|fuel(?:l)?ed by|stems? from|stemmed from|caused by|leads? to|led to|explains?|reasons?|in order to|so that|motivat\w*|the cause|blam\w+ (?:on|for)|in response to|in retaliation|amid|given (?:that|this)|since (?!\d)|therefore|hence|which is why|that is why|makes? it (?:easier|harder)|made it (?:easier|harder)|fueling|fuelling|pushes?|pushed|forced)\b/gi;

const DEFINITION_PATTERN =
  /\b(?:is|are|was|were)\s+(?:a|an|the)\s+|\bknown as\b|\bstands? for\b|\bshort for\b|\bso-called\b|\bi\.e\.|,\s+(?:a|an|the)\s+[a-z]/gi;

/** Matches of a global expression, trimmed. The expression is used as it is (not copied: compiling a copy per call cost more than matching). */
function spans(text: string, re: RegExp): Span[] {
  const g = re.global ? re : new RegExp(re.source, `${re.flags}g`);
  const out: Span[] = [];
  g.lastIndex = 0;
  for (let m = g.exec(text); m; m = g.exec(text)) {
    if (m[0] === "") {
      g.lastIndex++;
      continue;
    }
    const value = m[0].trim();
    if (value === "") continue;
    const start = m.index + m[0].indexOf(value);
    out.push({ start, end: start + value.length, text: value });
  }
  return out;
}

/** Dates and times in a sentence, the most precise first (a day and month before a bare year). */
export function dateSpans(text: string): Span[] {
  const found: Span[] = [];
  for (const re of DATE_PATTERNS) {
    for (const s of spans(text, re)) {
      if (!found.some((f) => s.start < f.end && f.start < s.end)) found.push(s);
    }
  }
  return found;
}

/** Numbers and amounts, hedges kept ("about 1 million", "some 160"); bare years are dates, not numbers. */
export function numberSpans(text: string): Span[] {
  const years = dateSpans(text).filter((d) => /^(?:\D*\s)?(?:1[89]\d\d|20\d\d)s?$/.test(d.text) || /\b(?:1[89]\d\d|20\d\d)\b/.test(d.text));
  return spans(text, NUMBER_PATTERN).filter((s) => {
    if (/^(?:one|a)$/i.test(s.text)) return false; // "one of the", "a": not an amount
    if (/^(?:1[89]\d\d|20\d\d)$/.test(s.text.replace(/^\D+/, ""))) return false;
    return !years.some((y) => s.start >= y.start && s.end <= y.end);
  });
}

/**
 * Numbers and amounts with hedges and units, as numberSpans reads them, but every one of them: a caller that
 * knows the sentence's dates sets them aside itself. One precompiled expression, for callers that read every
 * sentence of a corpus (extraction).
 */
export function allNumberSpans(text: string): Span[] {
  const out: Span[] = [];
  NUMBER_PATTERN.lastIndex = 0;
  for (let m = NUMBER_PATTERN.exec(text); m; m = NUMBER_PATTERN.exec(text)) {
    const value = m[0].trim();
    if (value === "" || /^(?:one|a)$/i.test(value)) continue;
    const start = m.index + m[0].indexOf(value);
    out.push({ start, end: start + value.length, text: value });
  }
  return out;
}

/** Phrases that give a reason or a cause. */
export function reasonSpans(text: string): Span[] {
  return spans(text, REASON_PATTERN);
}

export function definitionSpans(text: string): Span[] {
  return spans(text, DEFINITION_PATTERN);
}

/**
 * Runs of capitalised words that look like a name ("Sanaullah Ghafari", "Islamic State", "Crocus City Hall"),
 * not counting a lone capital at the start of the sentence.
 */
const NAME_PATTERN = /\b(?:[A-Z][\p{L}'’-]+|[A-Z]{2,}(?:-[A-Z])?)(?:\s+(?:(?:of|the|al|bin|de|al-|ibn|and)\s+)?(?:[A-Z][\p{L}'’-]+|[A-Z]{2,}(?:-[A-Z])?))*/gu;

export function nameSpans(text: string): Span[] {
  return spans(text, NAME_PATTERN).filter((s) => s.start > 0 || s.text.includes(" "));
}

/** Words in quotation marks (a title, a slogan, a name as written): “Voice of Khurasan”. */
export function quotedSpans(text: string): Span[] {
  return spans(text, /[“"‘]([^”"’]{2,80})[”"’]/g).map((s) => ({ start: s.start + 1, end: s.end - 1, text: s.text.slice(1, -1) }));
}

/** A heading rather than a sentence: short, and not ending as sentences do. */
export function isHeading(text: string): boolean {
  return !/[.!?…"”’)]$/.test(text.trim()) && text.trim().split(/\s+/).length < 16;
}
