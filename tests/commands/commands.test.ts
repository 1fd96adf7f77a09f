/** Behaviour of every command over the real corpus, through the real dispatcher and SQLite. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseTimelineQuery } from "../../commands/timeline.js";
import type { MessageDoc } from "../../src/core/message.js";
import { normalizeWhitespace } from "../../src/knowledge/catalogue.js";
import { ask, openTestApp, sourceText } from "../helpers/app.js";

let app: Awaited<ReturnType<typeof openTestApp>>;
beforeAll(async () => {
  app = await openTestApp();
});
afterAll(() => app.cleanup());

/** Every quote block must be exact text of the article it cites. */
function expectQuotesExact(doc: MessageDoc) {
  for (const block of doc.blocks) {
    if (block.t !== "quote") continue;
    const citation = doc.citations[block.cite - 1]!;
    expect(sourceText(citation.sourceId)).toContain(normalizeWhitespace(block.text));
  }
}

describe("/help", () => {
  it("lists every visible command with an example", async () => {
    const { text } = await ask(app, "/help");
    for (const name of ["/brief", "/timeline", "/event", "/who", "/figures", "/search", "/ask", "/sources"]) expect(text).toContain(name);
  });
  it("explains one command with usage and example", async () => {
    const { text } = await ask(app, "/help timeline");
    expect(text).toContain("Usage: `/timeline [year | month | from to] [topic]`");
  });
});

describe("/brief", () => {
  it("gives dated, cited lines", async () => {
    const { doc, text } = await ask(app, "/brief");
    expect(doc.citations.length).toBeGreaterThan(0);
    expect(text).toMatch(/March 2024/);
  });
  it("restricts to a topic given by a keyword", async () => {
    const { text } = await ask(app, "/brief surveillance");
    expect(text).toMatch(/Huawei/);
    expect(text).not.toMatch(/Cologne/);
  });
  it("says clearly when a topic is unknown", async () => {
    const { doc, text } = await ask(app, "/brief volcanoes");
    expect(doc.tone).toBe("warn");
    expect(text).toContain("nothing filed under");
  });
});

describe("/timeline", () => {
  it("accepts 2021 2022 and 2021-2022 alike", async () => {
    const a = await ask(app, "/timeline 2021 2022");
    const b = await ask(app, "/timeline 2021-2022");
    expect(a.text).toBe(b.text);
    expect(a.text).toContain("2021–2022");
  });
  it("parses years, ranges and topics", () => {
    expect(parseTimelineQuery("")).toEqual({ kind: "all" });
    expect(parseTimelineQuery("2024")).toEqual({ kind: "period", from: "2024", to: "2024" });
    expect(parseTimelineQuery("2024 to 2021")).toEqual({ kind: "period", from: "2021", to: "2024" });
    expect(parseTimelineQuery("isis-k")).toEqual({ kind: "topic", words: "isis-k" });
  });
  it("shows the date's precision and pages through events in order", async () => {
    const first = await ask(app, "/timeline");
    expect(first.doc.pages).toMatchObject({ index: 1, command: "timeline" });
    expect(first.text).toMatch(/\b(19|20)\d\d\b/);
    const second = await ask(app, "/timeline", 2);
    expect(second.doc.pages?.index).toBe(2);
    expect(second.text).not.toBe(first.text);
    expect(second.text).toMatch(/March 2024|2024/);
  });
});

describe("/event", () => {
  it("shows date, actors, figures and exact quotes for an event found by a word", async () => {
    const { doc, text } = await ask(app, "/event crocus");
    expect(doc.title).toMatch(/Crocus/);
    expect(text).toContain("137");
    expect(doc.blocks.some((b) => b.t === "quote")).toBe(true);
    expectQuotesExact(doc);
  });
  it("answers a missing name with the usage", async () => {
    const { text } = await ask(app, "/event");
    expect(text).toContain("Usage: /event <name or words>");
  });
});

