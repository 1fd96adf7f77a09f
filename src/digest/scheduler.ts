/**
 * Exactly one scheduler: a lease row in SQLite decides which process delivers. node-cron only wakes a
 * sweep once a minute; the sweep computes due slots from the database and the worker drains the outbox.
 */
import cron, { type ScheduledTask } from "node-cron";
import type { Db } from "../store/db.js";
import { acquireLease, leaseHolder, leaseHolderName, releaseLease } from "../store/lease.js";
import { DigestWorker, type DrainResult, type WorkerOptions } from "./deliver.js";
import { lastSweepAt, nextDueAt, outboxCounts, recoverInFlight, type SweepResult, sweep } from "./outbox.js";

export const SCHEDULER_LEASE = "digest-scheduler";
export const SCHEDULER_LEASE_TTL_MS = 3 * 60_000;
/** A slot older than this when the sweep finds it is skipped (and the skip recorded). */
export const DEFAULT_STALE_AFTER_MS = 6 * 60 * 60_000;

export interface SchedulerOptions extends WorkerOptions {
  staleAfterMs?: number;
  holder?: string;
  /**
   * Other work that must run in one process only, woken by the same minute tick while this process holds
   * the lease (the feed poller). It must return at once and never throw; it runs beside the digests.
   */
  onTick?: () => void;
}

export class DigestScheduler {
  private readonly worker: DigestWorker;
  private readonly holder: string;
  private task: ScheduledTask | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private draining: Promise<void> | undefined;
  private drainAgain = false;
  private stopped = false;
  private holding = false;
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

  /** Takes the lease (or says who has it), catches up at once, then sweeps every minute. */
  start(): boolean {
    this.holding = this.tryLease();
    this.task = cron.schedule("* * * * *", () => void this.tick(), { name: "brief-digest-sweep", noOverlap: true });
    if (this.holding) void this.tick();
    return this.holding;
  }

  private tryLease(): boolean {
    const had = this.holding;
    const got = acquireLease(this.options.db, SCHEDULER_LEASE, this.holder, SCHEDULER_LEASE_TTL_MS, this.now());
    this.lastRenewAt = this.now();
    if (got && !had) {
      const recovered = recoverInFlight(this.options.db);
      this.options.log.info({ recovered }, "this process delivers digests (scheduler lease taken)");
    } else if (!got && (had || this.task === undefined)) {
      const other = leaseHolder(this.options.db, SCHEDULER_LEASE, this.now());
      this.options.log.warn({ holder: other?.holder, pid: other?.pid }, "another process holds the digest scheduler lease; this one will not deliver digests");
    }
    return got;
  }

  /**
   * A long fan-out outlives one lease period: renew as we go, and stop sending the moment the lease is
   * lost, so two processes never deliver side by side.
   */
  private keepLease(): boolean {
    if (this.now() - this.lastRenewAt < SCHEDULER_LEASE_TTL_MS / 3) return this.holding;
    this.lastRenewAt = this.now();
    this.holding = acquireLease(this.options.db, SCHEDULER_LEASE, this.holder, SCHEDULER_LEASE_TTL_MS, this.now());
    if (!this.holding) this.options.log.warn("lost the digest scheduler lease mid-delivery; this process stops delivering");
    return this.holding;
  }

  /** One sweep and a drain; the cron task and catch-up call it. Never throws. */
  async tick(): Promise<void> {
    if (this.stopped) return;
    try {
      this.holding = this.tryLease();
      if (!this.holding) return;
      this.options.onTick?.();
      const result = sweep(this.options.db, this.now(), this.options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS);
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
          const r = await this.worker.drain(() => this.stopped || !this.keepLease());
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
    const due = nextDueAt(this.options.db);
    if (due === undefined) return;
    const wait = Math.max(0, due - this.now());
    if (wait > 60_000) return; // the next minute's tick will see it
    this.retryTimer = setTimeout(() => void this.drain(), wait);
    this.retryTimer.unref();
  }

  /** Operator/test entry: one sweep as if at `at`, then drain everything due. */
  async runOnce(at: number): Promise<SweepResult & DrainResult> {
    const swept = sweep(this.options.db, at, this.options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS);
    // The run happens "at" that time: the worker's clock starts there and runs on in real time.
    const started = Date.now();
    const worker = new DigestWorker({ ...this.options, now: () => at + (Date.now() - started) });
    this.holding = true;
    this.lastRenewAt = this.now();
    const drained = await worker.drain(() => !this.keepLease());
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
    if (this.holding) releaseLease(this.options.db, SCHEDULER_LEASE, this.holder);
  }
}
