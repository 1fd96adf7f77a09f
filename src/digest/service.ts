/**
 * What the digest commands ask of the core: subscribe (with its checks), list, unsubscribe, preview,
 * and pausing when a platform says a channel is gone. Platform specifics arrive through the adapter
 * contract (resolveTarget, checkCanPost), never by importing a platform library.
 */
import type { Db } from "../store/db.js";
import type { Adapter, ChannelGone } from "../core/adapter.js";
import { UserError } from "../core/errors.js";
import type { MessageDoc } from "../core/message.js";
import { describeActor, type ChannelRef, type Origin, type Platform } from "../core/origin.js";
import type { KnowledgeBase } from "../knowledge/base.js";
import { resolveFilter } from "../knowledge/present.js";
import type { Logger } from "../log.js";
import { composeDigest } from "./compose.js";
import { parseSubscribe } from "./parse.js";
import {
  addSubscription,
  listSubscriptions,
  MAX_SUBSCRIPTIONS_PER_CHANNEL,
  pauseChannel,
  pauseSpace,
  removeSubscriptions,
  resumeSubscriptions,
  SubscriptionLimitError,
  type Subscription,
} from "./store.js";

export class DigestService {
  constructor(
    private readonly db: Db,
    private readonly knowledge: KnowledgeBase,
    private readonly adapters: () => ReadonlyMap<Platform, Adapter>,
    private readonly log: Logger,
  ) {}

  async subscribe(origin: Origin, spec: string, now: number): Promise<{ subscription: Subscription; channelName: string }> {
    const parsed = parseSubscribe(spec);
    if (!parsed.ok) throw new UserError(parsed.error.code, parsed.error.message, parsed.error.hints);
    const req = parsed.value;
    if (req.topic) resolveFilter(this.knowledge, req.topic); // an unknown topic is refused now, not at 08:00

    const adapter = this.adapters().get(origin.platform);
    let channel: ChannelRef = origin.channel;
    let channelName = origin.channelName ?? "this chat";
    let space = origin.space;
    if (req.target) {
      if (!adapter?.resolveTarget) {
        throw new UserError("not-supported", "Subscribing another channel works on Telegram (/subscribe @channel …) and Discord (the channel option).");
      }
      const target = await adapter.resolveTarget(req.target, origin);
      if (!target.ok) throw new UserError("forbidden", target.reason);
      channel = target.channel;
      channelName = target.name;
      space = target.space ?? space;
    } else if (adapter?.checkCanPost) {
      const can = await adapter.checkCanPost(channel);
      if (!can.ok) throw new UserError("forbidden", can.reason);
    }
    try {
      const subscription = addSubscription(this.db, {
        channel,
        space,
        channelName,
        schedule: req.schedule,
        topic: req.topic,
        createdBy: describeActor(origin),
        createdAt: now,
        version: this.knowledge.current.version.id,
      });
      this.log.info({ channel, subscription: subscription.id }, "subscribed");
      return { subscription, channelName };
    } catch (err) {
      if (err instanceof SubscriptionLimitError) {
        throw new UserError("limit-reached", `This channel already has ${MAX_SUBSCRIPTIONS_PER_CHANNEL} subscriptions, the most it may hold.`, [
          "/subscriptions lists them; /unsubscribe <id> removes one.",
        ]);
      }
      throw err;
    }
  }

  list(channel: ChannelRef): Subscription[] {
    return listSubscriptions(this.db, channel);
  }

  unsubscribe(channel: ChannelRef, which: number | "all"): number {
    return removeSubscriptions(this.db, channel, which);
  }

  resume(channel: ChannelRef, which: number | "all", now: number): number {
    return resumeSubscriptions(this.db, channel, which, now);
  }

  preview(topic: string | undefined, channel: ChannelRef, now: number): MessageDoc {
    const latest = listSubscriptions(this.db, channel).find((s) => (s.topic ?? "") === (topic ?? ""));
    return composeDigest(this.db, this.knowledge, { topic, sinceVersion: latest?.lastVersion ?? this.knowledge.current.version.id, sinceAt: latest?.lastSentAt ?? latest?.createdAt ?? now }, now).doc;
  }

  /** A platform told us a channel or server is gone (kicked, deleted): pause its digests, keep the rows. */
  channelGone(event: ChannelGone): void {
    const paused = event.channel ? pauseChannel(this.db, event.channel, event.reason) : event.space ? pauseSpace(this.db, event.space, event.reason) : 0;
    if (paused) this.log.warn({ ...event, paused }, "digests paused");
  }
}
