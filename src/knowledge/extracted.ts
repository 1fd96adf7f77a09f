/**
 * Reading what extraction wrote into the live index file (extract/tables.ts): dated statements in order,
 * figures by measure, the sentences naming an entity or a not-yet-curated name. Every sentence is cut from
 * its passage's text here, at the offsets extraction recorded, so it is the source's own words.
 */
import type { Statement } from "better-sqlite3";
import type { CorpusClaim, DatedStatement, DatePrecision, DateRelation, ExtractScope, FigureStatement, SourceSentence } from "../core/knowledge.js";
import type { Db } from "../store/db.js";
import { prepared } from "../store/prepared.js";
import { attributionOf } from "./extract/attribution.js";
import { partialInterval } from "./extract/calendar.js";
import { MentionFinder, type Named } from "./extract/mentions.js";
import { sentencesOf } from "./extract/sentences.js";
import { buildMatch } from "./query.js";

/** A words scope looks at the best this many matching passages: enough for a page, bounded at any size. */
const WORDS_SCOPE_PASSAGES = 2_000;
/** A profile reads at most this many passages naming the entity (the newest) for its sentences. */
const NAMING_PASSAGES_READ = 400;
/** At most this many sources in a sources scope (a digest's new articles, say). */
const MAX_SCOPE_SOURCES = 500;

interface SentenceRow {
  sid: number;
  sourceId: string;
  line: number;
  ptext: string;
  start: number;
  length: number;
  saidBy: string | null;
  saidHow: string | null;
}

const SENTENCE_COLUMNS =
  "s.rowid AS sid, s.source_id AS sourceId, s.line AS line, p.text AS ptext, s.start AS start, s.length AS length, s.said_by AS saidBy, s.said_how AS saidHow";

function sentenceOf(r: SentenceRow): SourceSentence {
  return {
    sourceId: r.sourceId,
    line: r.line,
    text: r.ptext.slice(r.start, r.start + r.length),
    ...(r.saidBy ? { saidBy: r.saidBy } : {}),
    ...(r.saidHow ? { saidHow: r.saidHow } : {}),
  };
}

/** The conditions (on `s`, the sentences table) and their parameters that a scope stands for. */
function scopeSql(scope: ExtractScope): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  // Ids are lower-case words joined by hyphens: nothing in them is special to LIKE.
  if (scope.topic) {
    where.push("s.topics LIKE ?");
    params.push(`%,${scope.topic},%`);
  }
  if (scope.entity) {
    where.push("s.entities LIKE ?");
    params.push(`%,${scope.entity},%`);
  }
  if (scope.sources) {
    const ids = scope.sources.slice(0, MAX_SCOPE_SOURCES);
    where.push(ids.length ? `s.source_id IN (${ids.map(() => "?").join(",")})` : "0");
    params.push(...ids);
  }
  if (scope.words !== undefined) {
    const match = buildMatch(scope.words, "and", true);
    where.push(match ? "s.passage IN (SELECT rowid FROM passages_fts WHERE passages_fts MATCH ? LIMIT ?)" : "0");
    if (match) params.push(match, WORDS_SCOPE_PASSAGES);
  }
  return { where, params };
}

export class ExtractedReader {
  constructor(private readonly db: Db) {}

  private statement(sql: string): Statement<unknown[]> {
    return prepared(this.db, sql);
  }

