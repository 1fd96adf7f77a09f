import { describe, expect, it } from "vitest";
import type { Term } from "../../src/answer/lexicon.js";
import { lightRank, postingsOf, withoutRedundantPhrases } from "../../src/answer/light-rank.js";
import type { FocusGroup } from "../../src/answer/understand.js";

const term = (text: string, stem: string, weight = 1): Term => ({ text, stem, weight, via: "typed" });
const group = (word: string, ...terms: Term[]): FocusGroup => ({ word, terms, weight: 1 });
const df: Record<string, number> = { the: 9000, taliban: 300, rahmon: 40, emomali: 30, migrant: 500, russia: 4000 };
const lexicon = {
  df: (s: string) => df[s] ?? 0,
  idf: (s: string) => Math.log((10_000 - (df[s] ?? 0) + 0.5) / ((df[s] ?? 0) + 0.5) + 1),
};

describe("light ranking of common-word matches", () => {
  it("drops a phrase that holds another term of its group, keeping the match the same", () => {
    const terms = [term("the taliban", "the taliban"), term("taliban", "taliban"), term("emomali rahmon", "emomali rahmon"), term("rahmon", "rahmon")];
    expect(withoutRedundantPhrases(terms).map((t) => t.text)).toEqual(["taliban", "rahmon"]);
  });

  it("keeps phrases that hold no other term", () => {
    const terms = [term("isis k", "isi k"), term("is k", "is k")];
    expect(withoutRedundantPhrases(terms)).toHaveLength(2);
  });

  it("counts the postings of every word of every term", () => {
    expect(postingsOf([group("taliban", term("the taliban", "the taliban"))], lexicon)).toBe(9300);
  });

  it("ranks passages holding the rare word and more of the groups first, a word found only where it starts a word", () => {
    const groups = [group("migrants", term("migrants", "migrant")), group("rahmon", term("rahmon", "rahmon"))];
    const passages = [
      { text: "Russia said nothing about it." },
      { text: "Migrants in Russia sent money home." },
      { text: "Rahmon met migrants' families; the migrants listened." },
      { text: "Immigrants arrived in Dushanbe." },
    ];
    const ranked = lightRank(passages, groups, lexicon).map((p) => p.text);
    expect(ranked[0]).toMatch(/^Rahmon met/);
    expect(ranked[1]).toMatch(/^Migrants in Russia/);
  });

  it("keeps index order among equal scores", () => {
    const items = [{ text: "a" }, { text: "b" }];
    expect(lightRank(items, [group("x", term("x", "x"))], lexicon)).toEqual(items);
  });
});
