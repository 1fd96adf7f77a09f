/**
 * Question understanding over the real corpus's vocabulary and names: the kind of answer a question
 * wants, what it names (aliases, typos, Russian spellings, Cyrillic), the period it asks about, the typos
 * it corrects, and the words nothing knows.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnswerEngine } from "../../src/answer/engine.js";
import type { Understanding } from "../../src/answer/understand.js";
import { periodIn } from "../../src/core/period.js";
import { openTestApp } from "../helpers/app.js";

let app: Awaited<ReturnType<typeof openTestApp>>;
let engine: AnswerEngine;
beforeAll(async () => {
  app = await openTestApp();
  engine = app.services.answers as AnswerEngine;
});
afterAll(() => app.cleanup());

const understand = (question: string): Understanding => engine.understand(question);
const entityIds = (q: Understanding) => q.entities.map((e) => e.id);
/** The typed word of the thing "how many" counts. */
const countedWord = (q: Understanding) => (q.counted === undefined ? undefined : q.focus[q.counted]?.word);

describe("the kind of answer a question wants", () => {
  it.each([
    ["who leads isis-k", "person"],
    ["when did the taliban take power", "date"],
    ["where did huawei install cameras", "place"],
    ["where did the crocus attack happen", "place"],
    ["how many people died", "number"],
    ["why do recruiters target tajik migrants", "reason"],
    ["why did drivers in dushanbe hate the cameras", "reason"],
    ["what does SORM stand for", "expansion"],
    ["is isis-k a threat to germany", "yesno"],
    ["did the taliban cooperate with isis-k", "yesno"],
    ["what happened between 2021 and 2022", "range"],
    ["what happened in march 2024", "range"],
    ["do the sources agree on the death toll", "comparison"],
  ] as const)("%j wants a %s", (question, kind) => {
    expect(understand(question).kind).toBe(kind);
  });

  it("'how many people died' counts people", () => {
    expect(countedWord(understand("how many people died"))).toBe("people");
  });

  it("'how many people were killed in the crocus attack' counts people, not the attack", () => {
    expect(countedWord(understand("how many people were killed in the crocus attack"))).toBe("people");
  });

  it("a range question carries its period: between 2021 and 2022 is 2021–2022", () => {
    expect(understand("what happened between 2021 and 2022").range).toEqual({ from: "2021", to: "2022" });
  });

  it("a month question carries the month: march 2024 is 2024-03", () => {
    expect(understand("what happened in march 2024").range).toEqual({ from: "2024-03", to: "2024-03" });
  });

  it("the years of a range are the period, not words to look for", () => {
    const q = understand("what happened between 2021 and 2022");
    expect(q.focus.map((g) => g.word)).not.toEqual(expect.arrayContaining(["2021"]));
    expect(q.unknown).toEqual([]);
  });

  it("'which pollster …' asks for a person", () => {
    const q = understand("which pollster found that russians distrust migrants");
    expect(q.asksForPerson).toBe(true);
    expect(q.kind).toBe("person");
  });

  it("'who was the mastermind of the attack' asks for a person", () => {
    expect(understand("who was the mastermind of the attack").asksForPerson).toBe(true);
  });

  it("'who leads isis-k' may be answered by a group: it does not insist on a person", () => {
    expect(understand("who leads isis-k").asksForPerson).toBe(false);
  });

  it("'what city was attacked' asks for a place", () => {
    expect(understand("what city was attacked").kind).toBe("place");
  });

  // Engine wrong: the KIND_RULES read "which country …" as a place, but the head-noun override replaces it by
  // WordNet's class of "country", whose first sense (state, nation) is noun.group, so the kind becomes "group".
  it("'which country did the attackers come from' asks for a place", () => {
    expect(understand("which country did the attackers come from").kind).toBe("place");
  });
});

