/**
 * data/ → a validated Catalogue, or the full list of problems, each with file and line.
 * It never throws on bad data: a broken file is a problem to report, not an exception.
 */
import { createHash } from "node:crypto";
import { join, relative } from "node:path";
import type { z } from "zod";
import type { RecordKind } from "../core/knowledge.js";
import { type Article, type Catalogue, type Located, normalizeWhitespace, type Problem } from "./catalogue.js";
import { type DataFile, dataFileOf } from "./data-files.js";
import { measureOfQuote } from "./extract/context.js";
import { splitFrontMatter } from "./frontmatter.js";
import { MAX_PARAGRAPH_CHARS } from "./passages.js";
import { dataRoot, listArticleFiles, MAX_ARTICLE_BYTES, MAX_CURATED_FILE_BYTES, readDataFile } from "./safe-read.js";
import { ArticleFrontMatter, type ArticleMeta, type CitationRecord, EntitySchema, EventSchema, FigureSchema, TopicSchema } from "./schema.js";
import { runAtOnce } from "./time-slicer.js";
import { Unloaded } from "./unloaded.js";
import { type ParsedYaml, parseYamlWithLines } from "./yaml-lines.js";

export interface LoadResult {
  catalogue: Catalogue;
  problems: Problem[];
  /** Every file read, with its size, time and content hash (what an unchanged restart compares, data-files.ts). */
  files: DataFile[];
}

export const CURATED_FILES = {
  topics: "topics.yaml",
  events: "events.yaml",
  entities: "entities.yaml",
  figures: "figures.yaml",
} as const;

/** Reads and validates data/ at once. */
export function loadData(dataDir: string): LoadResult {
  return runAtOnce(loadDataSteps(dataDir));
}

/**
 * The same, as steps: it yields after each file, so a reload of a large corpus can give way to chat
 * commands between files (see time-slicer.ts).
 */
export function* loadDataSteps(dataDir: string): Generator<void, LoadResult> {
  const problems: Problem[] = [];
  const unloaded = new Unloaded();
  // Paths inside the working folder are shown relative to it, others in full.
  const rel = (path: string) => {
    const r = relative(process.cwd(), path);
    return r && !r.startsWith("..") ? r : path;
  };
  const catalogue: Catalogue = {
    articles: new Map(),
    topics: new Map(),
    events: new Map(),
    entities: new Map(),
    figures: new Map(),
  };

  const files: DataFile[] = [];
  const root = dataRoot(dataDir);
  if (!root) {
    return { catalogue, problems: [{ file: rel(dataDir), line: 1, message: "the data folder does not exist" }], files };
  }

  // Every file is read through safe-read.ts: regular files only, links only within data/, sizes capped.
  const articlesDir = join(dataDir, "articles");
  const listed = listArticleFiles(articlesDir, root);
  if (!listed.ok && !listed.missing) problems.push({ file: rel(articlesDir), line: 1, message: listed.message });
  for (const name of listed.ok ? listed.names : []) {
    const path = join(articlesDir, name);
    const read = readDataFile(path, root, MAX_ARTICLE_BYTES);
    if (read.ok) files.push(dataFileOf(`articles/${name}`, read));
    const article = read.ok ? loadArticle(rel(path), read.text, name.replace(/\.md$/, ""), problems) : undefined;
    if (!read.ok) problems.push({ file: rel(path), line: 1, message: read.message });
    if (article) catalogue.articles.set(article.id, article);
    else unloaded.add("article", name.replace(/\.md$/, ""));
    yield;
  }

  loadRecords(dataDir, CURATED_FILES.topics, root, rel, TopicSchema, catalogue.topics, problems, unloaded.for("topic"), files);
  yield;
  loadRecords(dataDir, CURATED_FILES.events, root, rel, EventSchema, catalogue.events, problems, unloaded.for("event"), files);
  yield;
  loadRecords(dataDir, CURATED_FILES.entities, root, rel, EntitySchema, catalogue.entities, problems, unloaded.for("entity"), files);
  yield;
  loadRecords(dataDir, CURATED_FILES.figures, root, rel, FigureSchema, catalogue.figures, problems, unloaded.for("figure"), files);
  yield;

  checkReferences(catalogue, problems, unloaded);
  problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  return { catalogue, problems: onePerLine(problems), files };
}

/**
 * One problem per line: a broken line often fails several checks at once (a title line missing its colon
 * is both an unknown key and a missing title), and a person fixes the line once. Expects sorted problems.
 */
export function onePerLine(problems: readonly Problem[]): Problem[] {
  const out: Problem[] = [];
  for (const p of problems) {
    const last = out.at(-1);
    if (last && last.file === p.file && last.line === p.line) out[out.length - 1] = { ...last, message: `${last.message}; ${p.message}` };
    else out.push(p);
  }
  return out;
}

const sha = (s: string) => createHash("sha256").update(s).digest("hex").slice(0, 16);

