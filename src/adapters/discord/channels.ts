/**
 * Where digests may go. Discord says nothing about a missing permission until the first post fails, so
 * /subscribe checks up front (PLATFORM-NOTES: "Check the bot's own permissions in the target channel
 * (ViewChannel, SendMessages, EmbedLinks) at subscribe time") and resolves the channel option to a
 * channel of the same server that the person may manage.
 *
 * Permissions are computed by discord.js from the gateway cache (roles, overwrites and the bot's member
 * arrive with the Guilds intent); a channel not cached is fetched over REST.
 */
import { type Client, type GuildBasedChannel, PermissionFlagsBits } from "discord.js";
import type { TargetCheck } from "../../core/adapter.js";
import { type Locale, type T, translator } from "../../core/i18n.js";
import { type ChannelRef, channelRef, type Origin, parseChannelRef } from "../../core/origin.js";
import { DiscordErrorCode } from "./errors.js";

/** What Brief needs to post a digest. In a thread, SendMessagesInThreads stands in for SendMessages. */
export type PostPermission = "ViewChannel" | "SendMessages" | "SendMessagesInThreads" | "EmbedLinks";

export const POST_PERMISSIONS = ["ViewChannel", "SendMessages", "EmbedLinks"] as const satisfies readonly PostPermission[];

const EN = translator();

/** The names Discord's own settings screens use, in the person's language (catalogue: channels.discord.permissions). */
function permissionLabel(p: PostPermission, t: T): string {
  return t(`channels.discord.permissions.${p}`);
}

export type ChannelPermissionCheck = { ok: true } | { ok: false; missing: string[] };

/** What the bot can tell about a channel id. */
export type ChannelInspection =
  | { kind: "unreachable" }
  | { kind: "dm" }
  | { kind: "guild"; channel: GuildBasedChannel; needed: PostPermission[]; missing: PostPermission[] };

/** "a, b and c" (no serial comma: Discord's own lists have none), "a, b и c" in Russian. */
export function listWords(words: readonly string[], t: T = EN): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")}${t("common.and")}${words.at(-1)!}`;
}

/** "I need View Channel, Send Messages and Embed Links in #news; missing: Embed Links." */
export function missingPermissionsReason(where: string, needed: readonly PostPermission[], missing: readonly PostPermission[], t: T = EN): string {
  const label = (ps: readonly PostPermission[]) =>
    listWords(
      ps.map((p) => permissionLabel(p, t)),
      t,
    );
  return t("channels.discord.missing", { needed: label(needed), where, missing: label(missing) });
}

export function unreachableReason(where?: string, t: T = EN): string {
  const permissions = listWords(
    POST_PERMISSIONS.map((p) => permissionLabel(p, t)),
    t,
  );
  return t("channels.discord.unreachable", { where: where ?? t("channels.discord.thatChannel"), permissions });
}