describe("greetings", () => {
  it.each([
    ["hi", "hello"],
    ["Hello!", "hello"],
    ["thanks!", "thanks"],
    ["thank you", "thanks"],
    ["bye", "bye"],
  ] as const)("%j is a greeting (%s)", (message, greeting) => {
    expect(understand(message).greeting).toBe(greeting);
  });

  it("a question is no greeting", () => {
    expect(understand("who leads isis-k").greeting).toBeUndefined();
  });

  it("a greeting before a long question leaves the question to answer", () => {
    const q = understand("hello, can you tell me how many people were killed in the crocus attack");
    expect(q.greeting).toBeUndefined();
    expect(q.kind).toBe("number");
  });

  // Engine wrong: detectGreeting takes any message of five words or fewer that opens with "hi" as a greeting,
  // though understand.ts's own comment says '"hi, who leads isis-k" is a question'; answer() then replies
  // with a greeting and never answers it.
  it("'hi, who leads isis-k' is a question, not a greeting", () => {
    const q = understand("hi, who leads isis-k");
    expect(q.greeting).toBeUndefined();
    expect(q.kind).toBe("person");
  });
});

describe("typos in the question's frame", () => {
  it("'wat share …' is still a number question", () => {
    expect(understand("wat share of tajikistan's gdp comes from remittances").kind).toBe("number");
  });

  it("'what does sorm stnad for' is still an expansion, of SORM", () => {
    const q = understand("what does sorm stnad for");
    expect(q.kind).toBe("expansion");
    expect(entityIds(q)).toEqual(["sorm"]);
  });

  it("'whn did the taliban take power' is still a date question", () => {
    expect(understand("whn did the taliban take power").kind).toBe("date");
  });

  it("'hw many people died' is still a number question", () => {
    expect(understand("hw many people died").kind).toBe("number");
  });

  // Engine wrong: fixQuestionWord's own doc names "wen" as a mistyped "when", but WordNet knows "wen" (a
  // cyst), so it is left alone: the kind is "open" and "wen" becomes an absent focus word, which makes the
  // engine say the sources never mention it.
  it("'wen did the taliban take power' is still a date question", () => {
    const q = understand("wen did the taliban take power");
    expect(q.kind).toBe("date");
    expect(q.focus.map((g) => g.word)).not.toContain("wen");
  });
});

describe("entities", () => {
  it("finds ISIS-K by its alias ISKP", () => {
    expect(entityIds(understand("who leads ISKP"))).toEqual(["isis-k"]);
  });

  it("finds ISIS-K as typed, hyphen and all", () => {
    expect(entityIds(understand("who leads isis-k"))).toEqual(["isis-k"]);
  });

  it("finds Rahmon under the Russian spelling 'Rakhmon', and says what it read", () => {
    const q = understand("who is Rakhmon");
    expect(entityIds(q)).toEqual(["emomali-rahmon"]);
    expect(q.corrections.some((c) => c.from.toLowerCase() === "rakhmon" && /Rahmon/.test(c.to))).toBe(true);
  });

  it("finds Rahmon under the full Russian spelling 'Imomali Rakhmon'", () => {
    expect(entityIds(understand("what did Imomali Rakhmon do in 2015"))).toEqual(["emomali-rahmon"]);
  });

  // Engine wrong: WordNet knows "Tadzhikistan" (a variant spelling), so findEntities skips the typo match and
  // the word only reaches the focus through related words: the Tajikistan entity is not named at all.
  it("finds Tajikistan under the Russian spelling 'Tadzhikistan'", () => {
    expect(entityIds(understand("how many migrants come from Tadzhikistan"))).toContain("tajikistan");
  });

  it("'Tadzhikistan' still searches for Tajikistan", () => {
    const terms = understand("how many migrants come from Tadzhikistan").focus.flatMap((g) => g.terms.map((t) => t.text));
    expect(terms).toContain("tajikistan");
  });

  it("finds Rahmon written in Cyrillic ('Рахмон'), and the question is Russian", () => {
    const q = understand("кто такой Рахмон");
    expect(entityIds(q)).toEqual(["emomali-rahmon"]);
    expect(q.language).toBe("ru");
  });

  it("finds Tajikistan written in Cyrillic ('Таджикистан'), and the question is Russian", () => {
    const q = understand("Таджикистан");
    expect(entityIds(q)).toEqual(["tajikistan"]);
    expect(q.language).toBe("ru");
  });

  it("an English question is English", () => {
    expect(understand("who leads isis-k").language).toBe("en");
  });

  // Engine wrong: "Россия" latinises to "rossiya", which is within typing distance of the word "russia" in
  // both Russia and Re:Russia; the longer name is tried first, so a Russian question about Russia is read
  // as being about the outlet Re:Russia (and says so as a correction).
  it("finds Russia, not the outlet Re:Russia, in 'Таджикистан и Россия'", () => {
    const ids = entityIds(understand("Таджикистан и Россия"));
    expect(ids).toContain("russia");
    expect(ids).not.toContain("re-russia");
  });

  // Engine wrong: Russian stop words are dropped from the focus but still handed to findEntities, so
  // "что" (what), latinised "chto", is taken for a typo of "CSTO" and reported as a correction.
  it("a Russian question word ('что') is not taken for a name", () => {
    const q = understand("что известно про Таджикистан");
    expect(entityIds(q)).toEqual(["tajikistan"]);
    expect(q.corrections).toEqual([]);
  });

  it("finds the place a demonym names ('russians' → Russia) as a qualifier", () => {
    const q = understand("which pollster found that russians distrust migrants");
    const russia = q.entities.find((e) => e.id === "russia");
    expect(russia?.demonym).toBe(true);
  });

  it("finds a mistyped multi-word name ('krokus city hall' → Crocus City Hall)", () => {
    expect(entityIds(understand("what happened at krokus city hall"))).toEqual(["crocus-city-hall"]);
  });

  it("finds a mistyped surname ('general kurila' → Michael Kurilla)", () => {
    expect(entityIds(understand("when did general kurila warn"))).toEqual(["michael-kurilla"]);
  });
});

