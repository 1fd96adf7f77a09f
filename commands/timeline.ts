import type { CommandDef } from "../src/core/command.js";
import { CitationList, bold, italic, list, para, text } from "../src/core/message.js";
import { citeSpans, formatEventDate, paginate, resolveFilter, sortByDate } from "../src/present/records.js";

export const TIMELINE_PAGE_SIZE = 8;

export type TimelineQuery = { kind: "all" } | { kind: "years"; from: number; to: number } | { kind: "topic"; words: string };

/** "2021", "2021 2022", "2021-2022", "from 2021 to 2022" → a year range; anything else is a topic. Pure. */
export function parseTimelineQuery(input: string): TimelineQuery {
  const s = input.trim();
  if (s === "") return { kind: "all" };
  const m = /^(?:from\s+)?((?:19|20)\d\d)(?:\s*(?:-|–|—|to|until|\s)\s*((?:19|20)\d\d))?$/i.exec(s);
  if (!m) return { kind: "topic", words: s };
  const a = Number(m[1]);
  const b = m[2] ? Number(m[2]) : a;
  return { kind: "years", from: Math.min(a, b), to: Math.max(a, b) };
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
    const kb = services.knowledge;
    const query = parseTimelineQuery(String(args.period_or_topic ?? ""));
    let label: string;
    let events;
    if (query.kind === "years") {
      const all = resolveFilter(kb, undefined).events;
      events = all.filter((e) => {
        const start = Number(e.date.slice(0, 4));
        const end = Number((e.end ?? e.date).slice(0, 4));
        return start <= query.to && end >= query.from;
      });
      label = query.from === query.to ? String(query.from) : `${query.from}–${query.to}`;
    } else {
      const filter = resolveFilter(kb, query.kind === "topic" ? query.words : undefined);
      events = filter.events;
      label = filter.label;
    }
    const sorted = sortByDate(events);
    if (sorted.length === 0) {
      return {
        title: `Timeline: ${label}`,
        blocks: [para(`No dated events in the sources for ${label}. /timeline alone shows them all.`)],
        citations: [],
      };
    }
    const { items, pages } = paginate(sorted, page, TIMELINE_PAGE_SIZE, "timeline", argText);
    const cites = new CitationList();
    const inferred = items.some((e) => e.date_note);
    return {
      title: `Timeline: ${label} (${sorted.length} event${sorted.length === 1 ? "" : "s"})`,
      blocks: [
        list(
          items.map((e) => [
            bold(formatEventDate(e)),
            text(e.date_note ? "† — " : " — "),
            text(e.title),
            ...citeSpans(e.citations, kb, cites),
          ]),
        ),
        ...(inferred ? [para(italic("† dated from relative wording in the source; /event shows how."))] : []),
      ],
      citations: cites.items,
      pages,
    };
  },
} satisfies CommandDef;
