import { describe, expect, it } from "vitest";
import { translator } from "../../src/core/i18n.js";
import type { MessageDoc } from "../../src/core/message.js";
import { decodeView, encodeView, replyButtons } from "../../src/core/reply-view.js";

const t = translator("en");
const doc: MessageDoc = { blocks: [], citations: [{ sourceId: "s", title: "S" }] };
const press = (rows: ReturnType<typeof replyButtons>, label: string) => decodeView(rows.flat().find((b) => b.label === label)!.data!)!;

describe("the place a reader keeps in a reply", () => {
  it("GIVEN the third screen THEN Sources and then ↩ Back return to the third screen, not the first", () => {
    const onSources = press(replyButtons(doc, "tok", { page: 1, screen: 3, sources: false }, 4, t), "Sources (1)");
    expect(onSources).toMatchObject({ sources: true, screen: 1, back: 3 });
    expect(press(replyButtons(doc, "tok", onSources, 1, t), "↩ Back")).toMatchObject({ page: 1, screen: 3, sources: false });
  });

  it("GIVEN any view THEN its button data reads back the same, inside Telegram's 64 bytes", () => {
    for (const state of [
      { page: 1, screen: 1, sources: false },
      { page: 12, screen: 0, sources: false },
      { page: 3, screen: 2, sources: true },
      { page: 3, screen: 2, sources: true, back: 7 },
    ]) {
      const data = encodeView("A".repeat(32), state);
      expect(decodeView(data)).toEqual({ token: "A".repeat(32), ...state });
      expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
    }
  });
});
