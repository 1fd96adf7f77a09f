/**
 * The index file is derived data: when reading it fails with a storage fault (a damaged page, a file that
 * is no longer a database, an I/O error), it is rebuilt from data/ instead of failing every search until
 * someone notices. Meanwhile commands that read it are refused politely; the rest (names, records, the
 * curated knowledge in memory) keep working. A rebuild that fails is not retried for a minute, so a broken
 * data/ cannot make every command re-read it.
 */
import { UserError } from "../core/errors.js";
import { storageFault } from "../core/faults.js";
import type { Logger } from "../core/log.js";

export const REPAIR_RETRY_AFTER_MS = 60_000;

export function indexUnavailable(): UserError {
  return new UserError("unavailable", "The search index is being rebuilt after a fault. Please try again in a minute; the other commands work meanwhile.");
}

export class IndexHealth {
  private repair: Promise<void> | undefined;
  private failedAt = Number.NEGATIVE_INFINITY;

  constructor(
    /** Rebuilds the index from data/ and swaps it in; true when it did. */
    private readonly rebuild: () => Promise<boolean>,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  get repairing(): boolean {
    return this.repair !== undefined;
  }

  /** Runs a read of the index; a storage fault starts a rebuild and becomes the polite refusal. */
  read<T>(fn: () => T): T {
    if (this.repair) throw indexUnavailable();
    try {
      return fn();
    } catch (err) {
      const fault = storageFault(err);
      // Busy or locked is another connection's write, not damage: that is the caller's to handle.
      if (!fault || fault.kind === "locked") throw err;
      this.start(err);
      throw indexUnavailable();
    }
  }

  /** Resolves once no rebuild is running (for tests and a graceful stop). */
  async settled(): Promise<void> {
    await this.repair;
  }

  private start(cause: unknown): void {
    if (this.repair || this.now() - this.failedAt < REPAIR_RETRY_AFTER_MS) return;
    this.log.error({ err: cause }, "the search index file cannot be read; rebuilding it from data/ (searches are refused meanwhile)");
    this.repair = this.rebuild()
      .then((ok) => {
        if (ok) this.log.warn("the search index was rebuilt from data/; searches work again");
        else {
          this.failedAt = this.now();
          this.log.error("the search index could not be rebuilt: data/ has problems (see `brief data check`); searches stay refused");
        }
      })
      .catch((err: unknown) => {
        this.failedAt = this.now();
        this.log.error({ err }, "rebuilding the search index failed; searches stay refused");
      })
      .finally(() => {
        this.repair = undefined;
      });
  }
}
