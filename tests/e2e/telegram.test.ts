/**
 * End to end: the real grammY bot (long polling) and the real Brief core over data/, against the
 * telegram-test-api emulator on 127.0.0.1. A user sends; every reply stored by the emulator is checked
 * as Telegram HTML (tests/helpers/telegram-html.ts). No sleeps: each step waits for a condition.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTelegramAdapter, type TelegramAdapter } from "../../src/adapters/telegram/index.js";
import type { Dispatch } from "../../src/core/dispatcher.js";
import { bold, type MessageDoc, para } from "../../src/core/message.js";
import { PagerTokens } from "../../src/core/pager.js";
import { type BriefApp, openBrief } from "../../src/root.js";
import { EMULATOR_BOT_USERNAME, type Emulator, startEmulator } from "../helpers/telegram-emulator.js";
import { assertValidTelegramHtml, telegramHtmlToText } from "../helpers/telegram-html.js";

const DATA = resolve(import.meta.dirname, "../../data");

/** A logger that keeps its lines, so tests can assert what was reported. */
function memoryLogger() {
  const lines: Record<string, unknown>[] = [];
  const log = pino({ level: "debug" }, { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) });
  return { log, lines };
}

let emu: Emulator;
let app: BriefApp;
let adapter: TelegramAdapter;
let tmp: string;
const logs = memoryLogger();
let chatSeq = 1000;

/** Test-only commands layered over the real dispatcher, to reach adapter paths the real commands don't. */
const extras: Dispatch = async (input, origin) => {
  if (input.kind === "text" && input.text === "/amiadmin") {
    return { blocks: [para(`admin: ${await origin.isChatAdmin()}`)], citations: [] };
  }
  if (input.kind === "text" && input.text === "/long") {
    // Several messages, within MAX_MESSAGES_PER_REPLY (a longer reply is cut: tests/adapters/reply-cap.test.ts).
    const blocks = Array.from({ length: 200 }, (_, i) => para(bold(`Part ${i}`), ` <&> "hostile" 😀 text that goes on and on `.repeat(2)));
    return { title: "Long", blocks, citations: [] };
  }
  return app.dispatch(input, origin);
};

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "brief-tg-e2e-"));
  emu = await startEmulator();
  app = await openBrief({ dbPath: join(tmp, "brief.sqlite"), dataDir: DATA });
  adapter = createTelegramAdapter({
    config: { token: emu.token, apiRoot: emu.apiRoot, adminIds: ["4242"] },
    log: logs.log,
    commands: app.commands,
    pager: new PagerTokens(),
    rateLimit: { capacity: 100, refillPerSecond: 100 },
    pollingThrottleMs: 30,
  });
  await adapter.start(extras);
});

