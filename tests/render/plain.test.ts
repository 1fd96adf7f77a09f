import { describe, expect, it } from "vitest";
import { bold, cite, list, type MessageDoc, para, quote } from "../../src/core/message.js";
import { renderPlain, wordWrap } from "../../src/render/plain.js";
import { packAtoms, textAtoms } from "../../src/render/split.js";

const doc: MessageDoc = {
  title: "Profile",
  blocks: [para("Tajikistan's president ", bold("since 1992"), " ", cite(1)), quote("Quoted words from the source.", 1), list([["one"], ["two"]])],
  citations: [{ sourceId: "a", title: "An article", outlet: "Outlet", published: "2024-04" }],
};

describe("the plain renderer", () => {
  it("prints citations as numbered footnotes naming title, outlet and date", () => {
    const [out] = renderPlain(doc);
    expect(out).toContain("Tajikistan's president since 1992 [1]");
    expect(out).toContain("“Quoted words from the source.” [1]");
    expect(out).toMatch(/Sources:\n\[1\] An article — Outlet — 2024-04/);
  });

  it("wraps to the given width", () => {
    const long: MessageDoc = { blocks: [para("word ".repeat(60).trim())], citations: [] };
    const [out] = renderPlain(long, { width: 40 });
    for (const line of out!.split("\n")) expect(line.length).toBeLessThanOrEqual(40);
  });

  it("splits at block boundaries without breaking a quote", () => {
    const many: MessageDoc = {
      blocks: Array.from({ length: 30 }, (_, i) => quote(`Quote number ${i} with some words in it.`, 1)),
      citations: [],
    };
    const chunks = renderPlain(many, { limit: 200 });
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) {
      expect(c.length).toBeLessThanOrEqual(200);
      expect((c.match(/“/g) ?? []).length).toBe((c.match(/”/g) ?? []).length);
    }
    expect(chunks.join("\n\n")).toBe(renderPlain(many)[0]);
  });
});

describe("splitting", () => {
  it("never cuts inside a line when lines fit", () => {
    const text = Array.from({ length: 20 }, (_, i) => `line ${i} of the text`).join("\n");
    const parts = packAtoms(textAtoms(text), 50);
    expect(parts.join("\n")).toBe(text);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(50);
  });

  it("cuts an over-long word without splitting an emoji", () => {
    const parts = packAtoms(textAtoms("🙂".repeat(30)), 7);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(7);
      expect(p).not.toMatch(/[\ud800-\udbff]$/);
    }
    expect(parts.join("")).toBe("🙂".repeat(30));
  });

  it("loses nothing when packing", () => {
    const pieces = ["a".repeat(30), "b".repeat(30), "c".repeat(90)];
    const chunks = packAtoms(textAtoms(pieces.join("\n\n")), 64);
    expect(chunks.join("").replace(/\s/g, "")).toBe(pieces.join(""));
    expect(wordWrap("x", 10)).toBe("x");
  });
});
