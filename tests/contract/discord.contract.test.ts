/** The adapter contract against the real Discord adapter (discord.js Client) on the fake Discord. */
import { createDiscordAdapter } from "../../src/adapters/discord/index.js";
import { parseOptionsFromText } from "../../src/core/command.js";
import { findCommand, parseCommandLine } from "../../src/core/dispatcher.js";
import { silentLogger } from "../../src/core/log.js";
import { type ChannelRef, channelRef } from "../../src/core/origin.js";
import { DISCORD_EMBEDS_TOTAL_MAX } from "../../src/render/discord.js";
import { FakeDiscord, type FakeMessage, type FakeUser, makeUser, PERMS, snowflake } from "../helpers/discord-fake.js";
import { type ContractHarness, describeAdapterContract, type SeenMessage } from "./adapter-contract.js";

/** What the person sees: the content, then every embed's title, description, fields and footer. */
function seen(m: FakeMessage): SeenMessage {
  const embedTexts = m.embeds.flatMap((e) => [e.title, e.description, ...(e.fields ?? []).flatMap((f) => [f.name, f.value]), e.footer?.text]);
  const parts = [m.content, ...embedTexts].filter((t): t is string => t !== undefined && t !== "");
  // Discord's own count: 2000 for content; 6000 over the embeds' text fields together.
  const size = embedTexts.reduce((n, t) => n + (t?.length ?? 0), 0);
  return { text: parts.join("\n"), size: Math.max(size, m.content.length) };
}

describeAdapterContract("discord", async (commands): Promise<ContractHarness> => {
  const fake = await FakeDiscord.start();
  const adapter = createDiscordAdapter({
    config: { token: fake.token, appId: fake.appId, apiBase: fake.apiBase, adminIds: [] },
    log: silentLogger(),
    commands,
  });
  const person: FakeUser = { user: makeUser(snowflake(), "ada"), permissions: PERMS.member };

  const visible = (channelId: string) => fake.messages.filter((m) => m.channelId === channelId && !m.deleted && !m.thinking);

  let closing: Promise<void> | undefined;
  return {
    adapter,
    conversation: channelRef("discord", fake.dmChannelId),
    // #general lets the bot post (with embeds); #announcements denies it Send Messages (403, 50013).
    writableChannel: channelRef("discord", fake.guild.channels.general),
    forbiddenChannel: { channel: channelRef("discord", fake.guild.channels.locked), problem: /50013.*Missing Permissions/ },
    // Brief posts embeds wherever Embed Links is allowed, as in both channels here: their limit applies.
    maxMessageLength: DISCORD_EMBEDS_TOTAL_MAX,
    /** A slash command in the person's DM with the bot, its options read from the line as the command declares them. */
    async typeCommand(line, { replies = 1 } = {}) {
      const parsed = parseCommandLine(line);
      const def = parsed && findCommand(commands, parsed.name);
      if (!parsed || !def) throw new Error(`Discord offers only registered slash commands; "${line}" is not one`);
      const args = parseOptionsFromText(def, parsed.argText);
      if (!args.ok) throw new Error(`"${line}": ${args.error}`);
      const options = Object.fromEntries(Object.entries(args.value).filter((e): e is [string, string | number] => e[1] !== undefined));
      const id = fake.slash(person, def.name, options, "dm");
      return (await fake.answered(id, replies)).map((m) => seen(m).text);
    },
    messagesIn: (channel: ChannelRef) => {
      const id = channel.startsWith("discord:") ? channel.slice("discord:".length) : undefined;
      return id ? visible(id).map(seen) : [];
    },
    // Discord's side of a reply: the interaction callback, received and left unanswered.
    holdNextReply: () => fake.holdNext("POST", /^\/interactions\/\d+\/[^/]+\/callback$/),
    close: () =>
      (closing ??= (async () => {
        await adapter.stop();
        await fake.close();
      })()),
  };
});
