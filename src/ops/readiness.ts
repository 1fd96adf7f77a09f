/**
 * /readyz: is this process able to do its work? Each check answers for one part (the knowledge, the
 * database, each configured platform); the process is ready when every check passes. A check may pass
 * with a warning (the knowledge is the last good one because data/ has problems): ready, and says so.
 */

export interface CheckResult {
  ok: boolean;
  /** What an operator reads: the state, and the reason when not ok. */
  detail: string;
  /** Passing, but not as configured (the fallback knowledge). */
  warning?: boolean;
}

export interface ReadinessCheck {
  name: string;
  run(): CheckResult;
}

export interface ReadinessReport {
  ready: boolean;
  degraded: boolean;
  checks: Record<string, CheckResult>;
}

/** Runs every check; a check that throws fails with its message. Pure apart from the checks themselves. */
export function checkReadiness(checks: readonly ReadinessCheck[]): ReadinessReport {
  const results: Record<string, CheckResult> = {};
  for (const check of checks) {
    try {
      results[check.name] = check.run();
    } catch (err) {
      results[check.name] = { ok: false, detail: err instanceof Error ? err.message : String(err) };
    }
  }
  const all = Object.values(results);
  return { ready: all.every((r) => r.ok), degraded: all.some((r) => r.warning), checks: results };
}
