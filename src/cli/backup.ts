/** `brief db backup <file>` and `brief db restore <file>`: the operator's copies of the state database. */
import type { Config } from "../config.js";
import { backupDatabase, RestoreRefused, restoreDatabase } from "../ops/backup.js";
import { openDb } from "../store/db.js";

export async function dbBackup(config: Config, args: string[]): Promise<number> {
  const file = args[0];
  if (!file) {
    process.stderr.write("brief db backup needs a file to write, e.g. brief db backup var/backups/brief-manual.sqlite\n");
    return 2;
  }
  const db = openDb(config.dbPath);
  try {
    const r = await backupDatabase(db, file);
    process.stdout.write(
      `Backed up ${config.dbPath} to ${r.file} (${Math.round(r.bytes / 1024)} KiB, schema ${r.schemaVersion}, ${Math.round(r.ms)} ms); integrity check ok.\n`,
    );
    return 0;
  } catch (err) {
    process.stderr.write(`Backup failed: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  } finally {
    db.close();
  }
}

export function dbRestore(config: Config, args: string[]): number {
  const file = args[0];
  if (!file) {
    process.stderr.write("brief db restore needs the backup file, e.g. brief db restore var/backups/brief-20260301T040000Z.sqlite\n");
    return 2;
  }
  try {
    const r = restoreDatabase(config.dbPath, file);
    process.stdout.write(
      `Restored ${config.dbPath} from ${file} (integrity check ok, schema ${r.schemaVersion}).\n` +
        (r.replacedFile ? `The database it replaced is kept as ${r.replacedFile}.\n` : "There was no database to replace.\n"),
    );
    return 0;
  } catch (err) {
    if (err instanceof RestoreRefused) {
      process.stderr.write(`Refusing: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}