  datedStatements(
    scope: ExtractScope,
    opts: { limit: number; offset?: number; uncurated?: boolean; eventId?: string },
  ): { total: number; items: DatedStatement[] } {
    const { where, params } = scopeSql(scope);
    if (opts.uncurated) where.push("d.event IS NULL");
    if (opts.eventId !== undefined) {
      where.push("d.event = ?");
      params.push(opts.eventId);
    }
    const from = partialInterval(scope.from);
    const to = partialInterval(scope.to ?? scope.from);
    if (from && to) {
      where.push("d.hi >= ? AND d.lo <= ?");
      params.push(from.lo, to.hi);
    }
    const filter = where.length ? `WHERE ${where.join(" AND ")}` : "";
    const total = (this.statement(`SELECT count(*) AS n FROM dated d JOIN sentences s ON s.rowid = d.sentence ${filter}`).get(...params) as { n: number }).n;
    const rows = this.statement(
      `SELECT ${SENTENCE_COLUMNS}, d.phrase AS phrase, d.date AS date, d.date_end AS dateEnd, d.precision AS precision, d.relative AS relative,
              d.relation AS relation, d.lo AS lo, d.hi AS hi, d.event AS event
         FROM dated d JOIN sentences s ON s.rowid = d.sentence JOIN passages p ON p.rowid = s.passage ${filter}
         ORDER BY d.lo, d.hi, d.sentence LIMIT ? OFFSET ?`,
    ).all(...params, opts.limit, opts.offset ?? 0) as (SentenceRow & {
      phrase: string;
      date: string;
      dateEnd: string | null;
      precision: DatePrecision;
      relative: number;
      relation: DateRelation;
      lo: number;
      hi: number;
      event: string | null;
    })[];
    return {
      total,
      items: rows.map((r) => ({
        ...sentenceOf(r),
        phrase: r.phrase,
        date: r.date,
        ...(r.dateEnd ? { end: r.dateEnd } : {}),
        precision: r.precision,
        relative: r.relative === 1,
        relation: r.relation,
        lo: r.lo,
        hi: r.hi,
        ...(r.event ? { eventId: r.event } : {}),
      })),
    };
  }

  figureStatements(
    scope: ExtractScope,
    opts: { limit: number; offset?: number; measure?: string; eventId?: string; uncurated?: boolean },
  ): { total: number; items: FigureStatement[] } {
    const { where, params } = scopeSql(scope);
    if (opts.measure !== undefined) {
      where.push("f.measure = ?");
      params.push(opts.measure);
    }
    if (opts.eventId !== undefined) {
      where.push("f.event = ?");
      params.push(opts.eventId);
    }
    if (opts.uncurated) where.push("f.figure IS NULL");
    const filter = where.length ? `WHERE ${where.join(" AND ")}` : "";
    const total = (
      this.statement(`SELECT count(*) AS n FROM figures_found f JOIN sentences s ON s.rowid = f.sentence ${filter}`).get(...params) as { n: number }
    ).n;
    // Passages are stored newest source first, so their order is the newest-first order.
    const rows = this.statement(
      `SELECT ${SENTENCE_COLUMNS}, f.value AS value, f.number AS number, f.number_to AS numberTo, f.hedge AS hedge, f.unit AS unit,
              f.counts AS counts, f.measure AS measure, f.event AS event, f.figure AS figure
         FROM figures_found f JOIN sentences s ON s.rowid = f.sentence JOIN passages p ON p.rowid = s.passage ${filter}
         ORDER BY s.passage, f.rowid LIMIT ? OFFSET ?`,
    ).all(...params, opts.limit, opts.offset ?? 0) as FigureRow[];
    return { total, items: rows.map(figureOf) };
  }

  /**
   * Sentences naming an entity, newest source first, at most `perSource` each, skipping those `skip` says are
   * shown already. Found when asked: the full-text index gives the newest passages holding one of its names,
   * and the mention finder keeps the sentences that name it as extraction does ("Isis-K" does not name ISIS).
   */
  sentencesNaming(entity: Named, opts: { limit: number; perSource: number; skip?: (text: string, sourceId: string) => boolean }): SourceSentence[] {
    const phrases = [entity.name, ...entity.aliases]
      .map((n) => n.match(/[\p{L}\p{N}]+/gu) ?? [])
      .filter((words) => words.join("").length >= 3)
      .map((words) => `"${words.join(" ").replace(/"/g, '""')}"`);
    if (phrases.length === 0) return [];
    const finder = new MentionFinder([entity]);
    const out: SourceSentence[] = [];
    const perSource = new Map<string, number>();
    const rows = this.statement(
      `SELECT p.source_id AS sourceId, p.line AS line, p.text AS text FROM passages p
        WHERE p.rowid IN (SELECT rowid FROM passages_fts WHERE passages_fts MATCH ? ORDER BY rowid LIMIT ?) ORDER BY p.rowid`,
    ).all(phrases.join(" OR "), NAMING_PASSAGES_READ) as { sourceId: string; line: number; text: string }[];
    for (const r of rows) {
      for (const s of sentencesOf(r.text)) {
        if ((perSource.get(r.sourceId) ?? 0) >= opts.perSource || out.length >= opts.limit) break;
        if (finder.find(s.text).length === 0 || opts.skip?.(s.text, r.sourceId)) continue;
        perSource.set(r.sourceId, (perSource.get(r.sourceId) ?? 0) + 1);
        const said = attributionOf(s.text);
        out.push({ sourceId: r.sourceId, line: r.line, text: s.text, ...(said?.who ? { saidBy: said.who } : {}), ...(said ? { saidHow: said.how } : {}) });
      }
      if (out.length >= opts.limit) break;
    }
    return out;
  }

