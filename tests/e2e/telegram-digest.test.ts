/**
 * Digests on Telegram, end to end (permissions and membership): the real grammY bot over long polling, the
 * real Brief core on a SQLite file, telegram-test-api on 127.0.0.1 with getChat/getChatAdministrators/
 * getChatMember emulated. Who may /subscribe where, `/subscribe @channel` from a private chat with every
 * reason it can be refused, /subscribe posted in the channel itself, and my_chat_member pausing digests.
 * No sleeps: every step waits for a condition.
 */

import type { TelegramClient } from "telegram-test-api/lib/modules/telegramClient.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getSubscription, listSubscriptions } from "../../src/digest/subscription-table.js";
import { type DigestBot, startDigestBot, subscribeDue } from "../helpers/telegram-digest.js";
import { EMULATOR_BOT_ID, EMULATOR_BOT_USERNAME, type EmulatedChat, type EmulatedMember } from "../helpers/telegram-emulator.js";
import { telegramHtmlToText } from "../helpers/telegram-html.js";

let bot: DigestBot;

beforeAll(async () => {
  bot = await startDigestBot();
});

afterAll(async () => {
  await bot?.close();
});

/** Sends a command and returns the plain text of the bot's next message in that chat. */
async function say(client: TelegramClient, chatId: number, text: string): Promise<string> {
  const before = bot.emu.botMessages(chatId).length;
  await client.sendCommand(client.makeCommand(text));
  const msgs = await bot.emu.waitForBotMessages(chatId, before + 1);
  return telegramHtmlToText(msgs[before]!.message.text);
}

const privateUser = (id: number) => ({ id, client: bot.emu.client({ chatId: id, userId: id, type: "private", firstName: `User${id}` }) });
const subs = (chatId: number) => listSubscriptions(bot.app.db, `telegram:${chatId}`);

