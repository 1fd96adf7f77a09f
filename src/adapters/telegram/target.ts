/**
 * `/subscribe @channel …` (or a numeric chat id) on Telegram: find the chat, check that the person asking
 * administers it and that the bot can post there, and say plainly what is missing when it cannot.
 *
 * Telegram rules (core.telegram.org/bots/api#getchat, #getchatadministrators, #chatmemberadministrator):
 * - getChat accepts "@username" for public channels and supergroups; private ones need the numeric id
 *   (-100…). "chat not found" also means "I'm not in it" for private chats.
 * - In a channel only admins post: the bot must be an administrator with can_post_messages.
 * - In a group the bot only has to be a member allowed to send (restricted members carry can_send_messages).
 * - For a channel the bot is not in, getChatAdministrators fails (403 "bot is not a member", or 400
 *   "member list is inaccessible"): that also means "add me as an admin".
 * Fresh API calls, not the admin cache: someone who just promoted the bot and tries again must see it.
 */
import type { Api } from "grammy";
import type { ChatFullInfo, ChatMember } from "grammy/types";
import type { TargetCheck } from "../../core/adapter.js";
import { type T, translator } from "../../core/i18n.js";
import type { Logger } from "../../core/log.js";
import { channelRef, type Origin, parseChannelRef } from "../../core/origin.js";
import { classifyTelegramError } from "./errors.js";
import { toChatId } from "./send.js";

/** Why a chat cannot take digests, in the language of the person subscribing (catalogue: channels.telegram). */
export function targetText(t: T = translator()) {
  const say = (key: string, vars: Record<string, string>) => t(`channels.telegram.${key}`, vars);
  return {
    notTelegram: (target: string) => say("notTelegram", { target }),
    notFound: (target: string) => say("notFound", { target }),
    privateChat: (name: string) => say("privateChat", { name }),
    botNotChannelAdmin: (name: string) => say("botNotChannelAdmin", { name }),
    botCannotPost: (name: string) => say("botCannotPost", { name }),
    botNotMember: (name: string) => say("botNotMember", { name }),
    botRestricted: (name: string) => say("botRestricted", { name }),
    userNotAdmin: (name: string) => say("userNotAdmin", { name }),
    anonymous: (name: string) => say("anonymous", { name }),
    unavailable: (name: string, detail: string) => say("unavailable", { name, detail }),
  };
}
type TargetText = ReturnType<typeof targetText>;

/** The English wording, as tests and logs compare it. */
export const TARGET_TEXT = targetText();

export interface TargetDeps {
  api: Api;
  /** The bot's own user id (getMe). */
  botId(): Promise<number>;
  log: Logger;
}

/** "@Name", "-1001234", "telegram:-1001234" → what getChat takes; undefined if it is none of those. */
export function parseTelegramTarget(target: string): number | string | undefined {
  const t = target.trim();
  if (/^@[A-Za-z][A-Za-z0-9_]{3,31}$/.test(t)) return t;
  const ref = parseChannelRef(t);
  const id = ref ? (ref.platform === "telegram" ? ref.id : undefined) : t;
  if (id === undefined || !/^-?\d{1,16}$/.test(id)) return undefined;
  const chatId = toChatId(id);
  return typeof chatId === "number" ? chatId : undefined;
}

function nameOf(chat: ChatFullInfo, fallback: string): string {
  if ("username" in chat && chat.username) return `@${chat.username}`;
  if ("title" in chat && chat.title) return chat.title;
  return fallback;
}

/** A failed call as a reason for the person; `permanent` failures get `whenGone`. */
function explain(err: unknown, name: string, whenGone: string, deps: TargetDeps, step: string, text: TargetText): { ok: false; reason: string } {
  const failure = classifyTelegramError(err);
  deps.log.info({ step, target: name, kind: failure.kind, detail: failure.detail }, "telegram: /subscribe target check failed");
  if (failure.kind === "permanent" || /member list is inaccessible|not a member/i.test(failure.detail)) return { ok: false, reason: whenGone };
  return { ok: false, reason: text.unavailable(name, failure.detail) };
}

function botCanPost(kind: "channel" | "group", member: ChatMember | undefined, name: string, text: TargetText): { ok: true } | { ok: false; reason: string } {
  if (kind === "channel") {
    if (!member || (member.status !== "administrator" && member.status !== "creator")) return { ok: false, reason: text.botNotChannelAdmin(name) };
    if (member.status === "administrator" && member.can_post_messages !== true) return { ok: false, reason: text.botCannotPost(name) };
    return { ok: true };
  }
  if (!member || member.status === "left" || member.status === "kicked") return { ok: false, reason: text.botNotMember(name) };
  if (member.status === "restricted") {
    if (!member.is_member) return { ok: false, reason: text.botNotMember(name) };
    if (!member.can_send_messages) return { ok: false, reason: text.botRestricted(name) };
  }
  return { ok: true };
}

export async function resolveTelegramTarget(target: string, origin: Origin, deps: TargetDeps): Promise<TargetCheck> {
  const text = targetText(translator(origin.locale));
  const chatId = parseTelegramTarget(target);
  if (chatId === undefined) return { ok: false, reason: text.notTelegram(target) };
  const label = typeof chatId === "string" ? chatId : String(chatId);

  let chat: ChatFullInfo;
  try {
    chat = await deps.api.getChat(chatId);
  } catch (err) {
    return explain(err, label, text.notFound(label), deps, "getChat", text);
  }
  const name = nameOf(chat, label);
  if (chat.type === "private") return { ok: false, reason: text.privateChat(name) };
  const kind = chat.type === "channel" ? "channel" : "group";
  const sameChat = origin.platform === "telegram" && origin.channel === channelRef("telegram", chat.id);
  // Only a person can be checked against the admin list; a chat posting (anonymous admin, a channel) cannot.
  const personId = /^\d+$/.test(origin.user.id) ? Number(origin.user.id) : undefined;
  if (!sameChat && personId === undefined) return { ok: false, reason: text.anonymous(name) };

  let admins: ChatMember[];
  try {
    admins = await deps.api.getChatAdministrators(chat.id);
  } catch (err) {
    return explain(err, name, kind === "channel" ? text.botNotChannelAdmin(name) : text.botNotMember(name), deps, "getChatAdministrators", text);
  }

  const userIsAdmin = sameChat ? await origin.isChatAdmin() : admins.some((m) => m.user.id === personId);
  if (!userIsAdmin) return { ok: false, reason: text.userNotAdmin(name) };

  let botId: number;
  let me: ChatMember | undefined;
  try {
    botId = await deps.botId();
    me = admins.find((m) => m.user.id === botId);
    // In a group the bot need not be an admin: ask for its own membership.
    if (!me && kind === "group") me = await deps.api.getChatMember(chat.id, botId);
  } catch (err) {
    return explain(err, name, kind === "channel" ? text.botNotChannelAdmin(name) : text.botNotMember(name), deps, "getChatMember", text);
  }
  const can = botCanPost(kind, me, name, text);
  if (!can.ok) return can;
  return { ok: true, channel: channelRef("telegram", chat.id), name };
}
