/**
 * The order of the curated events follows what the evidence says (date notes, the sources' words,
 * publication), not the precision of their dates: the month-only and year-only events that followed the
 * 22 March 2024 attack sort after it.
 */
import { describe, expect, it } from "vitest";
import { isoDay } from "../../../src/knowledge/extract/calendar.js";
import { sentenceHolding } from "../../../src/knowledge/extract/context.js";
import { orderEvents } from "../../../src/knowledge/extract/event-order.js";
import { loadData } from "../../../src/knowledge/loader.js";
import { REPO_DATA } from "../../helpers/app.js";

describe("the order curated events happened in", () => {
  const { catalogue } = loadData(REPO_DATA);
  const events = [...catalogue.events.values()].map((l) => l.record);
  const days = orderEvents(events, {
    sentenceHolding: (source, quote) => sentenceHolding(catalogue.articles.get(source), quote),
    published: (source) => catalogue.articles.get(source)?.meta.published,
  });
  const order = [...days].sort(([, a], [, b]) => a.lo - b.lo || a.hi - b.hi).map(([id]) => id);
  const attack = order.indexOf("crocus-city-hall-attack");

  it.each([
    ["tajik-diaspora-backlash", "its date note: 'in the days after the 22 March 2024 attack'"],
    ["wang-xiaohong-dushanbe-visit", "its date note: 'so soon after the Crocus City Hall attack (22 March 2024)'"],
    ["detainee-abuse-scenes", "its date note: 'followed the arrests after the 22 March attack'"],
    ["crocus-suspects-in-court", "its date note: 'the court appearance was on 24 March 2024'"],
  ])("GIVEN %s (dated to the month or the year) THEN it sorts after the 22 March attack, by %s", (id) => {
    expect(order.indexOf(id)).toBeGreaterThan(attack);
  });

  it("GIVEN Kurilla's warning (dated 2024) THEN it sorts before the attack: its note says 'shortly before'", () => {
    expect(order.indexOf("kurilla-warning")).toBeLessThan(attack);
    expect(isoDay(days.get("kurilla-warning")!.hi)).toBe("2024-03-22");
  });

  it("GIVEN the backlash, whose source opens 'In the wake of the massacre at … Crocus City concert hall' THEN it starts no earlier than the attack", () => {
    expect(isoDay(days.get("tajik-diaspora-backlash")!.lo)).toBe("2024-03-22");
  });

  it("GIVEN events with exact dates THEN their days are the dates themselves", () => {
    expect(isoDay(days.get("crocus-city-hall-attack")!.lo)).toBe("2024-03-22");
    expect(isoDay(days.get("crocus-city-hall-attack")!.hi)).toBe("2024-03-22");
  });
});
