/** The adapter contract against the real Telegram adapter (grammY, long polling) on telegram-test-api. */
import { createTelegramAdapter } from "../../src/adapters/telegram/index.js";
import { silentLogger } from "../../src/core/log.js";
import { type ChannelRef, channelRef, parseChannelRef } from "../../src/core/origin.js";
import { TELEGRAM_MAX_MESSAGE_LENGTH } from "../../src/render/telegram-html.js";
import { startEmulator } from "../helpers/telegram-emulator.js";
import { telegramHtmlToText } from "../helpers/telegram-html.js";
import { type ContractHarness, describeAdapterContract, type SeenMessage } from "./adapter-contract.js";

/** The person's private chat with the bot, a channel the bot posts in, and a user who blocked the bot. */
const PERSON = 7101;
const NEWS_CHANNEL = -1007102;
const BLOCKED_USER = 7103;

describeAdapterContract("telegram", async (commands): Promise<ContractHarness> => {
  const emu = await startEmulator();
  emu.refuseChat(BLOCKED_USER); // 403 "Forbidden: bot was blocked by the user", as Telegram answers
  const adapter = createTelegramAdapter({
    config: { token: emu.token, apiRoot: emu.apiRoot, adminIds: [] },
    log: silentLogger(),
    commands,
    rateLimit: { capacity: 100, refillPerSecond: 100 },
    pollingThrottleMs: 30,
  });
  const person = emu.client({ chatId: PERSON, userId: PERSON, type: "private", firstName: "Ada" });

  // The emulator forgets its messages when it stops: close() keeps what had arrived.
  let kept: ReturnType<typeof emu.botMessages> | undefined;
  const messagesIn = (channel: ChannelRef): SeenMessage[] => {
    const ref = parseChannelRef(channel);
    if (ref?.platform !== "telegram") return [];
    const stored = kept ?? emu.botMessages();
    return stored
      .filter((m) => String(m.message.chat_id) === ref.id)
      .map((m) => {
        // What the person sees: Telegram counts its limit on this text, after the HTML is parsed.
        const text = telegramHtmlToText(m.message.text);
        return { text, size: text.length };
      });
  };

  let closing: Promise<void> | undefined;
  return {
    adapter,
    conversation: channelRef("telegram", PERSON),
    writableChannel: channelRef("telegram", NEWS_CHANNEL),
    forbiddenChannel: { channel: channelRef("telegram", BLOCKED_USER), problem: /403.*bot was blocked by the user/ },
    maxMessageLength: TELEGRAM_MAX_MESSAGE_LENGTH,
    async typeCommand(line, { replies = 1 } = {}) {
      const before = emu.botMessages(PERSON).length;
      await (line.startsWith("/") ? person.sendCommand(person.makeCommand(line)) : person.sendMessage(person.makeMessage(line)));
      const all = await emu.waitForBotMessages(PERSON, before + replies);
      return all.slice(before).map((m) => telegramHtmlToText(m.message.text));
    },
    messagesIn,
    // Telegram's side of a reply: the sendMessage call, received and left unanswered.
    holdNextReply: () => emu.holdNext("sendMessage"),
    close: () =>
      (closing ??= (async () => {
        await adapter.stop();
        kept = [...emu.botMessages()];
        await emu.stop();
      })()),
  };
});
