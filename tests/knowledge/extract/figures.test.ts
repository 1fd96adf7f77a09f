/**
 * Figures extracted from sentences of the real articles: each number with what it counts, its hedge and
 * its unit as written, and the measure that lets figures from different sources meet.
 */
import { describe, expect, it } from "vitest";
import { findDates } from "../../../src/knowledge/extract/dates.js";
import { findFigures } from "../../../src/knowledge/extract/figures.js";

const figures = (sentence: string) => {
  const found = findFigures(sentence, findDates(sentence, "2024-04-01"));
  for (const f of found) expect(sentence.slice(f.start, f.end)).toBe(f.text);
  return found;
};

describe("figures in sentences of the articles", () => {
  it("GIVEN 'that killed 137 people' THEN 137 people, measuring deaths", () => {
    const [f] = figures(
      "Migrant Tajiks in Russia are suffering a backlash after four of their countrymen appeared in court over Friday’s terrorist attack in Moscow that killed 137 people.",
    ).filter((x) => x.number === 137);
    expect(f).toMatchObject({ text: "137", counts: "people", measure: "deaths" });
  });

  it("GIVEN 'a $22 million deal' THEN 22,000,000 US dollars for a deal; the year beside it is no figure", () => {
    const found = figures(
      "As Eurasianet has reported, Tajikistan in 2013 made a $22 million deal with Chinese tech company Huawei to install close-circuit TV cameras and traffic cameras around the capital.",
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ text: "$22 million", number: 22_000_000, unit: "USD", counts: "deal" });
  });

  it("GIVEN 'about 160 hijab shops' and 'hundreds of mosques' THEN the hedge is kept and the shops and mosques are what is counted", () => {
    const found = figures(
      "The authorities forcibly shaved off the 'too long' beards of 13,000 men, closed about 160 hijab shops and shut down hundreds of mosques.",
    );
    expect(found.map((f) => [f.text, f.hedge, f.counts])).toEqual([
      ["13,000", undefined, "men"],
      ["about 160", "about", "hijab shops"],
      ["hundreds", undefined, "mosques"],
    ]);
  });

  it("GIVEN 'some 160 shops' THEN 'some' is the hedge", () => {
    expect(figures("The authorities shut some 160 shops.")[0]).toMatchObject({ text: "some 160", hedge: "some", number: 160, counts: "shops" });
  });

  it("GIVEN 'the 1.3 million strong Tajik diaspora' THEN 1,300,000 counting the diaspora", () => {
    const [f] = figures(
      "In the wake of the massacre at Moscow’s Crocus City concert hall, members of the 1.3 million strong Tajik diaspora have complained of death threats, police harassment and evictions from properties.",
    );
    expect(f).toMatchObject({ text: "1.3 million", number: 1_300_000, counts: "Tajik diaspora" });
  });

  it("GIVEN 'may have reached 4000 individuals' THEN the modal hedge is part of the value", () => {
    const [f] = figures("By 2022, the UN Analytical Support and Sanctions Monitoring Team estimated that ISIS-K's strength may have reached 4000 individuals.");
    expect(f).toMatchObject({ text: "may have reached 4000", hedge: "may have reached", number: 4000, counts: "individuals" });
  });

  it("GIVEN 'rose from 57% to 68%' THEN one figure, a range in percent, of the share named before it", () => {
    const [f] = figures(
      "According to the Levada Centre, between 2017 and 2021, the share of Russians in favour of restricting immigration rose from 57% to 68%, with 26% of those surveyed in 2021 stating they would not allow migrants from Central Asia into the country at all.",
    );
    expect(f).toMatchObject({ text: "from 57% to 68%", number: 57, numberTo: 68, unit: "%", counts: "share of Russians in favour of restricting immigration" });
  });

  it("GIVEN 'Nearly 50,000 people, including 28,000 children' THEN two figures, the first hedged", () => {
    expect(
      figures(
        "Nearly 50,000 people, including 28,000 children, continue to languish in detention camps for alleged Isis suspects run by Western-backed Kurdish forces.",
      ).map((f) => [f.text, f.hedge, f.counts]),
    ).toEqual([
      ["Nearly 50,000", "Nearly", "people"],
      ["28,000", undefined, "children"],
    ]);
  });

  it("GIVEN 'In the last four years' THEN a stretch of time, not a figure", () => {
    expect(figures("In the last four years, Tajiks have been detained in Austria, Germany and Turkey over alleged terror plots in Europe.")).toEqual([]);
  });

  it("GIVEN a toll named before its number ('The death toll … has risen to 144') THEN it measures deaths, as 'killed 137 people' does", () => {
    expect(figures("The death toll from the Crocus City Hall attack has risen to 144, Russian officials said on Wednesday.")[0]).toMatchObject({
      number: 144,
      measure: "deaths",
    });
  });

  it("GIVEN 'More than 550 people were injured' THEN it measures the injured, hedge kept", () => {
    expect(figures("More than 550 people were injured in the attack on 22 March, according to the health ministry.")[0]).toMatchObject({
      text: "More than 550",
      hedge: "More than",
      measure: "injured",
    });
  });

  it("GIVEN a number with a unit of time ('70 years of …') THEN the unit is kept", () => {
    expect(figures("The rap sheet includes 70 years of secular Soviet imperialism.")[0]).toMatchObject({ number: 70, unit: "years" });
  });
});
