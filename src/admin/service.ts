/**
 * Admin capabilities behind /reload, /status and `brief data reload`: reloads are serialised and
 * audited, and bad data never replaces good (the knowledge base validates before it swaps).
 */
import type { AdminActions, DegradedKnowledge, StatusReport } from "../core/admin.js";
import { storageFault } from "../core/faults.js";
import { formatProblem, type KnowledgeReader, type LoadOutcome } from "../core/knowledge.js";
import type { Logger } from "../core/log.js";
import { recordAudit } from "../store/audit.js";
import type { Db } from "../store/db.js";
import { claimReloadRequest } from "../store/reload-requests.js";

/** An error's message, with the storage fault in words first when there is one ("the disk is full: …"). */
function describeError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const fault = storageFault(err);
  return fault ? `${fault.words}: ${message}` : message;
}

/** What the running process knows about itself, filled in by the composition root as adapters connect. */
export interface Runtime {
  startedAt: Date;
  adapters: string[];
  /** Digest scheduler status, once digests exist. */
  digest?: () => { lastSweepAt?: string; backlog: Record<string, number> };
}

export interface AdminServiceOptions {
  db: Db;
  knowledge: KnowledgeReader;
  /** Validates data/ and swaps it in (the knowledge feature's load, bound to the data folder). */
  load(actor: string): Promise<LoadOutcome>;
  /** Swaps to a newer version another process recorded, if data/ still matches it; the version followed, if any. */
  follow?(): Promise<{ id: number } | undefined>;
  log: Logger;
  runtime: Runtime;
  /** Set while the live knowledge is the last good one because data/ has problems. */
  degraded?: () => DegradedKnowledge | undefined;
}

export class AdminService implements AdminActions {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly db: Db;
  private readonly knowledge: KnowledgeReader;
  private readonly log: Logger;
  readonly runtime: Runtime;

  constructor(private readonly options: AdminServiceOptions) {
    ({ db: this.db, knowledge: this.knowledge, log: this.log, runtime: this.runtime } = options);
  }

  /**
   * Re-reads data/, validates it and swaps it in; concurrent calls run one after another. `request` is the
   * audit id of the `brief data reload` this answers, recorded with the outcome so that command finds it.
   */
  reload(actor: string, request?: number): Promise<LoadOutcome> {
    const run = async () => {
      let outcome: LoadOutcome;
      try {
        outcome = await this.options.load(actor);
      } catch (err) {
        // Not bad data but a fault (a full disk, say): the old knowledge stays live. The log comes first,
        // so the real cause is on record even when the audit write fails for the same reason.
        const fault = storageFault(err);
        this.log.error({ err, actor, fault: fault?.words }, "reload failed; the old knowledge stays live");
        this.audit({ actor, action: "reload", outcome: "failed", detail: { error: describeError(err), request } });
        throw err;
      }
      if (outcome.ok) {
        this.log.info({ actor, version: outcome.version.id, ms: Math.round(outcome.ms) }, "reload succeeded");
        this.audit({
          actor,
          action: "reload",
          outcome: "ok",
          detail: { version: outcome.version.id, ms: Math.round(outcome.ms), counts: outcome.summary.counts, unchanged: outcome.unchanged, request },
        });
      } else {
        this.log.warn({ actor, problems: outcome.problems.length }, "reload refused: the data has problems; the old knowledge stays live");
        this.audit({
          actor,
          action: "reload",
          outcome: "failed",
          detail: { problems: outcome.problems.length, first: outcome.problems.slice(0, 10).map(formatProblem), request },
        });
      }
      return outcome;
    };
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Follows a newer version recorded by another process (see KnowledgeBase.follow), after any reload queued here. */
  follow(): Promise<{ id: number } | undefined> {
    const follow = this.options.follow;
    if (!follow) return Promise.resolve(undefined);
    const next = this.queue.then(follow, follow);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Takes a `brief data reload` request filed in the database, if one is open, and answers it. */
  async answerReloadRequest(holder: string): Promise<boolean> {
    const request = claimReloadRequest(this.db, holder);
    if (!request) return false;
    this.log.info({ request: request.auditId }, "reloading at the request of `brief data reload`");
    await this.reload("cli (brief data reload)", request.auditId).catch(() => undefined);
    return true;
  }

  /**
   * An audit write that fails (the disk that failed the reload is full) must not hide what it records:
   * the failure is logged with the entry it could not write.
   */
  private audit(entry: Parameters<typeof recordAudit>[1]): void {
    try {
      recordAudit(this.db, entry);
    } catch (err) {
      this.log.error({ err, entry, fault: storageFault(err)?.words }, "could not write the audit log");
    }
  }

  refused(actor: string, action: string): void {
    this.audit({ actor, action, outcome: "refused" });
  }

  status(): StatusReport {
    const snap = this.knowledge.current;
    const c = snap.catalogue;
    return {
      version: snap.version,
      counts: { articles: c.articles.size, events: c.events.size, entities: c.entities.size, figures: c.figures.size, topics: c.topics.size },
      uptimeSeconds: Math.round((Date.now() - this.runtime.startedAt.getTime()) / 1000),
      adapters: [...this.runtime.adapters],
      digest: this.runtime.digest?.(),
      degraded: this.options.degraded?.(),
    };
  }
}
