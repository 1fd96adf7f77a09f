import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bold, type Citation, cite, code, fields, heading, italic, link, list, type MessageDoc, mark, para, quote, text } from "../../src/core/message.js";
import {
  BLANK,
  DISCORD_CONTENT_MAX,
  DISCORD_EMBED_DESCRIPTION_MAX,
  DISCORD_EMBED_FIELD_NAME_MAX,
  DISCORD_EMBED_FIELD_VALUE_MAX,
  DISCORD_EMBED_FIELDS_MAX,
  DISCORD_EMBED_FOOTER_MAX,
  DISCORD_EMBED_TITLE_MAX,
  DISCORD_EMBEDS_PER_MESSAGE_MAX,
  DISCORD_EMBEDS_TOTAL_MAX,
  DISCORD_TONE_COLOURS,
  type DiscordEmbedMessage,
  embedLength,
  escapeDiscordMarkdown,
  renderDiscordContent,
  renderDiscordEmbeds,
} from "../../src/render/discord.js";
import { packAtoms, textAtoms } from "../../src/render/split.js";
import { validateMessageBody } from "../helpers/discord-fake.js";

const doc = (over: Partial<MessageDoc>): MessageDoc => ({ blocks: [], citations: [], ...over });
const source = (n: number, over: Partial<Citation> = {}): Citation => ({
  sourceId: `s${n}`,
  title: `Source ${n}`,
  outlet: "Eurasianet",
  published: "2024-03-25",
  ...over,
});
/** n distinct plain words: w0 w1 w2 … */
const words = (n: number, prefix = "w"): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

function allText(messages: DiscordEmbedMessage[]): string {
  return messages
    .flatMap((m) => m.embeds)
    .flatMap((e) => [e.title ?? "", e.description ?? "", ...(e.fields ?? []).flatMap((f) => [f.name, f.value]), e.footer?.text ?? ""])
    .join("\n");
}

/** Every message passes Discord's own checks, and every embed its individual limits. */
function expectWithinLimits(messages: DiscordEmbedMessage[]): void {
  expect(messages.length).toBeGreaterThan(0);
  for (const m of messages) {
    expect(validateMessageBody(m)).toBeUndefined();
    expect(m.embeds.length).toBeLessThanOrEqual(DISCORD_EMBEDS_PER_MESSAGE_MAX);
    expect(m.embeds.reduce((n, e) => n + embedLength(e), 0)).toBeLessThanOrEqual(DISCORD_EMBEDS_TOTAL_MAX);
    for (const e of m.embeds) {
      expect(e.title?.length ?? 0).toBeLessThanOrEqual(DISCORD_EMBED_TITLE_MAX);
      expect(e.description?.length ?? 0).toBeLessThanOrEqual(DISCORD_EMBED_DESCRIPTION_MAX);
      expect(e.fields?.length ?? 0).toBeLessThanOrEqual(DISCORD_EMBED_FIELDS_MAX);
      for (const f of e.fields ?? []) {
        expect(f.name.length).toBeGreaterThan(0);
        expect(f.name.length).toBeLessThanOrEqual(DISCORD_EMBED_FIELD_NAME_MAX);
        expect(f.value.length).toBeGreaterThan(0);
        expect(f.value.length).toBeLessThanOrEqual(DISCORD_EMBED_FIELD_VALUE_MAX);
      }
      expect(e.footer?.text.length ?? 0).toBeLessThanOrEqual(DISCORD_EMBED_FOOTER_MAX);
    }
  }
}

/** The words appear in the output in the same order: nothing was dropped or cut. */
function expectWordsInOrder(output: string, expected: readonly string[]): void {
  const found = output.match(/[A-Za-z0-9]+/g) ?? [];
  const filtered = found.filter((w) => expected.includes(w));
  expect(filtered).toEqual(expected);
}

describe("escaping Discord Markdown in data text", () => {
  it("GIVEN emphasis, spoilers, code, masked-link brackets and mentions THEN each is shown literally", () => {
    expect(escapeDiscordMarkdown("*a* _b_ ~~c~~ ||d|| `e` [f](g) <@123> \\")).toBe(
      "\\*a\\* \\_b\\_ \\~\\~c\\~\\~ \\|\\|d\\|\\| \\`e\\` \\[f\\](g) \\<@123\\> \\\\",
    );
  });

  it("GIVEN line-start constructs (heading, quote, list, numbered list, subtext) THEN they are escaped", () => {
    expect(escapeDiscordMarkdown("# h\n> q\n- l\n+ p\n12. n\n-# s")).toBe("\\# h\n\\> q\n\\- l\n\\+ p\n12\\. n\n\\-# s");
  });

  it("GIVEN a bare URL THEN it stays intact so Discord still links it", () => {
    expect(escapeDiscordMarkdown("see https://example.com/a_b*c and _x_")).toBe("see https://example.com/a_b*c and \\_x\\_");
  });
});

