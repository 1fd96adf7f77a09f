/**
 * The search index of one validated Catalogue, kept in a SQLite file of its own, apart from Brief's state.
 *
 * A reload builds the new index in a new file, a slice at a time, while commands go on reading the old
 * one; the swap (knowledge-file.ts) then takes a moment. Building into the state database instead held
 * its write lock, or the event loop, for the whole rebuild: 23 s at 20,000 articles (bench 4).
 * An index file is never changed once built: it is named for the catalogue's hash.
 */

import { createHash } from "node:crypto";
import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { stemmer } from "stemmer";
import type { ChangeKind, ChangeSummary, EntityRecord, EventRecord, FigureRecord, RecordKind, Topic } from "../core/knowledge.js";
import type { Db } from "../store/db.js";
import { checkPages } from "../store/integrity.js";
import type { Article, Catalogue, LiveCatalogue, Located } from "./catalogue.js";
import { DATA_FILES_SCHEMA, type DataFile, writeDataFiles } from "./data-files.js";
import { type ArticleJob, prepareExtraction, startExtractor } from "./extract/extractor.js";
import { EXTRACT_SCHEMA, ExtractionWriter } from "./extract/tables.js";
import { splitPassages } from "./passages.js";
import type { Slicer } from "./time-slicer.js";

const KINDS: ChangeKind[] = ["article", "event", "entity", "figure", "topic"];
const emptyByKind = () => Object.fromEntries(KINDS.map((k) => [k, [] as string[]])) as unknown as Record<ChangeKind, string[]>;

/** The tables of an index file. */
const INDEX_SCHEMA = `
  CREATE TABLE sources (
    id       TEXT PRIMARY KEY,
    title    TEXT NOT NULL,
    meta     TEXT NOT NULL,       -- the validated front matter, as JSON
    hash     TEXT NOT NULL,       -- of the file, to tell what a reload changed
    file     TEXT NOT NULL,
    excluded TEXT NOT NULL        -- the lines left out (comments, captions…), as JSON: /source counts them
  );
  CREATE TABLE passages (
    rowid     INTEGER PRIMARY KEY,
    source_id TEXT NOT NULL,
    position  INTEGER NOT NULL,   -- order within the source, from 0
    line      INTEGER NOT NULL,   -- line in the article file
    text      TEXT NOT NULL
  );
  CREATE INDEX passages_by_source ON passages(source_id, position);
  -- Porter stemming over unicode61 so "attacks" finds "attack"; diacritics folded.
  CREATE VIRTUAL TABLE passages_fts USING fts5(
    text, content = 'passages', content_rowid = 'rowid',
    tokenize = 'porter unicode61 remove_diacritics 2'
  );
  -- Curated events, entities, figures and topics, each as validated JSON.
  CREATE TABLE records (
    rowid INTEGER PRIMARY KEY,
    kind  TEXT NOT NULL CHECK (kind IN ('event', 'entity', 'figure', 'topic')),
    id    TEXT NOT NULL,
    title TEXT NOT NULL,          -- indexed: name, title or measure
    body  TEXT NOT NULL,          -- indexed: aliases, summary, description, value, quotes
    data  TEXT NOT NULL,
    hash  TEXT NOT NULL,
    UNIQUE (kind, id)
  );
  CREATE VIRTUAL TABLE records_fts USING fts5(
    title, body, content = 'records', content_rowid = 'rowid',
    tokenize = 'porter unicode61 remove_diacritics 2'
  );
  -- Words as written (lower case), with how many passages hold each: what typo correction compares against.
  CREATE TABLE words (word TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
  -- Porter stems (as the full-text index's porter tokenizer makes them) with how many passages hold each,
  -- for the answer path's word weights; kept here because counting them from the index at run time
  -- (fts5vocab) reads every doclist, seconds at 20,000 articles.
  CREATE TABLE stems (stem TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
`;

/**
 * The layout of an index file, kept in its user_version. A file of another layout (built by an older
 * Brief) is rebuilt rather than read. 3: no passage is longer than MAX_PASSAGE_CHARS (an older file may
 * hold a paragraph of any size as one passage). 5: the extraction tables (sentences, dates, figures,
 * mentions, candidates), each source's excluded lines and the data files it was built from, on top of the
 * passage cap (two branches each called their change 4; neither kind of 4 holds everything 5 does).
 */
