/**
 * The knowledge versions recorded in the state database, and what each holds item by item. Every process
 * on the database reads the same record: a reload's changes are computed against the latest recorded
 * version (not against whichever index file this process last had, which another process may have
 * deleted), and a process that sees a newer version than its own follows it.
 */
import type { ChangeSummary, KnowledgeVersion } from "../core/knowledge.js";
import type { Db } from "../store/db.js";

export function latestVersion(db: Db): KnowledgeVersion | undefined {
  const row = db.prepare("SELECT id, hash, loaded_at AS loadedAt, actor FROM knowledge_versions ORDER BY id DESC LIMIT 1").get() as
    | KnowledgeVersion
    | undefined;
  return row;
}

/** The items the version holds, or undefined when none were recorded for it (a version older than the record). */
export function recordedItems(db: Db, version: number): Map<string, string> | undefined {
  const rows = db.prepare("SELECT key, hash FROM knowledge_items WHERE version = ?").all(version) as { key: string; hash: string }[];
  return rows.length > 0 ? new Map(rows.map((r) => [r.key, r.hash])) : undefined;
}

function replaceItems(db: Db, version: number, items: ReadonlyMap<string, string>): void {
  db.prepare("DELETE FROM knowledge_items WHERE version <> ?").run(version);
  const insert = db.prepare("INSERT OR REPLACE INTO knowledge_items (version, key, hash) VALUES (?, ?, ?)");
  for (const [key, hash] of items) insert.run(version, key, hash);
}

/** Records a new version and its items in one transaction; only the latest version's items are kept. */
export function recordVersion(db: Db, v: { hash: string; actor: string; summary: ChangeSummary; items: ReadonlyMap<string, string> }): KnowledgeVersion {
  return db.transaction(() => {
    const loadedAt = new Date().toISOString();
    const info = db
      .prepare("INSERT INTO knowledge_versions (hash, loaded_at, actor, summary) VALUES (?, ?, ?, ?)")
      .run(v.hash, loadedAt, v.actor, JSON.stringify(v.summary));
    const id = Number(info.lastInsertRowid);
    replaceItems(db, id, v.items);
    return { id, hash: v.hash, loadedAt, actor: v.actor };
  })();
}

/** Fills in the items of a version recorded before items were (a database from an older Brief). */
export function backfillItems(db: Db, version: number, items: ReadonlyMap<string, string>): void {
  db.transaction(() => replaceItems(db, version, items))();
}
