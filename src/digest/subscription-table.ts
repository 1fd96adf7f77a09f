/** The subscriptions table: who gets which digest, when, and whether it is paused. */
import type { ChannelRef } from "../core/origin.js";
import type { DeliveryMode, Schedule, Subscription } from "../core/subscriptions.js";
import type { Db } from "../store/db.js";
import { prepared } from "../store/prepared.js";
import { latestSlot } from "./schedule.js";

/** A channel may hold at most this many subscriptions. */
export const MAX_SUBSCRIPTIONS_PER_CHANNEL = 10;

interface SubscriptionRow {
  id: number;
  channel: string;
  server: string | null;
  channel_name: string | null;
  kind: "daily" | "weekly";
  weekday: number | null;
  hour: number;
  minute: number;
  tz: string;
  mode: DeliveryMode;
  queued_version: number | null;
  topic: string | null;
  state: "active" | "paused";
  paused_reason: string | null;
  created_by: string;
  created_at: number;
  last_slot: number | null;
  last_version: number | null;
  last_sent_at: number | null;
}

function fromRow(r: SubscriptionRow): Subscription & { queuedVersion?: number } {
  return {
    id: r.id,
    channel: r.channel as ChannelRef,
    server: r.server ?? undefined,
    channelName: r.channel_name ?? undefined,
    schedule: { kind: r.kind, weekday: r.weekday ?? undefined, hour: r.hour, minute: r.minute, tz: r.tz },
    mode: r.mode,
    topic: r.topic ?? undefined,
    state: r.state,
    pausedReason: r.paused_reason ?? undefined,
    createdBy: r.created_by,
    createdAt: r.created_at,
    lastSlot: r.last_slot ?? undefined,
    lastVersion: r.last_version ?? undefined,
    lastSentAt: r.last_sent_at ?? undefined,
    queuedVersion: r.queued_version ?? undefined,
  };
}

export class SubscriptionLimitError extends Error {}

export function addSubscription(
  db: Db,
  s: {
    channel: ChannelRef;
    server?: string;
    channelName?: string;
    schedule: Schedule;
    mode?: DeliveryMode;
    topic?: string;
    createdBy: string;
    createdAt: number;
    version?: number;
  },
): Subscription {
  return db
    .transaction(() => {
      const { n } = db.prepare("SELECT count(*) AS n FROM subscriptions WHERE channel = ?").get(s.channel) as { n: number };
      if (n >= MAX_SUBSCRIPTIONS_PER_CHANNEL) throw new SubscriptionLimitError();
      // The slot already past when subscribing counts as handled: the first digest is the next one.
      const handled = latestSlot(s.schedule, s.createdAt);
      const info = db
        .prepare(
          `INSERT INTO subscriptions (channel, server, channel_name, kind, weekday, hour, minute, tz, mode, topic, created_by, created_at, last_slot, last_version)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          s.channel,
          s.server ?? null,
          s.channelName ?? null,
          s.schedule.kind,
          s.schedule.weekday ?? null,
          s.schedule.hour,
          s.schedule.minute,
          s.schedule.tz,
          s.mode ?? "scheduled",
          s.topic ?? null,
          s.createdBy,
          s.createdAt,
          handled,
          s.version ?? null,
        );
      return getSubscription(db, Number(info.lastInsertRowid))!;
    })
    .immediate();
}

export function getSubscription(db: Db, id: number): Subscription | undefined {
  const row = prepared(db, "SELECT * FROM subscriptions WHERE id = ?").get(id) as SubscriptionRow | undefined;
  return row && fromRow(row);
}

export function listSubscriptions(db: Db, channel?: ChannelRef): Subscription[] {
  const rows = (
    channel ? db.prepare("SELECT * FROM subscriptions WHERE channel = ? ORDER BY id").all(channel) : db.prepare("SELECT * FROM subscriptions ORDER BY id").all()
  ) as SubscriptionRow[];
  return rows.map(fromRow);
}

export function removeSubscriptions(db: Db, channel: ChannelRef, which: number | "all"): number {
  return which === "all"
    ? db.prepare("DELETE FROM subscriptions WHERE channel = ?").run(channel).changes
    : db.prepare("DELETE FROM subscriptions WHERE channel = ? AND id = ?").run(channel, which).changes;
}

export function pauseChannel(db: Db, channel: ChannelRef, reason: string): number {
  return db.prepare("UPDATE subscriptions SET state = 'paused', paused_reason = ? WHERE channel = ? AND state = 'active'").run(reason, channel).changes;
}

export function pauseServer(db: Db, server: string, reason: string): number {
  return db.prepare("UPDATE subscriptions SET state = 'paused', paused_reason = ? WHERE server = ? AND state = 'active'").run(reason, server).changes;
}

/** Reactivates paused subscriptions; the next delivery is the next slot, not one missed while paused. */
export function resumeSubscriptions(db: Db, channel: ChannelRef, which: number | "all", now: number): number {
  return db
    .transaction(() => {
      const subs = listSubscriptions(db, channel).filter((s) => s.state === "paused" && (which === "all" || s.id === which));
      const update = db.prepare("UPDATE subscriptions SET state = 'active', paused_reason = NULL, last_slot = ? WHERE id = ?");
      for (const s of subs) update.run(latestSlot(s.schedule, now), s.id);
      return subs.length;
    })
    .immediate();
}

/** Telegram group → supergroup: the chat id changed; every subscription follows it. */
export function moveChannel(db: Db, from: ChannelRef, to: ChannelRef): number {
  return db.prepare("UPDATE subscriptions SET channel = ? WHERE channel = ?").run(to, from).changes;
}

/** The subscriptions that deliver: the sweep's input. */
export function activeSubscriptions(db: Db): (Subscription & { queuedVersion?: number })[] {
  return (db.prepare("SELECT * FROM subscriptions WHERE state = 'active'").all() as SubscriptionRow[]).map(fromRow);
}