export const INDEX_FORMAT = 5;

export function catalogueHash(c: Catalogue): string {
  const h = createHash("sha256");
  for (const a of [...c.articles.values()].sort((x, y) => x.id.localeCompare(y.id))) h.update(`a:${a.id}:${a.hash}\n`);
  for (const [kind, map] of recordMaps(c)) {
    for (const [id, at] of [...map.entries()].sort(([x], [y]) => x.localeCompare(y))) h.update(`${kind}:${id}:${at.hash}\n`);
  }
  return h.digest("hex").slice(0, 16);
}

function recordMaps(c: LiveCatalogue): [RecordKind, Map<string, Located<{ id: string }>>][] {
  return [
    ["topic", c.topics],
    ["event", c.events],
    ["entity", c.entities],
    ["figure", c.figures],
  ];
}

/** Any curated record, read by the fields its kind has. */
type AnyRecord = Partial<EventRecord & EntityRecord & FigureRecord & Topic>;

/** Title and body text indexed for each curated record. */
function recordText(kind: RecordKind, r: AnyRecord): { title: string; body: string } {
  const quotes = (r.citations ?? []).map((c) => c.quote).join(" ");
  switch (kind) {
    case "event":
      return { title: r.title ?? "", body: [r.summary, r.place ?? "", r.caveat ?? "", r.date_note ?? "", quotes].join(" ") };
    case "entity":
      return { title: [r.name, ...(r.aliases ?? [])].join(" "), body: [r.description, quotes].join(" ") };
    case "figure":
      return { title: r.measure ?? "", body: [r.value, r.when ?? "", r.caveat ?? "", quotes].join(" ") };
    case "topic":
      return { title: [r.name, ...(r.keywords ?? [])].join(" "), body: r.description ?? "" };
  }
}

/** A word as the full-text index splits text (unicode61: letters and digits; hyphens and apostrophes split). */
const WORD = /[\p{L}\p{N}]+/gu;

/** Articles sent to the extraction worker at once, and how many such batches may be out at a time. */
const EXTRACT_BATCH = 25;
const MAX_BATCHES_IN_FLIGHT = 4;

/** Rows copied into the full-text index per statement: a few milliseconds of work each. */
const FTS_ROWS_PER_STEP = 500;

/**
 * An article's text, once its passages are written and handed to extraction, is not needed again: the live
 * catalogue keeps none of it (base.ts). Released as the build goes, the text of 20,000 articles (most of the
 * heap when a build starts) no longer stays live to its end, and V8, which lets the heap grow in proportion
 * to what is live, collects extraction's garbage sooner: peak RSS 1.4 GB before this, measured from outside.
 */
function releaseText(a: Article): void {
  a.lines = [];
}

/**
 * Writes the index of `c` to `path`, giving way to the event loop between slices. It consumes the articles'
 * text (releaseText). The file appears
 * under its name only once complete (it is built under a temporary name, then renamed), so a crash
 * mid-build leaves no half-built index to be mistaken for a whole one.
 */
