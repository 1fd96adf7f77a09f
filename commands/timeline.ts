import type { CommandDef } from "../src/core/command.js";
import { UserError } from "../src/core/errors.js";
import type { T } from "../src/core/i18n.js";
import { splitPeriod } from "../src/core/period.js";
import { type TimelineQuery, timelineDoc } from "../src/present/timeline.js";

/**
 * "2021", "march 2024", "2024-03", "2021–2022", "2024 isis-k" → a period, with any other words as its
 * topic; words alone are a topic. A date is never read as a topic. Pure (the period parser is core's).
 */
export function parseTimelineQuery(input: string): TimelineQuery | { kind: "month-only" } {
  const s = input.trim();
  if (s === "") return { kind: "all" };
  const { period, rest, monthOnly } = splitPeriod(s);
  if (monthOnly) return { kind: "month-only" };
  if (!period) return { kind: "topic", words: s };
  return { kind: "period", from: period.from, to: period.to, ...(rest ? { topic: rest } : {}) };
}

/** The query, or "which year?" (with example buttons) for a month typed without one. */
export function periodQuery(input: string, command: string, t: T): TimelineQuery {
  const q = parseTimelineQuery(input);
  if (q.kind !== "month-only") return q;
  const year = String(new Date().getUTCFullYear() - 1);
  const example = `${input.trim()} ${year}`;
  throw new UserError("bad-argument", t("records.needYear", { command, example }), [], [{ label: `/${command} ${example}`, command, args: example }]);
}

export default {
  name: "timeline",
  aliases: ["timelines", "chronology"],
  permission: "everyone",
  options: [{ name: "period_or_topic", type: "string", autocomplete: "topic" }],
  run({ args, argText, page, services, t }) {
    return timelineDoc(services.knowledge, periodQuery(String(args.period_or_topic ?? ""), "timeline", t), page, argText, undefined, t);
  },
} satisfies CommandDef;
