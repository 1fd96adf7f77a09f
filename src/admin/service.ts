/**
 * Admin capabilities behind /reload, /status and `brief data reload`: reloads are serialised and
 * audited, and bad data never replaces good (the knowledge base validates before it swaps).
 */
import type { Db } from "../store/db.js";
import type { Logger } from "../log.js";
import type { KnowledgeBase, LoadOutcome } from "../knowledge/base.js";
import { recordAudit } from "../store/audit.js";
import { formatProblem } from "../knowledge/catalogue.js";

/** What the running process knows about itself, filled in by main.ts as adapters connect. */
export interface Runtime {
  startedAt: Date;
  adapters: string[];
  /** Digest scheduler status, once digests exist. */
  digest?: () => { lastSweepAt?: string; backlog: Record<string, number> };
}

export interface StatusReport {
  version: { id: number; hash: string; loadedAt: string; actor: string };
  counts: Record<string, number>;
  uptimeSeconds: number;
  adapters: string[];
  digest?: { lastSweepAt?: string; backlog: Record<string, number> };
}

export class AdminService {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly knowledge: KnowledgeBase,
    private readonly dataDir: string,
    private readonly log: Logger,
    readonly runtime: Runtime,
  ) {}

  /** Re-reads data/, validates it and swaps it in; concurrent calls run one after another. */
  reload(actor: string): Promise<LoadOutcome> {
    const run = async () => {
      let outcome: LoadOutcome;
      try {
        outcome = await this.knowledge.load(this.dataDir, actor);
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
    };
  }
}