export async function buildIndexFile(path: string, c: Catalogue, slicer: Slicer, files: readonly DataFile[] = []): Promise<void> {
  const building = buildingPath(path);
  rmSync(building, { force: true });
  const db = new Database(building);
  try {
    // A half-built file is thrown away, never repaired: no journal file, no syncs until it is complete.
    // (journal_mode = OFF would do, but better-sqlite3 runs SQLite in defensive mode, which ignores it and
    // left a .sqlite-journal behind each build killed midway; MEMORY keeps the journal off the disk.)
    if (db.pragma("journal_mode = MEMORY", { simple: true }) !== "memory") throw new Error("could not keep the index build's journal in memory");
    db.pragma("synchronous = OFF");
    // Dirty pages still cached are written at COMMIT, in one go: a small cache keeps that step short.
    db.pragma("cache_size = -8192");
    db.exec(INDEX_SCHEMA);
    db.exec(EXTRACT_SCHEMA);
    db.exec(DATA_FILES_SCHEMA);
    writeDataFiles(db, files);
    db.pragma(`user_version = ${INDEX_FORMAT}`);
    db.exec("BEGIN");
    const insertSource = db.prepare("INSERT INTO sources (id, title, meta, hash, file, excluded) VALUES (?, ?, ?, ?, ?, ?)");
    const insertPassage = db.prepare("INSERT INTO passages (source_id, position, line, text) VALUES (?, ?, ?, ?)");
    // Newest sources first: when a search has more matches than it ranks, it ranks the first ones in
    // index (rowid) order, which are then the most recently published (see MAX_RANKED_PASSAGES).
    const newestFirst = [...c.articles.values()].sort((x, y) => (y.meta.published ?? "").localeCompare(x.meta.published ?? "") || x.id.localeCompare(y.id));
    const words = new Map<string, number>();
    // Dates, figures, names and claims are extracted from every article (extract/), in a worker thread while
    // this one writes passages; each article's items are written when they come back, in order.
    const extraction = prepareExtraction(c);
    const extractor = await startExtractor(extraction.inputs, c.articles.size);
    const writer = new ExtractionWriter(db);
    const inFlight: Promise<void>[] = [];
    let batch: { job: ArticleJob; rows: { rowid: number; line: number }[] }[] = [];
    const send = () => {
      const sent = batch;
      batch = [];
      const done = extractor.extract(sent.map((b) => b.job)).then((results) => {
        for (const [i, b] of sent.entries()) {
          writer.source(
            b.job.id,
            b.rows.map((r, j) => ({ ...r, extract: results[i]![j]! })),
          );
        }
      });
      // Awaited below; marked handled now, so a failure while earlier batches are awaited is not "unhandled".
      done.catch(() => {});
      inFlight.push(done);
    };
    try {
      for (const a of newestFirst) {
        insertSource.run(a.id, a.meta.title, JSON.stringify(a.meta), a.hash, a.file, JSON.stringify(a.excludedLines));
        const rows: { rowid: number; line: number }[] = [];
        const texts: string[] = [];
        for (const p of splitPassages(a.lines)) {
          rows.push({ rowid: Number(insertPassage.run(a.id, p.position, p.line, p.text).lastInsertRowid), line: p.line });
          texts.push(p.text);
          for (const w of new Set(p.text.toLowerCase().match(WORD) ?? [])) words.set(w, (words.get(w) ?? 0) + 1);
        }
        batch.push({ job: { id: a.id, published: a.meta.published, eventId: extraction.articleEvent(a), passages: texts }, rows });
        releaseText(a);
        if (batch.length >= EXTRACT_BATCH) send();
        // The worker keeps at most a few batches in hand: the articles' text is not all queued in memory at once.
        if (inFlight.length > MAX_BATCHES_IN_FLIGHT) await inFlight.shift();
        await slicer.pause();
      }
      if (batch.length) send();
      for (const job of inFlight) {
        await job;
        await slicer.pause();
      }
    } finally {
      await extractor.close();
    }
    writer.eventDays(extraction.eventDays);
    writer.figureMeasures(extraction.figureMeasures);
    const insertWord = db.prepare("INSERT INTO words (word, df) VALUES (?, ?)");
    const stems = new Map<string, number>();
    let counted = 0;
    for (const [word, df] of words) {
      insertWord.run(word, df);
      // A stem's count is its forms' counts summed: a passage holding two forms counts twice, which only
      // makes a common stem look a little commoner.
      const s = stemmer(word);
      stems.set(s, (stems.get(s) ?? 0) + df);
      if (++counted % 2000 === 0) await slicer.pause();
    }
    const insertStem = db.prepare("INSERT INTO stems (stem, df) VALUES (?, ?)");
    for (const [s, df] of stems) insertStem.run(s, df);
    const insertRecord = db.prepare("INSERT INTO records (kind, id, title, body, data, hash) VALUES (?, ?, ?, ?, ?, ?)");
    for (const [kind, map] of recordMaps(c)) {
      for (const [id, at] of map) {
        const { title, body } = recordText(kind, at.record);
        insertRecord.run(kind, id, title, body, JSON.stringify(at.record), at.hash);
        await slicer.pause();
      }
    }
    const ftsStep = db.prepare("INSERT INTO passages_fts(rowid, text) SELECT rowid, text FROM passages WHERE rowid > ? AND rowid <= ?");
    const { last } = db.prepare("SELECT coalesce(max(rowid), 0) AS last FROM passages").get() as { last: number };
    for (let from = 0; from < last; from += FTS_ROWS_PER_STEP) {
      ftsStep.run(from, from + FTS_ROWS_PER_STEP);
      await slicer.pause();
    }
    db.exec("INSERT INTO records_fts(rowid, title, body) SELECT rowid, title, body FROM records");
    await writer.entitySources(
      [...c.entities.values()].map((l) => l.record),
      () => slicer.pause(),
    );
    writer.finish();
    db.exec("COMMIT");
    db.close();
    // Durable before it is named: the file's bytes reach the disk, then the rename, then the folder entry.
    // Otherwise a power cut just after the rename could leave a complete name over incomplete contents.
    syncFile(building);
    renameSync(building, path);
    syncFolder(dirname(path));
  } catch (err) {
    if (db.open) db.close();
    rmSync(building, { force: true });
    throw err;
  }
}

