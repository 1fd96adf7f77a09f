import { describe, expect, it } from "vitest";
import { bold, cite, code, fields, heading, italic, link, list, type MessageDoc, mark, para, quote, text } from "../../src/core/message.js";
import {
  commandFromStartLink,
  deepLink,
  escapeHtml,
  renderTelegramHtml,
  renderTelegramMessages,
  TELEGRAM_MAX_MESSAGE_LENGTH,
} from "../../src/render/telegram-html.js";
import { assertValidTelegramHtml, telegramHtmlToText } from "../helpers/telegram-html.js";

const HOSTILE = `<script>alert("x")</script> & &amp; &lt; "quoted" 'single' </b><i> a<b c>d 5 > 3 && 2 < 4`;

function doc(partial: Partial<MessageDoc>): MessageDoc {
  return { blocks: [], citations: [], ...partial };
}

describe("escapeHtml", () => {
  it("GIVEN markup-like text THEN only the four Telegram entities appear", () => {
    expect(escapeHtml(`<a href="x">&</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
    expect(escapeHtml("&amp;")).toBe("&amp;amp;");
    expect(escapeHtml("it's")).toBe("it's");
  });

  it("GIVEN control characters and lone surrogates THEN they are cleaned, real emoji kept", () => {
    expect(escapeHtml("a\u0000b\u0007c\r\nd")).toBe("abc\nd");
    expect(escapeHtml("x\uD83Dy")).toBe("x\uFFFDy");
    expect(escapeHtml("😀👨‍👩‍👧")).toBe("😀👨‍👩‍👧");
  });
});

describe("renderTelegramHtml", () => {
  it("GIVEN hostile text everywhere THEN every piece is escaped and the HTML is valid", () => {
    const d = doc({
      title: HOSTILE,
      blocks: [
        heading(HOSTILE),
        para(HOSTILE, bold(HOSTILE), italic(HOSTILE), code(HOSTILE), mark(HOSTILE)),
        list([[HOSTILE], [text("two")]]),
        fields([{ label: HOSTILE, value: [HOSTILE] }]),
        quote(HOSTILE, 1),
      ],
      citations: [{ sourceId: "s", title: HOSTILE, outlet: HOSTILE, published: "2024", url: `https://ex.com/?a=1&b=2` }],
      footer: HOSTILE,
    });
    const html = renderTelegramHtml(d);
    assertValidTelegramHtml(html);
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(html).toContain(`href="https://ex.com/?a=1&amp;b=2"`);
    // What the person sees is exactly the text given.
    expect(telegramHtmlToText(html)).toContain(HOSTILE);
  });

  it("GIVEN a doc with title, blocks, citations and footer THEN it renders in the documented shape", () => {
    const d = doc({
      title: "Dushanbe attack",
      blocks: [
        heading("What happened"),
        para("Gunmen attacked ", mark("Crocus"), " hall ", cite(1), cite(2), "."),
        list([["first"], ["second"]], true),
        list([["bullet"]]),
        fields([
          { label: "Date:", value: ["2024-03-22"] },
          { label: "Place", value: [bold("Krasnogorsk")] },
        ]),
        quote("We did it.", 2),
      ],
      citations: [
        { sourceId: "a", title: "Report A", outlet: "Outlet A", published: "2024-03-23", url: "https://a.example/1" },
        { sourceId: "b", title: "Report B", outlet: "Outlet B" },
      ],
      footer: "Data as of 2024",
    });
    const html = renderTelegramHtml(d);
    assertValidTelegramHtml(html);
    expect(html.split("\n\n")).toEqual([
      "<b>Dushanbe attack</b>",
      "<b>What happened</b>",
      'Gunmen attacked <b>Crocus</b> hall <a href="https://a.example/1">[1]</a>[2].',
      "1. first\n2. second",
      "• bullet",
      "<b>Date:</b> 2024-03-22\n<b>Place:</b> <b>Krasnogorsk</b>",
      "<blockquote>We did it.</blockquote>[2]",
      '[1] <a href="https://a.example/1">Report A</a> — Outlet A, 2024-03-23\n[2] Report B — Outlet B',
      "<i>Data as of 2024</i>",
    ]);
  });

  it("GIVEN tone warn or error THEN a warning sign leads, with or without a title", () => {
    expect(renderTelegramHtml(doc({ tone: "warn", blocks: [para("Slow down")] }))).toBe("⚠️ Slow down");
    expect(renderTelegramHtml(doc({ tone: "error", title: "Oops", blocks: [] }))).toBe("⚠️ <b>Oops</b>");
    expect(renderTelegramHtml(doc({ tone: "info", blocks: [para("Fine")] }))).toBe("Fine");
  });

  it("GIVEN unsafe or odd links THEN they become plain text, and no link nests in a link", () => {
    const d = doc({
      blocks: [
        para(link("javascript:alert(1)", "click")),
        para(link("https://ok.example", "outer ", link("https://inner.example", "inner"), " ", cite(1))),
        para(link("https://empty.example")),
        para(link('https://q.example/"><script>', "quoted")),
      ],
      citations: [{ sourceId: "s", title: "T", url: "https://s.example" }],
    });
    const html = renderTelegramHtml(d);
    assertValidTelegramHtml(html);
    expect(html).not.toContain("javascript:");
    expect(html).toContain('<a href="https://ok.example">outer inner [1]</a>');
    expect(html).toContain('<a href="https://empty.example">https://empty.example</a>');
    expect(html).toContain("\n\nquoted"); // a URL with quotes or brackets is not linked at all
  });

  it("GIVEN formatting inside code THEN code holds plain text only (Telegram forbids nesting in code)", () => {
    const d = doc({ blocks: [para({ t: "code", children: [bold("x"), text(" < y")] }, bold(bold("twice")))] });
    const html = renderTelegramHtml(d);
    assertValidTelegramHtml(html);
    expect(html).toBe("<code>x &lt; y</code><b>twice</b>");
  });

  it("GIVEN a source with a web address THEN its [n] links there; with citeLinks off (a digest) the mark is plain and the sources list still links", () => {
    const d = doc({ blocks: [para("Claim ", cite(1))], citations: [{ sourceId: "s", title: "Title", outlet: "Outlet", url: "https://ex.com/a" }] });
    expect(renderTelegramHtml(d)).toContain('Claim <a href="https://ex.com/a">[1]</a>');
    const [digest] = renderTelegramMessages(d, TELEGRAM_MAX_MESSAGE_LENGTH, { citeLinks: false });
    expect(digest).toContain("Claim [1]");
    expect(digest).toContain('[1] <a href="https://ex.com/a">Title</a> — Outlet');
  });

  it("GIVEN a citation number out of range THEN it renders as plain [n]", () => {
    expect(renderTelegramHtml(doc({ blocks: [para("x", cite(7), cite(0))] }))).toBe("x[7][0]");
  });

  it("GIVEN an empty document, or one of only whitespace THEN something visible is still sent", () => {
    assertValidTelegramHtml(renderTelegramHtml(doc({})));
    const blank = doc({ title: "  ", blocks: [heading(" \n "), para(bold("  ")), list([[" "]])], footer: " " });
    assertValidTelegramHtml(renderTelegramHtml(blank));
    expect(renderTelegramMessages(blank)).toHaveLength(1);
  });
});

