/**
 * What a sentence can answer with: numbers (hedges and units kept), dates of every precision, reasons,
 * names, quoted titles, and whether a line is a heading rather than a sentence.
 */
import { describe, expect, it } from "vitest";
import { dateSpans, isHeading, nameSpans, numberSpans, quotedSpans, reasonSpans, type Span } from "../../src/core/text-facts.js";

const texts = (spans: Span[]) => spans.map((s) => s.text);

/** Every span is the very text of the sentence at the offsets it names. */
function expectTrueOffsets(sentence: string, spans: Span[]) {
  for (const s of spans) expect(sentence.slice(s.start, s.end)).toBe(s.text);
}

describe("numberSpans", () => {
  it.each([
    ["About one million Tajiks work in Russia.", "About one million"],
    ["The contract was worth $22 million.", "$22 million"],
    ["95% of Tajikistan's population is Muslim.", "95%"],
    ["Nearly 50,000 people signed the petition.", "Nearly 50,000"],
    ["It rose to 30 percent last year.", "30 percent"],
    ["ISIS-K may have had up to 4000 members.", "up to 4000"],
  ])("GIVEN %j THEN the number is read whole, with its hedge and unit: %j", (sentence, value) => {
    const spans = numberSpans(sentence);
    expect(texts(spans)).toContain(value);
    expectTrueOffsets(sentence, spans);
  });

  it("'5G' is a name of a technology, not a number", () => {
    expect(texts(numberSpans("Huawei built a 5G network for the city."))).toEqual([]);
  });

  it("a bare year is a date, not a number", () => {
    const sentence = "In 2021 the Taliban took power, and in 2015 the party was banned.";
    expect(numberSpans(sentence)).toEqual([]);
    expect(texts(dateSpans(sentence)).join(" ")).toMatch(/2021/);
  });

  it("a count in a sentence that also has a year is the count, not the year", () => {
    const sentence = "The attack on 22 March 2024 killed 137 people.";
    expect(texts(numberSpans(sentence))).toEqual(["137"]);
  });

  it("'one' alone ('one of the') is not an amount", () => {
    expect(texts(numberSpans("He is one of the group's main recruiters."))).toEqual([]);
  });
});

describe("dateSpans", () => {
  it.each([
    ["The attack on 22 March 2024 killed 137 people.", "22 March 2024"],
    ["The FSB made the claim in March 2024.", "March 2024"],
    ["The Taliban took power in 2021.", "in 2021"],
    ["The minister visited Dushanbe last week.", "last week"],
    ["Four men appeared in court after the attack on Friday.", "Friday"],
  ])("GIVEN %j THEN a date span holds %j", (sentence, date) => {
    const spans = dateSpans(sentence);
    expect(spans.some((s) => s.text.includes(date))).toBe(true);
    expectTrueOffsets(sentence, spans);
  });

  it("the most precise date comes first, whatever the order in the sentence", () => {
    const sentence = "Between 2015 and 2021, in March 2024 and finally on 22 March 2024, it changed.";
    const found = texts(dateSpans(sentence));
    const at = (needle: string) => found.findIndex((t) => t.includes(needle));
    expect(at("22 March 2024")).toBe(0);
    expect(at("March 2024")).toBeLessThan(found.findIndex((t) => /2015|2021/.test(t) && !t.includes("March")));
  });

  it("a day-month date is one span, not also a month and a year", () => {
    const found = texts(dateSpans("The attack on 22 March 2024 killed 137 people."));
    expect(found.filter((t) => t.includes("2024"))).toHaveLength(1);
  });

  it("spans never overlap", () => {
    const spans = dateSpans("In March 2024, on Friday 22 March 2024, last week and in 2021.");
    for (const a of spans) for (const b of spans) if (a !== b) expect(a.end <= b.start || b.end <= a.start).toBe(true);
  });

  it("a sentence without a date has none", () => {
    expect(dateSpans("The motorists of Dushanbe quickly learned to hate the cameras.")).toEqual([]);
  });
});

describe("reasonSpans", () => {
  it("finds 'because' and 'due to'", () => {
    const found = texts(reasonSpans("They left because the pay was poor, due to sanctions.")).map((t) => t.toLowerCase());
    expect(found).toContain("because");
    expect(found).toContain("due to");
  });

  it("finds 'driven by' and 'led to'", () => {
    const found = texts(reasonSpans("Radicalisation was driven by poverty, which led to recruitment.")).map((t) => t.toLowerCase());
    expect(found).toEqual(expect.arrayContaining(["driven by", "led to"]));
  });

  it("a plain statement gives no reason", () => {
    expect(reasonSpans("The motorists of Dushanbe quickly learned to hate the cameras.")).toEqual([]);
  });
});

describe("nameSpans", () => {
  it("finds runs of capitalised words, not the capital that opens the sentence", () => {
    const found = texts(nameSpans("The group's current leader, Sanaullah Ghafari, is an Afghan citizen."));
    expect(found).toContain("Sanaullah Ghafari");
    expect(found).not.toContain("The");
  });

  it("keeps small linking words inside a name", () => {
    expect(texts(nameSpans("He spoke for the National Resistance Front of Afghanistan yesterday."))).toContain("National Resistance Front of Afghanistan");
  });
});

describe("quotedSpans", () => {
  it("finds a title in curly quotes, without the quotation marks", () => {
    const sentence = "The magazine “Voice of Khurasan” is published monthly.";
    const spans = quotedSpans(sentence);
    expect(texts(spans)).toEqual(["Voice of Khurasan"]);
    expectTrueOffsets(sentence, spans);
  });

  it("finds a title in straight quotes", () => {
    expect(texts(quotedSpans('Korybko called it the "Panjshir Resistance" throughout.'))).toEqual(["Panjshir Resistance"]);
  });

  it("a sentence without quotation marks has no quoted span", () => {
    expect(quotedSpans("Huawei installed cameras in Dushanbe.")).toEqual([]);
  });
});

describe("isHeading", () => {
  it.each(["Surveillance in Central Asia", "Backlash against Tajik migrants", "The Tajik connection"])("%j is a heading", (line) => {
    expect(isHeading(line)).toBe(true);
  });

  it.each([
    "The motorists of Dushanbe quickly learned to hate the cameras.",
    "Is Tajikistan a threat?",
    "They said it was “doomed”",
    "ISIS-K is the biggest threat in Central and South Asia, and the group has recruited heavily among Tajik migrant workers in Russia over recent years",
  ])("%j is a sentence", (line) => {
    expect(isHeading(line)).toBe(false);
  });
});
