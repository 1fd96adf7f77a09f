/**
 * The live knowledge: a validated catalogue in memory plus its SQLite/FTS5 index. A load swaps both at
 * once; commands read one snapshot synchronously, so an answer is never half old and half new.
 */

import { existsSync } from "node:fs";
import Database, { type Statement } from "better-sqlite3";
import type { DegradedKnowledge } from "../core/admin.js";
import {
  type ChangeSummary,
  type ChangesSince,
  type CorpusClaim,
  type DatedStatement,
  type EntityRecord,
  type EventRecord,
  type ExtractScope,
  type FigureRecord,
  type FigureStatement,
  formatProblem,
  type KnowledgeReader,
  type KnowledgeVersion,
  type KnowledgeView,
  type LoadOutcome,
  type PassageHit,
  type PassageSearch,
  type Problem,
  type RecordKind,
  type RecordRef,
  type SearchTerms,
  type SourceSentence,
  type SuggestionKind,
  type Topic,
} from "../core/knowledge.js";
import type { Logger } from "../core/log.js";
import type { Citation } from "../core/message.js";
import { MAX_QUERY_TOKENS } from "../core/text.js";
import type { Db } from "../store/db.js";
import { prepared } from "../store/prepared.js";
import { type Catalogue, type LiveArticle, type LiveCatalogue, normalizeWhitespace } from "./catalogue.js";
import { recordDataFiles, unchangedData } from "./data-files.js";
import { claimWarnings } from "./extract/claims.js";
import { holdsQuote } from "./extract/same-event.js";
import { ExtractedReader } from "./extracted.js";
import { buildIndexFile, catalogueHash, catalogueItems, diffCatalogue, indexedHashes, isUsableIndex } from "./index-build.js";
import { attachIndex, indexFilePath, removeOtherIndexFiles } from "./index-file.js";
import { IndexHealth } from "./index-health.js";
import { readIndexedCatalogue } from "./last-good.js";
import { CURATED_FILES, loadDataSteps } from "./loader.js";
import { NameIndex } from "./names.js";
import { buildMatch, distinctAlternatives, quoteToken, termsOf } from "./query.js";
import { runSliced, type Slicer, TimeSlicer } from "./time-slicer.js";
import { latestVersion, recordedItems, recordLoad } from "./versions.js";

/** Problems shown with a degraded start (the rest are counted). */
const DEGRADED_PROBLEMS_SHOWN = 10;

/** Words and stems of the corpus with how many passages hold each: what the answer path weighs words by. */
export interface Vocabulary {
  words: Map<string, number>;
  stems: Map<string, number>;
  passages: number;
}

export interface Snapshot extends KnowledgeView {
  vocabulary: Vocabulary;
  catalogue: LiveCatalogue;
  mentions: Map<string, string[]>;
  /** Curated events' days as the evidence gives them (extract/event-order.ts), and figures' measures. */
  eventDays: Map<string, { lo: number; hi: number }>;
  figureMeasures: Map<string, { measure: string; eventId?: string }>;
  /** Sources some curated record cites. */
  cited: Set<string>;
  entityNames: NameIndex;
  eventNames: NameIndex;
  topicNames: NameIndex;
  sourceNames: NameIndex;
}

/** A passage hit with the index row it came from (the answer path reads its neighbours). */
export interface IndexedPassageHit extends PassageHit {
  rowid: number;
}

/** Markers asked of FTS5's highlight() around matches; turned into offsets before anything leaves this file. */
const MARK_OPEN = "\u0001";
const MARK_CLOSE = "\u0002";

/** highlight() output → the plain text and the [start, end) offsets of its matches. */
function parseHighlight(marked: string): { text: string; matches: [number, number][] } {
  const matches: [number, number][] = [];
  let text = "";
  let open = -1;
  for (const ch of marked) {
    if (ch === MARK_OPEN) open = text.length;
    else if (ch === MARK_CLOSE) {
      if (open >= 0 && text.length > open) matches.push([open, text.length]);
      open = -1;
    } else text += ch;
  }
  return { text, matches: wholeWords(text, matches) };
}

/**
 * Match ranges grown to whole words: the index splits "visa-free" into two words, so a match on "visa"
 * would otherwise be shown as half a word ("*visa*-free"). Overlapping ranges merge.
 */
