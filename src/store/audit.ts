/** The audit log of admin actions (who, what, when, outcome), kept in SQLite. */
import type { Db } from "./db.js";

export type AuditOutcome = "ok" | "refused" | "failed" | "requested";

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  outcome: AuditOutcome;
  detail: Record<string, unknown>;
}

export function recordAudit(db: Db, entry: { actor: string; action: string; outcome: AuditOutcome; detail?: unknown }, at = new Date()): number {
  const info = db
    .prepare("INSERT INTO audit_log (at, actor, action, outcome, detail) VALUES (?, ?, ?, ?, ?)")
    .run(at.toISOString(), entry.actor, entry.action, entry.outcome, JSON.stringify(entry.detail ?? {}));
  return Number(info.lastInsertRowid);
}

export function listAudit(db: Db, opts: { limit?: number; afterId?: number; action?: string } = {}): AuditEntry[] {
  const rows = db
    .prepare(
      `SELECT id, at, actor, action, outcome, detail FROM audit_log
        WHERE id > @after AND (@action IS NULL OR action = @action)
        ORDER BY id DESC LIMIT @limit`,
    )
    .all({ after: opts.afterId ?? 0, action: opts.action ?? null, limit: opts.limit ?? 50 }) as (Omit<AuditEntry, "detail"> & { detail: string })[];
  return rows.map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> })).reverse();
}