describe("/who", () => {
  it.each(["ISIS-K", "Isis-K", "IS-K", "ISKP", "Islamic State Khorasan Province", "iskp"])("finds ISIS-K by %s", async (alias) => {
    const { doc } = await ask(app, `/who ${alias}`);
    expect(doc.title).toMatch(/Khorasan/);
    expectQuotesExact(doc);
  });
  it("forgives small typos and says what it understood", async () => {
    const kurilla = await ask(app, "/who kurila");
    expect(kurilla.doc.title).toMatch(/Kurilla/);
    expect(kurilla.text).toContain("closest match");
    const tajikistan = await ask(app, "/who tajikstan");
    expect(tajikistan.doc.title).toBe("Tajikistan");
  });
  it("ignores case and diacritics", async () => {
    const { doc } = await ask(app, "/who RAHMÖN");
    expect(doc.title).toMatch(/Rahmon/);
  });
  it("lists which sources mention the entity", async () => {
    const { text } = await ask(app, "/who Huawei");
    expect(text).toContain("Mentioned in");
  });
  it("offers no invented profile for an unknown name", async () => {
    const { doc, text } = await ask(app, "/who Zorblax Quuxington");
    expect(doc.tone).toBe("warn");
    expect(text).toContain("no profile");
  });
});

describe("/figures", () => {
  it("keeps hedges and cites every figure", async () => {
    const { doc, text } = await ask(app, "/figures isis-k");
    expect(text).toMatch(/may have reached|about/);
    expect(doc.citations.length).toBeGreaterThan(0);
  });
  it("works as /figure too", async () => {
    const a = await ask(app, "/figure migration");
    const b = await ask(app, "/figures migration");
    expect(a.text).toBe(b.text);
  });
  it("puts a diaspora stock beside a yearly flow", async () => {
    const { text } = await ask(app, "/figures migration");
    expect(text).toContain("1.3 million");
    expect(text).toMatch(/one million|1 million/);
  });
});

describe("/search", () => {
  it("highlights matches and names source and date", async () => {
    const { doc, text } = await ask(app, "/search huawei");
    expect(text).toContain("*Huawei*");
    expect(doc.citations.some((c) => c.title.includes("Tajikistan"))).toBe(true);
  });
  it("works as /find", async () => {
    const a = await ask(app, "/find huawei");
    expect(a.doc.title).toContain("huawei");
  });
  it("never returns excluded material such as a reader comment or the unrelated column", async () => {
    const comment = await ask(app, "/search informative post");
    expect(comment.text).not.toContain("Thanks for another informative post");
    const column = await ask(app, "/search driverless taxi");
    expect(column.doc.citations).toEqual([]);
    expect(column.text).toContain("Nothing in the sources matches");
  });
});

describe("/ask", () => {
  it("answers from the sources with exact quotes", async () => {
    const { doc, text } = await ask(app, "/ask how many people were killed in the Crocus attack?");
    expect(text).toContain("137");
    expectQuotesExact(doc);
    expect(doc.citations.length).toBeGreaterThan(0);
  });
  it("says what the sources don't say, without unrelated passages, when they are silent", async () => {
    for (const q of ["What is the capital of France?", "who won the 2022 world cup", "best pizza recipe"]) {
      const { doc, text } = await ask(app, `/ask ${q}`);
      expect(text).toMatch(/The sources don't say/);
      expect(doc.citations).toEqual([]);
      expect(text).toContain("/search");
    }
  });
  it("treats free text in a private chat as a question", async () => {
    const { doc } = await ask(app, "Who leads ISIS-K?");
    expect(doc.title).toMatch(/^Q:/);
    expect(doc.citations.length).toBeGreaterThan(0);
  });
});

describe("/sources and /source", () => {
  it("lists all five articles", async () => {
    const { doc } = await ask(app, "/sources");
    expect(doc.citations).toHaveLength(5);
  });
  it("shows how an article was dated", async () => {
    const { text } = await ask(app, "/source re-russia-isis-k-tajikistan");
    expect(text).toContain("How it was dated");
  });
});

describe("forgiving command names", () => {
  it("suggests the right command for a typo", async () => {
    const { text } = await ask(app, "/serch huawei");
    expect(text).toContain("Did you mean /search?");
  });
  it("accepts /profile for /who and /events for /event", async () => {
    expect((await ask(app, "/profile Rahmon")).doc.title).toMatch(/Rahmon/);
    expect((await ask(app, "/events crocus")).doc.title).toMatch(/Crocus/);
  });
});
