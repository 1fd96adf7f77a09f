/**
 * A per-key token bucket for incoming commands. Platform-neutral and pure apart from the injected clock.
 *
 * Each key (a user) holds up to `capacity` tokens and regains `refillPerSecond` of them per second; every
 * command takes one. When the bucket is empty the command is refused, and the FIRST refusal says
 * `notify: true` so the adapter can answer one polite "slow down". Further refusals stay silent until
 * the bucket has refilled completely (the person has calmed down), so a flood never turns into a flood
 * of replies, nor into a backlog of queued work.
 */

export interface RateLimitOptions {
  /** Burst size: how many commands may arrive at once. */
  capacity: number;
  /** Sustained rate, in tokens per second. */
  refillPerSecond: number;
  /** Milliseconds since some epoch; injectable for tests. */
  now?: () => number;
  /** Above this many tracked keys, idle (full) buckets are forgotten. */
  maxKeys?: number;
}

export type RateDecision =
  | { allowed: true; remaining: number }
  /** `notify` is true once per flood: answer it with one polite reply, then stay silent. */
  | { allowed: false; notify: boolean; retryAfterMs: number };

interface Bucket {
  tokens: number;
  at: number;
  warned: boolean;
}

export const DEFAULT_RATE_LIMIT = { capacity: 8, refillPerSecond: 1 } as const;

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly capacity: number;
  private readonly refillPerMs: number;
  private readonly now: () => number;
  private readonly maxKeys: number;

  constructor(options: RateLimitOptions) {
    if (!(options.capacity >= 1) || !Number.isFinite(options.capacity)) {
      throw new RangeError("rate limit capacity must be a finite number ≥ 1");
    }
    if (!(options.refillPerSecond > 0) || !Number.isFinite(options.refillPerSecond)) {
      throw new RangeError("rate limit refillPerSecond must be a finite number > 0");
    }
    this.capacity = options.capacity;
    this.refillPerMs = options.refillPerSecond / 1000;
    this.now = options.now ?? Date.now;
    this.maxKeys = options.maxKeys ?? 10_000;
  }

  /** Takes one token for `key` if there is one. */
  take(key: string): RateDecision {
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.maxKeys) this.sweep(now);
      bucket = { tokens: this.capacity, at: now, warned: false };
      this.buckets.set(key, bucket);
    } else {
      this.refill(bucket, now);
    }
    if (bucket.tokens >= this.capacity) bucket.warned = false;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, remaining: Math.floor(bucket.tokens) };
    }
    const notify = !bucket.warned;
    bucket.warned = true;
    return { allowed: false, notify, retryAfterMs: Math.ceil((1 - bucket.tokens) / this.refillPerMs) };
  }

  /** Number of keys currently tracked (for tests and metrics). */
  get size(): number {
    return this.buckets.size;
  }

  private refill(bucket: Bucket, now: number): void {
    // A clock that goes backwards (NTP step) must not drain or overfill a bucket.
    const elapsed = Math.max(0, now - bucket.at);
    bucket.tokens = Math.min(this.capacity, bucket.tokens + elapsed * this.refillPerMs);
    bucket.at = now;
  }

  /** Forgets buckets that have refilled completely: they behave exactly like new ones. */
  private sweep(now: number): void {
    for (const [key, bucket] of this.buckets) {
      this.refill(bucket, now);
      if (bucket.tokens >= this.capacity) this.buckets.delete(key);
    }
  }
}