export function wholeWords(text: string, matches: readonly (readonly [number, number])[]): [number, number][] {
  const wordChar = /[\p{L}\p{N}]/u;
  const joiner = /[-'’]/;
  const grown: [number, number][] = [];
  for (const [s, e] of matches) {
    let start = s;
    let end = e;
    while (start > 0 && (wordChar.test(text[start - 1]!) || (joiner.test(text[start - 1]!) && start > 1 && wordChar.test(text[start - 2]!)))) start--;
    while (end < text.length && (wordChar.test(text[end]!) || (joiner.test(text[end]!) && end + 1 < text.length && wordChar.test(text[end + 1]!)))) end++;
    const last = grown[grown.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else grown.push([start, end]);
  }
  return grown;
}

export interface IndexedPassageRow {
  rowid: number;
  sourceId: string;
  position: number;
  line: number;
  text: string;
}

export interface LoadOptions {
  /** Build the index file anew even if one for this catalogue exists (it failed on use). */
  rebuild?: boolean;
}

export class KnowledgeBase implements KnowledgeReader {
  private snap: Snapshot | undefined;
  private fallback: DegradedKnowledge | undefined;
  private readonly extracted: ExtractedReader;
  private claims: { version: number; claims: CorpusClaim[] } | undefined;
  /** Loads run one at a time, whoever asks (a reload, a repair). */
  private loading: Promise<unknown> = Promise.resolve();
  /** Index files this process built or checked page by page: others are quick_checked before use. */
  private readonly verified = new Set<string>();
  /** The data folder of the last good load, which a repair rebuilds from. */
  private dataDir: string | undefined;
  /** A newer version this process tried to follow, and could not (data/ differs): not tried again. */
  private notFollowing: number | undefined;
  readonly health: IndexHealth;

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
  ) {
    this.extracted = new ExtractedReader(db);
    this.health = new IndexHealth(() => this.repair(), log);
  }

  /** After a fault reading the index: build it again from data/ and swap it in. */
  private async repair(): Promise<boolean> {
    if (this.dataDir === undefined) return false;
    return (await this.load(this.dataDir, "repair", new TimeSlicer(), { rebuild: true })).ok;
  }

  get current(): Snapshot {
    if (!this.snap) throw new Error("knowledge not loaded yet");
    return this.snap;
  }

  /**
   * Validates data/ and, only if it is sound, swaps it in. Bad data never replaces good.
   *
   * The work is done in slices (see time-slicer.ts): commands that arrive meanwhile are answered from
   * the old knowledge between slices. The new index is built in a file of its own (index-store.ts);
   * the swap at the end is synchronous, so no command sees half of each.
   */
  load(dataDir: string, actor = "system", slicer: Slicer = new TimeSlicer(), options: LoadOptions = {}): Promise<LoadOutcome> {
    return this.serially(async () => (await this.loadNow(dataDir, actor, slicer, options))!);
  }

  /**
   * Follows another process on this database: when it has recorded a newer version, reads data/ and swaps
   * to that version, provided data/ still hashes to it. (If data/ has changed again since, nothing is
   * recorded or swapped: a version nobody asked for would be one nobody reviewed. The next reload settles it.)
   * Returns the version followed, if any.
   */
  follow(slicer: Slicer = new TimeSlicer()): Promise<KnowledgeVersion | undefined> {
    return this.serially(async () => {
      const latest = latestVersion(this.db);
      const snap = this.snap;
      if (!latest || !snap || this.dataDir === undefined || latest.id <= snap.version.id || this.notFollowing === latest.id) return undefined;
      if (latest.hash === snap.version.hash) {
        // The same knowledge recorded again (a reload back to it elsewhere): only the number moves on.
        this.snap = { ...snap, version: latest };
        return latest;
      }
      // The peer built the file and synced it before naming it: following does not read it page by page
      // (quick_check took 0.7 s of the event loop at 5,000 articles); a fault on use still rebuilds it.
      const outcome = await this.loadNow(this.dataDir, "follow", slicer, { onlyHash: latest.hash, trusted: true });
      if (outcome?.ok) return outcome.version;
      this.notFollowing = latest.id;
      if (outcome === undefined) {
        this.log.warn(
          { version: latest.id },
          "another process recorded a newer knowledge version, but data/ has changed since; staying on this one until a reload",
        );
      } else {
        this.log.warn(
          { version: latest.id, problems: outcome.problems.length },
          "another process recorded a newer knowledge version, but data/ now has problems; staying on this one",
        );
      }
      return undefined;
    });
  }

  /** Loads and follows run one at a time, whoever asks (a reload, a repair, the follower). */
  private serially<T>(work: () => Promise<T>): Promise<T> {
    const next = this.loading.then(work, work);
    this.loading = next.catch(() => undefined);
    return next;
  }

  /** Undefined when `onlyHash` is given and data/ does not hash to it (nothing was built or swapped). */
  private async loadNow(
    dataDir: string,
    actor: string,
    slicer: Slicer,
    options: LoadOptions & { onlyHash?: string; trusted?: boolean },
  ): Promise<LoadOutcome | undefined> {
    const started = performance.now();
    // data/ exactly as the last load found it: its index file holds the validated catalogue and everything
    // built from it, so nothing is read or validated again (data-files.ts). Not for a repair (the file failed
    // on use), nor when following a version other than the latest's file.
    const last = latestVersion(this.db);
    const reusable = last && !options.rebuild && (options.onlyHash === undefined || options.onlyHash === last.hash);
    const reused = reusable ? this.reuseUnchanged(indexFilePath(this.db, last.hash), dataDir, options) : undefined;
    let hash: string;
    let file: string;
    let live: LiveCatalogue;
    if (reused && last) {
      ({ hash } = last);
      file = indexFilePath(this.db, hash);
      live = reused;
    } else {
      const { catalogue, problems, files } = await runSliced(loadDataSteps(dataDir), slicer);
      if (problems.length > 0) {
        // Still on the last good knowledge: what is wrong with data/ now is what an admin needs to see.
        if (this.fallback) this.fallback = degradedBy(problems, this.fallback.since);
        return { ok: false, problems, ms: performance.now() - started };
      }
      hash = catalogueHash(catalogue);
      if (options.onlyHash !== undefined && hash !== options.onlyHash) return undefined;
      file = indexFilePath(this.db, hash);
      // A file found on disk is checked page by page before use (a damaged one is rebuilt); once per process.
      const verify = !this.verified.has(file) && !options.trusted;
      if (options.rebuild || !isUsableIndex(file, catalogue.articles.size, verify)) await buildIndexFile(file, catalogue, slicer, files);
      else recordDataFiles(file, files);
      live = withoutLoadingData(catalogue);
    }
    this.verified.add(file);
    const reader = new Database(file, { readonly: true, fileMustExist: true });
    let names: Omit<Snapshot, "version" | "catalogue">;
    try {
      names = await buildLookups(reader, live, slicer);
    } finally {
      reader.close();
    }

    // The swap: from here until the snapshot is set nothing waits, so commands see the old knowledge or the new.
    // The latest version is read now, not before the build (another process may have recorded one meanwhile),
    // in the same write transaction as the new one. Recorded before the index is attached: if the write fails
    // (a full disk), nothing has changed.
    const recorded = recordLoad(this.db, { hash, actor, items: catalogueItems(live) }, (latest) =>
      diffCatalogue(latest ? this.itemsOf(latest) : new Map(), live),
    );
    const version = recorded.version;
    const unchanged = recorded.summary === undefined;
    const summary = recorded.summary ?? emptySummary(live);
    attachIndex(this.db, file);
    this.snap = { version, catalogue: live, ...names };
    this.fallback = undefined;
    this.dataDir = dataDir;
    this.notFollowing = undefined;
    await removeOtherIndexFiles(this.db, file);
    const warnings = this.claimWarnings(live);
    const ms = performance.now() - started;
    this.log.info(
      { version: version.id, hash, counts: summary.counts, ms: Math.round(ms), unchanged, reused: reused !== undefined, actor },
      "knowledge loaded",
    );
    return { ok: true, version, summary, ms, unchanged, ...(warnings.length ? { warnings } : {}) };
  }

  /**
   * When data/ does not validate at start: serves the knowledge of the last good load instead, read back
   * from its index file (see last-good.ts). Returns its version, or undefined when there is nothing to fall
   * back to (a new database, or its index file gone), and the caller refuses to start as before.
   */
  async loadLastGood(problems: readonly Problem[], slicer: Slicer = new TimeSlicer()): Promise<KnowledgeVersion | undefined> {
    const last = this.db.prepare("SELECT id, hash, loaded_at, actor FROM knowledge_versions ORDER BY id DESC LIMIT 1").get() as
      | { id: number; hash: string; loaded_at: string; actor: string }
      | undefined;
    if (!last) return undefined;
    const file = indexFilePath(this.db, last.hash);
    const catalogue = readIndexedCatalogue(file);
    if (!catalogue) return undefined;
    const reader = new Database(file, { readonly: true, fileMustExist: true });
    let names: Omit<Snapshot, "version" | "catalogue">;
    try {
      names = await buildLookups(reader, catalogue, slicer);
    } finally {
      reader.close();
    }
    attachIndex(this.db, file);
    const version = { id: last.id, hash: last.hash, loadedAt: last.loaded_at, actor: last.actor };
    this.snap = { version, catalogue, ...names };
    this.fallback = degradedBy(problems, new Date().toISOString());
    this.log.warn(
      { version: version.id, hash: version.hash, problems: problems.length, first: this.fallback.firstProblems },
      "data/ has problems: serving the last good knowledge",
    );
    return version;
  }

  /** Set while the live knowledge is the last good one because data/ has problems; cleared by a good load. */
  get degraded(): DegradedKnowledge | undefined {
    return this.fallback;
  }

  /**
   * The catalogue an index file holds, when data/ still holds exactly the files it was built from. The file
   * is trusted as a build of this process would be only after the same check a load gives a file found on
   * disk (quick_check, once per process): a damaged one is not reused, and the load then reads data/ and
   * rebuilds it.
   */
  private reuseUnchanged(file: string, dataDir: string, options: { trusted?: boolean }): LiveCatalogue | undefined {
    const check = unchangedData(file, dataDir, Object.values(CURATED_FILES));
    if (!check.unchanged) return undefined;
    const catalogue = readIndexedCatalogue(file);
    if (!catalogue) return undefined;
    const verify = !this.verified.has(file) && !options.trusted;
    if (!isUsableIndex(file, catalogue.articles.size, verify)) return undefined;
    if (check.refreshed.length) recordDataFiles(file, check.refreshed, false);
    return catalogue;
  }

  /**
   * The curated claims about the whole corpus that the new knowledge breaks, logged. A fault reading the
   * index here is the health check's to repair; the load itself has succeeded, so it is not failed for it.
   */
  private claimWarnings(live: LiveCatalogue): Problem[] {
    try {
      const warnings = claimWarnings(live, this.corpusClaims());
      if (warnings.length) this.log.warn({ warnings: warnings.map(formatProblem) }, "a curated claim about the whole corpus no longer holds");
      return warnings;
    } catch (err) {
      this.log.warn({ err }, "the curated claims about the whole corpus could not be checked against the index");
      return [];
    }
  }

  /**
   * What a recorded version holds. A version recorded by an older Brief has no items: its index file then
   * stands in, if it is still there; failing that, the summary would count everything as new, so it says so.
   */
  private itemsOf(version: KnowledgeVersion): Map<string, string> {
    const recorded = recordedItems(this.db, version.id);
    if (recorded) return recorded;
    const file = indexFilePath(this.db, version.hash);
    const fromFile = previousHashes(file);
    if (fromFile.size === 0) this.log.warn({ version: version.id }, "the previous version's contents are not recorded; this reload lists everything as added");
    return fromFile;
  }

  // ---- lookups used by commands ----

  citation(sourceId: string): Citation {
    const a = this.current.catalogue.articles.get(sourceId);
    if (!a) return { sourceId, title: sourceId };
    return { sourceId, title: a.meta.title, outlet: a.meta.outlet, published: a.meta.published, url: a.meta.url };
  }

  entity(id: string): EntityRecord | undefined {
    return this.current.catalogue.entities.get(id)?.record;
  }
  event(id: string): EventRecord | undefined {
    return this.current.catalogue.events.get(id)?.record;
  }
  figure(id: string): FigureRecord | undefined {
    return this.current.catalogue.figures.get(id)?.record;
  }
  topic(id: string): Topic | undefined {
    return this.current.catalogue.topics.get(id)?.record;
  }

  /**
   * Passages matching every word ("all"), or, failing that, any of them ("some"), best first. At most
   * MAX_RANKED_PASSAGES matches are counted and ranked; `more` says there were more than that.
   */
  searchPassages(query: string | SearchTerms, opts: { limit: number; offset?: number }): PassageSearch {
    return this.health.read(() => {
      const asked = typeof query === "string" ? termsOf(query) : query.groups.slice(0, MAX_QUERY_TOKENS);
      const groups = asked.map(distinctAlternatives).filter((g) => g.length > 0);
      if (groups.length === 0) return { match: "none", total: 0, all: 0, more: false, hits: [] };
      const group = (g: readonly string[]) => `(${g.map(quoteToken).join(" OR ")})`;
      const every = groups.map(group).join(" AND ");
      const some = groups.map(group).join(" OR ");
      const limit = opts.limit;
      const offset = opts.offset ?? 0;
      const cap = MAX_RANKED_PASSAGES + 1;
      // Passages with every word come first, then those with some, each by bm25. Each set is scored on the
      // index alone, over at most `cap` matches; text and highlights are read for the page only. The set with
      // some words is scored only when the page reaches past those with all of them (scoring costs about a
      // microsecond a match; counting costs much less).
      const scored = (match: string) =>
        this.db.prepare("SELECT rowid, bm25(passages_fts) AS score FROM passages_fts WHERE passages_fts MATCH ? LIMIT ?").all(match, cap) as {
          rowid: number;
          score: number;
        }[];
      const byScore = (a: { rowid: number; score: number }, b: { rowid: number; score: number }) => a.score - b.score || a.rowid - b.rowid;
      const all = scored(every).sort(byScore);
      const single = groups.length === 1;
      const someCount = single
        ? all.length
        : (this.db.prepare("SELECT count(*) AS n FROM (SELECT rowid FROM passages_fts WHERE passages_fts MATCH ? LIMIT ?)").get(some, cap) as { n: number }).n;
      let page = all.slice(offset, offset + limit);
      if (!single && page.length < limit && someCount > all.length) {
        const inAll = new Set(all.map((r) => r.rowid));
        const rest = scored(some)
          .filter((r) => !inAll.has(r.rowid))
          .sort(byScore);
        page = [...page, ...rest.slice(Math.max(0, offset - all.length), Math.max(0, offset - all.length) + limit - page.length)];
      }
      if (someCount === 0) return { match: "none", total: 0, all: 0, more: false, hits: [] };
      return {
        match: all.length === someCount ? "all" : "some",
        total: Math.min(someCount, MAX_RANKED_PASSAGES),
        all: Math.min(all.length, MAX_RANKED_PASSAGES),
        more: someCount > MAX_RANKED_PASSAGES,
        hits: this.passageHits(
          some,
          page.map((r) => r.rowid),
        ),
      };
    });
  }

  /** The passages `rowids` (in that order) with the matches of `match` marked. */
  private passageHits(match: string, rowids: readonly number[]): IndexedPassageHit[] {
    // better-sqlite3 binds a JS number as REAL, and FTS5 (SQLite 3.53) then drops a `rowid = ?` constraint
    // beside MATCH without applying it: every match came back, and each hit showed another passage's
    // text. The CAST makes it an INTEGER, which FTS5 applies; the passage itself is read on its own.
    const marked = this.db.prepare(
      "SELECT highlight(passages_fts, 0, char(1), char(2)) AS marked FROM passages_fts WHERE passages_fts MATCH ? AND rowid = CAST(? AS INTEGER)",
    );
    const passage = this.db.prepare("SELECT rowid, source_id AS sourceId, position, line, text FROM passages WHERE rowid = CAST(? AS INTEGER)");
    const hits: IndexedPassageHit[] = [];
    for (const id of rowids) {
      const p = passage.get(id) as Omit<IndexedPassageHit, "matches"> | undefined;
      const m = marked.all(match, id) as { marked: string }[];
      if (!p || m.length !== 1) continue;
      const highlighted = parseHighlight(m[0]!.marked);
      // Exactly one row, and its text the passage's own: anything else would misquote, so it is left out.
      if (highlighted.text !== p.text) continue;
      hits.push({ ...p, matches: highlighted.matches });
    }
    return hits;
  }

  /** Curated records matching the words, best first. */
  searchRecords(text: string, kinds: readonly RecordKind[], limit = 20): RecordRef[] {
    return this.health.read(() => {
      const match = buildMatch(text, "or", true);
      if (match === null) return [];
      return this.db
        .prepare(
          `SELECT r.kind AS kind, r.id AS id, bm25(records_fts, 4.0, 1.0) AS score FROM records_fts JOIN records r ON r.rowid = records_fts.rowid
            WHERE records_fts MATCH ? AND r.kind IN (${kinds.map(() => "?").join(",")})
            ORDER BY score LIMIT ?`,
        )
        .all(match, ...kinds, limit) as RecordRef[];
    });
  }
  suggest(kind: SuggestionKind, prefix: string, limit = 25): { name: string; value: string }[] {
    const s = this.current;
    const index = { event: s.eventNames, entity: s.entityNames, source: s.sourceNames, topic: s.topicNames }[kind];
    return index.suggest(prefix, limit).map((x) => ({ name: x.name.slice(0, 100), value: x.id }));
  }

  // ---- what the answer path reads (see src/answer/index-port.ts) ----

  /** The corpus's words and stems with their passage counts (read with the rest of a version, at load). */
  vocabulary(): Vocabulary {
    return this.current.vocabulary;
  }

  /**
   * The best `limit` passages for an expression, by bm25 over at most MAX_CANDIDATE_MATCHES matches (newest
   * sources first in index order): scoring every match of a common word costs a microsecond each, 150 ms at
   * 20,000 articles, and the answer path only needs good candidates, not an exact ranking of all of them.
   */
  matchPassages(match: string, limit: number): IndexedPassageRow[] {
    return this.health.read(
      () =>
        this.statement(
          `WITH m AS MATERIALIZED (SELECT rowid, bm25(passages_fts) AS score FROM passages_fts WHERE passages_fts MATCH ? LIMIT ?)
           SELECT p.rowid AS rowid, p.source_id AS sourceId, p.position AS position, p.line AS line, p.text AS text
             FROM (SELECT rowid, score FROM m ORDER BY score LIMIT ?) best JOIN passages p ON p.rowid = best.rowid ORDER BY best.score`,
        ).all(match, MAX_CANDIDATE_MATCHES, limit) as IndexedPassageRow[],
    );
  }

  /** The first `limit` matches in index order, unranked: no bm25, whose phrase counting scans every posting. */
  scanPassages(match: string, limit: number): IndexedPassageRow[] {
    return this.health.read(
      () =>
        this.statement(
          `SELECT p.rowid AS rowid, p.source_id AS sourceId, p.position AS position, p.line AS line, p.text AS text
             FROM (SELECT rowid FROM passages_fts WHERE passages_fts MATCH ? LIMIT ?) m JOIN passages p ON p.rowid = m.rowid`,
        ).all(match, limit) as IndexedPassageRow[],
    );
  }

  countPassages(match: string, cap: number): number {
    return this.health.read(() => {
      return (this.db.prepare("SELECT count(*) AS n FROM (SELECT rowid FROM passages_fts WHERE passages_fts MATCH ? LIMIT ?)").get(match, cap) as { n: number })
        .n;
    });
  }

  passageAt(sourceId: string, position: number): IndexedPassageRow | undefined {
    return this.health.read(
      () =>
        this.statement("SELECT rowid, source_id AS sourceId, position, line, text FROM passages WHERE source_id = ? AND position = ?").get(
          sourceId,
          position,
        ) as IndexedPassageRow | undefined,
    );
  }

  /** A statement prepared once for this connection (store/prepared.ts). */
  private statement(sql: string): Statement<unknown[]> {
    return prepared(this.db, sql);
  }

  // ---- extracted items (see extracted.ts) ----

  datedStatements(
    scope: ExtractScope,
    opts: { limit: number; offset?: number; uncurated?: boolean; eventId?: string },
  ): { total: number; items: DatedStatement[] } {
    return this.health.read(() => this.extracted.datedStatements(scope, opts));
  }

  figureStatements(
    scope: ExtractScope,
    opts: { limit: number; offset?: number; measure?: string; eventId?: string; uncurated?: boolean },
  ): { total: number; items: FigureStatement[] } {
    return this.health.read(() => this.extracted.figureStatements(scope, opts));
  }

  /** Sentences naming the entity, curated quotes left out (the profile quotes them already). */
  sentencesNaming(entityId: string, opts: { limit: number; perSource: number }): SourceSentence[] {
    const entity = this.entity(entityId);
    if (!entity) return [];
    const quotes = entity.citations.map((c) => ({ source: c.source, quote: normalizeWhitespace(c.quote) }));
    const shown = (text: string, sourceId: string) => quotes.some((q) => q.source === sourceId && holdsQuote(text, q.quote));
    return this.health.read(() => this.extracted.sentencesNaming(entity, { ...opts, skip: shown }));
  }

  nameCandidate(name: string, limit: number): { name: string; sources: number; sentences: SourceSentence[] } | undefined {
    return this.health.read(() => this.extracted.nameCandidate(name, limit));
  }

  eventDays(eventId: string): { lo: number; hi: number } | undefined {
    return this.current.eventDays.get(eventId);
  }

  figureMeasure(figureId: string): { measure: string; eventId?: string } | undefined {
    return this.current.figureMeasures.get(figureId);
  }

  /** Each figure's `only_source` claim with the sentences of other sources that break it; read once per version. */
  corpusClaims(): readonly CorpusClaim[] {
    const snap = this.current;
    if (this.claims?.version === snap.version.id) return this.claims.claims;
    const claims: CorpusClaim[] = [];
    for (const { record: f } of snap.catalogue.figures.values()) {
      const m = snap.figureMeasures.get(f.id);
      if (!f.only_source || !m) continue;
      const claim = { figureId: f.id, measure: m.measure, ...(m.eventId ? { eventId: m.eventId } : {}) };
      const cited = [...new Set(f.citations.map((c) => c.source))];
      claims.push({ ...claim, breaks: this.health.read(() => this.extracted.claimBreaks(claim, cited)) });
    }
    this.claims = { version: snap.version.id, claims };
    return claims;
  }

  uncuratedSources(scope: ExtractScope, limit: number): string[] {
    const snap = this.current;
    const scoped = Object.values(scope).some((v) => v !== undefined);
    // The scoped walk reads the index row by row as it goes: the whole walk is the read the health check guards.
    return this.health.read(() => {
      const out: string[] = [];
      const candidates = scoped ? this.extracted.sourcesInScope(scope) : newestFirst(snap.catalogue.articles.values());
      for (const id of candidates) {
        if (snap.cited.has(id) || !snap.catalogue.articles.has(id)) continue;
        out.push(id);
        if (out.length >= limit) break;
      }
      return out;
    });
  }

  /** What the reloads after `version` recorded: the union of their additions, changes and removals. */
  changesSince(version: number | undefined): ChangesSince {
    const out = { added: new Set<string>(), changed: new Set<string>(), removed: new Set<string>() };
    if (version === undefined) return out;
    const rows = this.db.prepare("SELECT summary FROM knowledge_versions WHERE id > ? ORDER BY id").all(version) as { summary: string }[];
    for (const row of rows) {
      const s = JSON.parse(row.summary) as ChangeSummary;
      for (const [kind, ids] of Object.entries(s.added)) for (const id of ids) out.added.add(`${kind}:${id}`);
      for (const [kind, ids] of Object.entries(s.changed)) for (const id of ids) if (!out.added.has(`${kind}:${id}`)) out.changed.add(`${kind}:${id}`);
      for (const [kind, ids] of Object.entries(s.removed)) for (const id of ids) out.removed.add(`${kind}:${id}`);
    }
    return out;
  }
}

/**
 * /search counts and ranks at most this many matching passages. FTS5's bm25() costs about a microsecond
 * per match (it reads each match's size and positions), so a common word in a large corpus — 150,000
 * matches at 20,000 articles — took 200 ms and more. Past the cap, the first matches in index order are
 * ranked: the index holds the most recently published sources first (see writeCatalogue), so those are
 * the newest matching passages. Below it (every real corpus so far) ranking is exact.
 */
export const MAX_RANKED_PASSAGES = 2_000;

/** The answer path scores at most this many matches of an expression when it looks for candidates. */
export const MAX_CANDIDATE_MATCHES = 1_000;

/**
 * The catalogue kept live, without what only loading needs: each article's lines and normalised text (the
 * index holds the text) and its front matter's line map (a parsed YAML document per article). At 20,000
 * articles the live catalogue took 628 MB of heap with all of it, 294 MB with the normalised text (bench 2).
 */
function withoutLoadingData(c: Catalogue): LiveCatalogue {
  const articles = new Map<string, LiveArticle>(
    [...c.articles].map(([id, a]) => [id, { id: a.id, file: a.file, meta: a.meta, excludedLines: a.excludedLines, hash: a.hash }]),
  );
  return { ...c, articles };
}

function degradedBy(problems: readonly Problem[], since: string): DegradedKnowledge {
  return { since, problemCount: problems.length, firstProblems: problems.slice(0, DEGRADED_PROBLEMS_SHOWN).map(formatProblem) };
}

function emptySummary(c: LiveCatalogue): ChangeSummary {
  const none = { article: [], event: [], entity: [], figure: [], topic: [] };
  return {
    counts: { article: c.articles.size, event: c.events.size, entity: c.entities.size, figure: c.figures.size, topic: c.topics.size },
    added: { ...none },
    changed: { ...none },
    removed: { ...none },
  };
}

/** The hashes held by an index file; none when it is not there (or unreadable). */
function previousHashes(file: string): Map<string, string> {
  if (!existsSync(file)) return new Map();
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return indexedHashes(db);
  } catch {
    return new Map();
  } finally {
    db.close();
  }
}

