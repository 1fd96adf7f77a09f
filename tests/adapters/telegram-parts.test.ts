import type { Chat, User } from "grammy/types";
import { describe, expect, it } from "vitest";
import { isPaged, PAGER_NOOP_DATA, pagerKeyboard } from "../../src/adapters/telegram/keyboard.js";
import { menuCommands } from "../../src/adapters/telegram/menu.js";
import { ChatAdminCache, originFrom } from "../../src/adapters/telegram/origin.js";
import type { CommandDef } from "../../src/core/command.js";
import { silentLogger } from "../../src/core/log.js";
import { decodePagerData, PagerTokens } from "../../src/core/pager.js";

const cmd = (name: string, extra: Partial<CommandDef> = {}): CommandDef => ({
  name,
  description: `Does ${name}`,
  example: `/${name}`,
  usage: `/${name}`,
  permission: "everyone",
  run: () => ({ blocks: [], citations: [] }),
  ...extra,
});

describe("menuCommands", () => {
  it("GIVEN hidden, bot-admin and invalid commands THEN the default menu has only the public, valid ones", () => {
    const menu = menuCommands([
      cmd("help"),
      cmd("secret", { hidden: true }),
      cmd("reload", { permission: "bot-admin" }),
      cmd("subscribe", { permission: "chat-admin" }),
      cmd("Bad-Name"),
      cmd("blank", { description: "   " }),
      cmd("long", { description: "x".repeat(400) }),
    ]);
    expect(menu.map((m) => m.command)).toEqual(["help", "subscribe", "blank", "long"]);
    expect(menu.find((m) => m.command === "blank")!.description).toBe("blank");
    expect(menu.find((m) => m.command === "long")!.description).toHaveLength(256);
    expect(menuCommands([cmd("reload", { permission: "bot-admin" })], "bot-admin").map((m) => m.command)).toEqual(["reload"]);
  });

  it("GIVEN more than 100 commands THEN the menu stops at Telegram's 100", () => {
    expect(menuCommands(Array.from({ length: 150 }, (_, i) => cmd(`c${i}`)))).toHaveLength(100);
  });
});

describe("pagerKeyboard", () => {
  it("GIVEN page 2 of 3 THEN ◀ 2/3 ▶ with pager data that decodes back, each ≤ 64 bytes", () => {
    const store = new PagerTokens();
    const pages = { index: 2, count: 3, command: "timeline", args: "2021 ".repeat(100) };
    const token = store.register(pages);
    const kb = pagerKeyboard(token, pages);
    const row = kb.inline_keyboard[0]!;
    expect(row.map((b) => b.text)).toEqual(["◀", "2/3", "▶"]);
    const data = row.map((b) => ("callback_data" in b ? b.callback_data : ""));
    expect(decodePagerData(data[0]!)).toEqual({ token, page: 1 });
    expect(data[1]).toBe(PAGER_NOOP_DATA);
    expect(decodePagerData(data[2]!)).toEqual({ token, page: 3 });
    for (const d of data) expect(Buffer.byteLength(d)).toBeLessThanOrEqual(64);
  });

  it("GIVEN the first or last page THEN only the arrow that leads somewhere", () => {
    expect(pagerKeyboard("tok", { index: 1, count: 2, command: "x", args: "" }).inline_keyboard[0]!.map((b) => b.text)).toEqual(["1/2", "▶"]);
    expect(pagerKeyboard("tok", { index: 2, count: 2, command: "x", args: "" }).inline_keyboard[0]!.map((b) => b.text)).toEqual(["◀", "2/2"]);
    expect(isPaged({ index: 1, count: 1, command: "x", args: "" })).toBe(false);
    expect(isPaged(undefined)).toBe(false);
  });
});

