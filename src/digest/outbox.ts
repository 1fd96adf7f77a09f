/**
 * The transactional outbox. The sweep writes a unique (subscription, slot) row before anything is sent;
 * the worker claims rows, sends outside any transaction, and records the outcome.
 */
import { type ChannelRef, type Platform, parseChannelRef } from "../core/origin.js";
import type { Db } from "../store/db.js";
import { prepared } from "../store/prepared.js";
import { latestSlot } from "./schedule.js";
import { activeSubscriptions } from "./subscription-table.js";

function platformOf(channel: ChannelRef): Platform | undefined {
  return parseChannelRef(channel)?.platform;
}

export type DeliveryState = "pending" | "sending" | "sent" | "failed" | "skipped";

export interface Delivery {
  id: number;
  subscriptionId: number;
  slot: number;
  state: DeliveryState;
  attempts: number;
  nextAttemptAt: number;
  partsSent: number;
}

export interface SweepResult {
  queued: number;
  skipped: number;
}

/**
 * Computes due slots from the database, in each subscription's time zone: only the newest missed slot
 * of each subscription is queued; one older than the window is skipped, and the skip recorded.
 */
export function sweep(db: Db, now: number, staleAfterMs: number, platforms?: readonly Platform[]): SweepResult {
  return db
    .transaction(() => {
      const result = { queued: 0, skipped: 0 };
      const insert = db.prepare(
        `INSERT INTO deliveries (subscription_id, slot, state, next_attempt_at, detail) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (subscription_id, slot) DO NOTHING`,
      );
      const advance = db.prepare("UPDATE subscriptions SET last_slot = ? WHERE id = ?");
      for (const sub of activeSubscriptions(db)) {
        const platform = platformOf(sub.channel);
        if (platforms && (!platform || !platforms.includes(platform))) continue;
        const slot = latestSlot(sub.schedule, now);
        if (sub.lastSlot !== undefined && slot <= sub.lastSlot) continue;
        if (now - slot > staleAfterMs) {
          insert.run(sub.id, slot, "skipped", now, `stale: ${Math.round((now - slot) / 60000)} minutes late`);
          result.skipped++;
        } else if (insert.run(sub.id, slot, "pending", now, null).changes === 1) {
          result.queued++;
        }
        advance.run(slot, sub.id);
      }
      db.prepare("INSERT INTO digest_runs (at, queued, skipped) VALUES (?, ?, ?)").run(now, result.queued, result.skipped);
      return result;
    })
    .immediate();
}

/**
 * Deliveries to these platforms only (a process delivers for the platforms it holds the lease of), as an
 * SQL condition on a row of `deliveries`; `platforms` is bound as a JSON list. Correlated, so each
 * candidate costs one primary-key lookup (a list of every subscription's id cost a scan per claim).
 */
const ON_PLATFORMS = `EXISTS (SELECT 1 FROM subscriptions s WHERE s.id = deliveries.subscription_id
  AND substr(s.channel, 1, instr(s.channel, ':') - 1) IN (SELECT value FROM json_each(@platforms)))`;

/** Claims the most overdue pending delivery (to one of `platforms`, or any), marking it in flight. Atomic. */
export function claimNext(db: Db, now: number, platforms?: readonly Platform[]): Delivery | undefined {
  const row = prepared(
    db,
    `UPDATE deliveries SET state = 'sending', claimed_at = @now, attempts = attempts + 1
      WHERE id = (SELECT id FROM deliveries WHERE state = 'pending' AND next_attempt_at <= @now
                     AND (@platforms IS NULL OR ${ON_PLATFORMS}) ORDER BY next_attempt_at, id LIMIT 1)
      RETURNING id, subscription_id AS subscriptionId, slot, state, attempts, next_attempt_at AS nextAttemptAt, parts_sent AS partsSent`,
  ).get({ now, platforms: platforms ? JSON.stringify(platforms) : null }) as Delivery | undefined;
  return row;
}

export function markSent(db: Db, d: Delivery, now: number, messageIds: string[], version: number): void {
  db.transaction(() => {
    prepared(db, "UPDATE deliveries SET state = 'sent', sent_at = ?, message_ids = ?, version = ?, detail = NULL WHERE id = ?").run(
      now,
      JSON.stringify(messageIds),
      version,
      d.id,
    );
    prepared(db, "UPDATE subscriptions SET last_version = ?, last_sent_at = ? WHERE id = ?").run(version, now, d.subscriptionId);
  })();
}

export function markRetry(db: Db, d: Delivery, at: number, detail: string, countAttempt = true, partsSent = d.partsSent): void {
  prepared(db, "UPDATE deliveries SET state = 'pending', next_attempt_at = ?, detail = ?, attempts = attempts - ?, parts_sent = ? WHERE id = ?").run(
    at,
    detail,
    countAttempt ? 0 : 1,
    partsSent,
    d.id,
  );
}

export function markFailed(db: Db, d: Delivery, detail: string): void {
  prepared(db, "UPDATE deliveries SET state = 'failed', detail = ? WHERE id = ?").run(detail, d.id);
}

/** Records progress through a split digest as each part arrives. */
export function markPartsSent(db: Db, d: Delivery, parts: number): void {
  prepared(db, "UPDATE deliveries SET parts_sent = max(parts_sent, ?) WHERE id = ?").run(parts, d.id);
}

/** After a crash: deliveries left in flight (to `platforms`, or any) go back to pending (on Telegram that one message may repeat). */
export function recoverInFlight(db: Db, platforms?: readonly Platform[]): number {
  return db
    .prepare(`UPDATE deliveries SET state = 'pending' WHERE state = 'sending' AND (@platforms IS NULL OR ${ON_PLATFORMS})`)
    .run({ platforms: platforms ? JSON.stringify(platforms) : null }).changes;
}

export function outboxCounts(db: Db): Record<DeliveryState, number> {
  const counts: Record<DeliveryState, number> = { pending: 0, sending: 0, sent: 0, failed: 0, skipped: 0 };
  for (const r of db.prepare("SELECT state, count(*) AS n FROM deliveries GROUP BY state").all() as { state: DeliveryState; n: number }[]) {
    counts[r.state] = r.n;
  }
  return counts;
}

export function nextDueAt(db: Db, platforms?: readonly Platform[]): number | undefined {
  const row = db
    .prepare(`SELECT min(next_attempt_at) AS t FROM deliveries WHERE state = 'pending' AND (@platforms IS NULL OR ${ON_PLATFORMS})`)
    .get({ platforms: platforms ? JSON.stringify(platforms) : null }) as { t: number | null };
  return row.t ?? undefined;
}

export function lastSweepAt(db: Db): number | undefined {
  const row = db.prepare("SELECT max(at) AS t FROM digest_runs").get() as { t: number | null };
  return row.t ?? undefined;
}
