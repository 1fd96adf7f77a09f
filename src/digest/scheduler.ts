/**
 * Exactly one scheduler per platform: a lease row in SQLite for each platform decides which process
 * delivers there, and only a process connected to a platform takes its lease (a console-only process held
 * the one lease of old and blocked Telegram's digests for as long as it ran). A Telegram bot and a Discord
 * bot on one database each deliver their own. node-cron only wakes a sweep once a minute; the sweep
 * computes due slots from the database and the worker drains the outbox.
 */
import cron, { type ScheduledTask } from "node-cron";
import type { Platform } from "../core/origin.js";
import type { Db } from "../store/db.js";
import { acquireLease, leaseHolder, leaseHolderName, releaseLease } from "../store/lease.js";
import { DigestWorker, type DrainResult, type WorkerOptions } from "./deliver.js";
import { lastSweepAt, nextDueAt, outboxCounts, recoverInFlight, type SweepResult, sweep } from "./outbox.js";

export const SCHEDULER_LEASE = "digest-scheduler";

/** The lease of one platform's digests: "digest-scheduler:telegram". */
export function schedulerLease(platform: Platform): string {
  return `${SCHEDULER_LEASE}:${platform}`;
}
export const SCHEDULER_LEASE_TTL_MS = 3 * 60_000;
/** A slot older than this when the sweep finds it is skipped (and the skip recorded). */
export const DEFAULT_STALE_AFTER_MS = 6 * 60 * 60_000;

export interface SchedulerOptions extends WorkerOptions {
  staleAfterMs?: number;
  holder?: string;
}

export class DigestScheduler {
  private readonly worker: DigestWorker;
  private readonly holder: string;
  private task: ScheduledTask | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private draining: Promise<void> | undefined;
  private drainAgain = false;
  private stopped = false;
  /** The platforms whose lease this process holds. */
  private held = new Set<Platform>();
  /** Platforms whose lease another process held at the last look (logged once, not every minute). */
  private refusedBy = new Map<Platform, string>();
  private lastRenewAt = 0;

  constructor(private readonly options: SchedulerOptions) {
    this.worker = new DigestWorker(options);
    this.holder = options.holder ?? leaseHolderName("scheduler");
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  get db(): Db {
    return this.options.db;
  }

  /** Takes the leases it can (or says who has them), catches up at once, then sweeps every minute. */
  start(): boolean {
    const holding = this.tryLease();
    this.task = cron.schedule("* * * * *", () => void this.tick(), { name: "brief-digest-sweep", noOverlap: true });
    if (holding) void this.tick();
    return holding;
  }

  private get holding(): boolean {
    return this.held.size > 0;
  }

  /** The platforms this process is connected to: the only ones it can deliver to. */
  private platforms(): Platform[] {
    return [...this.options.adapters().keys()];
  }

  /** Takes or renews the lease of every platform this process serves; true if it holds any. */
  private tryLease(): boolean {
    const { db, log } = this.options;
    const now = this.now();
    this.lastRenewAt = now;
    for (const platform of this.platforms()) {
      const got = acquireLease(db, schedulerLease(platform), this.holder, SCHEDULER_LEASE_TTL_MS, now);
      if (got && !this.held.has(platform)) {
        this.held.add(platform);
        this.refusedBy.delete(platform);
        const recovered = recoverInFlight(db, [platform]);
        log.info({ platform, recovered }, "this process delivers digests here (scheduler lease taken)");
      } else if (!got) {
        if (this.held.delete(platform)) log.warn({ platform }, "lost the digest scheduler lease; this process stops delivering here");
        const other = leaseHolder(db, schedulerLease(platform), now);
        if (other && this.refusedBy.get(platform) !== other.holder) {
          this.refusedBy.set(platform, other.holder);
          log.warn(
            { platform, holder: other.holder, pid: other.pid },
            "another process delivers these digests (it holds the scheduler lease); this one will not",
          );
        }
      }
    }
    return this.holding;
  }

  /**
   * A long fan-out outlives one lease period: renew as we go, and stop sending the moment a lease is
   * lost, so two processes never deliver side by side.
   */
  private keepLease(): boolean {
    if (this.now() - this.lastRenewAt < SCHEDULER_LEASE_TTL_MS / 3) return this.holding;
    const before = [...this.held];
    this.tryLease();
    return before.every((p) => this.held.has(p));
  }

  /** One sweep and a drain; the cron task and catch-up call it. Never throws. */
  async tick(): Promise<void> {
    if (this.stopped) return;
    try {
      if (!this.tryLease()) return;
      const result = sweep(this.options.db, this.now(), this.options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS, [...this.held]);
      if (result.queued || result.skipped) this.options.log.info(result, "digest sweep");
      await this.drain();
    } catch (err) {
      this.options.log.error({ err }, "digest sweep failed");
    }
  }

  /** Drains the outbox; concurrent calls coalesce. Sets a timer for the next retry that is due. */
  drain(): Promise<void> {
    if (this.draining) {
      this.drainAgain = true;
      return this.draining;
    }
    this.draining = (async () => {
      try {
        do {
          this.drainAgain = false;
          const r = await this.worker.drain(() => this.stopped || !this.keepLease(), [...this.held]);
          if (r.sent || r.failed || r.retried) this.options.log.info(r, "digest outbox drained");
        } while (this.drainAgain && !this.stopped);
      } finally {
        this.draining = undefined;
        this.scheduleRetry();
      }
    })();
    return this.draining;
  }

  private scheduleRetry(): void {
    clearTimeout(this.retryTimer);
    if (this.stopped) return;
    if (!this.holding) return;
    const due = nextDueAt(this.options.db, [...this.held]);
    if (due === undefined) return;
    const wait = Math.max(0, due - this.now());
    if (wait > 60_000) return; // the next minute's tick will see it
    this.retryTimer = setTimeout(() => void this.drain(), wait);
    this.retryTimer.unref();
  }

  /**
   * Operator/test entry: one sweep as if at `at`, then drain everything due, for every platform this
   * process is connected to (the caller has checked that no live process delivers there).
   */
  async runOnce(at: number): Promise<SweepResult & DrainResult> {
    const platforms = this.platforms();
    const swept = sweep(this.options.db, at, this.options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS, platforms);
    // The run happens "at" that time: the worker's clock starts there and runs on in real time.
    const started = Date.now();
    const worker = new DigestWorker({ ...this.options, now: () => at + (Date.now() - started) });
    this.held = new Set(platforms);
    this.lastRenewAt = this.now();
    const drained = await worker.drain(() => !this.keepLease(), platforms);
    return { ...swept, ...drained };
  }

  status(): { lastSweepAt?: string; backlog: Record<string, number> } {
    const last = lastSweepAt(this.options.db);
    return { lastSweepAt: last ? new Date(last).toISOString() : undefined, backlog: outboxCounts(this.options.db) };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.task?.stop();
    clearTimeout(this.retryTimer);
    await this.draining;
    for (const platform of this.held) releaseLease(this.options.db, schedulerLease(platform), this.holder);
    this.held.clear();
  }
}
