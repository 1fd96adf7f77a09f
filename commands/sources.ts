import type { CommandDef } from "../src/core/command.js";
import { UserError } from "../src/core/errors.js";
import { CitationList, cite, fields, italic, link, list, type Span, text } from "../src/core/message.js";
import { formatPartialDate } from "../src/present/records.js";

export default {
  name: "sources",
  aliases: ["source", "articles", "article"],
  description: "The articles Brief knows, or one article's details: outlet, author, date and how it was dated",
  example: "/source re-russia-isis-k-tajikistan",
  usage: "/sources [id]",
  permission: "everyone",
  options: [{ name: "id", description: "An article's id or title", type: "string", autocomplete: "source" }],
  run({ args, services }) {
    const kb = services.knowledge;
    const snap = kb.current;
    const wanted = typeof args.id === "string" ? args.id.trim() : "";
    const cites = new CitationList();
    if (!wanted) {
      const articles = [...snap.catalogue.articles.values()].sort((a, b) => (b.meta.published ?? "").localeCompare(a.meta.published ?? ""));
      return {
        title: `Sources (${articles.length})`,
        blocks: [
          list(
            articles.map((a): Span[] => [
              text(`${a.meta.title}${a.meta.outlet ? ` — ${a.meta.outlet}` : ""}${a.meta.published ? `, ${formatPartialDate(a.meta.published)}` : ""} `),
              cite(cites.ref(kb.citation(a.id))),
              text(` · /source ${a.id}`),
            ]),
          ),
        ],
        citations: cites.items,
      };
    }
    const m = snap.sourceNames.match(wanted);
    if (m.kind !== "exact" && m.kind !== "close") {
      const names = (m.kind === "ambiguous" ? m.ids : m.suggestions).map((id) => id);
      throw new UserError("not-found", `No source called “${wanted.slice(0, 60)}”.${names.length ? ` Did you mean ${names.join(" or ")}?` : ""}`, [
        "/sources lists them all.",
      ]);
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
          { label: "Id", value: [text(a.id)] },
          ...(meta.outlet ? [{ label: "Outlet", value: [text(meta.outlet)] }] : []),
          ...(meta.author ? [{ label: "Author", value: [text(meta.author)] }] : []),
          { label: "Published", value: [text(meta.published ? formatPartialDate(meta.published) : "unknown")] },
          ...(meta.dated_by ? [{ label: "How it was dated", value: [text(meta.dated_by)] }] : []),
          ...(meta.url ? [{ label: "Link", value: [link(meta.url, meta.url)] }] : []),
          ...(meta.notes ? [{ label: "Notes", value: [text(meta.notes)] }] : []),
          {
            label: "Curated from it",
            value: [text(`${records[0]} events, ${records[1]} profiles, ${records[2]} figures`), text(" "), cite(n)],
          },
          ...(a.excludedLines.length
            ? [
                {
                  label: "Not part of the article",
                  value: [italic(`${a.excludedLines.length} line(s) left out: ${[...new Set(a.excludedLines.map((l) => l.kind))].join(", ")}`)],
                },
              ]
            : []),
        ]),
      ],
      citations: cites.items,
    };
  },
} satisfies CommandDef;
