/**
 * The outbox worker: claims due deliveries (a few in flight at once), composes each, sends it outside any
 * transaction, and records what happened. Error classes decide: wait, back off, pause, or follow a moved chat.
 */

import { type Adapter, UNPACED } from "../core/adapter.js";
import type { KnowledgeReader } from "../core/knowledge.js";
import type { Logger } from "../core/log.js";
import { type Platform, parseChannelRef } from "../core/origin.js";
import type { DigestComposer } from "../core/subscriptions.js";
import type { Db } from "../store/db.js";
import { claimNext, type Delivery, markFailed, markPartsSent, markRetry, markSent } from "./outbox.js";
import { Pacer } from "./pacer.js";
import { getSubscription, moveChannel, pauseChannel } from "./subscription-table.js";

/** 5xx and network errors are retried this many times in all, with exponential backoff. */
export const MAX_TRANSIENT_ATTEMPTS = 5;
export const BACKOFF_BASE_MS = 2_000;
export const BACKOFF_MAX_MS = 5 * 60_000;
/** A 429's retry_after is honoured up to this long; beyond it the delivery waits this long and tries again. */
export const MAX_RETRY_AFTER_MS = 10 * 60_000;

/**
 * Deliveries in flight at once, by default. Telegram has no idempotency key, so a crash can repeat every
 * message in flight: one at a time keeps the promise that at most the one message in flight repeats.
 * A large deployment may raise it (BRIEF_DIGEST_IN_FLIGHT): one at a time caps the rate at one message per
 * round trip (0.37 of a 1,000/s limit through a local emulator; about 10-20/s against Telegram itself),
 * while each send still takes its own pacer slot, so every limit holds at any setting.
 */
export const DEFAULT_IN_FLIGHT = 1;
/** The highest setting accepted; 4 reached 0.92-0.95 of a 1,000/s limit in bench 3 (the pacer keeps 3% back). */
export const MAX_IN_FLIGHT = 16;

export interface WorkerOptions {
  db: Db;
  knowledge: KnowledgeReader;
  compose: DigestComposer;
  adapters: () => ReadonlyMap<Platform, Adapter>;
  log: Logger;
  /** Deliveries in flight at once; default DEFAULT_IN_FLIGHT. */
  maxInFlight?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Told how each delivery attempt ended (for metrics). */
  onDelivery?: (event: DeliveryEvent) => void;
}

/**
 * How one delivery attempt ended: "sent"; "rate-limited" (a 429, retried after retry_after); "transient"
 * (retried with backoff); "gave-up" (transient too often); "paused" (the platform refused for good, the
 * subscription paused); "migrated" (the chat moved, retried at once); "not-connected" (the platform is not
 * connected in this process, retried later); "dropped" (the subscription is gone or paused, or composing failed).
 */
export type DeliveryResult = "sent" | "rate-limited" | "transient" | "gave-up" | "paused" | "migrated" | "not-connected" | "dropped";

export interface DeliveryEvent {
  platform: Platform;
  result: DeliveryResult;
}

export interface DrainResult {
  sent: number;
  retried: number;
  failed: number;
}

