/**
 * `/subscribe @channel` checks (src/adapters/telegram/target.ts) against a scripted Bot API: the branches
 * the emulator e2e does not reach (anonymous posters, the channel subscribing itself, odd errors).
 */

import type { Api } from "grammy";
import { GrammyError } from "grammy";
import { describe, expect, it } from "vitest";
import { parseTelegramTarget, resolveTelegramTarget, TARGET_TEXT, targetText } from "../../src/adapters/telegram/target.js";
import { translator } from "../../src/core/i18n.js";
import { silentLogger } from "../../src/core/log.js";
import type { Origin } from "../../src/core/origin.js";

const BOT = 666;
const channel = { id: -1001, type: "channel", title: "News", username: "news_chan" };

function apiError(code: number, description: string): GrammyError {
  return new GrammyError(`Call failed! (${code}: ${description})`, { ok: false, error_code: code, description }, "getChat", {});
}

/** A fake Api answering getChat/getChatAdministrators/getChatMember from a script; records calls. */
function fakeApi(script: { chat?: unknown; admins?: unknown[] | Error; member?: unknown; chatError?: Error }) {
  const calls: string[] = [];
  const api = {
    getChat: async () => {
      calls.push("getChat");
      if (script.chatError) throw script.chatError;
      return script.chat ?? channel;
    },
    getChatAdministrators: async () => {
      calls.push("getChatAdministrators");
      if (script.admins instanceof Error) throw script.admins;
      return script.admins ?? [];
    },
    getChatMember: async () => {
      calls.push("getChatMember");
      return script.member ?? { status: "member", user: { id: BOT } };
    },
  } as unknown as Api;
  return { api, calls, deps: { api, botId: async () => BOT, log: silentLogger() } };
}

function origin(over: Partial<Origin> = {}): Origin {
  return {
    platform: "telegram",
    channel: "telegram:42",
    chatKind: "private",
    user: { id: "42", name: "Ada" },
    isBotAdmin: false,
    isChatAdmin: async () => true,
    ...over,
  };
}

const admin = (id: number, extra: Record<string, unknown> = {}) => ({ status: "administrator", user: { id }, can_post_messages: true, ...extra });

describe("parseTelegramTarget", () => {
  it.each([
    ["@news_chan", "@news_chan"],
    ["-1001234567890", -1001234567890],
    ["telegram:-1001234567890", -1001234567890],
    ["12345", 12345],
  ])("GIVEN %s THEN %s", (input, expected) => {
    expect(parseTelegramTarget(input)).toBe(expected);
  });

  it.each(["discord:123456", "<#123456>", "@no", "news", "-99999999999999999999"])("GIVEN %s THEN not a Telegram target", (input) => {
    expect(parseTelegramTarget(input)).toBeUndefined();
  });
});

describe("resolveTelegramTarget", () => {
  it("GIVEN a Discord channel THEN refused without an API call", async () => {
    const f = fakeApi({});
    expect(await resolveTelegramTarget("<#123456>", origin(), f.deps)).toEqual({ ok: false, reason: TARGET_TEXT.notTelegram("<#123456>") });
    expect(f.calls).toEqual([]);
  });

  it("GIVEN an anonymous admin or a channel post naming ANOTHER channel THEN refused: who it is cannot be checked", async () => {
    const f = fakeApi({ admins: [admin(42), admin(BOT)] });
    const anon = origin({ channel: "telegram:-2002", chatKind: "group", user: { id: "-2002", name: "Group" } });
    expect(await resolveTelegramTarget("@news_chan", anon, f.deps)).toEqual({ ok: false, reason: TARGET_TEXT.anonymous("@news_chan") });
  });

  it("GIVEN a channel post naming its own channel THEN the poster counts as its admin; only the bot's rights are checked", async () => {
    const f = fakeApi({ admins: [admin(BOT)] });
    const post = origin({ channel: "telegram:-1001", chatKind: "channel", user: { id: "-1001", name: "News" } });
    expect(await resolveTelegramTarget("-1001", post, f.deps)).toEqual({ ok: true, channel: "telegram:-1001", name: "@news_chan" });
  });

  it("GIVEN the bot is the channel's creator THEN it may post", async () => {
    const f = fakeApi({ admins: [admin(42), { status: "creator", user: { id: BOT } }] });
    expect(await resolveTelegramTarget("@news_chan", origin(), f.deps)).toMatchObject({ ok: true });
  });

  it("GIVEN 'member list is inaccessible' (400) THEN the bot is told to get itself added", async () => {
    const f = fakeApi({ admins: apiError(400, "Bad Request: member list is inaccessible") });
    expect(await resolveTelegramTarget("@news_chan", origin(), f.deps)).toEqual({ ok: false, reason: TARGET_TEXT.botNotChannelAdmin("@news_chan") });
  });

  it("GIVEN a network failure THEN a moment's trouble, not a missing right", async () => {
    const f = fakeApi({ chatError: new Error("socket hang up") });
    const r = await resolveTelegramTarget("@news_chan", origin(), f.deps);
    expect(r).toMatchObject({ ok: false, reason: expect.stringMatching(/^Telegram did not answer about @news_chan \(Error: socket hang up\)/) });
  });

  it("GIVEN a group where the bot is restricted from sending THEN it says so", async () => {
    const group = { id: -3003, type: "supergroup", title: "Room" };
    const f = fakeApi({ chat: group, admins: [admin(42)], member: { status: "restricted", is_member: true, can_send_messages: false, user: { id: BOT } } });
    expect(await resolveTelegramTarget("-3003", origin(), f.deps)).toEqual({ ok: false, reason: TARGET_TEXT.botRestricted("Room") });
    expect(f.calls).toEqual(["getChat", "getChatAdministrators", "getChatMember"]);
  });
});

describe("in the language of the person subscribing", () => {
  it("GIVEN a Russian-speaking user WHEN the bot is no admin of the channel THEN the reason is in Russian, naming Telegram's right as Telegram does", async () => {
    const f = fakeApi({ admins: [admin(42)] });
    const r = await resolveTelegramTarget("@news_chan", origin({ locale: "ru" }), f.deps);
    expect(r).toEqual({ ok: false, reason: targetText(translator("ru")).botNotChannelAdmin("@news_chan") });
    expect(!r.ok && r.reason).toBe("Я не администратор @news_chan: добавьте меня администратором с правом «Публикация сообщений» и попробуйте снова.");
  });

  it("GIVEN every reason THEN each language has its own sentence, none a bare catalogue key", () => {
    const [en, ru] = (["en", "ru"] as const).map((l) => targetText(translator(l)));
    type Say = (name: string, detail: string) => string;
    for (const key of Object.keys(en!) as (keyof typeof en)[]) {
      const said = [(en![key] as Say)("X", "d"), (ru![key] as Say)("X", "d")];
      for (const s of said) expect(s).not.toMatch(/^channels\./);
      expect(said[0]).not.toBe(said[1]);
    }
  });
});
