import type { CommandDef } from "../src/core/command.js";
import { type TimelineQuery, timelineDoc } from "../src/present/timeline.js";

/** "2021", "2021 2022", "2021-2022", "from 2021 to 2022" → a year range; anything else is a topic. Pure. */
export function parseTimelineQuery(input: string): TimelineQuery {
  const s = input.trim();
  if (s === "") return { kind: "all" };
  const m = /^(?:from\s+)?((?:19|20)\d\d)(?:\s*(?:-|–|—|to|until|\s)\s*((?:19|20)\d\d))?$/i.exec(s);
  if (!m) return { kind: "topic", words: s };
  const a = Number(m[1]);
  const b = m[2] ? Number(m[2]) : a;
  return { kind: "period", from: String(Math.min(a, b)), to: String(Math.max(a, b)) };
}

export default {
  name: "timeline",
  aliases: ["timelines", "chronology"],
  description: "Dated events in order, for a year, a range of years or a topic",
  example: "/timeline 2021-2024",
  usage: "/timeline [year | from to | topic]",
  permission: "everyone",
  options: [{ name: "period_or_topic", description: "A year (2023), a range (2021 2024) or a topic", type: "string", autocomplete: "topic" }],
  run({ args, argText, page, services }) {
    return timelineDoc(services.knowledge, parseTimelineQuery(String(args.period_or_topic ?? "")), page, argText);
  },
} satisfies CommandDef;
