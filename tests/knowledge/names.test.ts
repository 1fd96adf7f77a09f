import { describe, expect, it } from "vitest";
import { NameIndex } from "../../src/knowledge/names.js";

const names = new NameIndex([
  { id: "vladimir-putin", names: ["Vladimir Putin", "Putin"] },
  { id: "isis-k", names: ["ISIS-K", "ИГИЛ-К"] },
]);

describe("names typed in Cyrillic", () => {
  it("GIVEN a Cyrillic alias THEN it matches exactly", () => {
    expect(names.match("игил-к")).toEqual({ kind: "exact", id: "isis-k" });
  });

  it("GIVEN a name the records spell only in Latin letters THEN it is read as English spells it, and said so", () => {
    expect(names.match("Путин")).toEqual({ kind: "close", id: "vladimir-putin", understoodAs: "Vladimir Putin" });
  });

  it("GIVEN Cyrillic that names nothing THEN no match, even latinised", () => {
    expect(names.match("Крокодил").kind).toBe("none");
  });
});
