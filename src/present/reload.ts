/**
 * Wording shared by /reload and `brief data reload`: what changed, or what is wrong. In the admin's language
 * for /reload (the command line speaks English); the data's problems name files and lines, in English, as
 * the log does. Pure.
 */
import { type T, translator } from "../core/i18n.js";
import { type ChangeKind, formatProblem, type LoadOutcome } from "../core/knowledge.js";

/** How many problems a reply lists before it only counts the rest. */
export const MAX_PROBLEMS_SHOWN = 10;

const KINDS: readonly ChangeKind[] = ["article", "event", "entity", "figure", "topic"];

export function describeReload(outcome: LoadOutcome, t: T = translator()): { headline: string; lines: string[] } {
  if (!outcome.ok) {
    const shown = outcome.problems.slice(0, MAX_PROBLEMS_SHOWN).map(formatProblem);
    const rest = outcome.problems.length - shown.length;
    return {
      headline: t("commands.reload.refusedHeadline", { count: outcome.problems.length }),
      lines: [...shown, ...(rest > 0 ? [t("commands.reload.more", { count: rest })] : [])],
    };
  }
  const s = outcome.summary;
  const kind = (k: ChangeKind) => t(`commands.reload.kinds.${k}`);
  const counts = KINDS.map((k) => `${s.counts[k]} ${kind(k)}`).join(", ");
  const lines = [t("commands.reload.now", { counts })];
  for (const [key, group] of [
    ["commands.reload.added", s.added],
    ["commands.reload.changed", s.changed],
    ["commands.reload.removed", s.removed],
  ] as const) {
    for (const k of KINDS) {
      const ids = group[k];
      if (ids.length > 0) lines.push(t(key, { kind: kind(k), count: ids.length, ids: `${ids.slice(0, 15).join(", ")}${ids.length > 15 ? ", …" : ""}` }));
    }
  }
  if (outcome.unchanged) lines.push(t("commands.reload.unchanged"));
  // A curated claim the new data breaks: the data is live, the claim names both files (in English, as problems do).
  for (const w of outcome.warnings ?? []) lines.push(t("commands.reload.warning", { problem: formatProblem(w) }));
  return { headline: t("commands.reload.headline", { version: outcome.version.id, ms: Math.round(outcome.ms) }), lines };
}
