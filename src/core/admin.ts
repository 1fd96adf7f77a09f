/** What the admin commands ask of the admin feature (src/admin implements it): reload, status, refusals. */
import type { KnowledgeVersion, LoadOutcome } from "./knowledge.js";

export interface StatusReport {
  version: KnowledgeVersion;
  counts: Record<string, number>;
  uptimeSeconds: number;
  adapters: string[];
  digest?: { lastSweepAt?: string; backlog: Record<string, number> };
}

export interface AdminActions {
  /** Re-reads data/, validates it and swaps it in; concurrent calls run one after another. */
  reload(actor: string): Promise<LoadOutcome>;
  /** Records a refused admin attempt in the audit log. */
  refused(actor: string, action: string): void;
  status(): StatusReport;
}
