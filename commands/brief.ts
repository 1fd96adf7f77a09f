import type { CommandDef } from "../src/core/command.js";
import { CitationList, italic, list, para } from "../src/core/message.js";
import { inPeriod } from "../src/core/period.js";
import { newSourcesBlocks, overviewLines } from "../src/present/overview.js";
import { resolveFilter } from "../src/present/records.js";
import { periodLabel } from "../src/present/timeline.js";
import { periodQuery } from "./timeline.js";

export default {
  name: "brief",
  aliases: ["overview", "briefing"],
  permission: "everyone",
  options: [{ name: "topic", type: "string", autocomplete: "topic" }],
  run({ args, services, t }) {
    const kb = services.knowledge;
    // "2024", "march 2024 isis-k": a period (and a topic) read as /timeline reads them, never a date as a topic.
    const query = periodQuery(String(args.topic ?? ""), "brief", t);
    const words = query.kind === "topic" ? query.words : query.kind === "period" ? query.topic : undefined;
    const filter = resolveFilter(kb, words, t);
    if (query.kind === "period") {
      const period = periodLabel(query.from, query.to, t);
      filter.events = filter.events.filter((e) => inPeriod(e, query));
      filter.scope = { ...filter.scope, from: query.from, to: query.to };
      filter.label = words ? t("commands.timeline.periodInTopic", { topic: filter.label, period }) : period;
    }
    const cites = new CitationList();
    // The curated developments lead (the first screen carries them); what new, uncurated articles add follows.
    const lines = overviewLines(kb, filter, cites, undefined, t);
    const added = newSourcesBlocks(kb, filter, cites, t);
    if (lines.length === 0 && added.length === 0) {
      return {
        title: t("commands.brief.title", { label: filter.label }),
        blocks: [para(t("commands.brief.nothing", { label: filter.label }))],
        citations: [],
        kind: "brief",
      };
    }
    return {
      title: t("commands.brief.title", { label: filter.label }),
      blocks: [...(lines.length ? [list(lines), para(italic(t("commands.brief.note")))] : []), ...added],
      citations: cites.items,
      kind: "brief",
    };
  },
} satisfies CommandDef;
