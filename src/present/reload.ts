/** Wording shared by /reload and `brief data reload`: what changed, or what is wrong. Pure. */
import { type ChangeKind, formatProblem, type LoadOutcome } from "../core/knowledge.js";

/** How many problems a reply lists before it only counts the rest. */
export const MAX_PROBLEMS_SHOWN = 10;

const PLURAL: Record<ChangeKind, string> = { article: "articles", event: "events", entity: "entities", figure: "figures", topic: "topics" };

export function describeReload(outcome: LoadOutcome): { headline: string; lines: string[] } {
  const ms = `${Math.round(outcome.ms)} ms`;
  if (!outcome.ok) {
    const shown = outcome.problems.slice(0, MAX_PROBLEMS_SHOWN).map(formatProblem);
    const rest = outcome.problems.length - shown.length;
    return {
      headline: `Reload refused: the data has ${outcome.problems.length} problem${outcome.problems.length === 1 ? "" : "s"}. The previous knowledge stays live.`,
      lines: [...shown, ...(rest > 0 ? [`…and ${rest} more.`] : [])],
    };
  }
  const s = outcome.summary;
  const counts = (Object.keys(PLURAL) as ChangeKind[]).map((k) => `${s.counts[k]} ${PLURAL[k]}`).join(", ");
  const lines = [`Now: ${counts}.`];
  for (const [label, group] of [
    ["Added", s.added],
    ["Changed", s.changed],
    ["Removed", s.removed],
  ] as const) {
    for (const k of Object.keys(PLURAL) as ChangeKind[]) {
      const ids = group[k];
      if (ids.length > 0) lines.push(`${label} ${PLURAL[k]} (${ids.length}): ${ids.slice(0, 15).join(", ")}${ids.length > 15 ? ", …" : ""}`);
    }
  }
  if (outcome.unchanged) lines.push("Nothing changed since the last load.");
  for (const w of outcome.warnings ?? []) lines.push(`Warning: ${formatProblem(w)}`);
  return { headline: `Reloaded as knowledge version ${outcome.version.id} in ${ms}.`, lines };
}
