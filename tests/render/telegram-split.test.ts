import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Block, bold, type MessageDoc, para, type Span } from "../../src/core/message.js";
import { renderTelegramHtml, renderTelegramMessages } from "../../src/render/telegram-html.js";
import { assertValidTelegramHtml, telegramHtmlToText } from "../helpers/telegram-html.js";

/** Pieces of hostile text: markup, entities, quotes, emoji sequences, combining marks, whitespace. */
const piece = fc.constantFrom(
  "<",
  ">",
  "&",
  '"',
  "'",
  "&amp;",
  "<b>",
  "</i>",
  " ",
  "  ",
  "\n",
  "\n\n",
  "\t",
  "word",
  "longerword",
  "x".repeat(50),
  "😀",
  "👨‍👩‍👧",
  "🇹🇯",
  "é",
  "e\u0301",
  "Душанбе",
  "ИГИЛ-Х",
  "مرحبا",
);
const textArb = fc.array(piece, { minLength: 1, maxLength: 60 }).map((a) => a.join(""));

const spanArb: fc.Memo<Span> = fc.memo((depth) =>
  depth <= 1
    ? fc.oneof(
        textArb.map((text): Span => ({ t: "text", text })),
        fc.integer({ min: 0, max: 4 }).map((n): Span => ({ t: "cite", n })),
      )
    : fc.oneof(
        textArb.map((text): Span => ({ t: "text", text })),
        fc.record({
          t: fc.constantFrom("bold" as const, "italic" as const, "code" as const, "mark" as const),
          children: fc.array(spanArb(depth - 1), { maxLength: 3 }),
        }),
        fc.record({
          t: fc.constant("link" as const),
          href: fc.constantFrom("https://a.example/?x=1&y=2", "javascript:x", "tg://user?id=1"),
          children: fc.array(spanArb(depth - 1), { maxLength: 3 }),
        }),
      ),
);

const blockArb: fc.Arbitrary<Block> = fc.oneof(
  textArb.map((text): Block => ({ t: "heading", text })),
  fc.array(spanArb(3), { minLength: 1, maxLength: 4 }).map((spans): Block => ({ t: "para", spans })),
  fc.record({ t: fc.constant("list" as const), ordered: fc.boolean(), items: fc.array(fc.array(spanArb(2), { maxLength: 3 }), { maxLength: 6 }) }),
  fc.array(fc.record({ label: textArb, value: fc.array(spanArb(2), { maxLength: 2 }) }), { maxLength: 4 }).map((f): Block => ({ t: "fields", fields: f })),
  fc.record({ t: fc.constant("quote" as const), text: textArb, cite: fc.integer({ min: 1, max: 3 }) }),
);

const docArb: fc.Arbitrary<MessageDoc> = fc.record({
  title: fc.option(textArb, { nil: undefined }),
  blocks: fc.array(blockArb, { maxLength: 12 }),
  citations: fc.array(
    fc.record({
      sourceId: fc.string(),
      title: textArb,
      outlet: fc.option(textArb, { nil: undefined }),
      published: fc.option(fc.constantFrom("2024", "2024-03-25"), { nil: undefined }),
      url: fc.option(fc.constantFrom("https://s.example/a?b=1&c=2", "ftp://no"), { nil: undefined }),
    }),
    { maxLength: 3 },
  ),
  footer: fc.option(textArb, { nil: undefined }),
  tone: fc.option(fc.constantFrom("info" as const, "warn" as const, "error" as const), { nil: undefined }),
});

const visible = (html: string) => telegramHtmlToText(html).replace(/\s+/g, "");

describe("splitting Telegram messages (properties)", () => {
  it("GIVEN any document and any limit THEN every chunk is valid Telegram HTML within the limit and no text is lost", () => {
    fc.assert(
      fc.property(docArb, fc.integer({ min: 64, max: 700 }), (doc, max) => {
        const whole = renderTelegramHtml(doc);
        assertValidTelegramHtml(whole, Infinity);
        const chunks = renderTelegramMessages(doc, max);
        expect(chunks.length).toBeGreaterThan(0);
        for (const c of chunks) assertValidTelegramHtml(c, max);
        expect(chunks.map(visible).join("")).toBe(visible(whole));
      }),
      { numRuns: 300 },
    );
  });

  it("GIVEN HTML that fits THEN it is returned as is", () => {
    expect(renderTelegramMessages({ blocks: [para(bold("a"), " b")], citations: [] })).toEqual(["<b>a</b> b"]);
  });

  it("GIVEN a limit above Telegram's THEN Telegram's limit still applies", () => {
    const chunks = renderTelegramMessages({ blocks: [para("word ".repeat(2000))], citations: [] }, 10_000);
    expect(chunks.length).toBe(3);
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(4096);
  });
});
