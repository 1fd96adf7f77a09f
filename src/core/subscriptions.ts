/**
 * What the digest commands ask of the subscriptions feature (src/digest implements it): subscribe a
 * channel, list, stop, resume and preview its digests. Declared here so commands need no feature import.
 */
import type { Locale } from "./i18n.js";
import type { MessageDoc } from "./message.js";
import type { ChannelRef, Origin } from "./origin.js";

export interface Schedule {
  kind: "daily" | "weekly";
  /** 0 = Sunday … 6 = Saturday; weekly only. */
  weekday?: number;
  hour: number;
  minute: number;
  /** An IANA time zone. */
  tz: string;
}

export const WEEKDAY_NAMES = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;

/**
 * "scheduled": a digest at every slot; "new-only": a digest at a slot only when something is new since the
 * last one; "follow": no schedule, a message whenever new articles arrive (paced like digests).
 */
export type DeliveryMode = "scheduled" | "new-only" | "follow";

export interface Subscription {
  id: number;
  channel: ChannelRef;
  /** The server the channel belongs to (a Discord guild), so leaving a server pauses its digests. */
  server?: string;
  channelName?: string;
  schedule: Schedule;
  mode: DeliveryMode;
  topic?: string;
  state: "active" | "paused";
  pausedReason?: string;
  createdBy: string;
  createdAt: number;
  lastSlot?: number;
  lastVersion?: number;
  lastSentAt?: number;
}

export interface SubscribeRequest {
  schedule: Schedule;
  /** Default "scheduled". */
  mode?: DeliveryMode;
  topic?: string;
  /** A channel other than this chat, as the person named it (the adapter resolves it). */
  target?: string;
}

export interface SubscriptionService {
  /** Checks the target and the bot's rights there, then adds the subscription. Throws UserError when refused. */
  subscribe(origin: Origin, request: SubscribeRequest, now: number): Promise<{ subscription: Subscription; channelName: string }>;
  list(channel: ChannelRef): Subscription[];
  unsubscribe(channel: ChannelRef, which: number | "all"): number;
  resume(channel: ChannelRef, which: number | "all", now: number): number;
  /** The digest this channel would get now for this topic, in `locale`. */
  preview(topic: string | undefined, channel: ChannelRef, now: number, locale?: Locale): MessageDoc;
  /** When the subscription's next digest is due (ms). */
  nextDelivery(subscription: Subscription, now: number): number;
}

export interface DigestInput {
  topic?: string;
  /** Knowledge version of the last digest delivered (or of subscribing); undefined: everything is new. */
  sinceVersion?: number;
  /** When that was, for "no new developments since …". */
  sinceAt?: number;
  /** The reader's language (a /digest preview); scheduled digests are composed in English. */
  locale?: Locale;
  /** Only what is new, without the standing brief (a "follow" subscription's message). */
  newOnly?: boolean;
}

/**
 * Composes a digest (src/present does); the digest worker sends what it returns. `news` counts the new
 * items listed, so a "new-only" or "follow" subscription is not sent one with none.
 */
export type DigestComposer = (input: DigestInput, now: number) => { doc: MessageDoc; version: number; news: number };
