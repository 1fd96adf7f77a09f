/**
 * Brief in chat on Telegram (#15), end to end: the real grammY adapter and the real core over data/,
 * against telegram-test-api. For every command: one message, its first screen within
 * TELEGRAM_SCREEN_BUDGET, every citation mark a link (the source's page, or a deep link to its details),
 * and buttons that edit that same message in place (More ▶ and pages, Sources, did-you-mean). Then: a
 * Russian-speaking user's help and menu, the subscription phrases and the date words of the issue.
 * No sleeps: every step waits for a condition.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTelegramAdapter, type TelegramAdapter } from "../../src/adapters/telegram/index.js";
import { silentLogger } from "../../src/core/log.js";
import { PagerTokens } from "../../src/core/pager.js";
import { TELEGRAM_SCREEN_BUDGET } from "../../src/render/telegram-html.js";
import { type BriefApp, openBrief } from "../../src/root.js";
import { REPO_DATA } from "../helpers/app.js";
import { followFeeds } from "../helpers/followed-feeds.js";
import { EMULATOR_BOT_USERNAME, type Emulator, startEmulator } from "../helpers/telegram-emulator.js";
import { assertValidTelegramHtml, telegramHtmlToText } from "../helpers/telegram-html.js";

const ADMIN = 4242;

let emu: Emulator;
let app: BriefApp;
let adapter: TelegramAdapter;
let tmp: string;
let chatSeq = 15_000;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "brief-tg-chat-"));
  emu = await startEmulator();
  app = await openBrief({ dbPath: join(tmp, "brief.sqlite"), dataDir: REPO_DATA });
  followFeeds(app.db, 7);
  adapter = createTelegramAdapter({
    config: { token: emu.token, apiRoot: emu.apiRoot, adminIds: [String(ADMIN)] },
    log: silentLogger(),
    commands: app.commands,
    pager: new PagerTokens(),
    rateLimit: { capacity: 1000, refillPerSecond: 1000 },
    pollingThrottleMs: 30,
  });
  // As the composition root wires it: /subscribe reaches the adapter's channel checks.
  app.adapters.set("telegram", adapter);
  await adapter.start(app.dispatch);
});

afterAll(async () => {
  await adapter?.stop();
  await emu?.stop();
  app?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

type Client = ReturnType<Emulator["client"]>;
type Stored = Awaited<ReturnType<Emulator["waitForBotMessages"]>>[number];
interface Button {
  text: string;
  callback_data: string;
}

/** A new private chat; `ru` speaks Russian (language_code "ru"); `userId` to be a bot admin. */
function person(opts: { ru?: boolean; userId?: number } = {}) {
  const id = ++chatSeq;
  const client = emu.client({ chatId: id, userId: opts.userId ?? id, type: "private", firstName: `Reader${id}` });
  const from = opts.ru ? { from: { language_code: "ru" } } : {};
  return {
    id,
    client,
    /** Sends a command (with the bot_command entity, as Telegram does) and returns the reply's one message. */
    async say(line: string): Promise<Stored> {
      const before = emu.botMessages(id).length;
      await client.sendCommand(client.makeCommand(line, from));
      const all = await emu.waitForBotMessages(id, before + 1);
      return all[before]!;
    },
  };
}

const buttons = (m: Stored): Button[] => ((m.message.reply_markup as { inline_keyboard?: Button[][] } | undefined)?.inline_keyboard ?? []).flat();
const labels = (m: Stored) => buttons(m).map((b) => b.text);
const visible = (m: Stored) => telegramHtmlToText(m.message.text);

/** Presses a button of `m` and waits until the press is answered; returns the toast, if any. */
async function press(client: Client, m: Stored, label: string | RegExp): Promise<string | undefined> {
  const b = buttons(m).find((x) => (typeof label === "string" ? x.text === label : label.test(x.text)));
  if (!b) throw new Error(`no button ${String(label)} under: ${labels(m).join(" | ")}`);
  const before = emu.calls("answerCallbackQuery").length;
  await client.sendCallback(client.makeCallbackQuery(b.callback_data, { message: { message_id: m.messageId } }));
  const answered = await emu.waitFor(`the press of ${b.text} answered`, () => emu.calls("answerCallbackQuery")[before]);
  return answered.body.text as string | undefined;
}

/** Every [n] in the message is a link: to the source's page, or a deep link to its details in Brief. */
function expectMarksLinked(m: Stored): void {
  const marks = m.message.text.match(/\[\d+\]/g) ?? [];
  const linked = m.message.text.match(/<a href="(https:\/\/[^"]+)">\[\d+\]<\/a>/g) ?? [];
  expect(linked.length, `linked marks in: ${m.message.text.slice(0, 300)}`).toBe(marks.length);
}

