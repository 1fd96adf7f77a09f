/**
 * No request makes more than MAX_MESSAGES_PER_REPLY messages: a huge document is cut, its last message
 * saying so, on Telegram (replies and digests) and on Discord (interaction replies and digests), through
 * the real adapters and their local peers.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTelegramAdapter, type TelegramAdapter } from "../../src/adapters/telegram/index.js";
import { silentLogger } from "../../src/core/log.js";
import { type MessageDoc, para } from "../../src/core/message.js";
import { capParts, MAX_MESSAGES_PER_REPLY } from "../../src/render/reply-cap.js";
import { startHarness } from "../helpers/discord-harness.js";
import { type Emulator, startEmulator } from "../helpers/telegram-emulator.js";

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

  it(`GIVEN a reply that would take about 80 messages WHEN a user asks THEN ${MAX_MESSAGES_PER_REPLY} arrive, the last saying it was cut short`, async () => {
    const user = emu.client({ chatId: 5501, userId: 5501, type: "private" }, "5551:reply-cap-token");
    await user.sendCommand(user.makeCommand("/anything"));
    const got = await emu.waitForBotMessages(5501, MAX_MESSAGES_PER_REPLY);
    await user.sendCommand(user.makeCommand("/marker"));
    await emu.waitForBotMessages(5501, 2 * MAX_MESSAGES_PER_REPLY);
    expect(got.slice(0, MAX_MESSAGES_PER_REPLY).at(-1)!.message.text).toContain("cut short");
    expect(emu.botMessages(5501)).toHaveLength(2 * MAX_MESSAGES_PER_REPLY);
  });

  it("GIVEN a digest that would take about 80 messages WHEN sent THEN it takes the cap", async () => {
    const sent = await adapter.send("telegram:5502", HUGE);
    expect(sent).toMatchObject({ ok: true });
    expect(sent.ok && sent.messageIds).toHaveLength(MAX_MESSAGES_PER_REPLY);
  });
});

describe("Discord", () => {
  it("GIVEN an interaction whose answer would take many messages THEN it takes the cap, the last saying so; a digest too", async () => {
    const h = await startHarness({
      commands: [{ name: "help", description: "Help", usage: "/help", example: "/help", permission: "everyone", run: () => HUGE }],
      dispatch: async () => HUGE,
    });
    try {
      const id = h.fake.slash(h.alice, "help");
      const messages = await h.fake.answered(id, MAX_MESSAGES_PER_REPLY);
      expect(messages).toHaveLength(MAX_MESSAGES_PER_REPLY);
      expect(messages.at(-1)!.content).toContain("cut short");
      const sent = await h.adapter.send(`discord:${h.fake.guild.channels.general}`, HUGE);
      expect(sent.ok && sent.messageIds).toHaveLength(MAX_MESSAGES_PER_REPLY);
    } finally {
      await h.close();
    }
  });
});