describe("corrections, absent and unknown words", () => {
  it("typos of corpus words are corrected and reported", () => {
    const q = understand("how many peple died in the crocus atack");
    expect(q.corrections).toEqual(
      expect.arrayContaining([expect.objectContaining({ from: "peple", to: "people" }), expect.objectContaining({ from: "atack", to: "attack" })]),
    );
    expect(q.unknown).toEqual([]);
  });

  it("a question without typos reports no corrections", () => {
    expect(understand("how many people died in the crocus attack").corrections).toEqual([]);
  });

  it("an English word the sources never use ('France') is marked absent, not unknown, not corrected", () => {
    const q = understand("where is the capital of france");
    const france = q.focus.find((g) => g.word.toLowerCase() === "france");
    expect(france?.absent).toBe(true);
    expect(france?.terms).toEqual([]);
    expect(q.unknown).toEqual([]);
    expect(q.corrections).toEqual([]);
  });

  it("nonsense words are unknown, and nothing is looked for", () => {
    const q = understand("what is the flurbix zanquort");
    expect(q.unknown).toEqual(expect.arrayContaining(["flurbix", "zanquort"]));
    expect(q.focus).toEqual([]);
  });

  it("a word the corpus uses is neither absent nor unknown", () => {
    const q = understand("why did drivers in dushanbe hate the cameras");
    expect(q.unknown).toEqual([]);
    expect(q.focus.filter((g) => g.absent)).toEqual([]);
  });

  it("'drivers', which the sources never write, stands for their 'motorists'", () => {
    const drivers = understand("why did drivers in dushanbe hate the cameras").focus.find((g) => g.word === "drivers");
    expect(drivers?.terms.map((t) => t.text)).toContain("motorist");
  });
});

describe("what was asked, in the question's words", () => {
  it("keeps the question's own opening", () => {
    expect(understand("how many people died in the crocus attack?").wants).toMatch(/^how many people died/);
  });
});

describe("periodIn", () => {
  it.each([
    ["what happened in 2023", { from: "2023", to: "2023" }],
    ["what happened in march 2024", { from: "2024-03", to: "2024-03" }],
    ["events in 2024-03", { from: "2024-03", to: "2024-03" }],
    ["between 2021 and 2022", { from: "2021", to: "2022" }],
    ["from 2022 to 2015", { from: "2015", to: "2022" }],
  ])("%j is the period %j", (text, period) => {
    expect(periodIn(text)).toEqual(period);
  });

  it("'before 2018' ends the year before", () => {
    expect(periodIn("attacks before 2018")?.to).toBe("2017");
  });

  it("'since 2015' starts that year and runs on", () => {
    const p = periodIn("attacks since 2015");
    expect(p?.from).toBe("2015");
    expect(Number(p?.to)).toBeGreaterThan(2024);
  });

  it("'the 2010s' is the decade", () => {
    expect(periodIn("what happened in the 2010s")).toEqual({ from: "2010", to: "2019" });
  });

  it("a question without a year has no period", () => {
    expect(periodIn("who leads isis-k")).toBeUndefined();
  });
});
