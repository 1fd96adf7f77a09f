/** What the admin commands ask of the admin feature (src/admin implements it): reload, status, refusals. */
import type { KnowledgeVersion, LoadOutcome } from "./knowledge.js";

export interface StatusReport {
  version: KnowledgeVersion;
  counts: Record<string, number>;
  uptimeSeconds: number;
  adapters: string[];
  digest?: { lastSweepAt?: string; backlog: Record<string, number> };
  /** Set while Brief serves its last good knowledge because data/ has problems (see DegradedKnowledge). */
  degraded?: DegradedKnowledge;
}

/**
 * Brief started (or stays) on the last good knowledge because the data in data/ has problems: what
 * /status, /readyz and the notice to bot admins say.
 */
export interface DegradedKnowledge {
  /** When the live knowledge was found to be the fallback (ISO). */
  since: string;
  problemCount: number;
  /** The first few problems, formatted "file:line: message". */
  firstProblems: string[];
}

export interface AdminActions {
  /** Re-reads data/, validates it and swaps it in; concurrent calls run one after another. */
  reload(actor: string): Promise<LoadOutcome>;
  /** Records a refused admin attempt in the audit log. */
  refused(actor: string, action: string): void;
  status(): StatusReport;
}
