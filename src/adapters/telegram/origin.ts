/**
 * Telegram update → the platform-neutral Origin the dispatcher reads. Chat-admin checks ask
 * getChatAdministrators once per chat and cache the answer briefly (admins change rarely; every check
 * costing an API call would eat the per-chat rate limit).
 */
import type { Chat, User } from "grammy/types";
import { localeFromTag } from "../../core/i18n.js";
import type { Logger } from "../../core/log.js";
import { type ChatKind, channelRef, type Origin } from "../../core/origin.js";

export const ADMIN_CACHE_TTL_MS = 60_000;

/** Caches each chat's administrator ids for `ttlMs`; concurrent checks share one request; failures are not cached. */
export class ChatAdminCache {
  private readonly entries = new Map<string, { at: number; ids: Promise<ReadonlySet<string>> }>();

  constructor(
    private readonly fetchAdminIds: (chatId: number) => Promise<readonly (number | string)[]>,
    private readonly ttlMs = ADMIN_CACHE_TTL_MS,
    private readonly now: () => number = Date.now,
    private readonly maxChats = 1000,
  ) {}

  async isAdmin(chatId: number, userId: number | string): Promise<boolean> {
    const key = String(chatId);
    const t = this.now();
    let entry = this.entries.get(key);
    if (!entry || t - entry.at >= this.ttlMs) {
      if (this.entries.size >= this.maxChats) this.evict(t);
      const ids = this.fetchAdminIds(chatId).then((list) => new Set(list.map(String)));
      entry = { at: t, ids };
      this.entries.set(key, entry);
      ids.catch(() => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      });
    }
    return (await entry.ids).has(String(userId));
  }

  private evict(t: number): void {
    for (const [k, e] of this.entries) if (t - e.at >= this.ttlMs) this.entries.delete(k);
    // Still full of fresh entries: drop the oldest (Map keeps insertion order).
    while (this.entries.size >= this.maxChats) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
}

export function chatKindOf(chat: Pick<Chat, "type">): ChatKind {
  switch (chat.type) {
    case "private":
      return "private";
    case "channel":
      return "channel";
    default:
      return "group";
  }
}

/** "@channelname" or a chat id of five digits or more (shorter numbers are more likely a topic such as "137"). */
export function isTelegramChannelMention(word: string): boolean {
  return /^(@[A-Za-z][A-Za-z0-9_]{3,31}|-?\d{5,20})$/.test(word);
}

export function displayName(user: Pick<User, "first_name" | "last_name" | "username">): string {
  const full = [user.first_name, user.last_name].filter(Boolean).join(" ").trim();
  return full || user.username || "someone";
}

function chatTitle(chat: Chat): string | undefined {
  if ("title" in chat && chat.title) return chat.title;
  if ("username" in chat && chat.username) return `@${chat.username}`;
  return undefined;
}

export interface OriginSource {
  chat: Chat;
  from?: User;
  /** message.sender_chat: set for anonymous admins (= the chat itself) and posts on behalf of a channel. */
  senderChat?: Chat;
  /** A channel_post update: only the channel's admins can post, so the poster is an admin. */
  isChannelPost: boolean;
}

export interface OriginDeps {
  botAdminIds: ReadonlySet<string>;
  admins: ChatAdminCache;
  log: Logger;
  /** The bot's username, for deep links in replies. */
  botUsername?: string;
}

export function originFrom(src: OriginSource, deps: OriginDeps): Origin {
  const { chat, from, senderChat, isChannelPost } = src;
  const chatKind = chatKindOf(chat);
  const anonymousAdmin = senderChat !== undefined && senderChat.id === chat.id;
  // A message sent on behalf of a chat (anonymous admin, linked channel) carries a placeholder bot in `from`
  // (GroupAnonymousBot, Channel_Bot) shared by everyone: the sender chat is the real author.
  const isPerson = from !== undefined && senderChat === undefined && !isChannelPost;
  const userId = isPerson ? from!.id : (senderChat?.id ?? chat.id);
  const name = isPerson ? displayName(from!) : ((senderChat && chatTitle(senderChat)) ?? chatTitle(chat) ?? "admin");
  let cached: Promise<boolean> | undefined;

  return {
    platform: "telegram",
    channel: channelRef("telegram", chat.id),
    chatKind,
    user: { id: String(userId), name },
    isBotAdmin: isPerson && deps.botAdminIds.has(String(from!.id)),
    channelName: chatTitle(chat),
    isChannelMention: isTelegramChannelMention,
    // The person's app language; a channel post carries none (English, the channel's default here).
    locale: localeFromTag(isPerson ? from!.language_code : undefined),
    ...(deps.botUsername ? { botUsername: deps.botUsername } : {}),
    isChatAdmin(): Promise<boolean> {
      if (chatKind === "private" || isChannelPost || anonymousAdmin) return Promise.resolve(true);
      if (!isPerson) return Promise.resolve(false);
      cached ??= deps.admins.isAdmin(chat.id, from!.id).catch((err: unknown) => {
        deps.log.warn({ err, chat: chat.id }, "telegram: getChatAdministrators failed; treating the user as a non-admin");
        return false;
      });
      return cached;
    },
  };
}
