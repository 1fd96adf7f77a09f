/**
 * `brief data draft <article>`: prints, as YAML for an admin to edit and keep, the events, figures and
 * entities extraction proposes for one article, each with its exact quote. It never writes data/.
 */
import { basename } from "node:path";
import { stringify } from "yaml";
import type { Config } from "../config.js";
import { formatProblem } from "../core/knowledge.js";
import { type Draft, draftFor } from "../knowledge/extract/draft.js";
import { loadData } from "../knowledge/loader.js";

export function dataDraft(config: Config, args: string[]): number {
  const arg = args[0];
  if (!arg) {
    process.stderr.write("brief data draft needs an article: its id or its file, e.g. brief data draft data/articles/new-report.md\n");
    return 2;
  }
  const id = basename(arg).replace(/\.md$/, "");
  const { catalogue, problems } = loadData(config.dataDir);
  const mine = problems.filter((p) => basename(p.file) === `${id}.md`);
  if (!catalogue.articles.has(id)) {
    process.stderr.write(
      mine.length
        ? `${mine.map(formatProblem).join("\n")}\nFix these first: the article does not load.\n`
        : `There is no article "${id}" in ${config.dataDir}/articles.\n`,
    );
    return 1;
  }
  if (problems.length) process.stderr.write(`Note: data/ has ${problems.length} problem(s) elsewhere; \`brief data check\` lists them.\n`);
  process.stdout.write(renderDraft(draftFor(catalogue, id)!));
  return 0;
}

const yaml = (record: object) => stringify([record], { lineWidth: 0 }).trimEnd();

export function renderDraft(d: Draft): string {
  const { meta } = d.article;
  const out: string[] = [
    `# Draft records for ${d.article.file} (“${meta.title}”${meta.outlet ? `, ${meta.outlet}` : ""}${meta.published ? `, ${meta.published}` : ""}),`,
    "# proposed by `brief data draft`. Nothing here is curated yet, and nothing was written to data/.",
    "# Every quote is the article's own words. Rewrite each DRAFT title, summary, measure and description in",
    "# our own words, check each date, keep what is worth keeping, and move the records into the file named",
    "# above each section; then run `brief data check`.",
  ];
  const section = (file: string, items: { line: number; note?: string; record: object }[]) => {
    out.push("", `# ---- ${file} (${items.length}) ----`);
    if (items.length === 0) out.push("# (nothing proposed)");
    for (const item of items) out.push(`# from line ${item.line}${item.note ? `; ${item.note}` : ""}`, yaml(item.record));
  };
  section(
    "events.yaml",
    d.events.map(({ line, sameAs, ...record }) => ({
      line,
      note: sameAs ? `about the curated event ${sameAs}: perhaps add this citation to it instead` : undefined,
      record,
    })),
  );
  section(
    "figures.yaml",
    d.figures.map(({ line, beside, ...record }) => ({
      line,
      note: beside ? `the same measure as the curated figure ${beside}, from another source: /figures shows them side by side` : undefined,
      record,
    })),
  );
  section(
    "entities.yaml",
    d.entities.map(({ line, named, ...record }) => ({ line, note: `named ${named} time${named === 1 ? "" : "s"}; check the type`, record })),
  );
  return `${out.join("\n")}\n`;
}
