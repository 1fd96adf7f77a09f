/** A schedule states its zone in words, then its id and offset; a zone the runtime cannot name is not named twice. */
import { describe, expect, it } from "vitest";
import { translator } from "../../src/core/i18n.js";
import { describeSchedule, zoneInWords } from "../../src/present/schedule.js";

describe("zoneInWords", () => {
  it("GIVEN a named zone THEN its name, id and offset, the name not followed by a second 'time'", () => {
    expect(zoneInWords("Europe/Moscow")).toMatch(/^Moscow [\w ]*Time \(Europe\/Moscow, GMT\+3\)$/);
    expect(zoneInWords("Asia/Dushanbe")).not.toMatch(/time time/i);
  });

  it("GIVEN a zone with seasons THEN the generic name, not this season's", () => {
    expect(zoneInWords("Europe/Berlin")).not.toMatch(/Summer|Standard/);
  });

  it("GIVEN a fixed-offset zone with no name THEN the id and the offset only", () => {
    expect(zoneInWords("Etc/GMT-5")).toBe("Etc/GMT-5 (GMT+5)");
  });

  it("GIVEN UTC THEN said as such; GIVEN Russian THEN the name in Russian", () => {
    expect(describeSchedule({ kind: "daily", hour: 8, minute: 0, tz: "UTC" })).toBe("daily at 08:00 UTC (Coordinated Universal Time)");
    expect(zoneInWords("Europe/Moscow", translator("ru"))).toMatch(/Москва.*\(Europe\/Moscow, GMT\+3\)/);
  });
});
