/**
 * A database is used only with the schema this code was written for. One written by a newer Brief
 * (a higher user_version than the newest migration here) is refused before anything is written to it; one
 * whose tables lack a column the migrations create (renamed or dropped by hand) is refused after
 * migrating, instead of answering "every undefined at 08:00".
 */
import Database from "better-sqlite3";

/** (Declared here, not in db.ts, which imports this file: the import rules forbid a cycle.) */
type Db = Database.Database;

/** One numbered migration file (see db.ts). */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export class SchemaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SchemaError";
  }
}

/** Throws when the database is newer than the newest migration. */
export function refuseNewerSchema(db: Db, migrations: readonly Migration[]): void {
  const found = db.pragma("user_version", { simple: true }) as number;
  const known = Math.max(0, ...migrations.map((m) => m.version));
  if (found > known) {
    throw new SchemaError(
      `its schema is version ${found}, newer than this Brief knows (version ${known}): a newer Brief wrote it. Run that version, or point BRIEF_DB at another file`,
    );
  }
}

const expectedByMigrations = new WeakMap<readonly Migration[], Map<string, string[]>>();

/** Tables and their columns as the migrations leave a new database: computed once, on an in-memory one. */
function expectedTables(migrations: readonly Migration[]): Map<string, string[]> {
  let tables = expectedByMigrations.get(migrations);
  if (!tables) {
    const scratch = new Database(":memory:");
    try {
      for (const m of migrations) scratch.exec(m.sql);
      tables = columnsOf(scratch);
    } finally {
      scratch.close();
    }
    expectedByMigrations.set(migrations, tables);
  }
  return tables;
}

function columnsOf(db: Db): Map<string, string[]> {
  const names = db.prepare("SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
  return new Map(names.map((t) => [t, (db.pragma(`main.table_info(${JSON.stringify(t)})`) as { name: string }[]).map((c) => c.name)]));
}

/** Throws, naming each, when a table or column the code relies on is missing. Extra tables and columns are fine. */
export function refuseDriftedSchema(db: Db, migrations: readonly Migration[]): void {
  const actual = columnsOf(db);
  const missing: string[] = [];
  for (const [table, columns] of expectedTables(migrations)) {
    const have = actual.get(table);
    if (!have) {
      missing.push(`table ${table}`);
      continue;
    }
    for (const c of columns) if (!have.includes(c)) missing.push(`${table}.${c}`);
  }
  if (missing.length > 0) {
    const version = db.pragma("user_version", { simple: true }) as number;
    throw new SchemaError(
      `its schema (version ${version}) lacks ${missing.slice(0, 5).join(", ")}${missing.length > 5 ? ` and ${missing.length - 5} more` : ""}: ` +
        "it was changed by hand or by another program. Restore a backup, or point BRIEF_DB at another file",
    );
  }
}
