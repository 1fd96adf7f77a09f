/**
 * The Lexicon over a small hand-built corpus (no database): typo correction toward the corpus's own words,
 * names found however they are typed (aliases, typos, demonyms, Cyrillic), and related English words kept
 * only when the corpus uses them.
 */
import { afterAll, describe, expect, it } from "vitest";
import { Lexicon, latinise, stem, type Vocabulary } from "../../src/answer/lexicon.js";
import { understand } from "../../src/answer/understand.js";
import { WordNet } from "../../src/answer/wordnet.js";
import type { EntityRecord } from "../../src/core/knowledge.js";
import { normalizeName } from "../../src/core/similarity.js";

/** A vocabulary as the index would count it: each passage counts once per word and per stem. */
function vocabularyOf(passages: readonly string[]): Vocabulary {
  const words = new Map<string, number>();
  const stems = new Map<string, number>();
  for (const p of passages) {
    const ws = new Set(p.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
    for (const w of ws) words.set(w, (words.get(w) ?? 0) + 1);
    for (const s of new Set([...ws].map(stem))) stems.set(s, (stems.get(s) ?? 0) + 1);
  }
  return { words, stems, passages: passages.length };
}

const PASSAGES = [
  "The attack at Crocus City Hall killed 137 people, and the attackers fled towards the border.",
  "Another attack was foiled; the attack plans named a concert hall in the city.",
  "The motorists of Dushanbe quickly learned to hate the cameras.",
  "General Michael Kurilla warned of a high risk of attacks from ISIS-K.",
  "The group's current leader, Sanaullah Ghafari, is an Afghan citizen.",
  "Tajik migrants in Russia were imprisoned after the attack.",
  "Traffic cameras fined motorists for running red lights in Dushanbe.",
];

function record(id: string, type: EntityRecord["type"], name: string, aliases: string[] = []): EntityRecord {
  return { id, type, name, aliases, description: "", topics: [], citations: [] };
}

const ENTITIES: EntityRecord[] = [
  record("crocus-city-hall", "place", "Crocus City Hall", ["Crocus"]),
  record("michael-kurilla", "person", "Michael Kurilla", ["General Michael Kurilla"]),
  record("isis-k", "organisation", "Islamic State Khorasan Province (ISIS-K)", ["ISIS-K", "ISKP"]),
  record("sanaullah-ghafari", "person", "Sanaullah Ghafari", ["Shahab al-Muhajir"]),
  // No "Russian" or "Tajik" aliases: the demonyms must be found as demonyms.
  record("russia", "place", "Russia"),
  record("tajikistan", "place", "Tajikistan"),
  record("dushanbe", "place", "Dushanbe"),
];

const wordnet = new WordNet();
afterAll(() => wordnet.close());
const lexicon = new Lexicon(vocabularyOf(PASSAGES), ENTITIES, wordnet);

/** Words as understand() hands them to findEntities: normalised, lower case. */
const wordsOf = (text: string) => normalizeName(text).split(" ").filter(Boolean);
const idsIn = (text: string) => lexicon.findEntities(wordsOf(text)).map((m) => m.id);

describe("correct", () => {
  it("GIVEN 'attack' in the corpus WHEN 'atack' is typed THEN it is corrected to 'attack'", () => {
    expect(lexicon.correct("atack")).toBe("attack");
  });

  it("a mistyped corpus word of another length is corrected too ('motorsts' → 'motorists')", () => {
    expect(lexicon.correct("motorsts")).toBe("motorists");
  });

  it("a word far from every corpus word is not corrected", () => {
    expect(lexicon.correct("zqxvwpl")).toBeUndefined();
  });

  it("a short word is never corrected (too many words are one letter away)", () => {
    expect(lexicon.correct("atk")).toBeUndefined();
  });

  it("a correction is a word the corpus holds, never the typed word itself", () => {
    const fixed = lexicon.correct("cammeras");
    expect(fixed).toBeDefined();
    expect(fixed).not.toBe("cammeras");
    expect(lexicon.inCorpus(fixed!)).toBe(true);
  });
});

describe("an English word the corpus lacks is not 'corrected'", () => {
  it("'attach' is English and not in the corpus, while 'atack' is neither", () => {
    expect(lexicon.inCorpus("attach")).toBe(false);
    expect(lexicon.isEnglish("attach")).toBe(true);
    expect(lexicon.isEnglish("atack")).toBe(false);
  });

  it("GIVEN a question with the English word 'attach' WHEN understood THEN it is not read as 'attack'", () => {
    const q = understand("why did they attach the cameras", lexicon);
    expect(q.corrections.map((c) => c.from)).not.toContain("attach");
    expect(q.focus.flatMap((g) => g.terms.map((t) => t.text))).not.toContain("attack");
  });

  it("GIVEN a question with the typo 'atack' WHEN understood THEN it is corrected to 'attack' and the correction reported", () => {
    const q = understand("when was the atack", lexicon);
    expect(q.corrections).toContainEqual({ from: "atack", to: "attack" });
    expect(q.focus.some((g) => g.terms.some((t) => t.text === "attack"))).toBe(true);
  });
});

describe("findEntities", () => {
  it("finds a multi-word name, with the words that named it, exactly", () => {
    const words = wordsOf("what happened at crocus city hall");
    const [m, ...rest] = lexicon.findEntities(words);
    expect(rest).toEqual([]);
    expect(m).toMatchObject({ id: "crocus-city-hall", approximate: false });
    expect(m!.words).toEqual(["crocus", "city", "hall"]);
    expect(words.slice(m!.start, m!.end)).toEqual(m!.words);
  });

  it("prefers the whole name to a shorter alias inside it", () => {
    const found = lexicon.findEntities(wordsOf("crocus city hall"));
    expect(found).toHaveLength(1);
    expect(found[0]!.words).toHaveLength(3);
  });

  it("finds a name by an alias ('ISKP' → ISIS-K)", () => {
    expect(idsIn("who leads iskp")).toEqual(["isis-k"]);
  });

  it("finds a name by a hyphenated alias as the question splits it ('isis-k')", () => {
    expect(idsIn("who leads isis-k")).toEqual(["isis-k"]);
  });

  it("finds a person by a mistyped surname ('kurila' → Michael Kurilla), marked approximate", () => {
    const [m] = lexicon.findEntities(wordsOf("what did kurila warn"));
    expect(m).toMatchObject({ id: "michael-kurilla", approximate: true, words: ["kurila"] });
  });

  it("finds a mistyped multi-word name ('krokus city hall' → Crocus City Hall), as one match", () => {
    const found = lexicon.findEntities(wordsOf("what happened at krokus city hall"));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ id: "crocus-city-hall", approximate: true, words: ["krokus", "city", "hall"] });
  });

  it("finds a country by its demonym ('russian' → Russia), marked as a demonym", () => {
    const [m] = lexicon.findEntities(wordsOf("why are russian police arresting migrants"));
    expect(m).toMatchObject({ id: "russia", demonym: true, words: ["russian"] });
  });

  it("finds a country by its short demonym ('tajik' → Tajikistan)", () => {
    const [m] = lexicon.findEntities(wordsOf("tajik migrants"));
    expect(m).toMatchObject({ id: "tajikistan", demonym: true });
  });

  it("finds several names in one question, in the order typed", () => {
    expect(idsIn("did general michael kurilla warn russia about iskp")).toEqual(["michael-kurilla", "russia", "isis-k"]);
  });

  it("plain words of a longer name are not the name (.city hall. is not Crocus City Hall)", () => {
    // "hall" and "city" are plain words: only the whole name counts.
    expect(idsIn("the city hall")).toEqual([]);
  });

  it("a question naming nothing finds nothing", () => {
    expect(idsIn("why did drivers hate the cameras")).toEqual([]);
  });
});

