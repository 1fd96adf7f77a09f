/**
 * Question understanding: what kind of answer a question wants, what it is about (its focus), which
 * entities it names, and any time range. Words are matched against the corpus's own vocabulary and names:
 * typos are corrected, demonyms and transliterated Cyrillic names found, and English words the corpus says
 * differently stand in for by related words (WordNet). Pure, given a Lexicon.
 */
import { eng as ENGLISH_STOPWORDS, rus as RUSSIAN_STOPWORDS } from "stopword";
import type { AnswerKind } from "../core/answers.js";
import { editDistance, normalizeName } from "../core/similarity.js";
import { demonymsOf, type EntityMatch, type Lexicon, latinise, stem, type Term } from "./lexicon.js";

export type { AnswerKind };

/** One thing the question is about, with the corpus terms that stand for it. */
export interface FocusGroup {
  /** The word as the question has it. */
  word: string;
  terms: Term[];
  /** How much finding this group matters: rare words most. */
  weight: number;
  /** From an entity the question names (any of its names counts). */
  entity?: string;
  /** Named by an adjective ("Syrian camps"): it qualifies the question rather than being what it is about. */
  qualifier?: boolean;
  /** An English word the sources never use, nor any word related to it. */
  absent?: boolean;
}

export interface Understanding {
  question: string;
  language: "en" | "ru";
  greeting?: "hello" | "thanks" | "bye";
  kind: AnswerKind;
  /** What was asked, in the question's own terms: "how many people died", "when", "who leads ISIS-K". */
  wants: string;
  /** The subject words after the question frame is removed, in the question's order: "people died crocus attack". */
  subject: string;
  focus: FocusGroup[];
  /** For "how many X": the focus group of the thing counted (a value must count it). */
  counted?: number;
  /** The noun asked about ("which company", "who was the mastermind"): an answer must speak of it. */
  head?: number;
  /** Focus groups of words English uses only as verbs ("deported", "founded"): what the question says happened. */
  verbs: number[];
  /** The question asks for a person ("who was the mastermind", "which pollster"): an organisation is no answer. */
  asksForPerson: boolean;
  entities: EntityMatch[];
  /** A period the question names, as partial dates ("2021", "2024-03"). */
  range?: { from: string; to: string };
  /** Typed words replaced by the corpus word they most likely meant. */
  corrections: { from: string; to: string }[];
  /** Words that match nothing in the corpus, its names, or English. */
  unknown: string[];
}

/** Words that frame a question rather than say what it is about. */
const QUESTION_FRAME = new Set(
  (
    "what whats what's who whom whose which when where why how whether tell show give list explain describe " +
    "know say says said mention mentions mentioned according source sources article articles report reports " +
    "please pls plz just actually really get got kind sort happen happened happening anything something thing things " +
    "many much number amount figure figures exactly roughly approximately year years date day month time " +
    "reason reasons cause causes caused stand stands mean means meaning short full name called call " +
    "brief briefly summary summarise summarize info information detail details lot lots every ever often long only even still " +
    // Light verbs carry little of a question's meaning ("why do so many go to Russia"); the words around them do.
    "go goes going went gone come comes coming came make makes made take takes taking took get gets put keep let " +
    "agree agrees disagree disagrees differ differs different differently compare compared comparison versus vs consistent conflicting contradict"
  ).split(" "),
);
const ENGLISH_STOP = new Set([...ENGLISH_STOPWORDS, ...QUESTION_FRAME]);
const RUSSIAN_STOP = new Set([
  ...RUSSIAN_STOPWORDS,
  ..."кто что где когда почему зачем сколько какой какая какие каков какова ли такое это этот эта чем как расскажи скажи пожалуйста".split(" "),
]);