/** Parses one article file. Pure apart from the problems it appends. */
export function loadArticle(file: string, source: string, id: string, problems: Problem[]): Article | undefined {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) {
    problems.push({ file, line: 1, message: `the file name "${id}.md" is not a valid id (lower-case words joined by hyphens)` });
    return undefined;
  }
  const split = splitFrontMatter(source);
  if (!split.ok) {
    problems.push({ file, line: split.error.line, message: split.error.message });
    return undefined;
  }
  const { yaml, yamlStartLine, body, bodyStartLine } = split.value;
  const parsed = parseYamlWithLines(yaml, yamlStartLine - 1);
  if (parsed.errors.length > 0) {
    for (const e of parsed.errors) problems.push({ file, line: e.line, message: `front matter: ${e.message}` });
    return undefined;
  }
  const meta = validate(ArticleFrontMatter, parsed.value ?? {}, parsed, [], file, problems, "front matter");
  if (!meta) return undefined;

  const bodyLines = body.split("\n");
  const excludedAt = new Map<number, string>();
  for (const [i, ex] of (meta.excluded ?? []).entries()) {
    let matched = false;
    for (const [j, lineText] of bodyLines.entries()) {
      if (!lineText.startsWith(ex.match)) continue;
      matched = true;
      if (ex.through_end) {
        for (let k = j; k < bodyLines.length; k++) excludedAt.set(k, ex.kind);
        break;
      }
      excludedAt.set(j, ex.kind);
    }
    if (!matched) {
      problems.push({
        file,
        line: parsed.lineOf(["excluded", i, "match"]),
        message: `excluded[${i}]: no line of the text begins with "${ex.match.slice(0, 60)}"`,
      });
    }
  }

  const lines: Article["lines"] = [];
  const excludedLines: Article["excludedLines"] = [];
  let refused = 0;
  for (const [j, raw] of bodyLines.entries()) {
    const text = raw.trim();
    if (text === "") continue;
    if (text.length > MAX_PARAGRAPH_CHARS) {
      // A paragraph this long is a pasted blob, not prose: refused, so the operator breaks it where it makes sense.
      problems.push({
        file,
        line: bodyStartLine + j,
        message: `a paragraph of ${text.length.toLocaleString("en")} characters; the most is ${MAX_PARAGRAPH_CHARS.toLocaleString("en")} (break it into paragraphs)`,
      });
      refused++;
      continue;
    }
    const kind = excludedAt.get(j);
    if (kind) excludedLines.push({ line: bodyStartLine + j, text, kind });
    else lines.push({ line: bodyStartLine + j, text });
  }
  if (lines.length === 0 && refused === 0) problems.push({ file, line: bodyStartLine, message: "the article has no text after its front matter" });

  return {
    id,
    file,
    meta: meta as ArticleMeta,
    lines,
    excludedLines,
    // Computed when a quote is checked, not kept: a second copy of every article's text (two bytes a
    // character once it holds a curly quote) was half the heap a load of 20,000 articles held live, and
    // only the few articles that curated records cite are ever asked.
    get normalizedText() {
      return normalizeWhitespace(this.lines.map((l) => l.text).join("\n"));
    },
    hash: sha(source),
    lineOf: parsed.lineOf,
  };
}

function loadRecords<S extends z.ZodType<{ id: string }>>(
  dataDir: string,
  name: string,
  root: string,
  rel: (p: string) => string,
  schema: S,
  into: Map<string, Located<z.infer<S>>>,
  problems: Problem[],
  unloaded: { add(id: unknown): void; addFile(): void },
  files: DataFile[],
): void {
  const path = join(dataDir, name);
  const file = rel(path);
  const read = readDataFile(path, root, MAX_CURATED_FILE_BYTES);
  if (!read.ok) {
    // Each curated file is optional; one that exists but cannot be read is a problem.
    if (!read.missing) {
      problems.push({ file, line: 1, message: read.message });
      unloaded.addFile();
    }
    return;
  }
  files.push(dataFileOf(name, read));
  const parsed = parseYamlWithLines(read.text);
  if (parsed.errors.length > 0) {
    for (const e of parsed.errors) problems.push({ file, line: e.line, message: `YAML: ${e.message}` });
    unloaded.addFile();
    return;
  }
  if (parsed.value === null || parsed.value === undefined) return;
  if (!Array.isArray(parsed.value)) {
    problems.push({ file, line: 1, message: "expected a list of records (each item beginning with '- id: …')" });
    unloaded.addFile();
    return;
  }
  for (const [i, item] of parsed.value.entries()) {
    const record = validate(schema, item, parsed, [i], file, problems, `item ${i + 1}`);
    if (!record) {
      unloaded.add((item as { id?: unknown } | null)?.id);
      continue;
    }
    const line = parsed.lineOf([i]);
    if (into.has(record.id)) {
      const first = into.get(record.id)!;
      problems.push({ file, line, message: `duplicate id "${record.id}" (first defined at ${first.file}:${first.line})` });
      continue;
    }
    into.set(record.id, { record, file, line, hash: sha(JSON.stringify(item)), lineOf: (path) => parsed.lineOf([i, ...path]) });
  }
}

