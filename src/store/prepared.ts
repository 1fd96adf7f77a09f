/**
 * Statements prepared once per connection: preparing costs tens of microseconds, about a fifth of a digest
 * delivery's CPU time at 1,000 messages/s (bench 3), and the answer path runs the same few statements dozens
 * of times a question. (SQLite re-prepares a statement by itself when an attached index file is swapped.)
 */
import type { Statement } from "better-sqlite3";
import type { Db } from "./db.js";

const cache = new WeakMap<Db, Map<string, Statement<unknown[]>>>();

export function prepared(db: Db, sql: string): Statement<unknown[]> {
  let byDb = cache.get(db);
  if (!byDb) cache.set(db, (byDb = new Map()));
  let statement = byDb.get(sql);
  if (!statement) byDb.set(sql, (statement = db.prepare(sql)));
  return statement;
}