/** Rules for the kind of answer, first match wins; each is plain English (or Russian) question grammar. */
const KIND_RULES: [AnswerKind, RegExp][] = [
  [
    "comparison",
    /\b(compare[ds]?|comparison|agree|disagree|differ|different(ly)?|contradict\w*|versus|vs\.?|conflict\w*|consistent|each source|each say|both say|sources? (say|differ|disagree))\b|\bdo (the |both |all |different )?(sources|articles|reports|outlets)\b|сравни|расходятся/i,
  ],
  [
    "name",
    /\b(first|last|full|real|given|family) name\b|\b(is|are|was|were) (it|they|these|those|he|she)? ?called\b|\bcalled\??$|\bwhat (is|was|are|were) the names? of\b|\bnames? of the\b|\btitles? of\b|\bnamed\??$|как (называ|зовут)/i,
  ],
  [
    "statement",
    /^what (did|does|do|has|have|had) (.+?) (say|said|tell|told|claim|announce|declare|write|wrote|warn|argue|promise)\b|\bin (his|her|their) (speech|statement|address|remarks)\b|что (сказал|заявил)/i,
  ],
  ["expansion", /\bstands? for\b|\bshort for\b|\babbreviat\w*\b|\bacronym\b|\bfull (name|form)\b|расшифров\w*|означает аббревиатура/i],
  [
    "range",
    /\b(between|from)\s+(?:(?:early|late|mid)\s+)?(19|20)\d\d\s*(and|to|until|till|through|-|–|—)\s*(19|20)\d\d\b|\b(timeline|chronology|events?|happen\w*|going on|went on|go on)\b.*\b(19|20)\d\d\b|\b(19|20)\d\d\b.*\b(timeline|chronology|happen\w*|going on|went on)\b/i,
  ],
  [
    "number",
    /\bhow (many|much|large|big|long|old|often)\b|\bwhat (share|proportion|percentage|part|fraction|portion)\b|\b(number|numbers|amount|total|share|percent\w*|proportion|toll|count|size|figure)s? of\b|\bdeath toll\b|\bwhat (is|was) the (number|toll|death toll|size|share|cost|value|population|estimate)\b|сколько/i,
  ],
  [
    "date",
    /^(when|since when|what (year|date|month|day|time)|which (year|date|month|day)|in what year|on what (date|day)|at what time)\b|\bwhen (did|was|were|is|are|will|has|had|do|does)\b|\bwhat (year|date|month)\b|когда|в каком году/i,
  ],
  [
    "place",
    /^(where|in what (country|city|place|region)|what (country|city|place|region|town|countries|cities)|which (country|city|place|region|town|countries|cities))\b|\bwhere\b|^from where\b|где|куда|откуда/i,
  ],
  [
    "reason",
    /^(why|how come|what (caused|causes|drove|drives|led to|leads to|is behind|was behind|explains|made|makes|pushed|pushes|motivat\w*))\b|\bwhy\b|\breasons?\b|\bcauses?\b|\bmotiv\w*\b|\bbecause of what\b|почему|зачем|причин/i,
  ],
  [
    "person",
    /^(who|whom|whose)\b|\bwho (is|was|are|were) (behind|responsible|in charge)\b|^(which|what) (person|people|man|woman|official|leader|leaders|minister|president|general|commander|head)\b|кто/i,
  ],
  [
    "group",
    /^(which|what) (group|groups|organisation|organization|organisations|organizations|company|companies|agency|agencies|party|parties|network|movement|outlet|firm|firms|country|countries)\b/i,
  ],
  ["yesno", /^(is|are|was|were|did|does|do|has|have|had|can|could|will|would|should|were there|is there|are there)\b|\bли\b/i],
  [
    "definition",
    /^(what|who) (is|are|was|were) (a |an |the )?[^,?]{1,60}\??$|\btell me about\b|^(about|explain|describe)\b|^what do (you|the sources) know about\b|что такое|кто такой|кто такие|расскажи о/i,
  ],
];

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

