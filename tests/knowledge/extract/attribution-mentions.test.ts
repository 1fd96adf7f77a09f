/**
 * Whose claim a sentence reports, which entities it names and which names it holds that are no entity
 * yet, on sentences of the real articles.
 */
import { describe, expect, it } from "vitest";
import { attributionOf } from "../../../src/knowledge/extract/attribution.js";
import { MentionFinder, nameCandidates } from "../../../src/knowledge/extract/mentions.js";
import { sentencesOf } from "../../../src/knowledge/extract/sentences.js";
import { loadData } from "../../../src/knowledge/loader.js";
import { REPO_DATA } from "../../helpers/app.js";

describe("attribution", () => {
  it.each([
    ["According to the Levada Centre, between 2017 and 2021, the share of Russians … rose from 57% to 68%.", "the Levada Centre", "according to"],
    ["Lemon reckons that not every Tajik went to Syria planning to become a hard-core terrorist.", "Lemon", "reckons"],
    ["The Guardian has reported that Islamic State launched a recruitment drive last year in Tajikistan.", "The Guardian", "reported"],
    [
      "In 2016, about 5000 militants from Central Asia joined ISIS, experts at the Observer Research Foundation note.",
      "experts at the Observer Research Foundation",
      "note",
    ],
    [
      "What’s more… Syria, where Isis first came to world attention, is suffering some of its worst violence in four years, a UN report says.",
      "a UN report",
      "says",
    ],
    [
      "Ali Nazary, of the National Resistance Front of Afghanistan, an anti-Taliban movement, says despite the rivalry between the Taliban and Isis-K, the two often cooperate.",
      "Ali Nazary",
      "says",
    ],
    ["As Eurasianet has reported, Tajikistan in 2013 made a $22 million deal with Chinese tech company Huawei.", "Eurasianet", "reported"],
  ])("GIVEN %j THEN the claim is %j's (%s)", (sentence, who, how) => {
    const a = attributionOf(sentence);
    expect(a).toEqual({ who, how });
    expect(sentence).toContain(a!.who!);
  });

  it("GIVEN 'whose citizens allegedly carried out the attack' THEN a hedge with nobody named", () => {
    expect(attributionOf("People from Tajikistan, whose citizens allegedly carried out the attack on Crocus City Hall, play a growing role.")).toEqual({
      how: "allegedly",
    });
  });

  it("GIVEN a plain statement THEN nobody is credited", () => {
    expect(attributionOf("But this was never simply about road safety.")).toBeUndefined();
  });
});

describe("mentions and name candidates", () => {
  const { catalogue } = loadData(REPO_DATA);
  const finder = new MentionFinder([...catalogue.entities.values()].map((l) => l.record));
  const ids = (s: string) => [...new Set(finder.find(s).map((m) => m.id))];

  it("GIVEN names and aliases THEN each entity is found, by any of them", () => {
    expect(ids("Putin’s armed intervention on behalf of President Bashar al-Assad in Syria since 2015 has turned the tide.")).toEqual(
      expect.arrayContaining(["vladimir-putin", "bashar-al-assad", "syria"]),
    );
  });

  it("GIVEN 'Isis-K' THEN it names ISIS-K, not ISIS", () => {
    expect(ids("The Moscow attack was carried out by the group which calls itself Isis-K.")).toEqual(["moscow", "isis-k"]);
  });

  it("GIVEN a one-word name written in lower case ('lemon') THEN it names nobody; 'Lemon' does", () => {
    expect(ids("She squeezed a lemon.")).toEqual([]);
    expect(ids("Lemon reckons that not every Tajik went to Syria.")).toContain("lemon");
  });

  it("GIVEN a place inside a longer name ('the Interior Ministry in Moscow') THEN both are named", () => {
    expect(ids("Earlier this month, the Interior Ministry in Moscow revealed a draft bill.")).toEqual(
      expect.arrayContaining(["russian-interior-ministry", "moscow"]),
    );
  });

  it("GIVEN a person no record knows THEN the name is a candidate; known names, demonyms and sentence openings are not", () => {
    const text = "Last week, investigators charged four Tajik men with terrorism; a fifth suspect, Rustam Nazarov, was detained in Moscow on Tuesday.";
    const found = nameCandidates(text, finder.find(text), new Set(sentencesOf(text).map((s) => s.start))).map((c) => c.name);
    expect(found).toEqual(["Rustam Nazarov"]);
  });
});

describe("sentences", () => {
  it("GIVEN abbreviations and initials THEN they do not end a sentence, and each sentence is the text at its offsets", () => {
    const text = "Gen. Michael Kurilla spoke in the U.S. capital. J. Smith disagreed. The group calls itself Isis-K. It acts where it can.";
    const sentences = sentencesOf(text);
    expect(sentences.map((s) => s.text)).toEqual([
      "Gen. Michael Kurilla spoke in the U.S. capital.",
      "J. Smith disagreed.",
      "The group calls itself Isis-K.",
      "It acts where it can.",
    ]);
    for (const s of sentences) expect(text.slice(s.start, s.end)).toBe(s.text);
  });
});