/** A channel id from what /subscribe received: "discord:<id>" (the channel option), "<#id>" (a mention) or a bare id. */
export function targetChannelId(target: string): string | undefined {
  const t = target.trim();
  const m = /^(?:discord:(\d{5,25})|<#(\d{5,25})>|(\d{5,25}))$/.exec(t);
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

const UNREACHABLE_CODES = new Set<number>([DiscordErrorCode.UnknownChannel, DiscordErrorCode.MissingAccess, DiscordErrorCode.UnknownGuild]);

/** Never throws for a channel that is gone or hidden (unreachable); network trouble does throw. */
export async function inspectChannel(client: Client, channelId: string): Promise<ChannelInspection> {
  let channel: Awaited<ReturnType<Client["channels"]["fetch"]>>;
  try {
    channel = await client.channels.fetch(channelId);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (typeof code === "number" && UNREACHABLE_CODES.has(code)) return { kind: "unreachable" };
    throw err;
  }
  // null: a channel of a server the bot is not in.
  if (!channel) return { kind: "unreachable" };
  if (channel.isDMBased()) return { kind: "dm" };
  const me = channel.guild.members.me ?? (await channel.guild.members.fetchMe());
  const perms = channel.permissionsFor(me);
  const needed = POST_PERMISSIONS.map((p): PostPermission => (p === "SendMessages" && channel.isThread() ? "SendMessagesInThreads" : p));
  const missing = needed.filter((p) => !perms.has(PermissionFlagsBits[p]));
  return { kind: "guild", channel, needed, missing };
}

export async function checkChannelPermissions(client: Client, channelId: string): Promise<ChannelPermissionCheck> {
  const found = await inspectChannel(client, channelId);
  if (found.kind === "unreachable") return { ok: false, missing: ["ViewChannel"] };
  if (found.kind === "dm" || found.missing.length === 0) return { ok: true };
  return { ok: false, missing: found.missing };
}

/** Only channels that hold messages can take a digest (not categories, forums or media channels). */
function notTextReason(channel: GuildBasedChannel, t: T): string | undefined {
  return channel.isTextBased() ? undefined : t("channels.discord.notText", { where: `#${channel.name}` });
}

/** Whether Brief may post digests in this channel (the one /subscribe was typed in). DMs always allow it. */
export async function checkCanPost(client: Client, channel: ChannelRef, locale?: Locale): Promise<{ ok: true } | { ok: false; reason: string }> {
  const t = translator(locale);
  const ref = parseChannelRef(channel);
  if (ref?.platform !== "discord" || !/^\d{1,25}$/.test(ref.id)) return { ok: false, reason: t("channels.discord.cannotPostHere") };
  const found = await inspectChannel(client, ref.id);
  if (found.kind === "unreachable") return { ok: false, reason: unreachableReason(t("channels.discord.thisChannel"), t) };
  if (found.kind === "dm") return { ok: true };
  const where = `#${found.channel.name}`;
  const notText = notTextReason(found.channel, t);
  if (notText) return { ok: false, reason: notText };
  if (found.missing.length > 0) return { ok: false, reason: missingPermissionsReason(where, found.needed, found.missing, t) };
  return { ok: true };
}

/**
 * /subscribe channel:#news: the channel must be in the server the command came from, the person must be
 * able to manage it (Manage Channels or Manage Server there, as for /subscribe itself), and Brief must be
 * able to post in it.
 */
export async function resolveTarget(client: Client, target: string, origin: Origin): Promise<TargetCheck> {
  const t = translator(origin.locale);
  const id = targetChannelId(target);
  if (!id) return { ok: false, reason: t("channels.discord.useOption") };
  if (!origin.server) return { ok: false, reason: t("channels.discord.fromServer") };
  const found = await inspectChannel(client, id);
  if (found.kind === "unreachable") return { ok: false, reason: unreachableReason(undefined, t) };
  if (found.kind === "dm") return { ok: false, reason: t("channels.discord.dmChannel") };
  const { channel } = found;
  const where = `#${channel.name}`;
  if (channel.guildId !== origin.server) return { ok: false, reason: t("channels.discord.otherServer", { where, server: channel.guild.name }) };
  const notText = notTextReason(channel, t);
  if (notText) return { ok: false, reason: notText };
  if (!origin.isBotAdmin) {
    // The interaction put the member (with their roles) in the cache a moment ago; fetch only if it is gone.
    const member = channel.guild.members.cache.get(origin.user.id) ?? (await channel.guild.members.fetch(origin.user.id).catch(() => undefined));
    if (!member) return { ok: false, reason: t("channels.discord.cannotCheckYou", { where }) };
    const perms = channel.permissionsFor(member);
    const canManage = perms.has(PermissionFlagsBits.ViewChannel) && perms.any([PermissionFlagsBits.ManageChannels, PermissionFlagsBits.ManageGuild]);
    if (!canManage) return { ok: false, reason: t("channels.discord.needManage", { where }) };
  }
  if (found.missing.length > 0) return { ok: false, reason: missingPermissionsReason(where, found.needed, found.missing, t) };
  return { ok: true, channel: channelRef("discord", channel.id), name: where, server: channel.guildId };
}
