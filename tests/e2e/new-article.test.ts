/**
 * Every article counts: an article nobody has curated, dropped into a copy of data/ and reloaded into a
 * running Brief, reaches /timeline (its dates), /figures (its death toll beside the curated one, newest
 * first), the profiles of the entities it names, /brief and the digest; `brief data check` warns that it
 * breaks the curated claim that no other source gives a death toll, naming both files; `brief data draft`
 * proposes records for it that load as they are; and a restart on the same data reuses the index.
 */
import { execFile } from "node:child_process";
import { closeSync, cpSync, openSync, readFileSync, writeFileSync, writeSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/core/log.js";
import { attachedIndexFile } from "../../src/knowledge/index-file.js";
import { loadData } from "../../src/knowledge/loader.js";
import { renderTelegramScreens, TELEGRAM_SCREEN_BUDGET } from "../../src/render/telegram-html.js";
import { type BriefApp, openBrief } from "../../src/root.js";
import { ask, consoleOnlyEnv, privateOrigin, REPO_DATA, tempDir } from "../helpers/app.js";
import { telegramHtmlToText } from "../helpers/telegram-html.js";

const run = promisify(execFile);
const BRIEF = resolve(import.meta.dirname, "../../bin/brief.js");

const NEW_ARTICLE = `---
title: Crocus City Hall death toll rises as Putin vows retribution
outlet: Example Wire
published: "2024-03-28"
---
The death toll from the Crocus City Hall attack has risen to 144, Russian officials said on Wednesday.
More than 550 people were injured in the attack on 22 March, according to the health ministry.
President Vladimir Putin said on Monday that the attack was carried out by radical Islamists, but repeated claims of a Ukrainian link.
Last week, investigators charged four Tajik men with terrorism; a fifth suspect, Rustam Nazarov, was detained in Moscow on Tuesday.
`;

const ADMIN = privateOrigin({ isBotAdmin: true });

/** Every page of a paginated reply, as one text. */
async function allPages(app: BriefApp, line: string, origin = privateOrigin()): Promise<string> {
  const first = await ask(app, line, undefined, origin);
  const pages = [first.text];
  for (let page = 2; page <= (first.doc.pages?.count ?? 1); page++) pages.push((await ask(app, line, page, origin)).text);
  return pages.join("\n\n");
}

describe("an article nobody has curated, reloaded into a running Brief", () => {
  const dir = tempDir("brief-new-article-");
  const data = join(dir.path, "data");
  const dbPath = join(dir.path, "brief.sqlite");
  const env = consoleOnlyEnv({ BRIEF_DATA: data, BRIEF_DB: dbPath, LOG_LEVEL: "warn" });
  let app: BriefApp;

  beforeAll(async () => {
    cpSync(REPO_DATA, data, { recursive: true });
    app = await openBrief({ dbPath, dataDir: data });
    await ask(app, "/subscribe daily 08:00");
    writeFileSync(join(data, "articles", "toll-update.md"), NEW_ARTICLE);
    const reload = await ask(app, "/reload", undefined, ADMIN);
    expect(reload.doc.title).toBe("Reloaded");
    // The reload itself says a curated claim no longer holds.
    expect(reload.text).toMatch(/Warning: .*figures\.yaml:\d+: crocus-death-toll says no other source gives a figure for deaths/);
  }, 60_000);

  afterAll(() => {
    app.close();
    dir.cleanup();
  });

  it("WHEN /timeline is asked THEN the new article's dated sentences are there, in order, marked as found, with how a relative date was read", async () => {
    const text = await allPages(app, "/timeline crocus");
    const week = text.indexOf("18 March 2024–24 March 2024‡† — “Last week, investigators charged four Tajik men");
    const attack = text.indexOf("22 March 2024† — Terrorist attack on Crocus City Hall");
    const injured = text.indexOf("22 March 2024‡† — “More than 550 people were injured");
    const toll = text.indexOf("27 March 2024‡† — “The death toll from the Crocus City Hall attack has risen to 144");
    expect(week).toBeGreaterThan(-1);
    expect(attack).toBeGreaterThan(week);
    expect(injured).toBeGreaterThan(attack);
    expect(toll).toBeGreaterThan(injured);
    expect(text).toContain("(“on Wednesday”, read against the article's date (28 March 2024))");
    // The month-only events that followed the attack sort after it, not before.
    expect(text.indexOf("Backlash against Tajik migrants in Russia after the attack")).toBeGreaterThan(attack);
  });

  it("WHEN /figures crocus is asked THEN the new toll stands beside the curated 137, newest source first, and the 'only toll' claim is not repeated", async () => {
    const { text } = await ask(app, "/figures crocus");
    expect(text).toContain("137 people — People killed in the Crocus City Hall attack, per Tortoise");
    expect(text).not.toContain("No other source gives a figure for this");
    expect(text).toMatch(/Curated as the only source, but Example Wire, 28 March 2024 now gives one too/);
    const side = text.indexOf("Side by side, newest source first");
    const newer = text.indexOf("144‡ — Example Wire, 28 March 2024: “The death toll from the Crocus City Hall attack has risen to 144");
    const older = text.indexOf("137 people — Tortoise (Sensemaker), March 2024 (curated, above)");
    expect(side).toBeGreaterThan(-1);
    expect(newer).toBeGreaterThan(side);
    expect(older).toBeGreaterThan(newer);
  });

  it("WHEN /who Putin is asked THEN the new article's sentence about him is quoted, and the article is listed as mentioning him", async () => {
    const { doc, text } = await ask(app, "/who Putin");
    const quoted = doc.blocks.filter((b) => b.t === "quote").map((b) => (b as { text: string }).text);
    expect(quoted).toContain(
      "President Vladimir Putin said on Monday that the attack was carried out by radical Islamists, but repeated claims of a Ukrainian link.",
    );
    expect(text).toContain("Crocus City Hall death toll rises as Putin vows retribution");
  });

  it("WHEN /who names a person only the new article names THEN the sentence naming him is quoted", async () => {
    const { doc } = await ask(app, "/who Rustam Nazarov");
    expect(doc.blocks.some((b) => b.t === "quote" && b.text.includes("a fifth suspect, Rustam Nazarov, was detained in Moscow"))).toBe(true);
  });

  it("WHEN /brief and the digest are asked THEN they say what the new article adds", async () => {
    const brief = await ask(app, "/brief crocus");
    expect(brief.text).toContain("Newest sources, not yet curated");
    expect(brief.text).toMatch(/144‡ death toll.*\(beside the curated 137 people: \/figures\)/);
    const digest = await ask(app, "/digest");
    expect(digest.text).toContain("Crocus City Hall death toll rises as Putin vows retribution — Example Wire, 28 March 2024 (new)");
    expect(digest.text).toMatch(/144‡ death toll.*\(beside the curated 137 people: \/figures\)/);
  });

  it("WHEN /figures crocus is shown on a phone THEN its first screen holds the curated toll and the new one beside it", async () => {
    const { doc } = await ask(app, "/figures crocus");
    const first = telegramHtmlToText(renderTelegramScreens(doc).screens[0]!);
    expect(first.length).toBeLessThanOrEqual(TELEGRAM_SCREEN_BUDGET);
    expect(first).toContain("137 people");
    expect(first).toContain("144‡ — Example Wire, 28 March 2024");
  });

  it("WHEN a Russian-speaking person asks THEN Brief's words about the found items are Russian, and the sentences stay as the source wrote them", async () => {
    const russian = privateOrigin({ locale: "ru", channel: "console:ru" });
    const figures = await ask(app, "/figures crocus", undefined, russian);
    expect(figures.text).toContain("Отобрано как единственный источник, но теперь цифру даёт и Example Wire, 28 марта 2024");
    expect(figures.text).toContain("144‡ — Example Wire, 28 марта 2024: “The death toll from the Crocus City Hall attack has risen to 144");
    expect(figures.text).toContain("‡ найдено Brief в тексте источника");
    const timeline = await allPages(app, "/timeline crocus", russian);
    expect(timeline).toContain("18 марта 2024–24 марта 2024‡† — “Last week, investigators charged four Tajik men");
    expect(timeline).toContain("(«on Wednesday» — отсчитано от даты статьи (28 марта 2024))");
    const who = await ask(app, "/who Putin", undefined, russian);
    expect(who.text).toContain("Предложения, где назван Vladimir Putin ‡");
    const brief = await ask(app, "/brief crocus", undefined, russian);
    expect(brief.text).toContain("Новейшие источники, ещё не отобранные ‡");
    expect(brief.text).toContain("(рядом с отобранной цифрой 137 people: /figures)");
    for (const text of [figures.text, timeline, who.text, brief.text]) {
      expect(text).not.toMatch(/found in the source's text|Side by side|read against the article's date|Newest sources|Sentences naming/);
    }
  });

  it("every quote of every reply is the source's own words", async () => {
    const article = loadData(data).catalogue.articles.get("toll-update")!.normalizedText;
    for (const line of ["/timeline crocus", "/figures crocus", "/who Putin", "/brief crocus"]) {
      const { doc } = await ask(app, line);
      for (const b of doc.blocks) {
        if (b.t !== "quote" || doc.citations[b.cite - 1]?.sourceId !== "toll-update") continue;
        expect(article).toContain(b.text);
      }
    }
  });

  it("WHEN `brief data check` runs THEN it warns that the curated claim no longer holds, naming both files", async () => {
    const { stdout } = await run(process.execPath, [BRIEF, "data", "check"], { env });
    expect(stdout).toMatch(
      /warning: .*figures\.yaml:\d+: crocus-death-toll says no other source gives a figure for deaths .* but .*toll-update\.md:6 gives 144/,
    );
  });

  it("WHEN `brief data draft` runs THEN its records, pasted into data/ as they are, load without a problem, and data/ was not written", async () => {
    const before = readFileSync(join(data, "events.yaml"), "utf8");
    const { stdout } = await run(process.execPath, [BRIEF, "data", "draft", join(data, "articles", "toll-update.md")], { env });
    expect(readFileSync(join(data, "events.yaml"), "utf8")).toBe(before);
    expect(stdout).toContain("name: Rustam Nazarov");
    expect(stdout).toContain('value: "144"');
    const copy = join(dir.path, "with-draft");
    cpSync(data, copy, { recursive: true });
    for (const file of ["events.yaml", "figures.yaml", "entities.yaml"]) {
      const section = stdout.split(`# ---- ${file}`)[1]!.split("\n# ---- ")[0]!.split("\n").slice(1).join("\n");
      writeFileSync(join(copy, file), `${readFileSync(join(copy, file), "utf8")}\n${section}\n`);
    }
    expect(loadData(copy).problems).toEqual([]);
  });

  it("WHEN Brief starts again on the same data THEN it reuses what the index holds, reading no file of data/ again, and answers the same", async () => {
    const before = (await ask(app, "/figures crocus")).text;
    app.close();
    const logs: Record<string, unknown>[] = [];
    const log = createLogger("info", "json", { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) });
    app = await openBrief({ dbPath, dataDir: data, log });
    expect(logs.find((l) => l.msg === "knowledge loaded")).toMatchObject({ unchanged: true, reused: true });
    expect((await ask(app, "/figures crocus")).text).toBe(before);
    expect((await ask(app, "/source toll-update")).text).toContain("Crocus City Hall death toll rises");
  });
});