/** Sources newest first (by publication date, undated last), for callers that walk them in that order. */
function* newestFirst(articles: Iterable<LiveArticle>): Generator<string> {
  for (const a of [...articles].sort((x, y) => (y.meta.published ?? "").localeCompare(x.meta.published ?? "") || x.id.localeCompare(y.id))) yield a.id;
}

/** Mentions, name indexes and what extraction worked out for the curated records, read from the new index before it goes live. */
async function buildLookups(db: Db, catalogue: LiveCatalogue, slicer: Slicer): Promise<Omit<Snapshot, "version" | "catalogue">> {
  const entities = [...catalogue.entities.values()].map((l) => l.record);
  const vocabulary: Vocabulary = { words: new Map(), stems: new Map(), passages: (db.prepare("SELECT count(*) AS n FROM passages").get() as { n: number }).n };
  for (const [table, into] of [
    ["words", vocabulary.words],
    ["stems", vocabulary.stems],
  ] as const) {
    let read = 0;
    for (const row of db.prepare(`SELECT * FROM ${table}`).raw().iterate() as IterableIterator<[string, number]>) {
      into.set(row[0], row[1]);
      if (++read % 5000 === 0) await slicer.pause();
    }
  }
  // Which sources name each entity was found sentence by sentence at index build (extract/mentions.ts).
  const found = new Map<string, Set<string>>();
  let read = 0;
  for (const [entity, source] of db.prepare("SELECT entity, source_id FROM entity_sources").raw().iterate() as IterableIterator<[string, string]>) {
    const set = found.get(entity) ?? new Set<string>();
    set.add(source);
    found.set(entity, set);
    if (++read % 5000 === 0) await slicer.pause();
  }
  const mentions = new Map<string, string[]>();
  for (const e of entities) {
    const set = found.get(e.id) ?? new Set<string>();
    for (const c of e.citations) set.add(c.source);
    mentions.set(e.id, [...set].sort());
  }
  const eventDays = new Map<string, { lo: number; hi: number }>();
  for (const r of db.prepare("SELECT event, lo, hi FROM event_days").all() as { event: string; lo: number; hi: number }[])
    eventDays.set(r.event, { lo: r.lo, hi: r.hi });
  const figureMeasures = new Map<string, { measure: string; eventId?: string }>();
  for (const r of db.prepare("SELECT figure, measure, event FROM figure_measures").all() as { figure: string; measure: string; event: string | null }[]) {
    figureMeasures.set(r.figure, { measure: r.measure, ...(r.event ? { eventId: r.event } : {}) });
  }
  const cited = new Set<string>();
  for (const map of [catalogue.events, catalogue.entities, catalogue.figures]) {
    for (const l of map.values()) for (const c of (l.record as { citations: { source: string }[] }).citations) cited.add(c.source);
  }
  return {
    vocabulary,
    mentions,
    eventDays,
    figureMeasures,
    cited,
    entityNames: new NameIndex(entities.map((e) => ({ id: e.id, names: [e.name, ...e.aliases, e.id] }))),
    eventNames: new NameIndex([...catalogue.events.values()].map((l) => ({ id: l.record.id, names: [l.record.title, l.record.id] }))),
    topicNames: new NameIndex([...catalogue.topics.values()].map((l) => ({ id: l.record.id, names: [l.record.name, l.record.id, ...l.record.keywords] }))),
    sourceNames: new NameIndex(
      [...catalogue.articles.values()].map((a) => ({ id: a.id, names: [a.meta.title, a.id, ...(a.meta.outlet ? [a.meta.outlet] : [])] })),
    ),
  };
}
