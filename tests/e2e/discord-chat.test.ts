/**
 * Brief in chat on Discord (#15), end to end: the real discord.js adapter and the real core over data/,
 * against the fake Discord. For every slash command: the first message is one embed within Discord's
 * limits and DISCORD_SCREEN_BUDGET, coloured by its kind, timestamped, its citation marks linked to the
 * sources' pages, and its buttons (More ▶, pages, Sources, did-you-mean) edit that same message. Then: a
 * Russian-locale user's help and the localized command names. No sleeps: every step waits for a condition.
 */
import { join } from "node:path";
import { InteractionResponseType, Locale } from "discord-api-types/v10";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployCommands } from "../../src/adapters/discord/index.js";
import { silentLogger } from "../../src/core/log.js";
import type { ReplyKind } from "../../src/core/message.js";
import { DISCORD_KIND_COLOURS, DISCORD_SCREEN_BUDGET, DISCORD_TONE_COLOURS } from "../../src/render/discord.js";
import { type BriefApp, openBrief } from "../../src/root.js";
import { REPO_DATA, tempDir } from "../helpers/app.js";
import { type FakeMessage, type FakeUser, isEphemeral, validateMessageBody } from "../helpers/discord-fake.js";
import { type Harness, startHarness } from "../helpers/discord-harness.js";
import { followFeeds } from "../helpers/followed-feeds.js";

let h: Harness;
let app: BriefApp;
const dir = tempDir("brief-discord-chat-");

beforeAll(async () => {
  app = await openBrief({ dbPath: join(dir.path, "brief.sqlite"), dataDir: REPO_DATA });
  followFeeds(app.db, 7);
  h = await startHarness({ commands: app.commands, dispatch: app.dispatch });
  // As the composition root wires it: /subscribe reaches the adapter's channel checks.
  app.adapters.set("discord", h.adapter);
});

afterAll(async () => {
  await h?.close();
  app?.close();
  dir.cleanup();
});