describe("a restart after data/ changed", () => {
  it("GIVEN an article edited (or touched) since the last load THEN the restart reads data/ again only when the content changed", async () => {
    const dir = tempDir("brief-restart-");
    const data = join(dir.path, "data");
    cpSync(REPO_DATA, data, { recursive: true });
    const dbPath = join(dir.path, "brief.sqlite");
    const open = async () => {
      const logs: Record<string, unknown>[] = [];
      const log = createLogger("info", "json", { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) });
      const app = await openBrief({ dbPath, dataDir: data, log });
      app.close();
      return logs.find((l) => l.msg === "knowledge loaded")!;
    };
    try {
      expect(await open()).toMatchObject({ reused: false });
      const file = join(data, "articles", "korybko-tajikistan-taliban.md");
      // Touched: same bytes, a new time. Still the same knowledge, recognised by its content.
      writeFileSync(file, readFileSync(file));
      expect(await open()).toMatchObject({ unchanged: true, reused: true });
      writeFileSync(file, `${readFileSync(file, "utf8")}\nOne more paragraph.\n`);
      expect(await open()).toMatchObject({ unchanged: false, reused: false });
      expect(await open()).toMatchObject({ unchanged: true, reused: true });
    } finally {
      dir.cleanup();
    }
  }, 60_000);

  it("GIVEN data/ unchanged but the index file damaged THEN the restart does not reuse it: it reads data/ again and rebuilds the file", async () => {
    const dir = tempDir("brief-restart-damaged-");
    const dbPath = join(dir.path, "brief.sqlite");
    try {
      let app = await openBrief({ dbPath, dataDir: REPO_DATA });
      const file = attachedIndexFile(app.db)!;
      app.close();
      // Only the full-text index's leaf pages: the catalogue, the list of data files and the lookups still
      // read, so only the page check (quick_check) tells the file is damaged.
      const probe = new Database(file, { readonly: true });
      const pages = probe.prepare("SELECT pageno FROM dbstat WHERE name = 'passages_fts_data' AND pagetype = 'leaf'").pluck().all() as number[];
      const size = probe.pragma("page_size", { simple: true }) as number;
      probe.close();
      expect(pages.length).toBeGreaterThan(0);
      const fd = openSync(file, "r+");
      for (const page of pages) writeSync(fd, Buffer.alloc(size, 0x5a), 0, size, size * (page - 1));
      closeSync(fd);
      const logs: Record<string, unknown>[] = [];
      const log = createLogger("info", "json", { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) });
      app = await openBrief({ dbPath, dataDir: REPO_DATA, log });
      try {
        expect(logs.find((l) => l.msg === "knowledge loaded")).toMatchObject({ unchanged: true, reused: false });
        expect((await ask(app, "/search huawei cameras")).doc.citations.length).toBeGreaterThan(0);
      } finally {
        app.close();
      }
    } finally {
      dir.cleanup();
    }
  }, 60_000);
});