describe("rendering spans", () => {
  const citations = [source(1, { url: "https://example.com/a(1)" }), source(2)];
  const body = (d: MessageDoc) => renderDiscordEmbeds(d)[0]!.embeds[0]!.description!;

  it("GIVEN a cite with a url THEN it is a masked link [[n]](url); without a url THEN plain [n]", () => {
    expect(body(doc({ blocks: [para("Claim", cite(1), cite(2))], citations }))).toBe("Claim[[1]](https://example.com/a%281%29)[2]");
  });

  it("GIVEN mark, bold, italic, code and link spans THEN they become Discord Markdown", () => {
    const d = doc({ blocks: [para(mark("hit"), " ", bold("b"), " ", italic("i"), " ", code("x*y"), " ", link("https://e.org", "site"))] });
    expect(body(d)).toBe("**hit** **b** *i* `x*y` [site](https://e.org)");
  });

  it("GIVEN a link that is not http(s) THEN only its text is shown", () => {
    expect(body(doc({ blocks: [para(link("javascript:alert(1)", "x"))] }))).toBe("x");
  });

  it("GIVEN bold text with surrounding spaces THEN the markers hug the words", () => {
    expect(body(doc({ blocks: [para("a", bold(" b "), "c")] }))).toBe("a **b** c");
  });

  it("GIVEN data text with Markdown THEN it is escaped inside the description", () => {
    expect(body(doc({ blocks: [para(text("2*3 = 6 _ok_"))] }))).toBe("2\\*3 = 6 \\_ok\\_");
  });

  it("GIVEN headings, lists and quotes THEN they render as bold lines, list items and block quotes with their citation", () => {
    const d = doc({ blocks: [heading("Role"), list([["one"], ["two"]]), list([["a"]], true), quote("exact words\nsecond line", 1)], citations });
    expect(body(d)).toBe("**Role**\n\n- one\n- two\n\n1. a\n\n> exact words\n> second line [[1]](https://example.com/a%281%29)");
  });
});

describe("embeds: title, fields, footer and colour", () => {
  it("GIVEN a document THEN the title heads the first embed and the sources fill the footer as numbered citations", () => {
    const d = doc({
      title: "Crocus City Hall attack",
      blocks: [para("What happened", cite(1)), fields([{ label: "Date", value: ["2024-03-22"] }])],
      citations: [source(1), source(2, { outlet: undefined, published: "2024" }), source(3, { outlet: undefined, published: undefined })],
      footer: "Data as of today",
    });
    const [m] = renderDiscordEmbeds(d);
    const e = m!.embeds[0]!;
    expect(e.title).toBe("Crocus City Hall attack");
    expect(e.fields).toEqual([{ name: "Date", value: "2024-03-22", inline: true }]);
    expect(e.footer?.text).toBe("[1] Source 1 — Eurasianet, 2024-03-25\n[2] Source 2 — 2024\n[3] Source 3\nData as of today");
  });

  it("GIVEN each tone THEN the embed colour follows it, and no tone means info", () => {
    for (const tone of ["info", "warn", "error"] as const) {
      expect(renderDiscordEmbeds(doc({ tone, blocks: [para("x")] }))[0]!.embeds[0]!.color).toBe(DISCORD_TONE_COLOURS[tone]);
    }
    expect(renderDiscordEmbeds(doc({ blocks: [para("x")] }))[0]!.embeds[0]!.color).toBe(DISCORD_TONE_COLOURS.info);
  });

  it("GIVEN text after fields THEN it goes into a following embed, keeping the document's order", () => {
    const d = doc({ blocks: [para("before"), fields([{ label: "A", value: ["1"] }]), para("after")] });
    const embeds = renderDiscordEmbeds(d)[0]!.embeds;
    expect(embeds.map((e) => [e.description, e.fields?.map((f) => f.name)])).toEqual([
      ["before", ["A"]],
      ["after", undefined],
    ]);
  });

  it("GIVEN an empty document THEN it still renders one valid embed", () => {
    const messages = renderDiscordEmbeds(doc({}));
    expectWithinLimits(messages);
    expect(messages[0]!.embeds[0]!.description).toBe(BLANK);
  });
});