/** A period typed in the question ("in 2023", "march 2024", "2024-03", "between 2021 and 2022", "before 2018"), as partial dates. */
export function periodIn(text: string): { from: string; to: string } | undefined {
  const t = text.toLowerCase();
  const monthYear = new RegExp(`\\b(${MONTHS.join("|")}|${MONTHS.map((m) => m.slice(0, 3)).join("|")})\\.?\\s+(1[89]\\d\\d|20\\d\\d)\\b`).exec(t);
  const iso = /\b(1[89]\d\d|20\d\d)-(0[1-9]|1[0-2])\b/.exec(t);
  const month = monthYear
    ? `${monthYear[2]}-${String(MONTHS.findIndex((m) => m.startsWith(monthYear[1]!.slice(0, 3))) + 1).padStart(2, "0")}`
    : iso
      ? `${iso[1]}-${iso[2]}`
      : undefined;
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

/** Question words as they are often mistyped at the start of a question ("wat", "wen", "hw"). */
const QUESTION_WORDS = ["what", "when", "where", "which", "who", "why", "how", "whose"];
function fixQuestionWord(text: string, lexicon: Lexicon): string {
  const m = /^([a-z]{2,5})\s+([a-z]+)/i.exec(text);
  const word = m?.[1]?.toLowerCase();
  // Before "did", "is", "does"… a word one letter from "when" is "when", even if WordNet knows it ("wen").
  const beforeAuxiliary = /^(did|does|do|is|are|was|were|has|have|had|can|could|will|would|should)$/i.test(m?.[2] ?? "");
  if (!word || QUESTION_WORDS.includes(word) || ENGLISH_STOP.has(word) || lexicon.inCorpus(word)) return text;
  if (!beforeAuxiliary && lexicon.isEnglish(word)) return text;
  const fix = QUESTION_WORDS.find((w) => editDistance(word, w, 1) <= 1 && w[0] === word[0]);
  return fix ? fix + text.slice(word.length) : text;
}

/** Words that end the noun phrase after "how many": a verb, an auxiliary or a preposition. */
const NOUN_PHRASE_END = new Set(
  "are were is was did do does have has had will would can could in on at from for to by with of that who which go went come came live work died killed".split(
    " ",
  ),
);

/** Words that frame a question, mistyped ("stnad for", "how mnay"): fixed before the kind of answer is read. */
const FRAME_TYPO_TARGETS = [...QUESTION_FRAME].filter((w) => w.length >= 4 && /^[a-z]+$/.test(w));
function fixFrameTypos(text: string, lexicon: Lexicon): string {
  return text.replace(/\b[a-z]{4,8}\b/gi, (word) => {
    const w = word.toLowerCase();
    if (ENGLISH_STOP.has(w) || lexicon.inCorpus(w) || lexicon.isEnglish(w)) return word;
    return FRAME_TYPO_TARGETS.find((t) => t.length === w.length && editDistance(w, t, 1) <= 1) ?? word;
  });
}

/** Words a greeting, a thank-you or a goodbye is made of, in English and Russian. */
const SMALL_TALK = new Set(
  (
    "hi hello hey hiya yo howdy greetings salam salaam good morning afternoon evening day thanks thank you thx ty cheers much so very " +
    "a lot appreciated bye goodbye see ciao later ok okay cool great nice awesome brilliant perfect got it and again all for " +
    "привет здравствуй здравствуйте добрый день вечер доброе утро спасибо большое благодарю пока до свидания ок хорошо"
  ).split(" "),
);
const THANKS_WORDS = /\b(thanks|thank|thx|ty|cheers|appreciated)\b|спасибо|благодарю/iu;
const BYE_WORDS = /\b(bye|goodbye|ciao|see you|later)\b|пока|свидания/iu;

/** A message made only of small talk ("ok cool thx", "привет!"): a greeting, a thank-you or a goodbye. */
function detectGreeting(text: string): Understanding["greeting"] {
  const words = (text.toLowerCase().match(/[\p{L}']+/gu) ?? []).map((w) => w.replace(/'.*$/, ""));
  if (words.length === 0 || words.length > 6 || !words.every((w) => SMALL_TALK.has(w))) return undefined;
  if (THANKS_WORDS.test(text)) return "thanks";
  if (BYE_WORDS.test(text)) return "bye";
  return "hello";
}

/** The question without a leading greeting or politeness ("hi, pls tell me …"). */
function stripPreamble(text: string): string {
  return text
    .trim()
    .replace(/^((hi|hello|hey|ok|okay|so|and|but|please|pls|plz|привет|пожалуйста)\b[\s,!.:-]*)+/i, "")
    .replace(/^(can|could|would) you (please |pls )?(tell me|say|explain|show me|let me know)\s*/i, "")
    .replace(/^(i (want|would like|need) to know|i wonder|do you know|tell me)\s*/i, "")
    .trim();
}

export function understand(question: string, lexicon: Lexicon): Understanding {
  const raw = question.normalize("NFKC").trim();
  const language: Understanding["language"] = (raw.match(/\p{Script=Cyrillic}/gu)?.length ?? 0) > (raw.match(/[A-Za-z]/g)?.length ?? 0) ? "ru" : "en";
  const greeting = detectGreeting(raw);
  const text = fixFrameTypos(fixQuestionWord(stripPreamble(raw), lexicon), lexicon);
  const ruled = greeting && text === "" ? "open" : (KIND_RULES.find(([, re]) => re.test(text))?.[0] ?? "open");
  // "which pollster …", "what country …", "who was the mastermind …": the noun asked about says what kind of answer.
  // The head of "which/what <noun phrase> <verb>" is its last noun: "what anti-Taliban movement is …" → movement.
  const head =
    /^(?:which|what)\s+(?:[\p{L}-]+\s+){0,3}?([a-z]+)\s+(?:is|are|was|were|did|does|do|has|have|had|can|could|will|would|should|led|leads|runs|ran)\b/iu.exec(
      text,
    ) ?? /^(?:which|what)\s+([a-z]+)\b(?!-)|^who\s+(?:is|was|are|were)\s+(?:the\s+|a\s+|an\s+)?([a-z]+)/i.exec(text);
  const headWord = (head?.[1] ?? head?.[2])?.toLowerCase();
  const headClass = headWord && !ENGLISH_STOP.has(headWord) ? lexicon.nounClass(headWord) : undefined;
  const kind: AnswerKind =
    headClass && head?.[1] && (ruled === "open" || ruled === "definition" || ruled === "group" || ruled === "place" || ruled === "person")
      ? ({ person: "person", group: "group", place: "place", time: "date", quantity: "number" } as const)[headClass]
      : ruled;
  const range = periodIn(text);

  // Words, lower case, hyphenated names kept whole ("isis-k"), possessives dropped ("turkey's" → "turkey");
  // Cyrillic spelled in Latin letters.
  const typed = (text.toLowerCase().match(/[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu) ?? []).map((w) => w.replace(/['’]s$/, "")).slice(0, 40);
  const stop = language === "ru" ? RUSSIAN_STOP : ENGLISH_STOP;
  const latin = typed.map((w) => (/\p{Script=Cyrillic}/u.test(w) ? latinise(w) : w));
  const normalised = latin
    .map((w) => normalizeName(w))
    .join(" ")
    .split(" ")
    .filter(Boolean);
  // Function words ("что", "the") are no names, however close they come to one ("chto" → CSTO).
  const entities = lexicon.findEntities(normalised, new Set([...stop, ...[...stop].filter((w) => /\p{Script=Cyrillic}/u.test(w)).map(latinise)]));
  const inEntity = new Set<string>();
  for (const e of entities) for (const w of e.words) inEntity.add(w);

  const corrections: Understanding["corrections"] = [];
  const unknown: string[] = [];
  const focus: FocusGroup[] = [];
  for (const e of entities) {
    const record = lexicon.entities.get(e.id);
    if (!record) continue;
    const names = [record.name, ...record.aliases, ...(record.type === "place" && !record.name.includes(" ") ? demonymsOf(record.name.toLowerCase()) : [])]
      .map((n) => n.replace(/\s*\(.*?\)\s*/g, " ").trim())
      .filter(Boolean);
    const terms: Term[] = [];
    for (const name of names) {
      // Whole names only ("IS-K" stays "is k"): a name without its small words would match any "k".
      const words = normalizeName(name).split(" ").filter(Boolean);
      if (words.length === 0 || words.join("").length < 3 || (words.length === 1 && ENGLISH_STOP.has(words[0]!))) continue;
      const stems = words.map(stem);
      if (!stems.every((s) => lexicon.df(s) > 0)) continue;
      const key = stems.join(" ");
      if (!terms.some((t) => t.stem === key)) terms.push({ text: words.join(" "), stem: key, weight: 1, via: "name" });
    }
    if (terms.length === 0) continue;
    // An entity weighs as its rarest name: a question that names something is about it.
    const weight = Math.max(...terms.map((t) => Math.min(...t.stem.split(" ").map((s) => lexicon.idf(s)))));
    focus.push({ word: e.words.join(" "), terms, weight, entity: e.id, qualifier: e.demonym });
    if (e.approximate && !e.demonym && !e.words.some((w) => names.some((n) => normalizeName(n).split(" ").includes(w)))) {
      corrections.push({ from: e.words.join(" "), to: record.name });
    }
  }

  // A hyphenated word the corpus does not use as such is read as its parts ("anti-taliban" → anti, taliban).
  const words: { word: string; typed: string }[] = [];
  for (const [i, w] of latin.entries()) {
    const parts = normalizeName(w).split(" ");
    if (parts.length > 1 && !lexicon.inCorpus(parts.join(""))) for (const p of parts) words.push({ word: p, typed: p });
    else words.push({ word: w, typed: typed[i]! });
  }
  for (const { word, typed: typedWord } of words) {
    const plain = normalizeName(word);
    if (plain === "" || stop.has(typedWord) || stop.has(plain) || ENGLISH_STOP.has(plain)) continue;
    if (/['’](t|s|re|ve|ll|d|m)$/.test(typedWord)) continue; // "won't", "they're": grammar, not subject
    if (plain.split(" ").every((w) => inEntity.has(w))) continue;
    if (/^\d+$/.test(plain) && range) continue; // years are the range, not words to find
    const terms: Term[] = [];
    if (lexicon.inCorpus(plain)) terms.push({ text: plain, stem: stem(plain), weight: 1, via: "typed" });
    else if (!plain.includes(" ") && !lexicon.isEnglish(plain)) {
      const fixed = lexicon.correct(plain);
      if (fixed) {
        terms.push({ text: fixed, stem: stem(fixed), weight: 0.9, via: "corrected" });
        corrections.push({ from: word, to: fixed });
      }
    }
    if (!plain.includes(" ") && lexicon.isEnglish(plain)) terms.push(...lexicon.related(plain).filter((t) => !terms.some((x) => x.stem === t.stem)));
    if (terms.length === 0) {
      // An English word the sources never use (nor anything like it) is still part of what was asked:
      // it weighs as the rarest word, so "the capital of France" is not answered by "the capital".
      // A Russian word Brief cannot read counts the same way: what was asked is not all understood.
      if (lexicon.isEnglish(plain) || /\p{Script=Cyrillic}/u.test(typedWord))
        focus.push({ word: typedWord, terms: [], weight: lexicon.idf("\u0000"), absent: true });
      else unknown.push(word);
      continue;
    }
    const weight = Math.max(...terms.map((t) => t.weight * Math.min(...t.stem.split(" ").map((s) => lexicon.idf(s)))));
    if (!focus.some((f) => f.terms.some((t) => terms.some((x) => x.stem === t.stem)))) focus.push({ word, terms, weight });
  }

  const subject = typed.filter((w) => !stop.has(w) && !ENGLISH_STOP.has(w)).join(" ");
  // The thing counted: the first focus word after "how many", "number of", "how much".
  // The thing counted is the last word of the noun phrase after "how many": "how many Tajik migrants were …" → migrants.
  const countedPhrase = /\b(?:how many|how much|number of|numbers of|proportion of|percentage of)\s+((?:[\p{L}-]+\s*){1,4})/iu.exec(text)?.[1] ?? "";
  const phraseWords = countedPhrase.toLowerCase().split(/\s+/).filter(Boolean);
  const phraseEnd = phraseWords.findIndex((w, i) => i > 0 && NOUN_PHRASE_END.has(w));
  const countedWord = (phraseEnd > 0 ? phraseWords.slice(0, phraseEnd) : phraseWords.slice(0, 1)).filter((w) => !["the", "a", "an", "of"].includes(w)).at(-1);
  const counted = countedWord ? focus.findIndex((g) => g.word.toLowerCase() === countedWord || stem(g.word) === stem(countedWord)) : -1;
  const headIndex = headWord ? focus.findIndex((g) => !g.entity && !g.absent && stem(g.word) === stem(headWord)) : -1;
  const verbs = focus.flatMap((g, i) => (!g.entity && !g.absent && lexicon.isVerbOnly(g.word) ? [i] : []));
  return {
    question: raw,
    language,
    // "thanks!" and "bye" end a conversation; "hi" opens one, and "hi, who leads isis-k" is a question.
    greeting,
    kind,
    counted: counted >= 0 ? counted : undefined,
    head: headIndex >= 0 ? headIndex : undefined,
    verbs,
    asksForPerson: headClass === "person",
    wants: describeWant(kind, text, subject),
    subject,
    focus,
    entities,
    range,
    corrections,
    unknown,
  };
}

/** What was asked, for "The sources don't say …": the question's own opening words, without filler. */
function describeWant(kind: AnswerKind, text: string, subject: string): string {
  const t = text.replace(/[?!.\s]+$/, "").replace(/\s+/g, " ");
  const opening: Partial<Record<AnswerKind, RegExp>> = {
    number: /\bhow (many|much|large|big|long|old|often)\b.*/i,
    date: /\b(when|what (year|date|month|day))\b.*/i,
    place: /\b(where|(what|which) (country|city|place|region|town))\b.*/i,
    reason: /\b(why|what (caused|drove|led to))\b.*/i,
    person: /\b(who|whom|whose)\b.*/i,
    group: /\b(which|what) (group|organisation|organization|company|agency|party|country)\b.*/i,
  };
  const re = opening[kind];
  const m = re?.exec(t);
  if (m) return m[0].charAt(0).toLowerCase() + m[0].slice(1);
  return /^(what|who|which|how|is|are|was|were|did|does|do)\b/i.test(t) ? t.charAt(0).toLowerCase() + t.slice(1) : subject || t;
}
