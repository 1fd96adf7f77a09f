/**
 * What extraction writes into an index file, beside the passages: the sentences that date, count or name
 * something, and those items. A sentence is kept as its place in its passage (rowid, start, length), so its
 * text is the passage's own and never a copy that could drift.
 */
import type Database from "better-sqlite3";
import type { DayInterval } from "./calendar.js";
import type { ExtractedSentence } from "./passage.js";

export const EXTRACT_SCHEMA = `
  CREATE TABLE sentences (
    rowid     INTEGER PRIMARY KEY,
    passage   INTEGER NOT NULL,    -- passages.rowid: the sentence is substr of its text
    start     INTEGER NOT NULL,    -- offset in the passage (UTF-16 code units, as JavaScript counts)
    length    INTEGER NOT NULL,
    source_id TEXT NOT NULL,
    line      INTEGER NOT NULL,
    said_by   TEXT,                -- whose claim the sentence reports, in its own words
    said_how  TEXT                 -- "according to", "said", "allegedly"…
  );
  CREATE INDEX sentences_by_source ON sentences(source_id);
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
  CREATE INDEX dated_in_order ON dated(lo, hi, sentence);
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
  CREATE INDEX figures_found_by_measure ON figures_found(measure, event);
  CREATE INDEX figures_found_by_sentence ON figures_found(sentence);
  CREATE TABLE named (entity TEXT NOT NULL, sentence INTEGER NOT NULL, PRIMARY KEY (entity, sentence)) WITHOUT ROWID;
  CREATE TABLE entity_sources (entity TEXT NOT NULL, source_id TEXT NOT NULL, PRIMARY KEY (entity, source_id)) WITHOUT ROWID;
  -- Proper names that are not entities: the first sentence naming each in each source, and how often it does.
  CREATE TABLE name_candidates (
    name      TEXT NOT NULL,
    source_id TEXT NOT NULL,
    sentence  INTEGER NOT NULL,
    count     INTEGER NOT NULL,
    PRIMARY KEY (name, source_id)
  ) WITHOUT ROWID;
  CREATE INDEX name_candidates_by_source ON name_candidates(source_id);
  CREATE INDEX name_candidates_by_name ON name_candidates(name COLLATE NOCASE);
  CREATE TABLE sentence_topics (topic TEXT NOT NULL, sentence INTEGER NOT NULL, PRIMARY KEY (topic, sentence)) WITHOUT ROWID;
  -- Curated events: the days the evidence allows, what timelines order them by.
  CREATE TABLE event_days (event TEXT PRIMARY KEY, lo INTEGER NOT NULL, hi INTEGER NOT NULL);
  -- Curated figures: what each measures, as extraction keys it, and the event it is about.
  CREATE TABLE figure_measures (figure TEXT PRIMARY KEY, measure TEXT NOT NULL, event TEXT);
`;

/** Writes one index file's extracted items; statements prepared once. */
export class ExtractionWriter {
  private readonly insertSentence: Database.Statement;
  private readonly insertDated: Database.Statement;
  private readonly insertFigure: Database.Statement;
  private readonly insertNamed: Database.Statement;
  private readonly insertEntitySource: Database.Statement;
  private readonly insertCandidate: Database.Statement;
  private readonly insertTopic: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.insertSentence = db.prepare("INSERT INTO sentences (passage, start, length, source_id, line, said_by, said_how) VALUES (?, ?, ?, ?, ?, ?, ?)");
    this.insertDated = db.prepare(
      "INSERT INTO dated (sentence, phrase, date, date_end, precision, relative, relation, lo, hi, event) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    );
    this.insertFigure = db.prepare(
      "INSERT INTO figures_found (sentence, value, number, number_to, hedge, unit, counts, measure, event, figure) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    );
    this.insertNamed = db.prepare("INSERT OR IGNORE INTO named (entity, sentence) VALUES (?, ?)");
    this.insertEntitySource = db.prepare("INSERT OR IGNORE INTO entity_sources (entity, source_id) VALUES (?, ?)");
    this.insertCandidate = db.prepare("INSERT INTO name_candidates (name, source_id, sentence, count) VALUES (?, ?, ?, ?)");
    this.insertTopic = db.prepare("INSERT OR IGNORE INTO sentence_topics (topic, sentence) VALUES (?, ?)");
  }

  /** One source's passages, each with its sentences' items. */
  source(sourceId: string, passages: readonly { rowid: number; line: number; sentences: readonly ExtractedSentence[] }[]): void {
    const entities = new Set<string>();
    const candidates = new Map<string, { sentence: number; count: number }>();
    for (const p of passages) {
      for (const s of p.sentences) {
        const id = Number(
          this.insertSentence.run(p.rowid, s.start, s.end - s.start, sourceId, p.line, s.attribution?.who ?? null, s.attribution?.how ?? null).lastInsertRowid,
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
        for (const e of s.entities) {
          this.insertNamed.run(e, id);
          entities.add(e);
        }
        for (const t of s.topics) this.insertTopic.run(t, id);
        for (const name of s.candidates) {
          const seen = candidates.get(name);
          if (seen) seen.count++;
          else candidates.set(name, { sentence: id, count: 1 });
        }
      }
    }
    for (const e of entities) this.insertEntitySource.run(e, sourceId);
    for (const [name, c] of candidates) this.insertCandidate.run(name, sourceId, c.sentence, c.count);
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