describe("embeds never exceed a limit and never lose text", () => {
  it("GIVEN a title over 256 characters THEN the title fits and the rest opens the description", () => {
    const title = words(80, "t").join(" "); // ~ 300 characters
    const messages = renderDiscordEmbeds(doc({ title, blocks: [para("body")] }));
    expectWithinLimits(messages);
    expectWordsInOrder(allText(messages), words(80, "t"));
  });

  it("GIVEN a description over 4096 characters THEN it is split over several embeds at line, then word boundaries", () => {
    const lines = Array.from({ length: 60 }, (_, i) => words(40, `l${i}x`).join(" "));
    const messages = renderDiscordEmbeds(doc({ blocks: lines.map((l) => para(l)) }));
    expectWithinLimits(messages);
    const descriptions = messages.flatMap((m) => m.embeds).map((e) => e.description ?? "");
    expect(descriptions.length).toBeGreaterThan(2);
    // Split at paragraph boundaries: every chunk starts with the first word of a paragraph.
    for (const d of descriptions) expect(d).toMatch(/^l\d+x0 /);
    expectWordsInOrder(
      allText(messages),
      lines.flatMap((l) => l.split(" ")),
    );
  });

  it("GIVEN one paragraph over 4096 characters without line breaks THEN it is split between words", () => {
    const w = words(1500);
    const messages = renderDiscordEmbeds(doc({ blocks: [para(w.join(" "))] }));
    expectWithinLimits(messages);
    expectWordsInOrder(allText(messages), w);
  });

  it("GIVEN more than 25 fields THEN they spread over several embeds, in order", () => {
    const entries = Array.from({ length: 60 }, (_, i) => ({ label: `F${i}`, value: [`v${i}`] }));
    const messages = renderDiscordEmbeds(doc({ blocks: [fields(entries)] }));
    expectWithinLimits(messages);
    const names = messages
      .flatMap((m) => m.embeds)
      .flatMap((e) => e.fields ?? [])
      .map((f) => f.name);
    expect(names).toEqual(entries.map((e) => e.label));
  });

  it("GIVEN a field value over 1024 characters THEN it continues in unnamed fields", () => {
    const w = words(400);
    const messages = renderDiscordEmbeds(doc({ blocks: [fields([{ label: "Long", value: [w.join(" ")] }])] }));
    expectWithinLimits(messages);
    const fs = messages.flatMap((m) => m.embeds).flatMap((e) => e.fields ?? []);
    expect(fs[0]!.name).toBe("Long");
    expect(fs.slice(1).every((f) => f.name === BLANK)).toBe(true);
    expectWordsInOrder(allText(messages), w);
  });

  it("GIVEN a field name over 256 characters THEN the name fits and the rest leads the value", () => {
    const label = words(70, "n").join(" ");
    const messages = renderDiscordEmbeds(doc({ blocks: [fields([{ label, value: ["v1"] }])] }));
    expectWithinLimits(messages);
    expectWordsInOrder(allText(messages), [...words(70, "n"), "v1"]);
  });

  it("GIVEN fields totalling over 6000 characters THEN each message stays within 6000 and 10 embeds", () => {
    const entries = Array.from({ length: 120 }, (_, i) => ({ label: `Field${i}`, value: [words(120, `f${i}x`).join(" ")] }));
    const messages = renderDiscordEmbeds(doc({ title: "Big", blocks: [fields(entries)] }));
    expectWithinLimits(messages);
    expect(messages.length).toBeGreaterThan(1);
    expectWordsInOrder(
      allText(messages),
      entries.flatMap((e) => [e.label, ...e.value[0]!.split(" ")]),
    );
  });

  it("GIVEN many short embeds THEN no message holds more than 10", () => {
    // Alternating text and fields forces a new embed per text block.
    const blocks = Array.from({ length: 30 }, (_, i) => [para(`p${i}`), fields([{ label: `L${i}`, value: [`v${i}`] }])]).flat();
    const messages = renderDiscordEmbeds(doc({ blocks }));
    expectWithinLimits(messages);
    expect(messages.flatMap((m) => m.embeds)).toHaveLength(30);
    expect(messages.map((m) => m.embeds.length)).toEqual([10, 10, 10]);
  });

  it("GIVEN sources beyond a 2048-character footer THEN they continue in further footers, none lost", () => {
    const citations = Array.from({ length: 60 }, (_, i) => source(i + 1, { title: `Title${i} ${"long words ".repeat(8)}` }));
    const messages = renderDiscordEmbeds(doc({ blocks: [para("x")], citations }));
    expectWithinLimits(messages);
    const footers = messages.flatMap((m) => m.embeds).flatMap((e) => (e.footer ? [e.footer.text] : []));
    expect(footers.length).toBeGreaterThan(1);
    expectWordsInOrder(
      footers.join("\n"),
      citations.map((_, i) => `Title${i}`),
    );
    // Citation lines are never broken across footers.
    for (const f of footers) expect(f.split("\n").every((l) => /^\[\d+\] /.test(l))).toBe(true);
  });

  it("GIVEN random documents THEN every rendering passes Discord's limits and keeps every word", () => {
    const word = fc.integer({ min: 0, max: 99999 }).map((n) => `q${n}`);
    const sentence = fc.array(word, { minLength: 1, maxLength: 400 }).map((ws) => ws.join(" "));
    const block = fc.oneof(
      sentence.map((s) => ({ kind: "para" as const, s })),
      fc.array(fc.tuple(sentence, sentence), { minLength: 1, maxLength: 40 }).map((fs) => ({ kind: "fields" as const, fs })),
      sentence.map((s) => ({ kind: "heading" as const, s })),
    );
    fc.assert(
      fc.property(fc.option(sentence), fc.array(block, { maxLength: 12 }), (title, blocks) => {
        const d = doc({
          title: title ?? undefined,
          blocks: blocks.map((b) =>
            b.kind === "para" ? para(b.s) : b.kind === "heading" ? heading(b.s) : fields(b.fs.map(([l, v]) => ({ label: l, value: [v] }))),
          ),
        });
        const expected = [
          ...(title ? title.split(" ") : []),
          ...blocks.flatMap((b) => (b.kind === "fields" ? b.fs.flatMap(([l, v]) => [...l.split(" "), ...v.split(" ")]) : b.s.split(" "))),
        ];
        const messages = renderDiscordEmbeds(d);
        expectWithinLimits(messages);
        expect(allText(messages).match(/q\d+/g) ?? []).toEqual(expected);
        const content = renderDiscordContent(d);
        for (const c of content) expect(c.length).toBeLessThanOrEqual(DISCORD_CONTENT_MAX);
        expect(content.join("\n").match(/q\d+/g) ?? []).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });
});

describe("plain content fallback", () => {
  it("GIVEN a document THEN the content has the title, fields as label lines and a numbered source list", () => {
    const [c, ...rest] = renderDiscordContent(
      doc({
        title: "Who: Rahmon",
        blocks: [fields([{ label: "Type", value: ["Person"] }]), para("President", cite(1))],
        citations: [source(1, { url: "https://example.com/x" })],
      }),
    );
    expect(rest).toEqual([]);
    expect(c).toBe(
      "**Who: Rahmon**\n\n**Type:** Person\n\nPresident[[1]](<https://example.com/x>)\n\n**Sources**\n\\[1\\] Source 1 — Eurasianet, 2024-03-25 <https://example.com/x>",
    );
  });

  it("GIVEN content over 2000 characters THEN it is split into messages of at most 2000, at line boundaries first", () => {
    const lines = Array.from({ length: 40 }, (_, i) => words(15, `c${i}x`).join(" "));
    const parts = renderDiscordContent(doc({ blocks: lines.map((l) => para(l)) }));
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(DISCORD_CONTENT_MAX);
      expect(p).toMatch(/^c\d+x0 /);
    }
    expectWordsInOrder(
      parts.join("\n"),
      lines.flatMap((l) => l.split(" ")),
    );
  });
});

describe("splitting", () => {
  // Discord output is split by the shared packer (src/render/split.ts); these pin the cases Discord relies on.
  const split = (text: string, limit: number) => packAtoms(textAtoms(text), limit);

  it("GIVEN text with line breaks THEN words keep their spaces and breaks become cut points", () => {
    expect(textAtoms("a b\n c").map((a) => [a.space, a.text])).toEqual([
      ["", "a"],
      [" ", "b"],
      ["\n", " c"],
    ]);
  });

  it("GIVEN a chunk that overflows THEN it is cut at its last line break", () => {
    expect(split("aaa bbb\nccc ddd", 12)).toEqual(["aaa bbb", "ccc ddd"]);
  });

  it("GIVEN a line longer than the limit THEN it is cut between words", () => {
    expect(split("one two three four", 9)).toEqual(["one two", "three", "four"]);
  });

  it("GIVEN a single word longer than the limit THEN it alone is cut, never inside an escape or a surrogate pair", () => {
    expect(split("abcdef", 4)).toEqual(["abcd", "ef"]);
    expect(split("abc\\*def", 4)).toEqual(["abc", "\\*de", "f"]);
    expect(split("abc😀def", 4)).toEqual(["abc", "😀de", "f"]);
    expect(split("x".repeat(25), 10)).toEqual(["x".repeat(10), "x".repeat(10), "x".repeat(5)]);
  });
});