/**
 * One line per command, as the README and /help show them; the test fails when a command is added
 * without one. Admin-only commands are sent by a bot admin; `buttons` are what the first screen must offer.
 */
const EVERY_COMMAND: Record<string, { line: string; admin?: boolean; buttons: (string | RegExp)[] }> = {
  start: { line: "/start", buttons: [] },
  help: { line: "/help", buttons: ["More ▶"] },
  brief: { line: "/brief", buttons: ["More ▶", /^Sources \(\d+\)$/] },
  timeline: { line: "/timeline", buttons: ["▶", /^Sources \(\d+\)$/] },
  event: { line: "/event crocus", buttons: ["More ▶", /^Sources \(\d+\)$/] },
  who: { line: "/who ISKP", buttons: ["More ▶", /^Sources \(\d+\)$/] },
  figures: { line: "/figures", buttons: ["More ▶", /^Sources \(\d+\)$/] },
  search: { line: "/search huawei cameras", buttons: [/^Sources \(\d+\)$/] },
  ask: { line: "/ask who recruits Tajik migrants?", buttons: [/^Sources \(\d+\)$/] },
  sources: { line: "/sources", buttons: [/^Sources \(5\)$/, "1. Re:Russia"] },
  subscribe: { line: "/subscribe daily 08:00 moscow", buttons: [] },
  subscriptions: { line: "/subscriptions", buttons: [] },
  unsubscribe: { line: "/unsubscribe all", buttons: [] },
  resume: { line: "/resume all", buttons: [] },
  digest: { line: "/digest", buttons: ["More ▶", /^Sources \(\d+\)$/] },
  reload: { line: "/reload", admin: true, buttons: [] },
  status: { line: "/status", admin: true, buttons: [] },
  feeds: { line: "/feeds", admin: true, buttons: ["▶"] },
  feed: { line: "/feed remove 99", admin: true, buttons: [] },
  // A loopback address is refused without the allow flag: nothing is fetched.
  add: { line: "/add http://127.0.0.1:9/news/story", admin: true, buttons: [] },
};

describe("every command on Telegram", () => {
  it("GIVEN the command list THEN the table below covers every command", () => {
    expect(Object.keys(EVERY_COMMAND).sort()).toEqual(app.commands.map((c) => c.name).sort());
  });

  it.each(Object.entries(EVERY_COMMAND))(
    "GIVEN /%s THEN one message, a phone screen at most, marks linked, its buttons there; More ▶ walks it in place",
    async (_name, { line, admin, buttons: wanted }) => {
      const p = person({ userId: admin ? ADMIN : undefined });
      const m = await p.say(line);
      expect(m.message.parse_mode).toBe("HTML");
      expect(visible(m).length).toBeLessThanOrEqual(TELEGRAM_SCREEN_BUDGET);
      expectMarksLinked(m);
      for (const b of wanted)
        expect(
          labels(m).some((l) => (typeof b === "string" ? l === b : b.test(l))),
          `${String(b)} under ${line}`,
        ).toBe(true);
      // A cited reply numbers its sources behind one button, as many as its highest mark at least.
      const highest = Math.max(0, ...(m.message.text.match(/\[(\d+)\]/g) ?? []).map((x: string) => Number(x.slice(1, -1))));
      if (highest > 0) expect(Number(/^Sources \((\d+)\)$/.exec(labels(m).find((l) => l.startsWith("Sources")) ?? "")?.[1])).toBeGreaterThanOrEqual(highest);

      // More ▶ edits this message, screen after screen, each within the budget, each valid.
      for (let screen = 0; screen < 12 && labels(m).includes("More ▶"); screen++) {
        const before = m.message.text;
        await press(p.client, m, "More ▶");
        expect(m.message.text).not.toBe(before);
        assertValidTelegramHtml(m.message.text);
        expect(visible(m).length).toBeLessThanOrEqual(TELEGRAM_SCREEN_BUDGET);
        expectMarksLinked(m);
      }
      // Still one message: nothing was sent beside it. (The next command's reply proves nothing trails.)
      await p.say("/start");
      expect(emu.botMessages(p.id)).toHaveLength(2);
    },
  );
});