describe("GIVEN /subscribe in a group", () => {
  const group = -1002000001;
  const member = 2001;
  const admin = 2002;

  it("WHEN a non-admin subscribes THEN refused, nothing stored", async () => {
    bot.emu.setChatAdmins(group, [admin]);
    const c = bot.emu.client({ chatId: group, userId: member, type: "supergroup", chatTitle: "Analysts", firstName: "Member" });
    expect(await say(c, group, "/subscribe daily 08:00 UTC")).toMatch(/only this chat's admins can use \/subscribe/);
    expect(subs(group)).toHaveLength(0);
  });

  it("WHEN an admin subscribes THEN subscribed (the group is the channel)", async () => {
    const c = bot.emu.client({ chatId: group, userId: admin, type: "supergroup", chatTitle: "Analysts", firstName: "Ada" });
    const reply = await say(c, group, `/subscribe@${EMULATOR_BOT_USERNAME} daily 08:00 UTC`);
    expect(reply).toMatch(/Subscribed/);
    expect(reply).toMatch(/Analysts will get a digest daily at 08:00 UTC/);
    const [s] = subs(group);
    expect(s).toMatchObject({ state: "active", schedule: { kind: "daily", hour: 8, minute: 0, tz: "UTC" } });
    expect(s!.createdBy).toContain(`telegram:${admin}`);
  });
});

it("GIVEN a private chat WHEN its user subscribes THEN subscribed, without asking Telegram about admins", async () => {
  const { id, client } = privateUser(2101);
  const before = bot.emu.calls("getChatAdministrators").length;
  expect(await say(client, id, "/subscribe weekly mon 09:30 Europe/Moscow isis-k")).toMatch(/Subscribed/);
  expect(subs(id)).toMatchObject([{ schedule: { kind: "weekly", weekday: 1, hour: 9, minute: 30, tz: "Europe/Moscow" }, topic: "isis-k" }]);
  expect(bot.emu.calls("getChatAdministrators").length).toBe(before);
});

describe("GIVEN /subscribe @channel from a private chat", () => {
  const news: EmulatedChat = { id: -1003000001, type: "channel", title: "Brief News", username: "brief_news" };
  const owner = 3001;

  beforeAll(() => {
    bot.emu.setChat(news);
    bot.emu.setChatAdmins(news.id, [owner, EMULATOR_BOT_ID]);
  });

  it("WHEN the user and the bot are its admins (bot may post) THEN the channel is subscribed, by its id", async () => {
    const { id, client } = privateUser(owner);
    const reply = await say(client, id, "/subscribe @brief_news daily 08:00 UTC");
    expect(reply).toMatch(/Subscribed/);
    expect(reply).toMatch(/@brief_news will get a digest daily at 08:00 UTC/);
    expect(subs(news.id)).toMatchObject([{ channel: `telegram:${news.id}`, channelName: "@brief_news", state: "active" }]);
    expect(subs(id)).toHaveLength(0); // not the private chat
    const [getChat] = bot.emu.calls("getChat").slice(-1);
    expect(getChat!.body.chat_id).toBe("@brief_news");
  });

  it("WHEN the channel is named by its numeric id THEN it works too", async () => {
    const { id, client } = privateUser(owner);
    expect(await say(client, id, `/subscribe ${news.id} weekly fri 18:00 Asia/Dushanbe`)).toMatch(
      /@brief_news will get a digest every Friday at 18:00 [A-Z][\w ]+ \(Asia\/Dushanbe, GMT\+5\)\./,
    );
    expect(subs(news.id)).toHaveLength(2);
  });

  describe("WHEN something is missing THEN it says exactly what, and nothing is stored", () => {
    const quiet: EmulatedChat = { id: -1003000002, type: "channel", title: "Quiet", username: "quiet_news" };
    const mute: EmulatedChat = { id: -1003000003, type: "channel", title: "Mute", username: "mute_news" };
    const locked: EmulatedChat = { id: -1003000004, type: "channel", title: "Locked", username: "locked_news" };
    const board: EmulatedChat = { id: -1003000005, type: "supergroup", title: "Board", username: "brief_board" };
    const person: EmulatedChat = { id: 39999, type: "private", first_name: "Someone" };

    beforeAll(() => {
      bot.emu.setChat(quiet);
      bot.emu.setChatAdmins(quiet.id, [owner]); // the bot is not an admin
      bot.emu.setChat(mute);
      bot.emu.setChatAdmins(mute.id, [owner, EMULATOR_BOT_ID]);
      bot.emu.setChatMember(mute.id, EMULATOR_BOT_ID, { status: "administrator", can_post_messages: false } satisfies EmulatedMember);
      bot.emu.setChat(locked);
      bot.emu.setChatAdmins(locked.id, [owner]);
      bot.emu.setChat(board);
      bot.emu.setChatAdmins(board.id, [owner]);
      bot.emu.setChatMember(board.id, EMULATOR_BOT_ID, { status: "left" });
      bot.emu.setChat(person);
    });

    it.each([
      ["someone who is not its admin", 3002, "@brief_news", /You are not an admin of @brief_news/],
      ["a channel where the bot is not an admin", owner, "@quiet_news", /I'm not an admin of @quiet_news: add me as an admin with 'Post messages'/],
      ["a channel where the bot may not post", owner, "@mute_news", /I'm an admin of @mute_news but may not post there: give me the 'Post messages' right/],
      ["a channel that does not exist", owner, "@no_such_channel", /I can't find @no_such_channel/],
      ["a group the bot has left", owner, "@brief_board", /I'm not a member of @brief_board: add me to the group/],
      ["a person's private chat", owner, String(person.id), /private chat with a person/],
    ])("%s", async (_what, userId, target, expected) => {
      const { id, client } = privateUser(userId);
      const before = listSubscriptions(bot.app.db).length;
      expect(await say(client, id, `/subscribe ${target} daily 08:00 UTC`)).toMatch(expected);
      expect(listSubscriptions(bot.app.db)).toHaveLength(before);
    });

    it("a channel where Telegram refuses the admin list (403: the bot is not a member)", async () => {
      bot.emu.failNext("getChatAdministrators", { error_code: 403, description: "Forbidden: bot is not a member of the channel chat" });
      const { id, client } = privateUser(owner);
      expect(await say(client, id, "/subscribe @locked_news daily 08:00 UTC")).toMatch(/I'm not an admin of @locked_news: add me as an admin/);
      expect(subs(locked.id)).toHaveLength(0);
    });

    it("Telegram failing (502) is reported at once as a moment's trouble, not as missing rights", async () => {
      bot.emu.failNext("getChat", { error_code: 502, description: "Bad Gateway" });
      const { id, client } = privateUser(owner);
      expect(await say(client, id, "/subscribe @brief_news daily 08:00 UTC")).toMatch(
        /Telegram did not answer about @brief_news \(502: Bad Gateway\)\. Please try again/,
      );
    });
  });

  it("WHEN the target is a group where the bot is a plain member and the user an admin THEN subscribed", async () => {
    const team: EmulatedChat = { id: -1003000006, type: "supergroup", title: "Team Room" };
    bot.emu.setChat(team);
    bot.emu.setChatAdmins(team.id, [owner]);
    const { id, client } = privateUser(owner);
    expect(await say(client, id, `/subscribe ${team.id} daily 07:00 UTC`)).toMatch(/Team Room will get a digest daily at 07:00 UTC/);
    expect(subs(team.id)).toHaveLength(1);
    expect(bot.emu.calls("getChatMember").at(-1)!.body).toMatchObject({ chat_id: team.id, user_id: EMULATOR_BOT_ID });
  });
});

it("GIVEN /subscribe posted in a channel (channel_post) THEN that channel is subscribed and the answer posted there", async () => {
  const channel = { id: -1003100001, type: "channel", title: "Posted Here" };
  const before = bot.emu.calls("getChatAdministrators").length;
  bot.emu.injectUpdate({
    channel_post: {
      message_id: 11,
      date: Math.floor(Date.now() / 1000),
      chat: channel,
      sender_chat: channel,
      text: "/subscribe daily 09:00 UTC",
      entities: [{ type: "bot_command", offset: 0, length: 10 }],
    },
  });
  const [m] = await bot.emu.waitForBotMessages(channel.id, 1);
  expect(telegramHtmlToText(m!.message.text)).toMatch(/Posted Here will get a digest daily at 09:00 UTC/);
  expect(subs(channel.id)).toMatchObject([{ state: "active", channelName: "Posted Here" }]);
  // Only admins post in a channel: no admin lookup, and checkCanPost costs no API call either.
  expect(bot.emu.calls("getChatAdministrators").length).toBe(before);
});

describe("GIVEN my_chat_member updates", () => {
  const botUser = { id: EMULATOR_BOT_ID, is_bot: true, first_name: "Brief", username: EMULATOR_BOT_USERNAME };
  const update = (chat: Record<string, unknown>, from: Record<string, unknown>, oldStatus: string, newStatus: string) => ({
    my_chat_member: {
      chat,
      from,
      date: Math.floor(Date.now() / 1000),
      old_chat_member: { user: botUser, status: oldStatus },
      new_chat_member: { user: botUser, status: newStatus },
    },
  });

  it("THEN the bot asks Telegram for them (allowed_updates), with channel posts", () => {
    expect(bot.emu.allowedUpdates()).toEqual(expect.arrayContaining(["message", "channel_post", "callback_query", "my_chat_member"]));
  });

  it("WHEN the bot is removed from a group THEN its digests pause with the reason; a promotion elsewhere changes nothing", async () => {
    const group = { id: -1003200001, type: "supergroup", title: "Leavers" };
    const kept = { id: -1003200002, type: "supergroup", title: "Keepers" };
    const gone = subscribeDue(bot.app.db, `telegram:${group.id}`);
    const stays = subscribeDue(bot.app.db, `telegram:${kept.id}`);
    const ada = { id: 3201, is_bot: false, first_name: "Ada", last_name: "L" };
    bot.emu.injectUpdate(update(kept, ada, "member", "administrator"));
    bot.emu.injectUpdate(update(group, ada, "member", "left"));
    const paused = await bot.emu.waitFor("the group's digests paused", () => {
      const s = getSubscription(bot.app.db, gone.id)!;
      return s.state === "paused" ? s : undefined;
    });
    expect(paused.pausedReason).toMatch(/^the bot was removed from the group by Ada L \(\d{4}-\d{2}-\d{2}\)$/);
    expect(getSubscription(bot.app.db, stays.id)!.state).toBe("active");
  });

  it("WHEN a user blocks the bot (kicked in a private chat) THEN their digests pause and /subscriptions shows why", async () => {
    const { id, client } = privateUser(3301);
    const s = subscribeDue(bot.app.db, `telegram:${id}`);
    bot.emu.injectUpdate(update({ id, type: "private", first_name: "User" }, { id, is_bot: false, first_name: "User" }, "member", "kicked"));
    await bot.emu.waitFor("paused", () => getSubscription(bot.app.db, s.id)!.state === "paused");
    expect(await say(client, id, "/subscriptions")).toMatch(new RegExp(`#${s.id} daily at .* — paused: the user blocked the bot \\(\\d{4}-\\d{2}-\\d{2}\\)`));
  });

  it("WHEN the bot is kicked from a channel THEN its digests pause", async () => {
    const channel = { id: -1003200003, type: "channel", title: "Gone News" };
    const s = subscribeDue(bot.app.db, `telegram:${channel.id}`);
    bot.emu.injectUpdate(update(channel, { id: 3202, is_bot: false, first_name: "Owner" }, "administrator", "kicked"));
    await bot.emu.waitFor("paused", () => getSubscription(bot.app.db, s.id)!.state === "paused");
    expect(getSubscription(bot.app.db, s.id)!.pausedReason).toMatch(/removed from the channel by Owner/);
  });
});
