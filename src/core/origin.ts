/** Where a command came from: filled in by an adapter, read by the dispatcher and commands. */
import type { Locale } from "./i18n.js";

export type Platform = "telegram" | "discord" | "console";

/** Ids are strings: Discord snowflakes exceed 2^53. Example: "telegram:-1001234", "discord:1180…". */
export type ChannelRef = `${Platform}:${string}`;

export type ChatKind = "private" | "group" | "channel";

export interface Origin {
  platform: Platform;
  channel: ChannelRef;
  chatKind: ChatKind;
  user: { id: string; name: string };
  /** Listed in the platform's admin ids (or the console user). */
  isBotAdmin: boolean;
  /** Asked lazily: on Telegram this costs an API call (cached by the adapter). */
  isChatAdmin(): Promise<boolean>;
  /** The platform's name for the channel, when the adapter knows it (for messages to people). */
  channelName?: string;
  /** The server the channel belongs to (Discord guild id), so leaving a server can pause its digests. */
  server?: string;
  /**
   * Whether a word names another channel in this platform's own syntax (Telegram "@channel" or a chat id,
   * Discord "<#id>"), as `/subscribe` reads it. Platform rules stay with the adapter that sets this.
   */
  isChannelMention?(word: string): boolean;
  /** The interface language for this person (Telegram language_code, Discord locale); English when unknown. */
  locale?: Locale;
  /** Telegram's bot username, so replies can carry deep links (t.me/<bot>?start=…) back to the bot. */
  botUsername?: string;
}

/** How an action's author is named in the audit log and on subscriptions: "telegram:42 (Ada)". */
export function describeActor(origin: Pick<Origin, "platform" | "user">): string {
  return `${origin.platform}:${origin.user.id} (${origin.user.name})`;
}

export function channelRef(platform: Platform, id: string | number): ChannelRef {
  return `${platform}:${String(id)}`;
}

export function parseChannelRef(ref: string): { platform: Platform; id: string } | undefined {
  const m = /^(telegram|discord|console):(.+)$/.exec(ref);
  return m ? { platform: m[1] as Platform, id: m[2]! } : undefined;
}
