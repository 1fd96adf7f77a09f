/**
 * The live catalogue read back from an index file: what Brief starts on when data/ has problems. An index
 * file holds every article's validated front matter (sources.meta) and every curated record as validated
 * JSON (records.data), so the last good knowledge survives a bad edit of data/ without a copy of its own.
 *
 * What the file does not keep is where each record was written (file and line, used only in problem
 * reports): records read back point at their curated file, line 1. An unchanged restart starts on this
 * catalogue too (data-files.ts), rather than reading and validating data/ again.
 */
import Database from "better-sqlite3";
import type { EntityRecord, EventRecord, FigureRecord, RecordKind, Topic } from "../core/knowledge.js";
import type { LiveArticle, LiveCatalogue, Located } from "./catalogue.js";
import { INDEX_FORMAT } from "./index-build.js";
import { CURATED_FILES } from "./loader.js";
import type { ArticleMeta } from "./schema.js";

const FILE_OF: Record<RecordKind, string> = {
  topic: CURATED_FILES.topics,
  event: CURATED_FILES.events,
  entity: CURATED_FILES.entities,
  figure: CURATED_FILES.figures,
};

/** The catalogue an index file was built from, or undefined when the file is missing, unreadable or of another format. */
export function readIndexedCatalogue(path: string): LiveCatalogue | undefined {
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch {
    return undefined;
  }
  try {
    if (db.pragma("user_version", { simple: true }) !== INDEX_FORMAT) return undefined;
    const catalogue: LiveCatalogue = { articles: new Map(), topics: new Map(), events: new Map(), entities: new Map(), figures: new Map() };
    for (const row of db.prepare("SELECT id, meta, hash, file, excluded FROM sources").iterate() as IterableIterator<Record<string, string>>) {
      const article: LiveArticle = {
        id: row.id!,
        file: row.file!,
        meta: JSON.parse(row.meta!) as ArticleMeta,
        excludedLines: JSON.parse(row.excluded!) as LiveArticle["excludedLines"],
        hash: row.hash!,
      };
      catalogue.articles.set(article.id, article);
    }
    const maps = { topic: catalogue.topics, event: catalogue.events, entity: catalogue.entities, figure: catalogue.figures } as Record<
      RecordKind,
      Map<string, Located<Topic | EventRecord | EntityRecord | FigureRecord>>
    >;
    for (const row of db.prepare("SELECT kind, id, data, hash FROM records ORDER BY rowid").iterate() as IterableIterator<Record<string, string>>) {
      const kind = row.kind as RecordKind;
      maps[kind].set(row.id!, { record: JSON.parse(row.data!), file: FILE_OF[kind], line: 1, hash: row.hash!, lineOf: () => 1 });
    }
    return catalogue;
  } catch {
    return undefined;
  } finally {
    db.close();
  }
}