describe("buttons and links on Telegram", () => {
  it("GIVEN /timeline THEN ▶ turns the page in the same message and its sources keep their numbers across pages", async () => {
    const p = person();
    const m = await p.say("/timeline");
    const sourcesOf = async () => {
      await press(p.client, m, /^Sources \(\d+\)$/);
      expect(m.message.text).toMatch(/^<b>Sources<\/b>/);
      const list = [...m.message.text.matchAll(/^\[(\d+)\] <a href="([^"]+)">/gm)].map((x) => `${x[1]} ${x[2]}`);
      await press(p.client, m, "↩ Back");
      return list;
    };
    const first = await sourcesOf();
    expect(first.length).toBeGreaterThan(0);
    const page1 = m.message.text;
    await press(p.client, m, "▶");
    expect(m.message.text).not.toBe(page1);
    expect(labels(m).some((l) => l.startsWith("2/"))).toBe(true);
    const second = await sourcesOf();
    // Page 2 adds sources after page 1's, never renumbers them.
    expect(second.slice(0, first.length)).toEqual(first);
    await press(p.client, m, "◀");
    expect(m.message.text).toBe(page1);
    expect(emu.botMessages(p.id)).toHaveLength(1);
  });

  it("GIVEN a source with a web address and one without THEN [n] links to the page, or to the source's details in Brief by deep link; /start answers that link", async () => {
    const p = person();
    const m = await p.say("/sources");
    expect(m.message.text).toContain('<a href="https://re-russia.net/en/review/710/">[1]</a>');
    const deep = `https://t.me/${EMULATOR_BOT_USERNAME}?start=source-eurasianet-tajikistan-security-problem`;
    expect(m.message.text).toContain(`<a href="${deep}">[3]</a>`);
    const details = await p.say("/start source-eurasianet-tajikistan-security-problem");
    expect(visible(details)).toMatch(/^How do you solve a problem like Tajikistan\?/);
    expect(visible(details)).toContain("No web address is known for this source.");
  });

  it("GIVEN /sources THEN each source's details are a button that edits the message into them", async () => {
    const p = person();
    const m = await p.say("/sources");
    await press(p.client, m, "1. Re:Russia");
    expect(visible(m)).toMatch(/^Authoritarian Incompetence and the Geography of Terror/);
    expect(m.message.text).toContain('<a href="https://re-russia.net/en/review/710/">');
    expect(emu.botMessages(p.id)).toHaveLength(1);
  });

  it("GIVEN a mistyped command THEN 'did you mean' offers it as a button, and the button runs it in place", async () => {
    const p = person();
    const m = await p.say("/timelin");
    expect(visible(m)).toContain("There is no /timelin command.");
    expect(labels(m)).toEqual(["/timeline"]);
    await press(p.client, m, "/timeline");
    expect(visible(m)).toMatch(/^Timeline: all topics/);
    expect(emu.botMessages(p.id)).toHaveLength(1);
  });

  it("GIVEN a command shown in a reply THEN it is a deep link that runs it, and /start runs what the link carries", async () => {
    const p = person();
    const help = await p.say("/help");
    const link = /<a href="https:\/\/t\.me\/[A-Za-z0-9_]+\?start=(run-[A-Za-z0-9_-]+)"><b>\/brief isis-k<\/b><\/a>/.exec(help.message.text);
    expect(link).not.toBeNull();
    const ran = await p.say(`/start ${link![1]}`);
    expect(visible(ran)).toMatch(/^Brief: ISIS-K/);
  });

  it("GIVEN another person presses the buttons of my reply in a group THEN they are told, and my reply does not change", async () => {
    const group = -1_001_500_015;
    const me = emu.client({ chatId: group, userId: 15_501, type: "supergroup", chatTitle: "Analysts" });
    const other = emu.client({ chatId: group, userId: 15_502, type: "supergroup", chatTitle: "Analysts" });
    await me.sendCommand(me.makeCommand(`/brief@${EMULATOR_BOT_USERNAME}`));
    const [m] = await emu.waitForBotMessages(group, 1);
    const before = m!.message.text;
    expect(await press(other, m!, "More ▶")).toBe("Only the person who asked can use these buttons. Run the command yourself to browse.");
    expect(m!.message.text).toBe(before);
  });
});