afterAll(async () => {
  await adapter?.stop();
  await emu?.stop();
  app?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function privateUser() {
  const id = ++chatSeq;
  return { id, client: emu.client({ chatId: id, userId: id, type: "private", firstName: `User${id}` }) };
}

async function command(client: ReturnType<Emulator["client"]>, text: string) {
  await client.sendCommand(client.makeCommand(text));
}

/** Sends and returns the reply messages (all checked as Telegram HTML by the helper). */
async function ask(text: string, count = 1) {
  const { id, client } = privateUser();
  await command(client, text);
  const msgs = await emu.waitForBotMessages(id, count);
  return { id, client, msgs, html: msgs.map((m) => m.message.text).join("\n") };
}

function expectHtmlReply(m: { message: { text: string; parse_mode?: string } }) {
  expect(m.message.parse_mode).toBe("HTML");
  assertValidTelegramHtml(m.message.text);
}

describe("Telegram end to end (long polling, real commands)", () => {
  it("GIVEN the bot started THEN it knows its username and published a valid command menu", () => {
    expect(adapter.botUsername).toBe(EMULATOR_BOT_USERNAME);
    const menu = emu.calls("setMyCommands").find((c) => c.body.scope === undefined);
    const commands = menu!.body.commands as { command: string; description: string }[];
    expect(commands.map((c) => c.command)).toEqual(app.commands.filter((c) => !c.hidden && c.permission !== "bot-admin").map((c) => c.name));
    for (const c of commands) {
      expect(c.command).toMatch(/^[a-z0-9_]{1,32}$/);
      expect(c.description.length).toBeGreaterThanOrEqual(1);
      expect(c.description.length).toBeLessThanOrEqual(256);
    }
  });

  it("GIVEN /start THEN a welcome in HTML", async () => {
    const { msgs } = await ask("/start");
    expectHtmlReply(msgs[0]!);
    expect(telegramHtmlToText(msgs[0]!.message.text)).toMatch(/\/help/);
  });

  it("GIVEN /help THEN every public command is listed", async () => {
    const { msgs, html } = await ask("/help");
    expectHtmlReply(msgs[0]!);
    for (const name of ["brief", "timeline", "event", "who", "figures", "search", "ask", "sources"]) expect(html).toContain(`/${name}`);
  });

  it("GIVEN /search with words THEN highlighted passages and numbered, linked sources", async () => {
    const { msgs, html } = await ask("/search huawei cameras");
    for (const m of msgs) expectHtmlReply(m);
    expect(html).toMatch(/<b>[^<]*(huawei|camera)[^<]*<\/b>/i);
    expect(html).toMatch(/\n\[1\] /);
  });

  it.each(["/who isis-k", "/who Rahmon"])("GIVEN %s (an alias) THEN a cited profile", async (line) => {
    const { msgs, html } = await ask(line);
    for (const m of msgs) expectHtmlReply(m);
    expect(html).not.toMatch(/Sorry, something went wrong/);
    expect(html).toMatch(/\[1\]/);
  });

  it("GIVEN a hostile query THEN a valid answer, not an apology", async () => {
    const { msgs, html } = await ask('/search "AND OR (* NEAR');
    for (const m of msgs) expectHtmlReply(m);
    expect(html).not.toMatch(/Sorry, something went wrong/);
    expect(html).toContain("&quot;AND OR (* NEAR");
  });

  it.each(["/reload", "/status"])("GIVEN %s from a user not in TELEGRAM_ADMIN_IDS THEN a polite refusal, and the data is untouched", async (line) => {
    const { msgs, html } = await ask(line);
    expectHtmlReply(msgs[0]!);
    expect(html).toContain("is for the bot's admins only");
    expect(html).not.toContain("Reloaded");
  });

  it("GIVEN free text in a private chat THEN it is answered as /ask", async () => {
    const { id, client } = privateUser();
    await client.sendMessage(client.makeMessage("who recruits Tajik migrants?"));
    const [m] = await emu.waitForBotMessages(id, 1);
    expectHtmlReply(m!);
    expect(m!.message.text).not.toMatch(/Sorry, something went wrong/);
  });

  it("GIVEN /timeline THEN pager buttons; pressing ▶ and ◀ edits the message in place", async () => {
    const answersBefore = emu.calls("answerCallbackQuery").length;
    const { id, client, msgs } = await ask("/timeline");
    expect(msgs).toHaveLength(1);
    const first = msgs[0]!;
    const kb = () => (first.message.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] }).inline_keyboard[0]!;
    expect(kb().map((b) => b.text)).toEqual([`1/${kb()[0]!.text.split("/")[1]}`, "▶"]);
    const page1 = first.message.text;

    const next = kb().find((b) => b.text === "▶")!;
    expect(Buffer.byteLength(next.callback_data)).toBeLessThanOrEqual(64);
    await client.sendCallback(client.makeCallbackQuery(next.callback_data, { message: { message_id: first.messageId } }));
    await emu.waitFor("the edited page 2", () => first.message.text !== page1 && kb()[1]?.text.startsWith("2/"));
    assertValidTelegramHtml(first.message.text);
    expect(kb().map((b) => b.text)[0]).toBe("◀");
    expect(emu.botMessages(id)).toHaveLength(1); // edited, not re-sent

    const prev = kb().find((b) => b.text === "◀")!;
    await client.sendCallback(client.makeCallbackQuery(prev.callback_data, { message: { message_id: first.messageId } }));
    await emu.waitFor("back on page 1", () => first.message.text === page1);

    // Both presses are answered; waiting for it also keeps a late answer from landing in the next test.
    await emu.waitFor("both presses answered", () => emu.calls("answerCallbackQuery").length >= answersBefore + 2);
  });

  it("GIVEN an expired or foreign button THEN the press is answered with 'expired'", async () => {
    const { client } = privateUser();
    const before = emu.calls("answerCallbackQuery").length;
    await client.sendCallback(client.makeCallbackQuery("pg:unknownTok:2", { message: { message_id: 1 } }));
    await client.sendCallback(client.makeCallbackQuery("something-else", { message: { message_id: 1 } }));
    const answers = await emu.waitFor("two answered callbacks", () => {
      const a = emu.calls("answerCallbackQuery").slice(before);
      return a.length >= 2 ? a : undefined;
    });
    for (const a of answers) expect(a.body.text).toBe("This button has expired — run the command again.");
  });

  it("GIVEN a reply longer than 4096 characters THEN several valid messages, none truncated", async () => {
    const { msgs } = await ask("/long", 2);
    const all = await emu.waitFor("all parts", () => {
      const m = emu.botMessages(msgs[0]!.message.chat_id as number);
      return m.some((x) => x.message.text.includes("Part 199")) ? m : undefined;
    });
    expect(all.length).toBeGreaterThan(1);
    for (const m of all) {
      expectHtmlReply(m);
      expect(m.message.text.length).toBeLessThanOrEqual(4096);
    }
  });

  describe("in a group", () => {
    const chatId = -1001234500001;
    const member = () => emu.client({ chatId, userId: 501, type: "supergroup", chatTitle: "Analysts", firstName: "Member" });

    it("GIVEN /help@<botname>, /help@OtherBot and chatter THEN only the command addressed to Brief is answered", async () => {
      const c = member();
      await command(c, "/help@OtherBot");
      await c.sendMessage(c.makeMessage("just chatting about /help"));
      await command(c, `/help@${EMULATOR_BOT_USERNAME}`);
      const msgs = await emu.waitForBotMessages(chatId, 1);
      // Updates are handled in order, so once the third is answered the first two were ignored.
      expect(msgs).toHaveLength(1);
      expectHtmlReply(msgs[0]!);
      expect(msgs[0]!.message.text).toContain("/timeline");
      // In groups the reply quotes the command it answers.
      expect((msgs[0]!.message as { reply_parameters?: { message_id: number } }).reply_parameters?.message_id).toBeGreaterThan(0);
    });

    it("GIVEN admin checks THEN getChatAdministrators answers them, cached per chat", async () => {
      emu.setChatAdmins(chatId, [900, 502]);
      const before = emu.calls("getChatAdministrators").length;
      const admin = emu.client({ chatId, userId: 502, type: "supergroup", chatTitle: "Analysts" });
      await command(admin, "/amiadmin");
      await command(member(), "/amiadmin");
      const msgs = await emu.waitFor("two admin answers", () => {
        const m = emu.botMessages(chatId).filter((x) => x.message.text.startsWith("admin:"));
        return m.length >= 2 ? m : undefined;
      });
      expect(msgs.map((m) => m.message.text)).toEqual(["admin: true", "admin: false"]);
      expect(emu.calls("getChatAdministrators").length - before).toBe(1);
    });

    it("GIVEN an anonymous admin (sender_chat = the group) THEN an admin without asking Telegram", async () => {
      const before = emu.calls("getChatAdministrators").length;
      const group = { id: -1001234500002, type: "supergroup", title: "Anon" };
      emu.injectUpdate({
        message: {
          message_id: 7,
          date: Math.floor(Date.now() / 1000),
          chat: group,
          from: { id: 1087968824, is_bot: true, first_name: "Group", username: "GroupAnonymousBot" },
          sender_chat: group,
          text: "/amiadmin",
          entities: [{ type: "bot_command", offset: 0, length: 9 }],
        },
      });
      const [m] = await emu.waitForBotMessages(group.id, 1);
      expect(m!.message.text).toBe("admin: true");
      expect(emu.calls("getChatAdministrators").length).toBe(before);
    });
  });

  it("GIVEN a channel post with a command THEN it is answered in the channel", async () => {
    const channel = { id: -1009876500001, type: "channel", title: "News" };
    emu.injectUpdate({
      channel_post: {
        message_id: 3,
        date: Math.floor(Date.now() / 1000),
        chat: channel,
        sender_chat: channel,
        text: "/amiadmin",
        entities: [{ type: "bot_command", offset: 0, length: 9 }],
      },
    });
    const [m] = await emu.waitForBotMessages(channel.id, 1);
    expect(m!.message.text).toBe("admin: true");
  });

  describe("when Telegram fails", () => {
    it("GIVEN a reply Telegram rejects THEN the error is logged with its context and a short apology is sent", async () => {
      const { id, client } = privateUser();
      emu.failNext("sendMessage", { error_code: 400, description: "Bad Request: can't parse entities: test" });
      await command(client, "/help");
      const [m] = await emu.waitForBotMessages(id, 1);
      expect(m!.message.text).toMatch(/^Sorry, something went wrong/);
      const line = logs.lines.find((l) => l.msg === "telegram: update handling failed" && l.chat === id);
      expect(line).toMatchObject({ level: 50, updateType: "message", text: "/help" });
      // The bot keeps serving.
      await command(client, "/start");
      await emu.waitForBotMessages(id, 2);
    });

    it("GIVEN a 429 on a reply THEN it waits retry_after and sends once", async () => {
      const { id, client } = privateUser();
      emu.failNext("sendMessage", { error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } });
      const before = emu.calls("sendMessage").length;
      await command(client, "/start");
      const [m] = await emu.waitForBotMessages(id, 1);
      expectHtmlReply(m!);
      const calls = emu
        .calls("sendMessage")
        .slice(before)
        .filter((c) => c.body.chat_id === id);
      expect(calls).toHaveLength(2);
      expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(900);
    });
  });

  describe("send() for digests", () => {
    const digest: MessageDoc = {
      title: "Weekly <digest> & more",
      blocks: [para("One ", bold("thing"), " happened.")],
      citations: [{ sourceId: "s", title: "Source & co", outlet: "Outlet", published: "2024-05", url: "https://s.example/?a=1&b=2" }],
    };

    it("GIVEN a reachable chat THEN ok with the message ids, HTML valid", async () => {
      const r = await adapter.send("telegram:777001", digest);
      expect(r).toMatchObject({ ok: true });
      const [m] = await emu.waitForBotMessages(777001, 1);
      expectHtmlReply(m!);
      expect(r.ok && r.messageIds).toEqual([String(m!.messageId)]);
    });

    it.each([
      [{ error_code: 403, description: "Forbidden: bot was blocked by the user" }, { kind: "permanent" }],
      [{ error_code: 400, description: "Bad Request: chat not found" }, { kind: "permanent" }],
      [
        { error_code: 429, description: "Too Many Requests: retry after 30", parameters: { retry_after: 30 } },
        { kind: "rate-limited", retryAfterSeconds: 30 },
      ],
      [
        { error_code: 400, description: "Bad Request: group chat was upgraded to a supergroup chat", parameters: { migrate_to_chat_id: -100777 } },
        { kind: "migrated", newChannel: "telegram:-100777" },
      ],
      [{ error_code: 502, description: "Bad Gateway" }, { kind: "transient" }],
    ])("GIVEN Telegram answers %o THEN the failure is classified %o and not retried", async (error, expected) => {
      const before = emu.calls("sendMessage").length;
      emu.failNext("sendMessage", error);
      const r = await adapter.send("telegram:777002", digest);
      expect(r).toMatchObject({ ok: false, ...expected });
      expect(emu.calls("sendMessage").length - before).toBe(1);
    });

    it("GIVEN a channel of another platform THEN permanent, nothing sent", async () => {
      expect(await adapter.send("discord:1", digest)).toMatchObject({ ok: false, kind: "permanent" });
    });
  });
});
