/**
 * A lease row in SQLite: the holder renews it; another process may take it only once it has expired.
 * This is how a second `brief start` on the same database knows not to deliver digests too.
 */
import { hostname } from "node:os";
import type { Db } from "./db.js";

/** The lease a running bot holds, so other processes can find it (pid) and know it is alive. */
export const BOT_LEASE = "bot";
export const LEASE_TTL_MS = 30_000;

export interface LeaseHolder {
  holder: string;
  pid: number;
  expiresAt: number;
}

/** A holder names its host and pid ("host:pid:…"), so a lease left by a process killed on this host can be taken at once. */
export function leaseHolderName(role: string): string {
  return `${hostname()}:${process.pid}:${role}`;
}

/** Takes or renews the lease; returns true if this holder now has it. */
export function acquireLease(db: Db, name: string, holder: string, ttlMs: number, now = Date.now()): boolean {
  if (tryAcquire(db, name, holder, ttlMs, now)) return true;
  // The holder may have died without releasing (kill -9): on the same host, a dead pid frees the lease.
  const current = db.prepare("SELECT holder, pid FROM leases WHERE name = ?").get(name) as { holder: string; pid: number } | undefined;
  if (!current?.holder.startsWith(`${hostname()}:`) || isAlive(current.pid)) return false;
  return (
    db
      .prepare("UPDATE leases SET holder = ?, pid = ?, expires_at = ? WHERE name = ? AND holder = ?")
      .run(holder, process.pid, now + ttlMs, name, current.holder).changes === 1
  );
}

/** Whether a process with this pid runs on this host (one we may not signal still runs). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function tryAcquire(db: Db, name: string, holder: string, ttlMs: number, now: number): boolean {
  const result = db
    .prepare(
      `INSERT INTO leases (name, holder, pid, expires_at) VALUES (@name, @holder, @pid, @expires)
       ON CONFLICT (name) DO UPDATE SET holder = @holder, pid = @pid, expires_at = @expires
        WHERE leases.holder = @holder OR leases.expires_at < @now`,
    )
    .run({ name, holder, pid: process.pid, expires: now + ttlMs, now });
  return result.changes === 1;
}

export function releaseLease(db: Db, name: string, holder: string): void {
  db.prepare("DELETE FROM leases WHERE name = ? AND holder = ?").run(name, holder);
}

/** The live holder, if any (an expired lease, or one left by a dead process on this host, counts as free). */
export function leaseHolder(db: Db, name: string, now = Date.now()): LeaseHolder | undefined {
  const row = db.prepare("SELECT holder, pid, expires_at AS expiresAt FROM leases WHERE name = ?").get(name) as LeaseHolder | undefined;
  if (!row || row.expiresAt < now) return undefined;
  if (row.holder.startsWith(`${hostname()}:`) && !isAlive(row.pid)) return undefined;
  return row;
}