describe("feeds on Telegram", () => {
  it("GIVEN seven feeds, one failing THEN /feeds shows the failing one first and ▶ turns to the next page in the same message", async () => {
    const p = person({ userId: ADMIN });
    const m = await p.say("/feeds");
    expect(visible(m)).toMatch(/Feeds \(7\)[\s\S]*#7 Wire 7[\s\S]*failing 1× since .*the server answered 503/);
    const page1 = m.message.text;
    await press(p.client, m, "▶");
    expect(m.message.text).not.toBe(page1);
    expect(visible(m)).toContain("#3 Wire 3");
    expect(visible(m).length).toBeLessThanOrEqual(TELEGRAM_SCREEN_BUDGET);
    expect(emu.botMessages(p.id)).toHaveLength(1);
  });

  it("GIVEN a Russian-speaking bot admin THEN /feeds, /feed and /add answer in Russian; the feed's own words stay", async () => {
    const p = person({ ru: true, userId: ADMIN });
    expect(visible(await p.say("/feeds"))).toMatch(/Ленты \(7\)[\s\S]*Wire 7[\s\S]*Состояние: ошибки 1× подряд/);
    expect(visible(await p.say("/feed remove 99"))).toContain("Ленты №99 нет.");
    expect(visible(await p.say("/add http://127.0.0.1:9/news/story"))).toContain("Не добавлена");
  });
});

describe("a Russian-speaking user on Telegram", () => {
  it("GIVEN language_code ru THEN /help is in Russian, its buttons too", async () => {
    const m = await person({ ru: true }).say("/help");
    expect(visible(m)).toMatch(/^Brief — команды\n/);
    expect(visible(m)).toContain("Каждый ответ цитирует источники.");
    expect(labels(m)).toContain("Ещё ▶");
  });

  it("GIVEN a question in Russian THEN it is answered from the English sources in Russian, quotes exact and English", async () => {
    const m = await person({ ru: true }).say("/ask кто возглавляет ИГИЛ-К?");
    expect(visible(m)).toMatch(/^Вопрос: кто возглавляет ИГИЛ-К\?\n/);
    expect(visible(m)).toContain("Sanaullah Ghafari — по данным: Re:Russia");
    expect(m.message.text).toMatch(/<blockquote>The group's current leader, Sanaullah Ghafari \(aka Shahab al-Muhajir\)/);
    expect(labels(m)).toContain("Источники (1)");
    expectMarksLinked(m);
  });

  it.each([
    ["/who Рахмон", /^Emomali Rahmon\n/],
    ["/who ИГИЛ-К", /^Islamic State Khorasan Province \(ISIS-K\)\n/],
    ["/event Крокус", /^Terrorist attack on Crocus City Hall in the Moscow area\n/],
    ["/brief Таджикистан", /^Сводка: Tajikistan's state, Islam and repression\n/],
    ["/timeline ИГИЛ-К", /^Хронология: ISIS-K and the Islamic State \(\d+ событ/],
  ])("GIVEN '%s' (a Russian spelling of the corpus's name) THEN it is found", async (line, title) => {
    expect(visible(await person({ ru: true }).say(line))).toMatch(title);
  });

  it("GIVEN a Russian-speaking bot admin THEN /status speaks Russian, its counts and knowledge line too", async () => {
    const text = visible(await person({ ru: true, userId: ADMIN }).say("/status"));
    expect(text).toMatch(/^Состояние\n/);
    expect(text).toMatch(/Количества: статьи: 5, события: \d+/);
    expect(text).toMatch(/Знания: версия \d+ \(\w+\), загружена /);
  });

  it("GIVEN the bot started THEN a Russian menu is published for language_code ru beside the default, the same commands in the same order", () => {
    const menus = emu.calls("setMyCommands").filter((c) => c.body.scope === undefined);
    const byLanguage = new Map(menus.map((c) => [c.body.language_code as string | undefined, c.body.commands as { command: string; description: string }[]]));
    const en = byLanguage.get(undefined)!;
    const ru = byLanguage.get("ru")!;
    expect(ru.map((c) => c.command)).toEqual(en.map((c) => c.command));
    expect(ru.find((c) => c.command === "timeline")!.description).toBe("События по порядку: за год, месяц, период или по теме");
    for (const c of ru) expect(c.description).toMatch(/[а-яё]/i);
  });

  it("GIVEN the menu and /help THEN they agree: every command in the menu is in /help, and no other", async () => {
    const p = person();
    const m = await p.say("/help");
    let text = m.message.text;
    while (labels(m).includes("More ▶")) {
      await press(p.client, m, "More ▶");
      text += m.message.text;
    }
    const inHelp = [...new Set([...text.matchAll(/<b>\/([a-z]+):<\/b>/g)].map((x) => x[1]))];
    const menu = (
      emu.calls("setMyCommands").find((c) => c.body.scope === undefined && c.body.language_code === undefined)!.body.commands as { command: string }[]
    ).map((c) => c.command);
    expect(inHelp).toEqual(menu);
  });

  it("GIVEN a flood of commands from a Russian-speaking user THEN the one 'slow down' is in Russian", async () => {
    const token = "1515:chat-slow-down";
    const limited = createTelegramAdapter({
      config: { token, apiRoot: emu.apiRoot, adminIds: [] },
      log: silentLogger(),
      commands: app.commands,
      rateLimit: { capacity: 2, refillPerSecond: 0.01 },
      pollingThrottleMs: 30,
    });
    await limited.start(app.dispatch);
    try {
      const id = ++chatSeq;
      const c = emu.client({ chatId: id, userId: id, type: "private" }, token);
      for (let i = 0; i < 4; i++) await c.sendCommand(c.makeCommand("/start", { from: { language_code: "ru" } }));
      const msgs = await emu.waitForBotMessages(id, 3);
      expect(msgs[2]!.message.text).toBe("Пожалуйста, помедленнее: команды приходят быстрее, чем я успеваю отвечать. Попробуйте через несколько секунд.");
    } finally {
      await limited.stop();
    }
  });
});

describe("subscription phrases on Telegram", () => {
  it("GIVEN '/subscribe daily 08:00 moscow' THEN Moscow is the zone, said in words, and no topic", async () => {
    const p = person();
    expect(visible(await p.say("/subscribe daily 08:00 moscow"))).toMatch(/will get a digest daily at 08:00 Moscow [\w ]*Time \(Europe\/Moscow, GMT\+3\)\.\n/);
    expect(app.digests.list(`telegram:${p.id}`)).toMatchObject([{ schedule: { hour: 8, minute: 0, tz: "Europe/Moscow" }, topic: undefined }]);
  });

  it.each([
    ["/subscribe daily 7am Dushanbe", /daily at 07:00 [A-Z][\w ]+ \(Asia\/Dushanbe, GMT\+5\)/],
    ["/subscribe weekly fri 7:30 pm MSK isis-k", /every Friday at 19:30 Moscow [\w ]*Time \(Europe\/Moscow, GMT\+3\) on “isis-k”/],
    ["/subscribe daily noon Tashkent", /daily at 12:00 [A-Z][\w ]+ \(Asia\/Tashkent, GMT\+5\)/],
  ])("GIVEN '%s' THEN the time and the zone are read, the zone said in words", async (line, said) => {
    expect(visible(await person().say(line))).toMatch(said);
  });

  it("GIVEN a topic the sources do not have THEN refused, the nearest topics as buttons; a press subscribes with that topic", async () => {
    const p = person();
    const m = await p.say("/subscribe daily 08:00 UTC crocodiles");
    expect(visible(m)).toMatch(/^⚠️ There is no topic called “crocodiles”\./);
    expect(labels(m)).toContain("crocus-attack");
    await press(p.client, m, "crocus-attack");
    expect(visible(m)).toMatch(/daily at 08:00 UTC .* on “crocus-attack”/);
    expect(app.digests.list(`telegram:${p.id}`)).toMatchObject([{ topic: "crocus-attack" }]);
  });

  it("GIVEN a zone nobody has THEN refused with what to write; GIVEN a city a typo away THEN the nearest zone is a button", async () => {
    const p = person();
    expect(visible(await p.say("/subscribe daily 08:00 Mars/Olympus"))).toMatch(/^⚠️ “Mars\/Olympus” is not a time zone or city I know\./);
    const m = await p.say("/subscribe daily 7am moskow");
    expect(visible(m)).toContain("Did you mean: Europe/Moscow?");
    await press(p.client, m, "Europe/Moscow");
    expect(visible(m)).toMatch(/daily at 07:00 Moscow [\w ]*Time \(Europe\/Moscow, GMT\+3\)/);
    expect(app.digests.list(`telegram:${p.id}`)).toMatchObject([{ schedule: { tz: "Europe/Moscow", hour: 7 }, topic: undefined }]);
  });
});

describe("date words on Telegram", () => {
  it.each([
    ["/timeline march 2024", /^Timeline: March 2024 \(\d+ events\)/],
    ["/timeline 2024-03", /^Timeline: March 2024 \(\d+ events\)/],
    ["/timeline 2021–2022", /^Timeline: 2021–2022 \(\d+ events\)/],
    ["/timeline 2024 isis-k", /^Timeline: ISIS-K and the Islamic State, 2024 \(\d+ events\)/],
    ["/brief 2024", /^Brief: 2024\n/],
  ])("GIVEN '%s' THEN the period is read as a period, never as a topic", async (line, title) => {
    const m = await person().say(line);
    expect(visible(m)).toMatch(title);
    expect(visible(m)).not.toMatch(/Crocus City Hall attack|nothing filed under/);
  });
});
