/** The pure parts of Discord's digest support: gateway deletions, /subscribe targets, reasons people read. */
import { DiscordAPIError } from "discord.js";
import { describe, expect, it } from "vitest";
import { listWords, missingPermissionsReason, targetChannelId, unreachableReason } from "../../src/adapters/discord/channels.js";
import { classifySendError } from "../../src/adapters/discord/errors.js";
import { channelGoneFrom } from "../../src/adapters/discord/gone.js";
import { translator } from "../../src/core/i18n.js";

describe("gateway dispatches that pause digests", () => {
  const names = (id: string) => (id === "111111111111111111" ? "Steppe Watch" : undefined);

  it("GIVEN GUILD_DELETE without unavailable THEN the whole server is gone, named when known", () => {
    expect(channelGoneFrom({ t: "GUILD_DELETE", d: { id: "111111111111111111" } }, names)).toEqual({
      server: "111111111111111111",
      reason: "Brief was removed from the server “Steppe Watch”, or the server was deleted.",
    });
    expect(channelGoneFrom({ t: "GUILD_DELETE", d: { id: "222222222222222222" } }, names)).toEqual({
      server: "222222222222222222",
      reason: "Brief was removed from the server, or the server was deleted.",
    });
  });

  it("GIVEN GUILD_DELETE with unavailable: true (an outage) THEN nothing is gone", () => {
    expect(channelGoneFrom({ t: "GUILD_DELETE", d: { id: "111111111111111111", unavailable: true } }, names)).toBeUndefined();
  });

  it("GIVEN CHANNEL_DELETE or THREAD_DELETE THEN that channel is gone", () => {
    expect(channelGoneFrom({ t: "CHANNEL_DELETE", d: { id: "333333333333333333", name: "news", guild_id: "1", type: 0 } })).toEqual({
      channel: "discord:333333333333333333",
      reason: "The channel #news was deleted.",
    });
    expect(channelGoneFrom({ t: "THREAD_DELETE", d: { id: "444444444444444444", guild_id: "1", parent_id: "3", type: 11 } })).toEqual({
      channel: "discord:444444444444444444",
      reason: "The thread was deleted.",
    });
  });

  it("GIVEN other dispatches or malformed data THEN nothing is gone", () => {
    expect(channelGoneFrom({ t: "CHANNEL_UPDATE", d: { id: "333333333333333333" } })).toBeUndefined();
    expect(channelGoneFrom({ t: "GUILD_DELETE", d: null })).toBeUndefined();
    expect(channelGoneFrom({ t: "CHANNEL_DELETE", d: { id: "../etc" } })).toBeUndefined();
    expect(channelGoneFrom({ t: null, d: undefined })).toBeUndefined();
  });
});

describe("/subscribe targets and reasons", () => {
  it("GIVEN the channel option's ChannelRef, a mention or a bare id THEN the channel id comes out; anything else is not a Discord channel", () => {
    expect(targetChannelId("discord:1290000000000000001")).toBe("1290000000000000001");
    expect(targetChannelId("<#1290000000000000001>")).toBe("1290000000000000001");
    expect(targetChannelId("1290000000000000001")).toBe("1290000000000000001");
    expect(targetChannelId("telegram:-100123456")).toBeUndefined();
    expect(targetChannelId("@channel")).toBeUndefined();
    expect(targetChannelId("discord:abc")).toBeUndefined();
  });

  it("GIVEN missing permissions THEN the reason names what is needed and what is missing in Discord's words", () => {
    expect(missingPermissionsReason("#news", ["ViewChannel", "SendMessages", "EmbedLinks"], ["EmbedLinks"])).toMatch(
      /^I need View Channel, Send Messages and Embed Links in #news; missing: Embed Links\. /,
    );
    expect(missingPermissionsReason("#t", ["ViewChannel", "SendMessagesInThreads", "EmbedLinks"], ["SendMessagesInThreads", "EmbedLinks"])).toContain(
      "missing: Send Messages in Threads and Embed Links.",
    );
    expect(unreachableReason()).toContain("I cannot see that channel. I need View Channel, Send Messages and Embed Links there");
    expect(listWords([])).toBe("");
    expect(listWords(["a"])).toBe("a");
    expect(listWords(["a", "b", "c"])).toBe("a, b and c");
  });

  it("GIVEN a Russian-speaking moderator THEN the reason is in Russian, the permissions in the words of Discord's Russian settings", () => {
    const ru = translator("ru");
    expect(missingPermissionsReason("#news", ["ViewChannel", "SendMessages", "EmbedLinks"], ["EmbedLinks"], ru)).toBe(
      "Мне нужны права «Просматривать каналы», «Отправлять сообщения» и «Встраивать ссылки» в #news; не хватает: «Встраивать ссылки». Администратор сервера может выдать их Brief в настройках прав канала.",
    );
    expect(unreachableReason(undefined, ru)).toMatch(/^Я не вижу тот канал\. /);
  });

  it("GIVEN a permanent send failure THEN the detail (shown as the pause reason) explains it before Discord's words", () => {
    const err = new DiscordAPIError({ code: 50013, message: "Missing Permissions" }, 50013, 403, "POST", "https://discord.com/api/v10/channels/1/messages", {
      body: undefined,
      files: undefined,
    });
    const result = classifySendError(err);
    expect(result).toMatchObject({ kind: "permanent" });
    expect(result.detail).toBe(
      "Brief may not post here: it needs View Channel, Send Messages and Embed Links (Discord: HTTP 403, code 50013: Missing Permissions)",
    );
  });
});