function validate<S extends z.ZodType>(
  schema: S,
  value: unknown,
  parsed: ParsedYaml,
  base: (string | number)[],
  file: string,
  problems: Problem[],
  what: string,
): z.infer<S> | undefined {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
    const where = path.length ? path.join(".") : what;
    problems.push({ file, line: parsed.lineOf([...base, ...path]), message: `${where}: ${issue.message}` });
  }
  return undefined;
}

/** Cross-record checks zod cannot make: references resolve, quotes are verbatim, dates are real days. */
function checkReferences(c: Catalogue, problems: Problem[], unloaded: Unloaded): void {
  const need = (kind: RecordKind, ids: readonly string[], map: Map<string, unknown>, at: Located<unknown>, field: string) => {
    for (const [i, id] of ids.entries()) {
      if (!map.has(id) && !unloaded.has(kind, id)) problems.push({ file: at.file, line: at.lineOf([field, i]), message: `${field}: unknown ${kind} "${id}"` });
    }
  };
  const quotes = (at: Located<{ id: string; citations: CitationRecord[] }>) => {
    for (const [i, cit] of at.record.citations.entries()) {
      const article = c.articles.get(cit.source);
      if (!article) {
        if (unloaded.has("article", cit.source)) continue;
        problems.push({ file: at.file, line: at.lineOf(["citations", i, "source"]), message: `citations[${i}]: unknown source "${cit.source}"` });
        continue;
      }
      const q = normalizeWhitespace(cit.quote);
      if (article.normalizedText.includes(q)) continue;
      const inExcluded = article.excludedLines.some((l) => normalizeWhitespace(l.text).includes(q));
      problems.push({
        file: at.file,
        line: at.lineOf(["citations", i, "quote"]),
        message: inExcluded
          ? `citations[${i}]: the quote is from excluded material (${article.excludedLines[0]?.kind ?? "excluded"}) of "${cit.source}"`
          : `citations[${i}]: the quote is not in "${cit.source}": "${q.slice(0, 80)}${q.length > 80 ? "…" : ""}"`,
      });
    }
  };
  for (const a of c.articles.values()) {
    for (const [i, t] of (a.meta.topics ?? []).entries()) {
      if (!c.topics.has(t) && !unloaded.has("topic", t))
        problems.push({ file: a.file, line: a.lineOf(["topics", i]), message: `topics: unknown topic "${t}"` });
    }
    if (a.meta.published && !isRealDate(a.meta.published)) {
      problems.push({ file: a.file, line: a.lineOf(["published"]), message: `published: ${a.meta.published} is not a real date` });
    }
  }
  for (const at of c.events.values()) {
    const e = at.record;
    need("entity", e.actors, c.entities, at, "actors");
    need("topic", e.topics, c.topics, at, "topics");
    need("figure", e.figures, c.figures, at, "figures");
    need("event", e.related, c.events, at, "related");
    if (!isRealDate(e.date)) problems.push({ file: at.file, line: at.lineOf(["date"]), message: `date: ${e.date} is not a real date` });
    if (e.end && !isRealDate(e.end)) problems.push({ file: at.file, line: at.lineOf(["end"]), message: `end: ${e.end} is not a real date` });
    if (e.end && e.end < e.date) problems.push({ file: at.file, line: at.lineOf(["end"]), message: `end: ${e.end} is before the date ${e.date}` });
    quotes(at);
  }
  for (const at of c.entities.values()) {
    need("topic", at.record.topics, c.topics, at, "topics");
    quotes(at);
  }
  for (const at of c.figures.values()) {
    need("topic", at.record.topics, c.topics, at, "topics");
    need("figure", at.record.compare, c.figures, at, "compare");
    const { about, only_source, measured, value, citations } = at.record;
    if (about && !c.events.has(about) && !unloaded.has("event", about))
      problems.push({ file: at.file, line: at.lineOf(["about"]), message: `about: unknown event "${about}"` });
    // A claim about the whole corpus is checked by the measure: one that cannot be read from the quote must be written.
    if (only_source && !measured && !measureOfQuote(value, citations[0]?.quote ?? "")) {
      problems.push({
        file: at.file,
        line: at.lineOf(["only_source"]),
        message: "only_source: no figure in the quote to check it by; say what it measures in `measured`",
      });
    }
    quotes(at);
  }
}

/** "2024-02-30" is well formed but no day; the calendar decides. */
export function isRealDate(d: string): boolean {
  const [y, m, day] = d.split("-").map(Number);
  if (m === undefined) return true;
  if (day === undefined) return m >= 1 && m <= 12;
  const dt = new Date(Date.UTC(y!, m - 1, day));
  return dt.getUTCMonth() === m - 1 && dt.getUTCDate() === day;
}
