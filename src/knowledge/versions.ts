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

/**
 * Records a load of catalogue `hash`: in one write transaction the latest version is read and, unless it
 * already holds this hash (another process recorded it first), a new version is recorded with its items
 * and the change summary `diff` computes against the latest version. Only the latest version's items are
 * kept. Read and write in one transaction, so two processes loading the same data at once record it once.
 */
export function recordLoad(
  db: Db,
  load: { hash: string; actor: string; items: ReadonlyMap<string, string> },
  diff: (latest: KnowledgeVersion | undefined) => ChangeSummary,
): { version: KnowledgeVersion; summary?: ChangeSummary } {
  return db
    .transaction(() => {
      const latest = latestVersion(db);
      if (latest && latest.hash === load.hash) {
        if (!recordedItems(db, latest.id)) replaceItems(db, latest.id, load.items);
        return { version: latest };
      }
      const summary = diff(latest);
      const loadedAt = new Date().toISOString();
      const info = db
        .prepare("INSERT INTO knowledge_versions (hash, loaded_at, actor, summary) VALUES (?, ?, ?, ?)")
        .run(load.hash, loadedAt, load.actor, JSON.stringify(summary));
      const id = Number(info.lastInsertRowid);
      replaceItems(db, id, load.items);
      return { version: { id, hash: load.hash, loadedAt, actor: load.actor }, summary };
    })
    .immediate();
}
