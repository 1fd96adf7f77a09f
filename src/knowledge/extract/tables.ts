/**
 * What extraction writes into an index file, beside the passages: the sentences that date or count
 * something and those items, which sources name which entity, and the names that are no entity yet. A
 * sentence is kept as its place in its passage (rowid, start, length), so its text is the passage's own and
 * never a copy that could drift. (Sentences that only name an entity are not kept: a profile finds them
 * through the full-text index when it is asked for, which costs less than writing every sentence of every
 * article at each build.)
 */
import type Database from "better-sqlite3";
import type { DayInterval } from "./calendar.js";
import type { PassageExtract } from "./passage.js";

/** A candidate name is kept when a source names it twice, or when it has two words or more ("Rustam Nazarov"). */
const CANDIDATE_MIN_COUNT = 2;

export const EXTRACT_SCHEMA = `
  CREATE TABLE sentences (
    rowid     INTEGER PRIMARY KEY,
    passage   INTEGER NOT NULL,    -- passages.rowid: the sentence is substr of its text
    start     INTEGER NOT NULL,    -- offset in the passage (UTF-16 code units, as JavaScript counts)
    length    INTEGER NOT NULL,
    source_id TEXT NOT NULL,
    line      INTEGER NOT NULL,
    said_by   TEXT,                -- whose claim the sentence reports, in its own words
    said_how  TEXT,                -- "according to", "said", "allegedly"…
    entities  TEXT NOT NULL,       -- ",id,id,": the entities it names (read with LIKE: no index to keep up)
    topics    TEXT NOT NULL        -- ",id,": its topics
  );
  -- The date that dates a sentence, as precise as written; lo/hi are the days to order it by.
  CREATE TABLE dated (
    sentence  INTEGER PRIMARY KEY,
    phrase    TEXT NOT NULL,
    date      TEXT NOT NULL,
    date_end  TEXT,
    precision TEXT NOT NULL,
    relative  INTEGER NOT NULL,
    relation  TEXT NOT NULL,
    lo        INTEGER NOT NULL,
    hi        INTEGER NOT NULL,
    event     TEXT                 -- the curated event this sentence is about, shown once with it
  );
  CREATE TABLE figures_found (
    rowid     INTEGER PRIMARY KEY,
    sentence  INTEGER NOT NULL,
    value     TEXT NOT NULL,       -- as written: hedge, number, unit
    number    REAL,
    number_to REAL,
    hedge     TEXT,
    unit      TEXT,
    counts    TEXT,                -- what it counts, in the sentence's words
    measure   TEXT NOT NULL,       -- what it measures, as a key shared across sources
    event     TEXT,                -- the curated event it measures, when the sentence is about one
    figure    TEXT                 -- the curated figure it is, when the figure's quote holds it
  );
  CREATE TABLE entity_sources (entity TEXT NOT NULL, source_id TEXT NOT NULL);
  -- Proper names that are not entities (of two words or more, or named twice in a source): the first sentence
  -- naming each in each source (its place in its passage), and how often the source names it.
  CREATE TABLE name_candidates (
    name      TEXT NOT NULL,
    source_id TEXT NOT NULL,
    passage   INTEGER NOT NULL,
    start     INTEGER NOT NULL,
    length    INTEGER NOT NULL,
    count     INTEGER NOT NULL
  );
  -- Curated events: the days the evidence allows, what timelines order them by.
  CREATE TABLE event_days (event TEXT PRIMARY KEY, lo INTEGER NOT NULL, hi INTEGER NOT NULL);
  -- Curated figures: what each measures, as extraction keys it, and the event it is about.
  CREATE TABLE figure_measures (figure TEXT PRIMARY KEY, measure TEXT NOT NULL, event TEXT);
`;

/** Indexes made once the rows are in: building an index at the end costs less than keeping it up row by row. */
const EXTRACT_INDEXES = `
  CREATE INDEX sentences_by_source ON sentences(source_id);
  CREATE INDEX dated_in_order ON dated(lo, hi, sentence);
  CREATE INDEX dated_by_event ON dated(event) WHERE event IS NOT NULL;
  CREATE INDEX figures_found_by_measure ON figures_found(measure, event);
  CREATE INDEX figures_found_by_sentence ON figures_found(sentence);
  CREATE INDEX entity_sources_by_entity ON entity_sources(entity);
  CREATE INDEX name_candidates_by_name ON name_candidates(name COLLATE NOCASE);
  CREATE INDEX name_candidates_by_source ON name_candidates(source_id);
`;

/** Writes one index file's extracted items; statements prepared once. */
export class ExtractionWriter {
  private readonly insertSentence: Database.Statement;
  private readonly insertDated: Database.Statement;
  private readonly insertFigure: Database.Statement;
  private readonly insertCandidate: Database.Statement;
  /** The first passage rowid of each source, in order: which source a passage is from, by binary search. */
  private readonly firstRowids: number[] = [];
  private readonly sourceIds: string[] = [];

