/**
 * The platform limits the renderers declare are the platforms' own (docs: /work/shared/PLATFORM-NOTES.md,
 * core.telegram.org/bots/api#formatting-options, discord.com/developers/docs/resources/message#embed-object-embed-limits):
 * a limit edited by mistake fails here, not in a chat.
 */
import { describe, expect, it } from "vitest";
import { DISCORD_LIMITS } from "../../src/render/discord.js";
import { TELEGRAM_ALLOWED_TAGS, TELEGRAM_MAX_MESSAGE_LENGTH } from "../../src/render/telegram-html.js";

describe("declared platform limits", () => {
  it("GIVEN Telegram's HTML parse mode THEN the renderer allows exactly its tags, and 4096 characters a message", () => {
    expect([...TELEGRAM_ALLOWED_TAGS].sort()).toEqual(["a", "b", "blockquote", "code", "i", "pre", "s", "tg-spoiler", "u"]);
    expect(TELEGRAM_MAX_MESSAGE_LENGTH).toBe(4096);
  });

  it("GIVEN Discord's embed limits THEN the renderer declares them as Discord documents them", () => {
    expect(DISCORD_LIMITS).toEqual({
      title: 256,
      description: 4096,
      fields: 25,
      fieldName: 256,
      fieldValue: 1024,
      footer: 2048,
      total: 6000,
      embedsPerMessage: 10,
      content: 2000,
    });
  });
});