describe("latinise", () => {
  it("spells Cyrillic names as English does ('Таджикистан' → 'tajikistan')", () => {
    expect(latinise("Таджикистан")).toBe("tajikistan");
  });

  it("spells 'Рахмон' as 'rahmon', in lower case", () => {
    expect(latinise("Рахмон")).toBe("rahmon");
  });

  it("leaves Latin letters as they are, lower case", () => {
    expect(latinise("Dushanbe")).toBe("dushanbe");
  });

  it("a Cyrillic name, latinised, is found as the entity ('Таджикистан' → Tajikistan)", () => {
    expect(lexicon.findEntities([latinise("Таджикистан")]).map((m) => m.id)).toEqual(["tajikistan"]);
  });
});

describe("related", () => {
  it("GIVEN 'drivers' (not in the corpus) WHEN related words are asked THEN 'motorist', which the corpus uses, stands in", () => {
    const related = lexicon.related("drivers");
    expect(related.map((t) => t.text)).toContain("motorist");
  });

  it("keeps only words the corpus uses: every related term's stems are in the vocabulary", () => {
    for (const word of ["drivers", "jailed", "killed", "cameras"]) {
      for (const t of lexicon.related(word)) {
        for (const s of t.stem.split(" ")) expect(lexicon.df(s), `${word} → ${t.text}`).toBeGreaterThan(0);
      }
    }
  });

  it("drops related words the corpus never uses ('chauffeur' for 'drivers')", () => {
    expect(wordnet.related("drivers").map((r) => r.word)).toContain("chauffeur");
    expect(lexicon.related("drivers").map((t) => t.text)).not.toContain("chauffeur");
  });

  it("GIVEN 'jailed' WHEN related words are asked THEN the corpus's 'imprisoned' is found through 'imprison'", () => {
    expect(lexicon.related("jailed").map((t) => t.stem)).toContain(stem("imprisoned"));
  });

  it("a related word weighs less than the typed word would, and is marked as related", () => {
    for (const t of [...lexicon.related("drivers"), ...lexicon.related("attack")]) {
      expect(t.weight).toBeGreaterThan(0);
      expect(t.weight).toBeLessThan(1);
      expect(t.via).toBe("related");
    }
  });

  it("a word the corpus uses itself gets fewer stand-ins than one it never uses", () => {
    expect(lexicon.related("attack").length).toBeLessThanOrEqual(lexicon.related("drivers").length);
  });

  it("a nonsense word has no related words", () => {
    expect(lexicon.related("flurbix")).toEqual([]);
  });
});