  constructor(private readonly db: Database.Database) {
    this.insertSentence = db.prepare(
      "INSERT INTO sentences (passage, start, length, source_id, line, said_by, said_how, entities, topics) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    );
    this.insertDated = db.prepare(
      "INSERT INTO dated (sentence, phrase, date, date_end, precision, relative, relation, lo, hi, event) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    );
    this.insertFigure = db.prepare(
      "INSERT INTO figures_found (sentence, value, number, number_to, hedge, unit, counts, measure, event, figure) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    );
    this.insertCandidate = db.prepare("INSERT INTO name_candidates (name, source_id, passage, start, length, count) VALUES (?, ?, ?, ?, ?, ?)");
  }

  /** One source's passages, each with what was extracted from it. */
  source(sourceId: string, passages: readonly { rowid: number; line: number; extract: PassageExtract }[]): void {
    const candidates = new Map<string, { passage: number; start: number; length: number; count: number }>();
    if (passages.length) {
      this.firstRowids.push(passages[0]!.rowid);
      this.sourceIds.push(sourceId);
    }
    for (const p of passages) {
      for (const c of p.extract.candidates) {
        const seen = candidates.get(c.name);
        if (seen) seen.count++;
        else candidates.set(c.name, { passage: p.rowid, start: c.start, length: c.end - c.start, count: 1 });
      }
      for (const s of p.extract.sentences) {
        const id = Number(
          this.insertSentence.run(
            p.rowid,
            s.start,
            s.end - s.start,
            sourceId,
            p.line,
            s.attribution?.who ?? null,
            s.attribution?.how ?? null,
            `,${s.entities.join(",")},`,
            `,${s.topics.join(",")},`,
          ).lastInsertRowid,
        );
        const d = s.date;
        if (d) {
          this.insertDated.run(id, d.text, d.date, d.dateEnd ?? null, d.precision, d.relative ? 1 : 0, d.relation, d.order.lo, d.order.hi, d.eventId ?? null);
        }
        for (const f of s.figures) {
          this.insertFigure.run(
            id,
            f.text,
            f.number ?? null,
            f.numberTo ?? null,
            f.hedge ?? null,
            f.unit ?? null,
            f.counts ?? null,
            f.measure,
            f.eventId ?? null,
            f.figureId ?? null,
          );
        }
      }
    }
    for (const [name, c] of candidates) {
      if (c.count >= CANDIDATE_MIN_COUNT || name.includes(" ")) this.insertCandidate.run(name, sourceId, c.passage, c.start, c.length, c.count);
    }
  }

  /**
   * Which sources name each entity, by any name of three letters or more, asked of the full-text index once
   * it holds every passage (one phrase query a name, reading rowids only: a passage's source is known from
   * where its rowid falls). Pauses between rows: a common name matches a hundred thousand passages.
   */
  async entitySources(entities: readonly { id: string; name: string; aliases: readonly string[] }[], pause: () => Promise<void>): Promise<void> {
    const phrase = this.db.prepare("SELECT rowid FROM passages_fts WHERE passages_fts MATCH ?").raw();
    const insert = this.db.prepare("INSERT INTO entity_sources (entity, source_id) VALUES (?, ?)");
    for (const e of entities) {
      const sources = new Set<number>();
      for (const name of [e.name, ...e.aliases]) {
        const words = name.match(/[\p{L}\p{N}]+/gu) ?? [];
        // Very short names ("IS") would match everywhere; they still work for lookups, not for mentions.
        if (words.join("").length < 3) continue;
        for (const [rowid] of phrase.iterate(`"${words.join(" ").replace(/"/g, '""')}"`) as IterableIterator<[number]>) {
          sources.add(this.sourceAt(rowid));
          await pause();
        }
      }
      for (const i of sources) if (i >= 0) insert.run(e.id, this.sourceIds[i]);
    }
  }

  /** Index (in sourceIds) of the source whose passages hold `rowid`. */
  private sourceAt(rowid: number): number {
    let lo = 0;
    let hi = this.firstRowids.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.firstRowids[mid]! <= rowid) lo = mid;
      else hi = mid - 1;
    }
    return this.firstRowids[lo]! <= rowid ? lo : -1;
  }

  /** Indexes, once every row is in. */
  finish(): void {
    this.db.exec(EXTRACT_INDEXES);
  }

  eventDays(days: ReadonlyMap<string, DayInterval>): void {
    const insert = this.db.prepare("INSERT INTO event_days (event, lo, hi) VALUES (?, ?, ?)");
    for (const [id, d] of days) insert.run(id, d.lo, d.hi);
  }

  figureMeasures(measures: readonly { figure: string; measure: string; event?: string }[]): void {
    const insert = this.db.prepare("INSERT INTO figure_measures (figure, measure, event) VALUES (?, ?, ?)");
    for (const m of measures) insert.run(m.figure, m.measure, m.event ?? null);
  }
}