export class DigestWorker {
  private readonly pacers = new Map<Platform, Pacer>();
  private readonly composed = new Map<string, ReturnType<DigestComposer>>();
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: WorkerOptions) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  private pacer(adapter: Adapter): Pacer {
    let p = this.pacers.get(adapter.platform);
    if (!p) {
      p = new Pacer(adapter.pacing?.limits ?? UNPACED);
      this.pacers.set(adapter.platform, p);
    }
    return p;
  }

  /** Sends everything that is due now; returns when nothing due is left (or `shouldStop` says so). */
  /** Only deliveries to `platforms` (those whose lease this process holds), or any when not given. */
  async drain(shouldStop: () => boolean = () => false, platforms?: readonly Platform[]): Promise<DrainResult> {
    const result: DrainResult = { sent: 0, retried: 0, failed: 0 };
    const limit = Math.min(MAX_IN_FLIGHT, Math.max(1, this.options.maxInFlight ?? DEFAULT_IN_FLIGHT));
    const inFlight = new Set<Promise<void>>();
    let failure: { err: unknown } | undefined;
    while (!shouldStop() && !failure) {
      if (inFlight.size >= limit) {
        await Promise.race(inFlight);
        continue;
      }
      const delivery = claimNext(this.options.db, this.now(), platforms);
      if (!delivery) {
        if (inFlight.size === 0) break;
        // One in flight may yet make another due (a moved chat is retried at once).
        await Promise.race(inFlight);
        continue;
      }
      const work: Promise<void> = this.deliver(delivery).then(
        (outcome) => void result[outcome]++,
        (err: unknown) => void (failure ??= { err }),
      );
      inFlight.add(work);
      void work.finally(() => inFlight.delete(work));
    }
    await Promise.all(inFlight);
    if (failure) throw failure.err;
    return result;
  }

  /**
   * A fan-out sends the same digest to most subscribers: compose it once per knowledge version, topic,
   * "since" and day (what the document depends on), not once per delivery (bench 3).
   */
  private compose(topic: string | undefined, sinceVersion: number | undefined, sinceAt: number, slot: number): ReturnType<DigestComposer> {
    const day = (t: number) => new Date(t).toISOString().slice(0, 10);
    const key = [this.options.knowledge.current.version.id, topic ?? "", sinceVersion ?? "", day(sinceAt), day(slot)].join("|");
    let composed = this.composed.get(key);
    if (!composed) {
      if (this.composed.size >= 100) this.composed.clear();
      composed = this.options.compose({ topic, sinceVersion, sinceAt }, slot);
      this.composed.set(key, composed);
    }
    return composed;
  }

  private async deliver(d: Delivery): Promise<keyof DrainResult> {
    const { outcome, platform, result } = await this.attempt(d);
    try {
      this.options.onDelivery?.({ platform, result });
    } catch (err) {
      this.options.log.error({ err }, "recording a delivery failed");
    }
    return outcome;
  }

  private async attempt(d: Delivery): Promise<{ outcome: keyof DrainResult; platform: Platform; result: DeliveryResult }> {
    const { db, log } = this.options;
    const sub = getSubscription(db, d.subscriptionId);
    if (!sub) {
      markFailed(db, d, "the subscription was removed");
      return { outcome: "failed", platform: "console", result: "dropped" };
    }
    const ref = parseChannelRef(sub.channel)!;
    const platform = ref.platform;
    if (sub.state === "paused") {
      markFailed(db, d, `the subscription is paused: ${sub.pausedReason ?? ""}`);
      return { outcome: "failed", platform, result: "dropped" };
    }
    const adapter = this.options.adapters().get(ref.platform);
    if (!adapter) {
      markRetry(db, d, this.now() + 60_000, `${ref.platform} is not connected in this process`, false);
      return { outcome: "retried", platform, result: "not-connected" };
    }

    let composed: ReturnType<DigestComposer>;
    try {
      composed = this.compose(sub.topic, sub.lastVersion, sub.lastSentAt ?? sub.createdAt, d.slot);
    } catch (err) {
      log.error({ err, delivery: d.id, subscription: sub.id }, "composing a digest failed");
      markFailed(db, d, `could not compose: ${(err as Error).message}`);
      return { outcome: "failed", platform, result: "dropped" };
    }

    const isGroup = adapter.pacing?.isGroup(sub.channel) ?? false;
    const pacer = this.pacer(adapter);
    // Each message, and each part of a split digest, takes its own slot: taken before waiting for it, so
    // deliveries in flight together never share one; then a 429's hold that arrived meanwhile is waited out.
    const paced = async () => {
      const slotAt = this.now() + pacer.delayFor(sub.channel, isGroup, this.now());
      pacer.sent(sub.channel, isGroup, slotAt);
      for (let wait = slotAt - this.now(); wait > 0; wait = pacer.heldFor(this.now())) await this.sleep(wait);
    };
    await paced();

    // Discord drops a repeated nonce, so a retried send never doubles; Telegram has no such key.
    let delivered = d.partsSent;
    const result = await adapter.send(sub.channel, composed.doc, {
      nonce: `brief-d${d.id}`,
      skipParts: d.partsSent,
      onPartSent: (n) => {
        delivered = Math.max(delivered, n);
        markPartsSent(db, d, delivered);
      },
      beforeNextPart: paced,
    });
    const now = this.now();
    if (result.ok) {
      markSent(db, d, now, result.messageIds, composed.version);
      return { outcome: "sent", platform, result: "sent" };
    }
    // Parts that did arrive are not sent again by the retry.
    const partsSent = Math.max(delivered, d.partsSent + (result.sentParts ?? 0));
    switch (result.kind) {
      case "rate-limited": {
        const waitMs = Math.min(Math.max(1, result.retryAfterSeconds) * 1000, MAX_RETRY_AFTER_MS);
        pacer.hold(now + waitMs);
        markRetry(db, d, now + waitMs, `429: retry after ${result.retryAfterSeconds}s`, false, partsSent);
        log.warn({ delivery: d.id, retryAfter: result.retryAfterSeconds }, "rate limited; waiting as told");
        return { outcome: "retried", platform, result: "rate-limited" };
      }
      case "transient": {
        if (d.attempts >= MAX_TRANSIENT_ATTEMPTS) {
          markFailed(db, d, `gave up after ${d.attempts} attempts: ${result.detail}`);
          log.error({ delivery: d.id, detail: result.detail }, "digest delivery failed for good");
          return { outcome: "failed", platform, result: "gave-up" };
        }
        const backoff = Math.min(BACKOFF_BASE_MS * 2 ** (d.attempts - 1), BACKOFF_MAX_MS);
        markRetry(db, d, now + backoff, result.detail, true, partsSent);
        return { outcome: "retried", platform, result: "transient" };
      }
      case "permanent": {
        pauseChannel(db, sub.channel, result.detail);
        markFailed(db, d, result.detail);
        log.warn({ channel: sub.channel, detail: result.detail }, "digests paused for a channel we cannot post to");
        return { outcome: "failed", platform, result: "paused" };
      }
      case "migrated": {
        moveChannel(db, sub.channel, result.newChannel);
        markRetry(db, d, now, `chat moved to ${result.newChannel}`, false, partsSent);
        log.info({ from: sub.channel, to: result.newChannel }, "chat migrated; subscriptions follow it");
        return { outcome: "retried", platform, result: "migrated" };
      }
    }
  }
}
