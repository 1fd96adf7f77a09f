/**
 * Dates extracted from sentences of the real articles: every precision, spans and bounds, and relative
 * wording resolved against the article's date only as far as that date allows.
 */
import { describe, expect, it } from "vitest";
import { findDates, primaryDate } from "../../../src/knowledge/extract/dates.js";

const only = (sentence: string, published?: string) => {
  const found = findDates(sentence, published);
  for (const d of found) expect(sentence.slice(d.start, d.end)).toBe(d.text);
  return found;
};

describe("dates stated outright", () => {
  it.each([
    ["The attack on 22 March 2024 killed 137 people.", "22 March 2024", "2024-03-22", undefined, "day"],
    [
      "In July 2023, the Netherlands and Germany jointly arrested nine men from Tajikistan, Turkmenistan and Kyrgyzstan associated with ISIS-K who were plotting terror attacks in Germany.",
      "July 2023",
      "2023-07",
      undefined,
      "month",
    ],
    [
      "As Eurasianet has reported, Tajikistan in 2013 made a $22 million deal with Chinese tech company Huawei to install close-circuit TV cameras and traffic cameras around the capital.",
      "2013",
      "2013",
      undefined,
      "year",
    ],
    [
      "This fact becomes even more understandable in the context of the civil war of 1992-1997, in which Islamists opposed the government.",
      "1992-1997",
      "1992",
      "1997",
      "span",
    ],
    [
      "Thus, the popularity of ISIS-K in the country can partly be seen as an echo or continuation of the confrontation that took place throughout the 1990s.",
      "the 1990s",
      "1990",
      "1999",
      "span",
    ],
  ])("GIVEN %j THEN %j is read as %s–%s with %s precision", (sentence, text, date, end, precision) => {
    const [d] = only(sentence, "2024-04-01");
    expect(d).toMatchObject({ text, date, precision, relative: false });
    expect(d!.dateEnd).toBe(end);
  });

  it("GIVEN 'between 2017 and 2021' and a later '2021' THEN the span comes first, then the year", () => {
    const found = only(
      "According to the Levada Centre, between 2017 and 2021, the share of Russians in favour of restricting immigration rose from 57% to 68%, with 26% of those surveyed in 2021 stating they would not allow migrants from Central Asia into the country at all.",
    );
    expect(found.map((d) => [d.text, d.date, d.dateEnd])).toEqual([
      ["between 2017 and 2021", "2017", "2021"],
      ["2021", "2021", undefined],
    ]);
  });

  it.each([
    [
      "Prior to 2018, Tajikistan was the main supplier of suicide bombers for ISIS, according to a 2020 report by the OSCE Academy in Bishkek.",
      "2018",
      "before",
    ],
    [
      "After the collapse of ISIS in Iraq and Syria in 2014, its members fled to Afghanistan, where they joined ISIS-K and began recruiting supporters in Central Asia, according to the Soufan Centre.",
      "2014",
      "after",
    ],
    [
      "While ISIS-K historically produced content in Arabic, Pashto and Dari, since 2015 it has ramped up production and distribution of propaganda materials in Uzbek, Tajik, Kyrgyz, Urdu and English.",
      "2015",
      "since",
    ],
  ])("GIVEN %j THEN %j is a bound: %s", (sentence, text, relation) => {
    expect(only(sentence)[0]).toMatchObject({ text, relation });
  });

  it("GIVEN a date naming a report ('the January 2024 report') THEN it is attributive, and another date in the sentence dates it", () => {
    const sentence = "Prior to 2018, Tajikistan was the main supplier of suicide bombers for ISIS, according to a 2020 report by the OSCE Academy in Bishkek.";
    const found = only(sentence);
    expect(found.find((d) => d.text === "2020")?.attributive).toBe(true);
    expect(primaryDate(found)?.text).toBe("2018");
    const report = only("This is the unequivocal conclusion of the January 2024 report published by the UN Analytical Support and Sanctions Monitoring team.");
    expect(report[0]).toMatchObject({ text: "January 2024", attributive: true });
  });

  it("GIVEN 'may have reached 4000' THEN 'may' is no month and 4000 no year", () => {
    expect(
      only("By 2022, the UN Analytical Support and Sanctions Monitoring Team estimated that ISIS-K's strength may have reached 4000 individuals.").map((d) => [
        d.text,
        d.relation,
      ]),
    ).toEqual([["2022", "by"]]);
  });

  it("GIVEN a bare number that is a count THEN it is no date", () => {
    expect(
      only("The authorities forcibly shaved off the 'too long' beards of 13,000 men, closed about 160 hijab shops and shut down hundreds of mosques."),
    ).toEqual([]);
  });
});

describe("relative dates, resolved against the article's date", () => {
  const lastWeek = "Last week, Chinese Public Security Minister Wang Xiaohong paid a visit to Dushanbe to meet with President Emomali Rahmon.";

  it("GIVEN 'Last week' in an article of 1 April 2024 THEN it is the week before, 25–31 March 2024, marked relative", () => {
    expect(only(lastWeek, "2024-04-01")[0]).toMatchObject({ date: "2024-03-25", dateEnd: "2024-03-31", precision: "span", relative: true });
  });

  it("GIVEN 'Last week' in an article dated only to 2024 THEN it is no more precise than the evidence: late 2023 to 2024", () => {
    expect(only(lastWeek, "2024")[0]).toMatchObject({ date: "2023", dateEnd: "2024", precision: "span", relative: true });
  });

  it("GIVEN an article with no date THEN a relative date is not resolved at all", () => {
    expect(only(lastWeek)).toEqual([]);
  });

  it("GIVEN 'Friday’s terrorist attack' in an article of March 2024 THEN it is a Friday of March 2024; of 25 March 2024, 22 March", () => {
    const sentence =
      "Migrant Tajiks in Russia are suffering a backlash after four of their countrymen appeared in court over Friday’s terrorist attack in Moscow that killed 137 people.";
    expect(only(sentence, "2024-03")[0]).toMatchObject({ text: "Friday’s", date: "2024-03", precision: "month", relative: true });
    expect(only(sentence, "2024-03-25")[0]).toMatchObject({ date: "2024-03-22", precision: "day", relative: true });
  });

  it("GIVEN 'last year' in an article of March 2024 THEN 2023", () => {
    const sentence =
      "The Guardian has reported that Islamic State launched a recruitment drive last year in Tajikistan and other central Asian countries, poaching from other militant groups and ex-Taliban members.";
    expect(only(sentence, "2024-03")[0]).toMatchObject({ text: "last year", date: "2023", precision: "year", relative: true });
  });

  it("GIVEN 'In December' in an article of April 2024 THEN the December nearest it, 2023", () => {
    const sentence =
      "In December, the company’s office in Dushanbe reached a tentative deal with the Tajik telecommunications authority to upgrade or install 7,600 base stations that will serve as the cornerstone for a 5G network.";
    expect(only(sentence, "2024-04")[0]).toMatchObject({ date: "2023-12", precision: "month", relative: true });
  });

  it("GIVEN '22 March' with no year in an article of 28 March 2024 THEN 22 March 2024", () => {
    expect(only("More than 550 people were injured in the attack on 22 March, according to the health ministry.", "2024-03-28")[0]).toMatchObject({
      date: "2024-03-22",
      precision: "day",
      relative: true,
    });
  });

  it("GIVEN 'on Wednesday' in an article of Thursday 28 March 2024 THEN 27 March", () => {
    expect(only("The death toll has risen to 144, Russian officials said on Wednesday.", "2024-03-28")[0]).toMatchObject({ date: "2024-03-27" });
  });
});
