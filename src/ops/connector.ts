/**
 * Connecting one platform, and connecting it again later when it cannot be reached at start. Telegram or
 * Discord being down (or the network not up yet) when Brief starts is not a reason to exit: the others
 * serve, and this platform is retried with exponential backoff until it connects. A platform that rejects
 * the credentials (AdapterStartRefused) is not retried: start-up stops, naming the variable to fix.
 *
 * Each attempt uses a fresh adapter: a client whose login failed half-way is not reused.
 */
import { type Adapter, type AdapterHealth, AdapterStartRefused } from "../core/adapter.js";
import type { Dispatch } from "../core/dispatcher.js";
import type { Logger } from "../core/log.js";
import type { Platform } from "../core/origin.js";

export interface Backoff {
  /** The wait after the first failure; it doubles after each one, up to maxMs. */
  initialMs: number;
  maxMs: number;
}

/** 1 s, 2 s, 4 s … 5 min: quick when a network blip at boot clears, gentle on a platform that is down. */
export const DEFAULT_BACKOFF: Backoff = { initialMs: 1_000, maxMs: 5 * 60_000 };

/** The wait before attempt `failures + 1`, with ±20% jitter so restarted fleets do not retry in step. Pure given `random`. */
export function backoffDelay(failures: number, backoff: Backoff, random: () => number = Math.random): number {
  const base = Math.min(backoff.initialMs * 2 ** Math.max(0, failures - 1), backoff.maxMs);
  return Math.round(base * (0.8 + 0.4 * random()));
}

export interface ConnectorOptions {
  platform: Platform;
  create(): Promise<Adapter>;
  dispatch: Dispatch;
  /** Called with the adapter once it has started (now or after retries). */
  onConnected(adapter: Adapter): void;
  log: Logger;
  backoff?: Backoff;
}

export class PlatformConnector {
  private adapter: Adapter | undefined;
  private failures = 0;
  private lastError = "";
  private timer: NodeJS.Timeout | undefined;
  private attempt: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly options: ConnectorOptions) {}

  get platform(): Platform {
    return this.options.platform;
  }

  /**
   * The first attempt. Resolves once it has connected, or has failed and a retry is scheduled; rejects
   * only when the platform refused the credentials.
   */
  async start(): Promise<void> {
    await this.connect(true);
  }

  private connect(first: boolean): Promise<void> {
    this.attempt = (async () => {
      const { platform, log } = this.options;
      let adapter: Adapter | undefined;
      try {
        adapter = await this.options.create();
        await adapter.start(this.options.dispatch);
      } catch (err) {
        await adapter?.stop().catch(() => undefined);
        if (err instanceof AdapterStartRefused) {
          if (first) throw err;
          // Credentials that worked before were revoked while we waited: say so, and stop trying.
          log.error({ err, platform }, `${platform}: refused while reconnecting; not retrying`);
          this.lastError = err.message;
          return;
        }
        this.failures++;
        this.lastError = err instanceof Error ? err.message : String(err);
        if (this.stopped) return;
        const wait = backoffDelay(this.failures, this.options.backoff ?? DEFAULT_BACKOFF);
        log.warn({ err, platform, attempt: this.failures, retryInMs: wait }, `${platform}: could not connect; retrying in ${Math.round(wait / 1000)} s`);
        this.timer = setTimeout(() => void this.connect(false), wait);
        return;
      }
      if (this.stopped) {
        await adapter.stop();
        return;
      }
      this.adapter = adapter;
      if (this.failures > 0) log.info({ platform, attempts: this.failures + 1 }, `${platform}: connected after ${this.failures} failed attempt(s)`);
      this.options.onConnected(adapter);
    })();
    return this.attempt;
  }

  /** Connected now? With the reason when not (for /readyz and the metrics). */
  health(): AdapterHealth {
    if (this.adapter) return this.adapter.health?.() ?? { connected: true };
    if (this.failures === 0 && !this.lastError) return { connected: false, detail: "connecting" };
    return {
      connected: false,
      detail: this.timer && !this.stopped ? `not connected (attempt ${this.failures} failed: ${this.lastError}); retrying` : `not connected: ${this.lastError}`,
    };
  }

  /** Cancels a pending retry, waits for an attempt under way, and stops the adapter if it connected. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.attempt?.catch(() => undefined);
    await this.adapter?.stop();
  }
}
