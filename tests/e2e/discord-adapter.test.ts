/**
 * The Discord adapter end to end: the real discord.js Client over real HTTP and WebSocket against the fake
 * Discord, with the real dispatcher and small purpose-built commands (deferral, splitting, paging,
 * permissions). Brief's own commands over the real corpus are in discord-brief.test.ts.
 */
import { ApplicationCommandOptionType, InteractionResponseType } from "discord-api-types/v10";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NOTES } from "../../src/adapters/discord/adapter.js";
import type { CommandDef, Services } from "../../src/core/command.js";
import { createDispatcher } from "../../src/core/dispatcher.js";
import { UserError } from "../../src/core/errors.js";
import { CitationList, cite, type MessageDoc, para } from "../../src/core/message.js";
import { DISCORD_CONTENT_MAX } from "../../src/render/discord.js";
import { type FakeMessage, isEphemeral, snowflake, visibleText } from "../helpers/discord-fake.js";
import { type Harness, startHarness } from "../helpers/discord-harness.js";
import { capturingLogger, ERROR, type LogRecord, WARN } from "../helpers/discord-logs.js";

/** A promise a test releases by hand: the command waits on it, so timing is decided by the test, not by sleeps. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
}

let slowGate = gate();

const base = { example: "/x", usage: "/x", permission: "everyone" as const };
// Several messages, within MAX_MESSAGES_PER_REPLY (a longer answer is cut: tests/adapters/reply-cap.test.ts).
const LONG_PARAGRAPHS = 7;
const longWords = (p: number) => Array.from({ length: 450 }, (_, i) => `p${p}w${i}`);

const commands: CommandDef[] = [
  { ...base, name: "hello", description: "Says hello", run: () => ({ title: "Hello", blocks: [para("Hi there")], citations: [] }) },
  {
    ...base,
    name: "slow",
    description: "Answers when the test lets it",
    async run() {
      await slowGate.opened;
      return { title: "Slow answer", blocks: [para("Worth the wait")], citations: [] };
    },
  },
  {
    ...base,
    name: "slowfail",
    description: "Fails when the test lets it",
    async run() {
      await slowGate.opened;
      throw new UserError("not-found", "Nothing by that name.");
    },
  },
  {
    ...base,
    name: "long",
    description: "A very long cited answer",
    run() {
      const cites = new CitationList();
      const n = cites.ref({ sourceId: "s1", title: "A source", outlet: "Outlet", published: "2024", url: "https://example.com/s1" });
      return {
        title: "Long",
        blocks: Array.from({ length: LONG_PARAGRAPHS }, (_, p) => para(longWords(p).join(" "), cite(n))),
        citations: cites.items,
      };
    },
  },
  {
    ...base,
    name: "pages",
    description: "Three pages",
    options: [{ name: "topic", description: "A topic", type: "string" }],
    run: ({ page, argText, args }): MessageDoc => ({
      title: `Pages about ${String(args.topic ?? "everything")}`,
      blocks: [para(`This is page ${page}.`)],
      citations: [],
      pages: { index: page, count: 3, command: "pages", args: argText },
    }),
  },
  {
    ...base,
    name: "mods",
    description: "For chat admins",
    permission: "chat-admin",
    run: () => ({ blocks: [para("Settings changed.")], citations: [] }),
  },
  {
    ...base,
    name: "owners",
    description: "For bot admins",
    permission: "bot-admin",
    run: () => ({ blocks: [para("Reloaded.")], citations: [] }),
  },
  {
    ...base,
    name: "where",
    description: "Echoes a channel",
    options: [{ name: "channel", description: "A channel", type: "channel", required: true }],
    run: ({ args }) => ({ blocks: [para(`Channel ${String(args.channel)}`)], citations: [] }),
  },
  {
    ...base,
    name: "whoami",
    description: "Echoes the origin",
    run: async ({ origin }) => ({
      blocks: [
        para(
          [
            origin.platform,
            origin.channel,
            origin.chatKind,
            origin.user.id,
            origin.user.name,
            origin.isBotAdmin,
            await origin.isChatAdmin(),
            origin.channelName ?? "-",
          ].join(" "),
        ),
      ],
      citations: [],
    }),
  },
  {
    ...base,
    name: "pick",
    description: "Picks an entity",
    options: [
      { name: "name", description: "A name", type: "string", required: true, autocomplete: "entity" },
      { name: "tz", description: "A time zone", type: "string", autocomplete: "timezone" },
    ],
    run: ({ args }) => ({ blocks: [para(`Picked ${String(args.name)}`)], citations: [] }),
  },
];

const suggest = (kind: string, prefix: string) =>
  kind === "entity" ? Array.from({ length: 40 }, (_, i) => ({ name: `${prefix} entity ${i}`, value: `entity-${i}` })) : [];

async function startWith(log = capturingLogger()) {
  const services = { log: log.log, commands, startedAt: new Date() } as unknown as Services;
  return startHarness({ commands, dispatch: createDispatcher(services), suggest, deferAfterMs: 300, log: log.log });
}

const buttons = (m: FakeMessage) => m.components.flatMap((row) => row.components) as { custom_id: string; label: string; disabled?: boolean }[];

describe("Discord adapter end to end (fake Discord, real discord.js)", () => {
  let h: Harness;
  let logs: ReturnType<typeof capturingLogger>;

  beforeAll(async () => {
    logs = capturingLogger();
    h = await startWith(logs);
  });
  afterAll(async () => h?.close());

  it("GIVEN the gateway handshake THEN the client identified with the Guilds intent only and without compression", () => {
    expect(h.fake.identifies).toHaveLength(1);
    expect(h.fake.identifies[0]).toMatchObject({ token: h.fake.token, intents: 1, compress: false });
  });

  it("GIVEN a fast command THEN it is answered directly (no deferral) with an embed", async () => {
    const id = h.fake.slash(h.alice, "hello");
    const [m] = await h.fake.answered(id);
    expect(h.fake.interaction(id).callbacks.map((c) => c.type)).toEqual([InteractionResponseType.ChannelMessageWithSource]);
    expect(m!.embeds[0]).toMatchObject({ title: "Hello", description: "Hi there" });
    expect(isEphemeral(m!)).toBe(false);
  });

  it("GIVEN a slow command THEN the reply is deferred first and the answer edited in", async () => {
    slowGate = gate();
    const id = h.fake.slash(h.alice, "slow");
    await h.fake.waitFor(() => h.fake.interaction(id).acknowledged === InteractionResponseType.DeferredChannelMessageWithSource, "the deferral");
    const [thinking] = h.fake.messagesOf(id);
    expect(thinking!.thinking).toBe(true);
    slowGate.open();
    const [m] = await h.fake.answered(id);
    expect(m!.embeds[0]!.title).toBe("Slow answer");
    expect(m!.edits).toBe(1);
  });

  it("GIVEN a user error THEN only the person who asked sees it (ephemeral)", async () => {
    const id = h.fake.slash(h.alice, "nosuchcommand");
    const [m] = await h.fake.answered(id);
    expect(isEphemeral(m!)).toBe(true);
    expect(visibleText([m!])).toContain("There is no /nosuchcommand command.");
  });

  it("GIVEN a slow command that ends in a user error THEN the public placeholder is removed and the error sent ephemerally", async () => {
    slowGate = gate();
    const id = h.fake.slash(h.alice, "slowfail");
    await h.fake.waitFor(() => h.fake.interaction(id).acknowledged !== undefined, "the deferral");
    slowGate.open();
    const [m] = await h.fake.answered(id);
    expect(h.fake.messagesOf(id)).toHaveLength(1);
    expect(m!.kind).toBe("follow-up");
    expect(isEphemeral(m!)).toBe(true);
    expect(visibleText([m!])).toContain("Nothing by that name.");
    expect(h.fake.messages.some((x) => x.interactionId === id && x.kind === "reply" && x.deleted)).toBe(true);
  });

  it("GIVEN an answer too long for one message THEN it is split over a reply and follow-ups, each within Discord's limits, nothing lost", async () => {
    const id = h.fake.slash(h.alice, "long");
    await h.fake.waitFor(() => {
      const ms = h.fake.messagesOf(id);
      return ms.length > 1 && visibleText(ms).includes(`p${LONG_PARAGRAPHS - 1}w449`) && ms.some((m) => m.embeds.some((e) => e.footer));
    }, "every part of the long answer");
    const ms = h.fake.messagesOf(id);
    expect(ms[0]!.kind).toBe("reply");
    expect(ms.slice(1).every((m) => m.kind === "follow-up")).toBe(true);
    expect(h.fake.limitViolations()).toEqual([]);
    const found = visibleText(ms).match(/p\d+w\d+/g);
    expect(found).toEqual(Array.from({ length: LONG_PARAGRAPHS }, (_, p) => longWords(p)).flat());
    expect(visibleText(ms)).toContain("[1] A source — Outlet, 2024");
  });

  it("GIVEN a paginated answer THEN the owner turns pages with the buttons and the message is updated in place", async () => {
    const id = h.fake.slash(h.alice, "pages", { topic: "isis" });
    const [m] = await h.fake.answered(id);
    expect(m!.embeds[0]!.description).toBe("This is page 1.");
    const [prev, where, next] = buttons(m!);
    expect(prev).toMatchObject({ label: "◀", disabled: true });
    expect(where!.label).toBe("1 / 3");

    const click = h.fake.click(h.alice, m!, next!.custom_id);
    await h.fake.waitFor(() => h.fake.interaction(click).acknowledged === InteractionResponseType.UpdateMessage, "the page update");
    expect(m!.embeds[0]).toMatchObject({ title: "Pages about isis", description: "This is page 2." });
    expect(buttons(m!)[1]!.label).toBe("2 / 3");
    expect(h.fake.messagesOf(click)).toHaveLength(0);
  });

  it("GIVEN someone else's paginated answer THEN they are told, privately, that only the asker can turn pages", async () => {
    const id = h.fake.slash(h.alice, "pages");
    const [m] = await h.fake.answered(id);
    const click = h.fake.click(h.bob, m!, buttons(m!)[2]!.custom_id);
    const [note] = await h.fake.answered(click);
    expect(isEphemeral(note!)).toBe(true);
    expect(note!.content).toBe(NOTES.notOwner);
    expect(m!.embeds[0]!.description).toBe("This is page 1.");
  });

  it("GIVEN a button whose pages were forgotten THEN an ephemeral note says so", async () => {
    const id = h.fake.slash(h.alice, "pages");
    const [m] = await h.fake.answered(id);
    const click = h.fake.click(h.alice, m!, "pg:forgotten00:2");
    const [note] = await h.fake.answered(click);
    expect(isEphemeral(note!)).toBe(true);
    expect(note!.content).toBe(NOTES.expired);
  });

  it("GIVEN a member without Manage Server/Channels THEN a chat-admin command is refused; a moderator and a DM are allowed", async () => {
    const denied = h.fake.slash(h.alice, "mods");
    const [d] = await h.fake.answered(denied);
    expect(isEphemeral(d!)).toBe(true);
    expect(visibleText([d!])).toContain("only this chat's admins can use /mods");

    const [ok] = await h.fake.answered(h.fake.slash(h.mod, "mods"));
    expect(visibleText([ok!])).toContain("Settings changed.");

    const [dm] = await h.fake.answered(h.fake.slash(h.alice, "mods", {}, "dm"));
    expect(visibleText([dm!])).toContain("Settings changed.");
  });

  it("GIVEN a bot-admin command THEN a moderator is refused and an id from DISCORD_ADMIN_IDS is served", async () => {
    const [d] = await h.fake.answered(h.fake.slash(h.mod, "owners"));
    expect(isEphemeral(d!)).toBe(true);
    expect(visibleText([d!])).toContain("is for the bot's admins only");
    const [ok] = await h.fake.answered(h.fake.slash(h.owner, "owners"));
    expect(visibleText([ok!])).toContain("Reloaded.");
  });

  it("GIVEN a command in a server channel or a DM THEN the origin says where, who, and with what rights", async () => {
    const [g] = await h.fake.answered(h.fake.slash(h.mod, "whoami"));
    expect(g!.embeds[0]!.description).toBe(`discord discord:${h.fake.guild.channels.general} group ${h.mod.user.id} mod false true #general`);
    const [d] = await h.fake.answered(h.fake.slash(h.owner, "whoami", {}, "dm"));
    expect(d!.embeds[0]!.description).toBe(`discord discord:${h.fake.dmChannelId} private ${h.owner.user.id} owner true false -`);
  });

  it("GIVEN a channel option THEN the command receives it as a ChannelRef", async () => {
    const channel = h.fake.guild.channels.general;
    const [m] = await h.fake.answered(h.fake.slash(h.alice, "where", { channel }, "guild", { channel: ApplicationCommandOptionType.Channel }));
    expect(m!.embeds[0]!.description).toBe(`Channel discord:${channel}`);
  });

  it("GIVEN typing in an autocomplete option THEN at most 25 suggestions come back", async () => {
    const id = h.fake.autocomplete(h.alice, "pick", "name", "rah");
    const choices = await h.fake.waitFor(() => h.fake.interaction(id).autocompleteChoices, "autocomplete choices");
    expect(choices).toHaveLength(25);
    expect(choices[0]).toEqual({ name: "rah entity 0", value: "entity-0" });
  });

  it("GIVEN a time-zone option and no suggestions from the knowledge layer THEN Intl's zones are offered", async () => {
    const id = h.fake.autocomplete(h.alice, "pick", "tz", "bish");
    const choices = await h.fake.waitFor(() => h.fake.interaction(id).autocompleteChoices, "autocomplete choices");
    expect(choices).toEqual([{ name: "Asia/Bishkek", value: "Asia/Bishkek" }]);
  });

  it("GIVEN Discord says the interaction is unknown (10062) THEN a warning is logged and the bot keeps serving", async () => {
    h.fake.ackDeadlineMs = -1;
    const late = h.fake.slash(h.alice, "hello");
    const warned = await logs.waitFor((r: LogRecord) => r.level === WARN && r.interaction === late, "the warning about the lost interaction");
    expect(warned.msg).toContain("could not be answered");
    h.fake.ackDeadlineMs = 3000;
    const [m] = await h.fake.answered(h.fake.slash(h.alice, "hello"));
    expect(m!.embeds[0]!.title).toBe("Hello");
    expect(logs.records.filter((r) => r.level >= ERROR)).toEqual([]);
  });

  describe("send() for digests", () => {
    const digest = (): MessageDoc => ({ title: "Daily brief", blocks: [para("Three new events.")], citations: [] });

    it("GIVEN the same nonce twice THEN Discord keeps one message and both sends report it", async () => {
      const channel = h.fake.guild.channels.general;
      const before = h.fake.messages.filter((m) => m.kind === "channel" && m.channelId === channel).length;
      const first = await h.adapter.send(`discord:${channel}`, digest(), { nonce: "d-2024-03-25-1" });
      const second = await h.adapter.send(`discord:${channel}`, digest(), { nonce: "d-2024-03-25-1" });
      expect(first).toEqual(second);
      expect(first.ok).toBe(true);
      const posted = h.fake.messages.filter((m) => m.kind === "channel" && m.channelId === channel);
      expect(posted.length - before).toBe(1);
      expect(posted.at(-1)!.embeds[0]!.title).toBe("Daily brief");
      const body = h.fake.requests.filter((r) => r.method === "POST" && r.path === `/channels/${channel}/messages`).at(-1)!.body;
      expect(body).toMatchObject({ nonce: "d-2024-03-25-1", enforce_nonce: true, allowed_mentions: { parse: [] } });
    });

    it("GIVEN a digest too long for one message THEN every part is posted once, even when the send is repeated", async () => {
      const channel = h.fake.guild.channels.general;
      const long: MessageDoc = { title: "Weekly", blocks: Array.from({ length: 6 }, (_, p) => para(longWords(p).join(" "))), citations: [] };
      const first = await h.adapter.send(`discord:${channel}`, long, { nonce: "weekly-12" });
      expect(first.ok && first.messageIds.length).toBeGreaterThan(1);
      const again = await h.adapter.send(`discord:${channel}`, long, { nonce: "weekly-12" });
      expect(again).toEqual(first);
      expect(h.fake.limitViolations()).toEqual([]);
    });

    it("GIVEN a channel where the bot lacks permissions (50013) THEN the failure is permanent", async () => {
      const channel = h.fake.guild.channels.locked;
      h.fake.channelFailures.set(channel, { status: 403, body: { message: "Missing Permissions", code: 50013 } });
      const result = await h.adapter.send(`discord:${channel}`, digest(), { nonce: "n-50013" });
      h.fake.channelFailures.delete(channel);
      expect(result).toMatchObject({ ok: false, kind: "permanent" });
      expect(result.ok === false && result.detail).toContain("50013");
    });

    it("GIVEN an unknown channel (10003) THEN the failure is permanent", async () => {
      const result = await h.adapter.send(`discord:${snowflake()}`, digest());
      expect(result).toMatchObject({ ok: false, kind: "permanent" });
    });

    it("GIVEN a 429 THEN the send reports rate-limited with Discord's retry_after instead of waiting", async () => {
      const channel = h.fake.guild.channels.general;
      h.fake.channelFailures.set(channel, {
        status: 429,
        body: { message: "You are being rate limited.", retry_after: 7, global: false },
        headers: { "retry-after": "7", "x-ratelimit-scope": "user" },
        times: 1,
      });
      const result = await h.adapter.send(`discord:${channel}`, digest(), { nonce: "n-429" });
      expect(result).toMatchObject({ ok: false, kind: "rate-limited", retryAfterSeconds: 8 });
    });

    it("GIVEN a 5xx that persists through @discordjs/rest's retries THEN the failure is transient", async () => {
      const channel = h.fake.guild.channels.general;
      h.fake.channelFailures.set(channel, { status: 502, body: { message: "Bad Gateway", code: 0 } });
      const result = await h.adapter.send(`discord:${channel}`, digest(), { nonce: "n-502" });
      h.fake.channelFailures.delete(channel);
      expect(result).toMatchObject({ ok: false, kind: "transient" });
    });

    it("GIVEN a channel where the bot may not embed links THEN the digest is posted as plain content", async () => {
      const channel = h.fake.guild.channels.plain;
      const result = await h.adapter.send(`discord:${channel}`, digest(), { nonce: "n-plain" });
      expect(result.ok).toBe(true);
      const posted = h.fake.messages.filter((m) => m.kind === "channel" && m.channelId === channel);
      expect(posted).toHaveLength(1);
      expect(posted[0]!.embeds).toEqual([]);
      expect(posted[0]!.content).toBe("**Daily brief**\n\nThree new events.");
    });

    it("GIVEN a channel of another platform THEN send refuses it as permanent without a request", async () => {
      expect(await h.adapter.send("telegram:123", digest())).toMatchObject({ ok: false, kind: "permanent" });
    });
  });

  describe("checkChannelPermissions", () => {
    it("GIVEN a channel where the bot may post embeds THEN it is ok", async () => {
      expect(await h.adapter.checkChannelPermissions(h.fake.guild.channels.general)).toEqual({ ok: true });
    });

    it("GIVEN a channel denying Send Messages to everyone THEN SendMessages is missing", async () => {
      expect(await h.adapter.checkChannelPermissions(h.fake.guild.channels.locked)).toEqual({ ok: false, missing: ["SendMessages"] });
    });

    it("GIVEN a channel denying Embed Links THEN EmbedLinks is missing", async () => {
      expect(await h.adapter.checkChannelPermissions(h.fake.guild.channels.plain)).toEqual({ ok: false, missing: ["EmbedLinks"] });
    });

    it("GIVEN a channel the bot cannot see THEN ViewChannel is missing", async () => {
      expect(await h.adapter.checkChannelPermissions(snowflake())).toEqual({ ok: false, missing: ["ViewChannel"] });
    });
  });
});

describe("Discord adapter without embeds", () => {
  let h: Harness;
  beforeAll(async () => {
    const services = { log: capturingLogger().log, commands, startedAt: new Date() } as unknown as Services;
    h = await startHarness({ commands, dispatch: createDispatcher(services), embeds: false });
  });
  afterAll(async () => h?.close());

  it("GIVEN embeds are off THEN answers are Markdown content of at most 2000 characters per message", async () => {
    const [m] = await h.fake.answered(h.fake.slash(h.alice, "hello"));
    expect(m!.embeds).toEqual([]);
    expect(m!.content).toBe("**Hello**\n\nHi there");

    const id = h.fake.slash(h.alice, "long");
    await h.fake.waitFor(() => visibleText(h.fake.messagesOf(id)).includes("<https://example.com/s1>"), "the whole long answer");
    const parts = h.fake.messagesOf(id);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.content.length).toBeLessThanOrEqual(DISCORD_CONTENT_MAX);
  });
});

describe("stopping", () => {
  it("GIVEN an answer in progress WHEN the adapter stops THEN the answer is finished before the client is destroyed", async () => {
    const h = await startWith();
    try {
      slowGate = gate();
      const id = h.fake.slash(h.alice, "slow");
      await h.fake.waitFor(() => h.fake.interaction(id).acknowledged !== undefined, "the deferral");
      const stopped = h.adapter.stop();
      slowGate.open();
      await stopped;
      const [m] = h.fake.messagesOf(id);
      expect(m!.thinking).toBe(false);
      expect(m!.embeds[0]!.title).toBe("Slow answer");
      await h.fake.waitFor(() => h.fake.openSockets === 0, "the gateway to close");
    } finally {
      await h.fake.close();
    }
  });
});
