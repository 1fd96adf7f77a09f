/** Interaction → Origin: who asked, where, and whether they may run admin commands. */
import { type Interaction, InteractionContextType, PermissionFlagsBits } from "discord.js";
import { localeFromTag } from "../../core/i18n.js";
import { channelRef, type Origin } from "../../core/origin.js";

/** The person's name as the server shows it: server nickname, then display name, then username. */
function displayName(interaction: Interaction): string {
  const member = interaction.member;
  if (member) {
    if ("displayName" in member && typeof member.displayName === "string") return member.displayName;
    if ("nick" in member && member.nick) return member.nick;
  }
  return interaction.user.globalName ?? interaction.user.username;
}

export function originFromInteraction(interaction: Interaction, adminIds: readonly string[]): Origin {
  const inGuild = interaction.guildId !== null;
  const channelId = interaction.channelId ?? `dm-${interaction.user.id}`;
  const channel = interaction.channel;
  const channelName = channel && "name" in channel && typeof channel.name === "string" ? `#${channel.name}` : undefined;
  return {
    platform: "discord",
    channel: channelRef("discord", channelId),
    // A DM with the bot is the person's own conversation; a group DM (if ever enabled) is a group.
    chatKind: inGuild || interaction.context === InteractionContextType.PrivateChannel ? "group" : "private",
    user: { id: interaction.user.id, name: displayName(interaction) },
    isBotAdmin: adminIds.includes(interaction.user.id),
    // The person's Discord client language ("ru", "en-US"), not the server's.
    locale: localeFromTag(interaction.locale),
    // memberPermissions is resolved in the channel by Discord itself; Administrator implies both.
    isChatAdmin: async () => interaction.memberPermissions?.any([PermissionFlagsBits.ManageGuild, PermissionFlagsBits.ManageChannels]) ?? false,
    ...(channelName ? { channelName } : {}),
    // A channel mention typed as text ("<#id>"); the channel option arrives as "discord:<id>" instead.
    isChannelMention: (word) => /^<#\d{5,25}>$/.test(word),
    // The server, so digests can pause when Brief leaves it (GUILD_DELETE). DMs have none.
    ...(interaction.guildId ? { server: interaction.guildId } : {}),
  };
}
