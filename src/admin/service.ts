/**
 * Admin capabilities behind /reload, /status and `brief data reload`: reloads are serialised and
 * audited, and bad data never replaces good (the knowledge base validates before it swaps).
 */
import type { AdminActions, DegradedKnowledge, StatusReport } from "../core/admin.js";
import { formatProblem, type KnowledgeReader, type LoadOutcome } from "../core/knowledge.js";
import type { Logger } from "../core/log.js";
import { recordAudit } from "../store/audit.js";
import type { Db } from "../store/db.js";

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

  /** Re-reads data/, validates it and swaps it in; concurrent calls run one after another. */
  reload(actor: string): Promise<LoadOutcome> {
    const run = async () => {
      let outcome: LoadOutcome;
      try {
        outcome = await this.options.load(actor);
      } catch (err) {
        // Not bad data but a fault (a full disk, say): the old knowledge stays live, and the log says why.
        recordAudit(this.db, { actor, action: "reload", outcome: "failed", detail: { error: (err as Error).message } });
        this.log.error({ err, actor }, "reload failed; the old knowledge stays live");
        throw err;
      }
      if (outcome.ok) {
        recordAudit(this.db, {
          actor,
          action: "reload",
          outcome: "ok",
          detail: { version: outcome.version.id, ms: Math.round(outcome.ms), counts: outcome.summary.counts, unchanged: outcome.unchanged },
        });
        this.log.info({ actor, version: outcome.version.id, ms: Math.round(outcome.ms) }, "reload succeeded");
      } else {
        recordAudit(this.db, {
          actor,
          action: "reload",
          outcome: "failed",
          detail: { problems: outcome.problems.length, first: outcome.problems.slice(0, 10).map(formatProblem) },
        });
        this.log.warn({ actor, problems: outcome.problems.length }, "reload refused: the data has problems; the old knowledge stays live");
      }
      return outcome;
    };
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  refused(actor: string, action: string): void {
    recordAudit(this.db, { actor, action, outcome: "refused" });
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
