/**
 * A Russian-speaking person gets Russian in every reply to their own command, the refusals and previews
 * of the digest feature included; the sources' words (titles, summaries, quotes) stay as the data has them.
 * Through the real dispatcher over data/ and a real database.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CommandDef } from "../../src/core/command.js";
import { createDispatcher } from "../../src/core/dispatcher.js";
import { translator } from "../../src/core/i18n.js";
import { silentLogger } from "../../src/core/log.js";
import { para } from "../../src/core/message.js";
import { describeReload } from "../../src/present/reload.js";
import { ask, openTestApp, privateOrigin } from "../helpers/app.js";
import { unusedFeatures } from "../helpers/fakes.js";

const russian = privateOrigin({ locale: "ru", channel: "console:ru" });

describe("a Russian-speaking person", () => {
  let app: Awaited<ReturnType<typeof openTestApp>>;
  beforeAll(async () => {
    app = await openTestApp();
  });
  afterAll(() => app.cleanup());

  it("GIVEN /digest THEN the preview's frame is Russian: title, headings and note", async () => {
    const { doc, text } = await ask(app, "/digest", undefined, russian);
    expect(doc.title).toMatch(/^Образец: Дайджест — все темы — \d{4}-\d{2}-\d{2}$/);
    expect(text).toContain("== Что нового ==");
    expect(text).toContain("== Обзор: все темы ==");
    expect(text).toContain("Пересказ — Brief");
    expect(text).not.toMatch(/What's new|The brief:|Summaries are Brief's/);
  });

  it("GIVEN /subscribe with another channel where the platform cannot name one THEN the refusal is Russian", async () => {
    const { doc, text } = await ask(app, "/subscribe telegram:-100123 daily 08:00", undefined, russian);
    expect(doc.tone).toBe("warn");
    expect(text).toContain("Подписать другой канал можно в Telegram");
  });

  it("GIVEN a chat at its limit of subscriptions THEN the refusal and its hint are Russian", async () => {
    const full = privateOrigin({ locale: "ru", channel: "console:ru-full" });
    for (let h = 0; h < 10; h++) await ask(app, `/subscribe daily ${String(h).padStart(2, "0")}:00`, undefined, full);
    const { text } = await ask(app, "/subscribe daily 11:00", undefined, full);
    expect(text).toContain("У этого канала уже 10 подписок — это максимум.");
    expect(text).toContain("/subscriptions покажет их");
  });

  it("GIVEN /subscribe in a chat with no name THEN the confirmation says 'this chat' in Russian, as a sentence", async () => {
    const { text } = await ask(app, "/subscribe daily 08:00 moscow", undefined, privateOrigin({ locale: "ru", channel: "console:ru-2" }));
    expect(text).toMatch(/Этот чат будет получать дайджест ежедневно в 08:00 по времени: Москва.*\(Europe\/Moscow, GMT\+3\)\./);
  });

  it("GIVEN /unsubscribe and /resume with nothing to do THEN Russian refusals", async () => {
    const none = privateOrigin({ locale: "ru", channel: "console:ru-none" });
    expect((await ask(app, "/unsubscribe 1", undefined, none)).text).not.toMatch(/[a-z]{4,} [a-z]{4,}/);
    expect((await ask(app, "/resume", undefined, none)).text).toMatch(/[а-я]/);
  });

  it("GIVEN /reload from a Russian-speaking bot admin THEN what changed is said in Russian", async () => {
    const { text } = await ask(app, "/reload", undefined, privateOrigin({ locale: "ru", isBotAdmin: true }));
    expect(text).toMatch(/Загружено как версия знаний \d+ за \d+ мс\./);
    expect(text).toMatch(/Сейчас: \d+ статьи, \d+ события/);
  });

  it("GIVEN a reload whose new article breaks a curated claim THEN the warning is introduced in Russian, the files and the claim named as the log names them", () => {
    const none = { article: [], event: [], entity: [], figure: [], topic: [] };
    const counts = { article: 6, event: 20, entity: 30, figure: 10, topic: 4 };
    const warning = { file: "data/figures.yaml", line: 12, message: "crocus-death-toll says no other source gives a figure for deaths" };
    const { lines } = describeReload(
      {
        ok: true,
        version: { id: 3, hash: "h", loadedAt: "2024-04-01T00:00:00Z", actor: "admin" },
        summary: { counts, added: { ...none, article: ["toll-update"] }, changed: none, removed: none },
        ms: 12,
        unchanged: false,
        warnings: [warning],
      },
      translator("ru"),
    );
    expect(lines).toContain("Предупреждение: data/figures.yaml:12: crocus-death-toll says no other source gives a figure for deaths");
  });
});

describe("an option of the wrong type", () => {
  const counted: CommandDef = {
    name: "count",
    description: "Count",
    usage: "/count <n>",
    example: "/count 3",
    permission: "everyone",
    options: [{ name: "n", description: "N", type: "integer" }],
    run: ({ args }) => ({ blocks: [para(String(args.n))], citations: [] }),
  };
  const dispatch = createDispatcher({ log: silentLogger(), commands: [counted], ...unusedFeatures() });

  it("GIVEN words where a whole number belongs THEN the reply says so in the person's language, typed or as a Discord option", async () => {
    const typed = await dispatch({ kind: "text", text: "/count two" }, russian);
    expect(typed!.blocks[0]).toEqual(para("n должно быть целым числом, а не «two»."));
    const option = await dispatch({ kind: "options", command: "count", args: { n: "two" } }, privateOrigin());
    expect(option!.blocks[0]).toEqual(para("n must be a whole number, not “two”."));
  });
});
