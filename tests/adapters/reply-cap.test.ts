/**
 * No request makes more than MAX_MESSAGES_PER_REPLY messages. A reply to a person is one message anyway
 * (its first screen, the rest behind More ▶), however long the document; a digest, sent whole as several
 * messages, is cut, its last message saying so. On Telegram and on Discord, through the real adapters and
 * their local peers.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTelegramAdapter, type TelegramAdapter } from "../../src/adapters/telegram/index.js";
import { silentLogger } from "../../src/core/log.js";
import { type MessageDoc, para } from "../../src/core/message.js";
import { DISCORD_SCREEN_BUDGET } from "../../src/render/discord.js";
import { capParts, MAX_MESSAGES_PER_REPLY } from "../../src/render/reply-cap.js";
import { TELEGRAM_SCREEN_BUDGET } from "../../src/render/telegram-html.js";
import { isEphemeral } from "../helpers/discord-fake.js";
import { startHarness } from "../helpers/discord-harness.js";
import { type Emulator, startEmulator } from "../helpers/telegram-emulator.js";
import { telegramHtmlToText } from "../helpers/telegram-html.js";

/** About 80 Telegram messages' worth of text. */
const HUGE: MessageDoc = {
  blocks: Array.from({ length: 80 }, (_, i) => para(`Paragraph ${i}: ${"lorem ipsum dolor sit amet ".repeat(150)}`)),
  citations: [],
};

describe("capParts", () => {
  it("GIVEN parts within the cap THEN all are kept; GIVEN more THEN the first cap-1 and a notice", () => {
    expect(capParts([1, 2, 3], () => 0, 3)).toEqual([1, 2, 3]);
    expect(capParts([1, 2, 3, 4, 5], (t) => (t.includes("cut short") ? -1 : 0), 3)).toEqual([1, 2, -1]);
  });
});

describe("Telegram", () => {
  let emu: Emulator;
  let adapter: TelegramAdapter;
  beforeAll(async () => {
    emu = await startEmulator();
    adapter = createTelegramAdapter({
      config: { token: "5551:reply-cap-token", apiRoot: emu.apiRoot, adminIds: [] },
      log: silentLogger(),
      commands: [],
      pollingThrottleMs: 30,
    });
    await adapter.start(async () => HUGE);
  });
  afterAll(async () => {
    await adapter.stop();
    await emu.stop();
  });

  it("GIVEN a reply that would take about 80 messages WHEN a user asks THEN one message arrives: a phone screen, and More ▶ for the rest", async () => {
    const user = emu.client({ chatId: 5501, userId: 5501, type: "private" }, "5551:reply-cap-token");
    await user.sendCommand(user.makeCommand("/anything"));
    const [first] = await emu.waitForBotMessages(5501, 1);
    // Updates are handled one at a time: once the marker is answered, nothing more of the first reply can follow.
    await user.sendCommand(user.makeCommand("/marker"));
    await emu.waitForBotMessages(5501, 2);
    expect(emu.botMessages(5501)).toHaveLength(2);
    expect(telegramHtmlToText(first!.message.text).length).toBeLessThanOrEqual(TELEGRAM_SCREEN_BUDGET);
    const keyboard = (first!.message.reply_markup as { inline_keyboard: { text: string }[][] }).inline_keyboard.flat();
    expect(keyboard.map((b) => b.text)).toContain("More ▶");
  });

  it("GIVEN a digest that would take about 80 messages WHEN sent THEN it takes the cap", async () => {
    const sent = await adapter.send("telegram:5502", HUGE);
    expect(sent).toMatchObject({ ok: true });
    expect(sent.ok && sent.messageIds).toHaveLength(MAX_MESSAGES_PER_REPLY);
  });
});

describe("Discord", () => {
  it("GIVEN an interaction whose answer would take many messages THEN it is one message with More ▶; a digest takes the cap, the last saying so", async () => {
    const h = await startHarness({
      commands: [{ name: "help", description: "Help", usage: "/help", example: "/help", permission: "everyone", run: () => HUGE }],
      dispatch: async () => HUGE,
    });
    try {
      const id = h.fake.slash(h.alice, "help");
      const [reply] = await h.fake.answered(id);
      expect(h.fake.messagesOf(id)).toHaveLength(1);
      expect(isEphemeral(reply!)).toBe(false);
      expect(reply!.embeds).toHaveLength(1);
      expect(reply!.embeds[0]!.description!.length).toBeLessThanOrEqual(DISCORD_SCREEN_BUDGET);
      const labels = reply!.components.flatMap((row) => row.components.map((b) => ("label" in b ? b.label : "")));
      expect(labels).toContain("More ▶");
      const sent = await h.adapter.send(`discord:${h.fake.guild.channels.general}`, HUGE);
      expect(sent.ok && sent.messageIds).toHaveLength(MAX_MESSAGES_PER_REPLY);
      const posted = h.fake.messages.filter((m) => m.kind === "channel");
      expect(posted.at(-1)!.content).toContain("cut short");
    } finally {
      await h.close();
    }
  });
});
