/**
 * A lease row in SQLite: the holder renews it; another process may take it only once it has expired.
 * This is how a second `brief start` on the same database knows not to deliver digests too.
 */
import type { Db } from "./db.js";

/** The lease a running bot holds, so other processes can find it (pid) and know it is alive. */
export const BOT_LEASE = "bot";
export const LEASE_TTL_MS = 30_000;

export interface LeaseHolder {
  holder: string;
  pid: number;
  expiresAt: number;
}

/** Takes or renews the lease; returns true if this holder now has it. Atomic (one statement). */
export function acquireLease(db: Db, name: string, holder: string, ttlMs: number, now = Date.now()): boolean {
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

/** The live holder, if any (an expired lease counts as free). */
export function leaseHolder(db: Db, name: string, now = Date.now()): LeaseHolder | undefined {
  const row = db.prepare("SELECT holder, pid, expires_at AS expiresAt FROM leases WHERE name = ?").get(name) as LeaseHolder | undefined;
  return row && row.expiresAt >= now ? row : undefined;
}
