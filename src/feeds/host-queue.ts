/**
 * Politeness: one request at a time to each host, a pause between them, and a host that answered 429 or
 * 503 with Retry-After is left alone until then. Requests to different hosts go on side by side.
 */
import { setTimeout as sleep } from "node:timers/promises";

/** The longest a Retry-After is honoured for: past it the feed's own backoff decides. */
const MAX_HOLD_MS = 60 * 60_000;

export class HostQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly notBefore = new Map<string, number>();

  constructor(private readonly gapMs: number) {}

  /** Runs `fn` when the host is free and rested; the host is busy until it settles. */
  async run<T>(host: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(host) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const tail = previous.then(() => mine);
    this.tails.set(host, tail);
    await previous;
    const wait = (this.notBefore.get(host) ?? 0) - Date.now();
    if (wait > 0) await sleep(wait);
    try {
      return await fn();
    } finally {
      this.notBefore.set(host, Math.max(this.notBefore.get(host) ?? 0, Date.now() + this.gapMs));
      release();
      if (this.tails.get(host) === tail) this.tails.delete(host);
    }
  }

  /** The host asked us to wait (Retry-After): no request to it before then. */
  hold(host: string, ms: number): void {
    this.notBefore.set(host, Math.max(this.notBefore.get(host) ?? 0, Date.now() + Math.min(ms, MAX_HOLD_MS)));
  }
}