  nameCandidate(name: string, limit: number): { name: string; sources: number; sentences: SourceSentence[] } | undefined {
    const rows = this.statement(
      `SELECT c.name AS name, c.source_id AS sourceId, p.line AS line, p.text AS ptext, c.start AS start, c.length AS length
         FROM name_candidates c JOIN passages p ON p.rowid = c.passage
        WHERE c.name = ? COLLATE NOCASE ORDER BY c.passage LIMIT ?`,
    ).all(name.trim(), limit) as { name: string; sourceId: string; line: number; ptext: string; start: number; length: number }[];
    if (rows.length === 0) return undefined;
    const sources = (this.statement("SELECT count(*) AS n FROM name_candidates WHERE name = ? COLLATE NOCASE").get(name.trim()) as { n: number }).n;
    return {
      name: rows[0]!.name,
      sources,
      sentences: rows.map((r) => ({ sourceId: r.sourceId, line: r.line, text: r.ptext.slice(r.start, r.start + r.length) })),
    };
  }

  /** Figures of `measure` (about `eventId`) from sources other than `cited`: what breaks an `only_source` claim. */
  claimBreaks(claim: Omit<CorpusClaim, "breaks">, cited: readonly string[]): FigureStatement[] {
    const rows = this.statement(
      `SELECT ${SENTENCE_COLUMNS}, f.value AS value, f.number AS number, f.number_to AS numberTo, f.hedge AS hedge, f.unit AS unit,
              f.counts AS counts, f.measure AS measure, f.event AS event, f.figure AS figure
         FROM figures_found f JOIN sentences s ON s.rowid = f.sentence JOIN passages p ON p.rowid = s.passage
        WHERE f.measure = ? AND f.event IS ? ORDER BY s.passage, f.rowid LIMIT 50`,
    ).all(claim.measure, claim.eventId ?? null) as Parameters<typeof figureOf>[0][];
    return rows.map(figureOf).filter((f) => !cited.includes(f.sourceId));
  }

  /** Sources holding sentences in the scope, newest first, as they come: for picking the newest uncurated ones. */
  *sourcesInScope(scope: ExtractScope): Generator<string> {
    const { where, params } = scopeSql(scope);
    const seen = new Set<string>();
    const rows = this.statement(`SELECT s.source_id AS id FROM sentences s ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY s.passage`).iterate(
      ...params,
    ) as IterableIterator<{ id: string }>;
    try {
      for (const r of rows) {
        if (seen.has(r.id)) continue;
        seen.add(r.id);
        yield r.id;
      }
    } finally {
      rows.return?.();
    }
  }
}

/** A figure found in the text, as its query reads it. */
type FigureRow = SentenceRow & {
  value: string;
  number: number | null;
  numberTo: number | null;
  hedge: string | null;
  unit: string | null;
  counts: string | null;
  measure: string;
  event: string | null;
  figure: string | null;
};

function figureOf(r: FigureRow): FigureStatement {
  return {
    ...sentenceOf(r),
    value: r.value,
    ...(r.number !== null ? { number: r.number } : {}),
    ...(r.numberTo !== null ? { numberTo: r.numberTo } : {}),
    ...(r.hedge ? { hedge: r.hedge } : {}),
    ...(r.unit ? { unit: r.unit } : {}),
    ...(r.counts ? { counts: r.counts } : {}),
    measure: r.measure,
    ...(r.event ? { eventId: r.event } : {}),
    ...(r.figure ? { figureId: r.figure } : {}),
  };
}