describe("renderTelegramMessages (split)", () => {
  const visible = (html: string) => telegramHtmlToText(html).replace(/\s+/g, "");

  function expectSplitOk(d: MessageDoc, max = TELEGRAM_MAX_MESSAGE_LENGTH): string[] {
    const whole = renderTelegramHtml(d);
    const chunks = renderTelegramMessages(d, max);
    for (const c of chunks) assertValidTelegramHtml(c, max);
    // Never truncated: all visible text survives, in order (whitespace at cuts is dropped).
    expect(chunks.map(visible).join("")).toBe(visible(whole));
    return chunks;
  }

  it("GIVEN a short doc THEN one message, identical to the rendering", () => {
    const d = doc({ blocks: [para("hello")] });
    expect(renderTelegramMessages(d)).toEqual([renderTelegramHtml(d)]);
  });

  it("GIVEN a 20,000-character doc of hostile paragraphs THEN every chunk fits and nothing is lost", () => {
    const blocks = [];
    for (let i = 0; blocks.length * 100 < 20_000; i++) {
      blocks.push(para(`${i}: `, bold(HOSTILE.slice(0, 40)), " ", mark("hit"), " ", italic("😀 émoji & <tags>"), cite(1)));
    }
    const d = doc({ title: "Long", blocks, citations: [{ sourceId: "s", title: "S & S", url: "https://s.example/?q=1&r=2" }] });
    expect(renderTelegramHtml(d).length).toBeGreaterThan(20_000);
    const chunks = expectSplitOk(d);
    expect(chunks.length).toBeGreaterThanOrEqual(5);
    // Block boundaries are preferred: each chunk ends with a whole paragraph.
    for (const c of chunks.slice(0, -1)) expect(c).toMatch(/(<\/a>|\[1\])$/);
  });

  it("GIVEN one very long word inside bold THEN it is cut between characters with <b> closed and reopened", () => {
    const d = doc({ blocks: [para(bold("x".repeat(10_000)))] });
    const chunks = expectSplitOk(d);
    expect(chunks.length).toBe(3);
    for (const c of chunks) expect(c).toMatch(/^<b>x+<\/b>$/);
  });

  it("GIVEN a long line of words inside a link THEN cuts fall between words and the link is reopened", () => {
    const words = Array.from({ length: 1500 }, (_, i) => `word${i}`).join(" ");
    const d = doc({ blocks: [para(link("https://l.example/?a=1&b=2", words))] });
    const chunks = expectSplitOk(d);
    expect(chunks.length).toBeGreaterThan(2);
    for (const c of chunks) {
      expect(c.startsWith('<a href="https://l.example/?a=1&amp;b=2">word')).toBe(true);
      expect(c.endsWith("</a>")).toBe(true);
      expect(c).toMatch(/word\d+<\/a>$/); // ends on a whole word
    }
  });

  it("GIVEN thousands of emoji, flags and ZWJ families THEN no surrogate pair or sequence is split", () => {
    const family = "👨‍👩‍👧‍👦";
    const flag = "🇹🇯";
    const d = doc({ blocks: [para("😀".repeat(3000) + family.repeat(500) + flag.repeat(1000))] });
    const chunks = expectSplitOk(d, 1000);
    for (const c of chunks) {
      expect(c).not.toMatch(/^\u200D|\u200D$/);
      // Flags come in pairs of regional indicators: each chunk holds whole flags only.
      const ri = [...c].filter((ch) => /[\u{1F1E6}-\u{1F1FF}]/u.test(ch)).length;
      expect(ri % 2).toBe(0);
      const famStart = c.indexOf("👨");
      if (famStart >= 0 && !c.includes("🇹")) expect(c.slice(famStart).length % family.length).toBe(0);
    }
  });

  it("GIVEN text made of ampersands and angle brackets THEN no entity is cut", () => {
    const d = doc({ blocks: [para('&<>"'.repeat(5000))] });
    expectSplitOk(d);
  });

  it("GIVEN a long blockquote THEN each part is a closed blockquote and the citation follows the last", () => {
    const sentence = "The quick brown fox & the <lazy> dog. ";
    const d = doc({
      blocks: [quote(sentence.repeat(300), 1)],
      citations: [{ sourceId: "s", title: "S", url: "https://s.example" }],
    });
    const chunks = expectSplitOk(d);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks[0]!.startsWith("<blockquote>")).toBe(true);
    expect(chunks.some((c) => c.includes('</blockquote><a href="https://s.example">[1]</a>'))).toBe(true);
  });

  it("GIVEN a long list THEN cuts fall at line boundaries", () => {
    const items = Array.from({ length: 400 }, (_, i) => [text(`item ${i} with some words & more`)]);
    const chunks = expectSplitOk(doc({ blocks: [list(items, true)] }));
    for (const c of chunks) expect(c).toMatch(/^\d+\. item \d+ with some words &amp; more(\n\d+\. item \d+ with some words &amp; more)*$/);
  });

  it("GIVEN long nested formatting and newlines THEN tags stay balanced across cuts", () => {
    const inner = Array.from({ length: 300 }, (_, i) => `line ${i} <&> "q"\n`).join("");
    const d = doc({
      blocks: [para(bold("B ", italic(inner, link("https://x.example", inner)), " end"))],
    });
    expectSplitOk(d, 500);
  });
});

describe("deep links that run a command", () => {
  it("GIVEN a command's deep link THEN the /start it opens carries that command line back", () => {
    const url = deepLink("BriefBot", "brief", "isis-k")!;
    const payload = new URL(url).searchParams.get("start")!;
    expect(commandFromStartLink(`/start ${payload}`)).toBe("/brief isis-k");
  });

  it("GIVEN a /start that is not a run link, or one carrying /start or no command THEN nothing is run", () => {
    const carry = (line: string) => `/start run-${Buffer.from(line).toString("base64url")}`;
    expect(commandFromStartLink("/start")).toBeUndefined();
    expect(commandFromStartLink("/start source-re-russia")).toBeUndefined();
    expect(commandFromStartLink(carry("/start run-x"))).toBeUndefined();
    expect(commandFromStartLink(carry("hello"))).toBeUndefined();
  });
});