describe("ChatAdminCache", () => {
  it("GIVEN repeated checks within the TTL THEN one API call; after it, a fresh one", async () => {
    let t = 0;
    let calls = 0;
    const cache = new ChatAdminCache(
      async () => {
        calls++;
        return [1, 2];
      },
      60_000,
      () => t,
    );
    expect(await Promise.all([cache.isAdmin(-10, 1), cache.isAdmin(-10, 3), cache.isAdmin(-10, "2")])).toEqual([true, false, true]);
    expect(calls).toBe(1);
    t += 60_000;
    await cache.isAdmin(-10, 1);
    expect(calls).toBe(2);
  });

  it("GIVEN a failed lookup THEN it is not cached", async () => {
    let fail = true;
    const cache = new ChatAdminCache(async () => {
      if (fail) throw new Error("network");
      return [1];
    });
    await expect(cache.isAdmin(-10, 1)).rejects.toThrow("network");
    fail = false;
    expect(await cache.isAdmin(-10, 1)).toBe(true);
  });
});

describe("originFrom", () => {
  const user: User = { id: 42, is_bot: false, first_name: "Ada", last_name: "L" };
  const group: Chat = { id: -100, type: "supergroup", title: "Analysts" };
  const deps = (adminIds: number[] = [], botAdmins: string[] = []) => {
    let lookups = 0;
    const admins = new ChatAdminCache(async () => {
      lookups++;
      return adminIds;
    });
    return { deps: { botAdminIds: new Set(botAdmins), admins, log: silentLogger() }, lookups: () => lookups };
  };

  it("GIVEN a group message from a member THEN chat admin is asked of Telegram", async () => {
    const d = deps([7]);
    const o = originFrom({ chat: group, from: user, isChannelPost: false }, d.deps);
    expect(o).toMatchObject({
      platform: "telegram",
      channel: "telegram:-100",
      chatKind: "group",
      user: { id: "42", name: "Ada L" },
      isBotAdmin: false,
      channelName: "Analysts",
    });
    expect(await o.isChatAdmin()).toBe(false);
    expect(d.lookups()).toBe(1);
  });

  it("GIVEN an admin in the list THEN chat admin", async () => {
    const d = deps([42]);
    expect(await originFrom({ chat: group, from: user, isChannelPost: false }, d.deps).isChatAdmin()).toBe(true);
  });

  it("GIVEN an anonymous admin (sender_chat is the group) THEN chat admin without an API call", async () => {
    const d = deps([]);
    const anon: User = { id: 1087968824, is_bot: true, first_name: "Group", username: "GroupAnonymousBot" };
    const o = originFrom({ chat: group, from: anon, senderChat: group, isChannelPost: false }, d.deps);
    expect(await o.isChatAdmin()).toBe(true);
    expect(o.user.id).toBe("-100");
    expect(d.lookups()).toBe(0);
  });

  it("GIVEN a message sent on behalf of another channel THEN not an admin and not a bot admin", async () => {
    const d = deps([136817688]);
    const channel: Chat = { id: -200, type: "channel", title: "Other" };
    const o = originFrom(
      { chat: group, from: { id: 136817688, is_bot: true, first_name: "Channel" }, senderChat: channel, isChannelPost: false },
      { ...d.deps, botAdminIds: new Set(["136817688"]) },
    );
    expect(await o.isChatAdmin()).toBe(false);
    expect(o.isBotAdmin).toBe(false);
    expect(o.user).toEqual({ id: "-200", name: "Other" });
  });

  it("GIVEN a channel post THEN chatKind channel and the poster is an admin", async () => {
    const channel: Chat = { id: -300, type: "channel", title: "News" };
    const o = originFrom({ chat: channel, senderChat: channel, isChannelPost: true }, deps().deps);
    expect(o.chatKind).toBe("channel");
    expect(await o.isChatAdmin()).toBe(true);
  });

  it("GIVEN a user listed in TELEGRAM_ADMIN_IDS THEN bot admin", () => {
    const o = originFrom({ chat: { id: 42, type: "private", first_name: "Ada" }, from: user, isChannelPost: false }, deps([], ["42"]).deps);
    expect(o.isBotAdmin).toBe(true);
    expect(o.chatKind).toBe("private");
  });

  it("GIVEN getChatAdministrators fails THEN not an admin (fail closed), no exception", async () => {
    const admins = new ChatAdminCache(async () => {
      throw new Error("400: Bad Request: member list is inaccessible");
    });
    const o = originFrom({ chat: group, from: user, isChannelPost: false }, { botAdminIds: new Set(), admins, log: silentLogger() });
    expect(await o.isChatAdmin()).toBe(false);
  });
});
