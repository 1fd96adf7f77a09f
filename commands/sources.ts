import type { CommandDef } from "../src/core/command.js";
import { UserError } from "../src/core/errors.js";
import { CitationList, cite, command, fields, italic, link, list, type Span, text } from "../src/core/message.js";
import { formatPartialDate } from "../src/present/records.js";

export default {
  name: "sources",
  aliases: ["source", "articles", "article"],
  permission: "everyone",
  options: [{ name: "id", type: "string", autocomplete: "source" }],
  run({ args, services, t }) {
    const kb = services.knowledge;
    const snap = kb.current;
    const wanted = typeof args.id === "string" ? args.id.trim() : "";
    const cites = new CitationList();
    if (!wanted) {
      const articles = [...snap.catalogue.articles.values()].sort((a, b) => (b.meta.published ?? "").localeCompare(a.meta.published ?? ""));
      return {
        title: t("commands.sources.title", { count: articles.length }),
        blocks: [
          list(
            articles.map((a): Span[] => [
              text(`${a.meta.title}${a.meta.outlet ? ` — ${a.meta.outlet}` : ""}${a.meta.published ? `, ${formatPartialDate(a.meta.published, t)}` : ""} `),
              cite(cites.ref(kb.citation(a.id))),
              text(" · "),
              // A tap opens the source's details (a deep link on Telegram; the button below elsewhere).
              command("source", a.id, t("commands.sources.details")),
            ]),
          ),
        ],
        citations: cites.items,
        kind: "sources",
        actions: articles.map((a, i) => ({ label: `${i + 1}. ${a.meta.outlet ?? a.meta.title}`.slice(0, 40), command: "source", args: a.id })),
      };
    }
    const m = snap.sourceNames.match(wanted);
    if (m.kind !== "exact" && m.kind !== "close") {
      const names = m.kind === "ambiguous" ? m.ids : m.suggestions;
      throw new UserError(
        "not-found",
        `${t("commands.sources.notFound", { wanted: wanted.slice(0, 60) })}${names.length ? ` ${t("common.didYouMean", { names: names.join(t("common.or")) })}` : ""}`,
        [t("commands.sources.listHint")],
        names.slice(0, 5).map((id) => ({ label: id, command: "source", args: id })),
      );
    }
    const a = snap.catalogue.articles.get(m.id)!;
    const n = cites.ref(kb.citation(a.id));
    const records = (["events", "entities", "figures"] as const).map(
      (k) => [...snap.catalogue[k].values()].filter((l) => l.record.citations.some((c) => c.source === a.id)).length,
    );
    const meta = a.meta;
    return {
      title: meta.title,
      blocks: [
        fields([
          { label: t("commands.sources.id"), value: [text(a.id)] },
          ...(meta.outlet ? [{ label: t("commands.sources.outlet"), value: [text(meta.outlet)] }] : []),
          ...(meta.author ? [{ label: t("commands.sources.author"), value: [text(meta.author)] }] : []),
          { label: t("commands.sources.published"), value: [text(meta.published ? formatPartialDate(meta.published, t) : t("commands.sources.unknown"))] },
          { label: t("commands.sources.link"), value: [meta.url ? link(meta.url, meta.url) : italic(t("commands.sources.noLink"))] },
          ...(meta.dated_by ? [{ label: t("commands.sources.dated"), value: [text(meta.dated_by)] }] : []),
          ...(meta.notes ? [{ label: t("commands.sources.notes"), value: [text(meta.notes)] }] : []),
          {
            label: t("commands.sources.curated"),
            value: [text(t("commands.sources.curatedCounts", { events: records[0], profiles: records[1], figures: records[2] })), text(" "), cite(n)],
          },
          ...(a.excludedLines.length
            ? [
                {
                  label: t("commands.sources.excluded"),
                  value: [
                    italic(
                      t("commands.sources.excludedLines", {
                        count: a.excludedLines.length,
                        kinds: [...new Set(a.excludedLines.map((l) => l.kind))].join(", "),
                      }),
                    ),
                  ],
                },
              ]
            : []),
        ]),
      ],
      citations: cites.items,
      kind: "sources",
      ...(meta.url ? { link: meta.url } : {}),
    };
  },
} satisfies CommandDef;