interface Button {
  custom_id: string;
  label: string;
  disabled?: boolean;
}
const buttons = (m: FakeMessage) => m.components.flatMap((row) => row.components) as Button[];
const labels = (m: FakeMessage) => buttons(m).map((b) => b.label);
/** What a reader sees of a description: a masked link shows its label, emphasis marks nothing, an escape its character. */
const seen = (s: string) =>
  s
    .replace(/\[(\[?[^\]]*\]?)\]\([^)]*\)/g, "$1")
    .replace(/(?<!\\)(\*\*|\*|__|`)/g, "")
    .replace(/\\(.)/g, "$1");

/** Sends a slash command and returns its reply, checking it is one message. */
async function slash(who: FakeUser, name: string, options: Record<string, string> = {}): Promise<FakeMessage> {
  const id = h.fake.slash(who, name, options);
  const ms = await h.fake.answered(id);
  expect(h.fake.messagesOf(id), `/${name} takes one message`).toHaveLength(1);
  return ms[0]!;
}

/** Presses a button of `m` and waits until Discord was told to update that message. */
async function press(who: FakeUser, m: FakeMessage, label: string | RegExp): Promise<string> {
  const b = buttons(m).find((x) => (typeof label === "string" ? x.label === label : label.test(x.label)));
  if (!b) throw new Error(`no button ${String(label)} under: ${labels(m).join(" | ")}`);
  const id = h.fake.click(who, m, b.custom_id);
  await h.fake.waitFor(() => h.fake.interaction(id).acknowledged !== undefined, `the press of ${b.label} answered`);
  return id;
}

/** One embed, within Discord's limits and a phone screen, coloured, timestamped; marks linked where the source has a page. */
function expectOneScreen(m: FakeMessage, kind: ReplyKind | "warn"): void {
  expect(m.embeds).toHaveLength(1);
  expect(validateMessageBody({ content: m.content, embeds: m.embeds })).toBeUndefined();
  const e = m.embeds[0]!;
  expect(seen(e.description ?? "").length).toBeLessThanOrEqual(DISCORD_SCREEN_BUDGET);
  expect(e.color).toBe(kind === "warn" ? DISCORD_TONE_COLOURS.warn : DISCORD_KIND_COLOURS[kind]);
  expect(Number.isNaN(Date.parse(e.timestamp ?? ""))).toBe(false);
  // A mark is a masked link to the source's page ([[1]](https://…)); Eurasianet has no known address.
  for (const plain of (e.description ?? "").matchAll(/(?<!\[)\[(\d+)\](?!\()/g)) {
    expect(["eurasianet"], `plain mark [${plain[1]}] in ${e.title}`).toContain(sourceOfMark(m, Number(plain[1])));
  }
}

/** The source a mark stands for, read from the reply's Sources screen (cached per message). */
const marksOf = new Map<string, Map<number, string>>();
function sourceOfMark(m: FakeMessage, n: number): string | undefined {
  return marksOf.get(m.id)?.get(n);
}
async function readSources(who: FakeUser, m: FakeMessage): Promise<Map<number, string>> {
  const back = m.embeds[0]!.description;
  await press(who, m, /^Sources \(\d+\)$/);
  expect(m.embeds[0]!.title).toBe("Sources");
  const list = new Map<number, string>();
  for (const line of (m.embeds[0]!.description ?? "").split("\n")) {
    const x = /^\[(\d+)\] (?:\[[^\]]+\]\((https:\/\/[^)]+)\)|(.+?) — )/.exec(line);
    if (x) list.set(Number(x[1]), x[2] ? new URL(x[2]).hostname : "eurasianet");
  }
  await press(who, m, "↩ Back");
  expect(m.embeds[0]!.description).toBe(back);
  marksOf.set(m.id, list);
  return list;
}

/**
 * One slash command per command, with its options as Discord sends them; the test fails when a command
 * is added without one. Admin-only commands are sent by the bot admin, /subscribe by a moderator.
 */
const EVERY_COMMAND: Record<
  string,
  { options?: Record<string, string>; who?: "owner" | "mod"; kind: ReplyKind | "warn"; private?: true; buttons: (string | RegExp)[] }
> = {
  help: { kind: "help", buttons: ["More ▶"] },
  brief: { kind: "brief", buttons: ["More ▶", /^Sources \(\d+\)$/] },
  timeline: { kind: "timeline", buttons: ["▶", /^Sources \(\d+\)$/] },
  event: { options: { name: "crocus" }, kind: "event", buttons: [/^Sources \(\d+\)$/] },
  who: { options: { name: "ISKP" }, kind: "profile", buttons: [/^Sources \(\d+\)$/] },
  figures: { kind: "figures", buttons: [/^Sources \(\d+\)$/] },
  search: { options: { words: "huawei cameras" }, kind: "search", buttons: [/^Sources \(\d+\)$/] },
  ask: { options: { question: "who recruits Tajik migrants?" }, kind: "answer", buttons: [/^Sources \(\d+\)$/] },
  sources: { kind: "sources", buttons: [/^Sources \(5\)$/, "1. Re:Russia"] },
  subscribe: { options: { frequency: "daily", time: "08:00", timezone: "moscow" }, who: "mod", kind: "subscription", buttons: [] },
  subscriptions: { who: "mod", kind: "subscription", buttons: [] },
  unsubscribe: { options: { which: "all" }, who: "mod", kind: "subscription", buttons: [] },
  // Nothing is paused here: the refusal is said to the asker alone, in the warning colour.
  resume: { options: { which: "all" }, who: "mod", kind: "warn", private: true, buttons: [] },
  digest: { kind: "digest", buttons: [/^Sources \(\d+\)$/] },
  reload: { who: "owner", kind: "admin", buttons: [] },
  status: { who: "owner", kind: "admin", buttons: [] },
  feeds: { who: "owner", kind: "admin", buttons: ["▶"] },
  // No such feed: said to the asker alone, in the warning colour.
  feed: { options: { action: "remove", target: "99" }, who: "owner", kind: "warn", private: true, buttons: [] },
  // A loopback address is refused without the allow flag: nothing is fetched.
  add: { options: { url: "http://127.0.0.1:9/news/story" }, who: "owner", kind: "warn", buttons: [] },
};

describe("every command on Discord", () => {
  it("GIVEN the slash commands THEN the table below covers every one", () => {
    const slashCommands = app.commands.filter((c) => !c.hidden).map((c) => c.name);
    expect(Object.keys(EVERY_COMMAND).sort()).toEqual(slashCommands.sort());
  });

  it.each(Object.entries(EVERY_COMMAND))(
    "GIVEN /%s THEN one embed within limits, coloured by kind, timestamped, marks linked, its buttons there; More ▶ and pages edit it",
    async (name, { options, who, kind, private: privately, buttons: wanted }) => {
      const user = who ? h[who] : h.alice;
      const m = await slash(user, name, options);
      expect(isEphemeral(m)).toBe(privately === true);
      for (const b of wanted)
        expect(
          labels(m).some((l) => (typeof b === "string" ? l === b : b.test(l))),
          `${String(b)} under /${name}`,
        ).toBe(true);
      if (labels(m).some((l) => l.startsWith("Sources"))) await readSources(user, m);
      expectOneScreen(m, kind);

      // More ▶ and ▶ edit this message (UpdateMessage, nothing new sent), screen after screen, page after page.
      for (let step = 0; step < 6 && labels(m).some((l) => l === "More ▶" || l === "▶"); step++) {
        const before = m.embeds[0]!.description;
        const next = labels(m).includes("More ▶") ? "More ▶" : "▶";
        const pressed = await press(user, m, next);
        expect(h.fake.interaction(pressed).acknowledged).toBe(InteractionResponseType.UpdateMessage);
        expect(h.fake.messagesOf(pressed)).toHaveLength(0);
        expect(m.embeds[0]!.description).not.toBe(before);
        if (labels(m).some((l) => l.startsWith("Sources"))) await readSources(user, m);
        expectOneScreen(m, kind);
      }
    },
  );
});

describe("buttons and links on Discord", () => {
  it("GIVEN /timeline THEN ▶ turns the page in the same message and its sources keep their numbers across pages", async () => {
    const m = await slash(h.alice, "timeline");
    const first = await readSources(h.alice, m);
    const page1 = m.embeds[0]!.description;
    await press(h.alice, m, "▶");
    expect(labels(m).some((l) => l.startsWith("2/"))).toBe(true);
    const second = await readSources(h.alice, m);
    for (const [n, source] of first) expect(second.get(n)).toBe(source);
    await press(h.alice, m, "◀");
    expect(m.embeds[0]!.description).toBe(page1);
  });

  it("GIVEN a reply citing one source with a web address THEN the embed's title links to it", async () => {
    const m = await slash(h.alice, "sources", { id: "re-russia-isis-k-tajikistan" });
    expect(m.embeds[0]!.url).toBe("https://re-russia.net/en/review/710/");
    expect(m.embeds[0]!.color).toBe(DISCORD_KIND_COLOURS.sources);
  });

  it("GIVEN /sources THEN each source's details are a button that edits the message into them", async () => {
    const m = await slash(h.alice, "sources");
    await press(h.alice, m, "1. Re:Russia");
    expect(m.embeds[0]!.title).toMatch(/^Authoritarian Incompetence and the Geography of Terror/);
    expect(m.embeds[0]!.url).toBe("https://re-russia.net/en/review/710/");
  });

  it("GIVEN a topic the sources do not have THEN refused, the nearest topics as buttons; a press subscribes with that topic in place", async () => {
    const m = await slash(h.mod, "subscribe", { frequency: "daily", time: "08:00", timezone: "UTC", topic: "crocodiles" });
    expect(m.embeds[0]!.description).toMatch(/There is no topic called “crocodiles”\./);
    expect(m.embeds[0]!.color).toBe(DISCORD_TONE_COLOURS.warn);
    await press(h.mod, m, "crocus-attack");
    expect(seen(m.embeds[0]!.description ?? "")).toMatch(/daily at 08:00 UTC .* on “crocus-attack”/);
    expect(m.embeds[0]!.color).toBe(DISCORD_KIND_COLOURS.subscription);
  });

  it("GIVEN a city typed into the time-zone option THEN it is the zone, said in words, never the topic", async () => {
    const m = await slash(h.mod, "subscribe", { frequency: "weekly", day: "fri", time: "7:30 pm", timezone: "Dushanbe", topic: "isis-k" });
    expect(seen(m.embeds[0]!.description ?? "")).toMatch(/every Friday at 19:30 [A-Z][\w ]+ \(Asia\/Dushanbe, GMT\+5\) on “isis-k”/);
  });

  it("GIVEN another person presses the buttons of my reply THEN they are told privately, and my reply does not change", async () => {
    const m = await slash(h.alice, "brief");
    const before = m.embeds[0]!.description;
    const [note] = await h.fake.answered(h.fake.click(h.bob, m, buttons(m).find((b) => b.label === "More ▶")!.custom_id));
    expect(isEphemeral(note!)).toBe(true);
    expect(note!.content).toMatch(/^Only the person who asked/);
    expect(m.embeds[0]!.description).toBe(before);
  });
});

describe("a Russian-speaking user on Discord", () => {
  const ru = (): FakeUser => ({ ...h.alice, locale: Locale.Russian });

  it("GIVEN a Russian Discord client THEN /help is in Russian, naming the commands as the client shows them, its buttons too", async () => {
    const m = await slash(ru(), "help");
    expect(m.embeds[0]!.title).toBe("Brief — команды");
    expect(m.embeds[0]!.description).toContain("/хронология");
    expect(m.embeds[0]!.description).not.toMatch(/\/timeline\b/);
    expect(labels(m)).toContain("Ещё ▶");
    expectOneScreen(m, "help");
  });

  it("GIVEN a Russian Discord client THEN a reply's headings and buttons are Russian, the quotes stay English", async () => {
    const m = await slash(ru(), "who", { name: "Рахмон" });
    expect(m.embeds[0]!.title).toBe("Emomali Rahmon");
    expect(m.embeds[0]!.description).toContain("**Тип:** Человек");
    expect(labels(m).some((l) => /^Источники \(\d+\)$/.test(l))).toBe(true);
  });

  it("GIVEN the commands deployed THEN every command and option has a Russian name and description", async () => {
    await deployCommands({
      config: { token: h.fake.token, appId: h.fake.appId, apiBase: h.fake.apiBase, adminIds: [] },
      commands: app.commands,
      guildId: h.fake.guild.id,
      log: silentLogger(),
    });
    const body = h.fake.commandPuts.at(-1)!.body as {
      name: string;
      name_localizations?: Record<string, string>;
      description_localizations?: Record<string, string>;
      options?: { name_localizations?: Record<string, string>; description_localizations?: Record<string, string> }[];
    }[];
    expect(body.find((c) => c.name === "timeline")!.name_localizations?.ru).toBe("хронология");
    for (const c of body) {
      expect(c.name_localizations?.ru, c.name).toMatch(/^[-_\p{Ll}\p{N}]{1,32}$/u);
      expect(c.description_localizations?.ru, c.name).toMatch(/[а-яё]/i);
      for (const o of c.options ?? []) expect(o.description_localizations?.ru, `${c.name} option`).toMatch(/[а-яё]/i);
    }
  });
});
