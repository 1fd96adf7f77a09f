/**
 * The readiness checks of a running bot: the knowledge is loaded (and whether it is the last good one),
 * the database takes a write, and each configured platform is connected.
 */
import type { AdapterHealth } from "../core/adapter.js";
import type { DegradedKnowledge } from "../core/admin.js";
import type { KnowledgeVersion } from "../core/knowledge.js";
import type { ReadinessCheck } from "./readiness.js";

export interface BotReadinessSources {
  knowledge(): { version: KnowledgeVersion; articles: number; degraded?: DegradedKnowledge };
  /** Makes one small real write (the bot's lease renewal); throws when the database cannot be written. */
  write(): void;
  platforms: readonly { platform: string; health(): AdapterHealth }[];
}

export function botReadinessChecks(s: BotReadinessSources): ReadinessCheck[] {
  return [
    {
      name: "knowledge",
      run() {
        const { version, articles, degraded } = s.knowledge();
        const live = `version ${version.id} (${version.hash}), ${articles} articles, loaded ${version.loadedAt}`;
        if (!degraded) return { ok: true, detail: live };
        return {
          ok: true,
          warning: true,
          detail:
            `degraded: serving the last good knowledge, ${live}, because data/ has ${degraded.problemCount} problem(s) ` +
            `(since ${degraded.since}); first: ${degraded.firstProblems[0] ?? ""}`,
        };
      },
    },
    {
      name: "database",
      run() {
        s.write();
        return { ok: true, detail: "writable" };
      },
    },
    ...s.platforms.map(
      (p): ReadinessCheck => ({
        name: p.platform,
        run() {
          const h = p.health();
          return { ok: h.connected, detail: h.connected ? "connected" : (h.detail ?? "not connected") };
        },
      }),
    ),
  ];
}
