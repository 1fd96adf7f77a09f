/**
 * The subscriptions feature behind the digest commands: subscribe (with its checks), list, unsubscribe,
 * resume, preview, and pausing when a platform says a channel is gone. Platform specifics arrive through
 * the adapter contract (resolveTarget, checkCanPost), never by importing a platform library.
 */
import type { Adapter, ChannelGone } from "../core/adapter.js";
import { UserError } from "../core/errors.js";
import { type Locale, translator } from "../core/i18n.js";
import type { Logger } from "../core/log.js";
import type { MessageDoc } from "../core/message.js";
import { type ChannelRef, describeActor, type Origin, type Platform } from "../core/origin.js";
import type { DigestComposer, SubscribeRequest, Subscription, SubscriptionService } from "../core/subscriptions.js";
import type { Db } from "../store/db.js";
import { nextSlot } from "./schedule.js";
import {
  addSubscription,
  listSubscriptions,
  MAX_SUBSCRIPTIONS_PER_CHANNEL,
  pauseChannel,
  pauseServer,
  removeSubscriptions,
  resumeSubscriptions,
  SubscriptionLimitError,
} from "./subscription-table.js";

export interface DigestServiceOptions {
  db: Db;
  /** The live knowledge version, recorded on a new subscription so its first digest knows what is new. */
  knowledgeVersion: () => number;
  compose: DigestComposer;
  adapters: () => ReadonlyMap<Platform, Adapter>;
  log: Logger;
}

export class DigestService implements SubscriptionService {
  constructor(private readonly options: DigestServiceOptions) {}

  async subscribe(origin: Origin, request: SubscribeRequest, now: number): Promise<{ subscription: Subscription; channelName: string }> {
    const { db, log } = this.options;
    // Refusals are replies to the person who asked: in their language (the adapters' reasons too).
    const t = translator(origin.locale);
    const adapter = this.options.adapters().get(origin.platform);
    let channel: ChannelRef = origin.channel;
    // Stored only as the platform gave it (`brief digest status` shows it); the reply may say "this chat".
    let storedName = origin.channelName;
    let server = origin.server;
    if (request.target) {
      if (!adapter?.resolveTarget) {
        throw new UserError("not-supported", t("commands.subscribe.notTelegramOrDiscord"));
      }
      const target = await adapter.resolveTarget(request.target, origin);
      if (!target.ok) throw new UserError("forbidden", target.reason);
      channel = target.channel;
      storedName = target.name;
      server = target.server ?? server;
    } else if (adapter?.checkCanPost) {
      const can = await adapter.checkCanPost(channel, origin.locale);
      if (!can.ok) throw new UserError("forbidden", can.reason);
    }
    try {
      const subscription = addSubscription(db, {
        channel,
        server,
        channelName: storedName,
        schedule: request.schedule,
        mode: request.mode,
        topic: request.topic,
        createdBy: describeActor(origin),
        createdAt: now,
        version: this.options.knowledgeVersion(),
      });
      log.info({ channel, subscription: subscription.id }, "subscribed");
      return { subscription, channelName: storedName ?? t("commands.subscribe.thisChat") };
    } catch (err) {
      if (err instanceof SubscriptionLimitError) {
        throw new UserError("limit-reached", t("commands.subscribe.limit", { max: MAX_SUBSCRIPTIONS_PER_CHANNEL }), [t("commands.subscribe.limitHint")]);
      }
      throw err;
    }
  }

  list(channel: ChannelRef): Subscription[] {
    return listSubscriptions(this.options.db, channel);
  }

  unsubscribe(channel: ChannelRef, which: number | "all"): number {
    return removeSubscriptions(this.options.db, channel, which);
  }

  resume(channel: ChannelRef, which: number | "all", now: number): number {
    return resumeSubscriptions(this.options.db, channel, which, now);
  }

  preview(topic: string | undefined, channel: ChannelRef, now: number, locale?: Locale): MessageDoc {
    const latest = this.list(channel).find((s) => (s.topic ?? "") === (topic ?? ""));
    const sinceVersion = latest?.lastVersion ?? this.options.knowledgeVersion();
    return this.options.compose({ topic, sinceVersion, sinceAt: latest?.lastSentAt ?? latest?.createdAt ?? now, locale }, now).doc;
  }

  nextDelivery(subscription: Subscription, now: number): number {
    return nextSlot(subscription.schedule, now);
  }

  /** A platform told us a channel or server is gone (kicked, deleted): pause its digests, keep the rows. Returns how many paused. */
  channelGone(event: ChannelGone): number {
    const { db, log } = this.options;
    const paused = event.channel ? pauseChannel(db, event.channel, event.reason) : event.server ? pauseServer(db, event.server, event.reason) : 0;
    if (paused) log.warn({ ...event, paused }, "digests paused");
    return paused;
  }
}