/** Where `path` is built before it is renamed into place: named for the builder's pid, so orphans can be told. */
export function buildingPath(path: string): string {
  return path.replace(/\.sqlite$/, `.building-${process.pid}.sqlite`);
}

function syncFile(path: string): void {
  const fd = openSync(path, "r+");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** fsync of a folder makes a rename in it durable (POSIX); Windows cannot open a folder, and needs no such step. */
function syncFolder(path: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    fsyncSync(fd);
  } catch (err) {
    if (!["EISDIR", "EPERM", "EACCES", "EINVAL"].includes((err as NodeJS.ErrnoException).code ?? "")) throw err;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * An index file that opens and holds as many sources as the catalogue: not truncated or foreign. With
 * `verify`, SQLite's quick_check reads every page too (a damaged page fails it): for a file this process
 * has not built or checked itself.
 */
export function isUsableIndex(path: string, articles: number, verify = false): boolean {
  if (!existsSync(path)) return false;
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      if (db.pragma("user_version", { simple: true }) !== INDEX_FORMAT) return false;
      if ((db.prepare("SELECT count(*) AS n FROM sources").get() as { n: number }).n !== articles) return false;
      return !verify || checkPages(db, "quick_check", 1).length === 0;
    } finally {
      db.close();
    }
  } catch {
    return false;
  }
}

/** The article and record hashes an index holds, by "kind:id". */
export function indexedHashes(db: Db): Map<string, string> {
  const hashes = new Map<string, string>();
  for (const row of db.prepare("SELECT id, hash FROM sources").all() as { id: string; hash: string }[]) hashes.set(`article:${row.id}`, row.hash);
  for (const row of db.prepare("SELECT kind, id, hash FROM records").all() as { kind: string; id: string; hash: string }[]) {
    hashes.set(`${row.kind}:${row.id}`, row.hash);
  }
  return hashes;
}

/** Every article and record of `c` by "kind:id", with its hash: what a version is recorded as. */
export function catalogueItems(c: LiveCatalogue): Map<string, string> {
  const items = new Map<string, string>();
  for (const a of c.articles.values()) items.set(`article:${a.id}`, a.hash);
  for (const [kind, map] of recordMaps(c)) for (const [id, at] of map) items.set(`${kind}:${id}`, at.hash);
  return items;
}

/** What `c` adds, changes and removes against the items of the version it replaces. */
export function diffCatalogue(before: ReadonlyMap<string, string>, c: LiveCatalogue): ChangeSummary {
  const summary: ChangeSummary = {
    counts: { article: c.articles.size, event: c.events.size, entity: c.entities.size, figure: c.figures.size, topic: c.topics.size },
    added: emptyByKind(),
    changed: emptyByKind(),
    removed: emptyByKind(),
  };
  const after = catalogueItems(c);
  for (const [key, hash] of after) {
    const [kind, id] = split(key);
    const old = before.get(key);
    if (old === undefined) summary.added[kind].push(id);
    else if (old !== hash) summary.changed[kind].push(id);
  }
  for (const key of before.keys()) {
    if (!after.has(key)) {
      const [kind, id] = split(key);
      summary.removed[kind].push(id);
    }
  }
  return summary;
}

function split(key: string): [ChangeKind, string] {
  const i = key.indexOf(":");
  return [key.slice(0, i) as ChangeKind, key.slice(i + 1)];
}
