import { describe, expect, it } from "vitest";
import { distinctAlternatives } from "../../src/knowledge/query.js";

describe("a search group's alternatives as the full-text index reads them", () => {
  it("counts spellings that index as the same words once", () => {
    expect(distinctAlternatives(["ISIS-K", "Isis-K", "ISIS K", "ISKP"])).toEqual(["isis k", "iskp"]);
  });

  it("drops a phrase that holds another alternative, since every passage it matches the shorter one matches", () => {
    expect(distinctAlternatives(["the Taliban", "Taliban"])).toEqual(["taliban"]);
    expect(distinctAlternatives(["Islamic State — Khorasan Province", "Khorasan Province", "Khorasan"])).toEqual(["khorasan"]);
  });

  it("keeps words that merely start alike, and leaves out what has no word at all", () => {
    expect(distinctAlternatives(["Tajik", "Tajikistan", "—"])).toEqual(["tajik", "tajikistan"]);
  });
});
