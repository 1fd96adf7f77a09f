/**
 * Reload requests between processes on one database: `brief data reload` files one, a running bot claims
 * it (exactly one does: the claim is a single conditional UPDATE), reloads and audits the outcome. No
 * signals: a signal reaches whatever process has the pid, which after a kill -9 may not be Brief at all.
 */
import type { Db } from "./db.js";

/** A request nobody claimed within this long is left alone (its `brief data reload` has given up). */
export const RELOAD_REQUEST_TTL_MS = 60_000;

export interface ReloadRequest {
  id: number;
  auditId: number;
}

export function fileReloadRequest(db: Db, auditId: number, now = Date.now()): number {
  return Number(db.prepare("INSERT INTO reload_requests (audit_id, requested_at) VALUES (?, ?)").run(auditId, now).lastInsertRowid);
}

/** Takes the oldest open request for `holder`, if any. Atomic across processes. */
export function claimReloadRequest(db: Db, holder: string, now = Date.now()): ReloadRequest | undefined {
  // Asked every few seconds by every running process: a read first, so an idle poll takes no write lock.
  const open = db.prepare("SELECT 1 FROM reload_requests WHERE claimed_by IS NULL AND requested_at > ? LIMIT 1").get(now - RELOAD_REQUEST_TTL_MS);
  if (!open) return undefined;
  return db
    .prepare(
      `UPDATE reload_requests SET claimed_by = @holder, claimed_at = @now
        WHERE id = (SELECT id FROM reload_requests WHERE claimed_by IS NULL AND requested_at > @since ORDER BY id LIMIT 1)
          AND claimed_by IS NULL
        RETURNING id, audit_id AS auditId`,
    )
    .get({ holder, now, since: now - RELOAD_REQUEST_TTL_MS }) as ReloadRequest | undefined;
}

/** Who claimed the request, or undefined while it is open. */
export function reloadRequestClaimant(db: Db, id: number): string | undefined {
  const row = db.prepare("SELECT claimed_by AS by FROM reload_requests WHERE id = ?").get(id) as { by: string | null } | undefined;
  return row?.by ?? undefined;
}

/** Claims a specific request (the requester withdrawing it, to do the work itself); true if it was still open. */
export function claimThisRequest(db: Db, id: number, holder: string, now = Date.now()): boolean {
  return db.prepare("UPDATE reload_requests SET claimed_by = ?, claimed_at = ? WHERE id = ? AND claimed_by IS NULL").run(holder, now, id).changes === 1;
}
