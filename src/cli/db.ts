/**
 * `brief db check`: SQLite's integrity_check on the state database (BRIEF_DB) and on the search index file
 * beside it, the schema against this Brief's, and what to do about anything found. It only reads: both
 * files are opened read-only, so it is safe while a bot runs.
 */
import { existsSync } from "node:fs";
import Database from "better-sqlite3";
import type { Config } from "../config.js";
import { storageFault } from "../core/faults.js";
import { INDEX_FORMAT } from "../knowledge/index-build.js";
import { indexFilePath } from "../knowledge/index-file.js";
import { type Db, listMigrations } from "../store/db.js";
import { checkPages } from "../store/integrity.js";
import { refuseDriftedSchema, refuseNewerSchema, SchemaError } from "../store/schema-guard.js";

const STATE_ADVICE =
  "Stop Brief, copy the file aside, and restore the latest backup. Without one, `sqlite3 <file> .recover | sqlite3 <new file>` saves what can still be read.";
const INDEX_ADVICE = "The index is derived from data/: start Brief or run `brief data reload`, and a damaged or missing index is rebuilt.";

interface Finding {
  ok: boolean;
  lines: string[];
}

function openReadOnly(path: string): Db | string {
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    db.pragma("user_version"); // the first read: a file that is not a database fails here
    return db;
  } catch (err) {
    const fault = storageFault(err);
    return fault ? `${fault.words} (${fault.code}: ${(err as Error).message})` : String(err);
  }
}

/** One check's line; a check that cannot even run (damage in the schema itself) is a finding too. */
function step(label: string, run: () => { ok: boolean; text: string }): { ok: boolean; line: string } {
  try {
    const { ok, text } = run();
    return { ok, line: `${label}: ${text}` };
  } catch (err) {
    const fault = storageFault(err);
    return { ok: false, line: `${label}: ${fault?.kind === "damaged" ? "DAMAGED" : "could not be checked"} (${(err as Error).message})` };
  }
}

function checkState(db: Db): Finding {
  const migrations = listMigrations();
  const steps = [
    step("pages", () => {
      const problems = checkPages(db, "integrity_check", 20);
      return { ok: problems.length === 0, text: problems.length === 0 ? "ok (integrity_check)" : `DAMAGED\n${problems.map((p) => `    ${p}`).join("\n")}` };
    }),
    step("schema", () => {
      try {
        refuseNewerSchema(db, migrations);
        refuseDriftedSchema(db, migrations);
      } catch (err) {
        if (err instanceof SchemaError) return { ok: false, text: err.message };
        throw err;
      }
      return { ok: true, text: `ok (version ${String(db.pragma("user_version", { simple: true }))})` };
    }),
    step("references", () => {
      const orphans = db.pragma("foreign_key_check") as unknown[];
      return { ok: orphans.length === 0, text: orphans.length === 0 ? "ok (foreign_key_check)" : `${orphans.length} row(s) point at rows that do not exist` };
    }),
  ];
  return { ok: steps.every((s) => s.ok), lines: steps.map((s) => s.line) };
}

function checkIndex(state: Db): { file?: string; finding: Finding } {
  let hash: string | undefined;
  try {
    hash = (state.prepare("SELECT hash FROM knowledge_versions ORDER BY id DESC LIMIT 1").get() as { hash: string } | undefined)?.hash;
  } catch {
    return { finding: { ok: false, lines: ["cannot tell which index is current: the state database cannot be read"] } };
  }
  if (!hash) return { finding: { ok: true, lines: ["no knowledge loaded yet: nothing to check"] } };
  const file = indexFilePath(state, hash);
  if (!existsSync(file)) return { file, finding: { ok: false, lines: ["missing"] } };
  const db = openReadOnly(file);
  if (typeof db === "string") return { file, finding: { ok: false, lines: [db] } };
  try {
    const problems = checkPages(db, "integrity_check", 20);
    const format = db.pragma("user_version", { simple: true }) as number;
    const lines = [problems.length === 0 ? "pages: ok (integrity_check)" : `pages: DAMAGED\n${problems.map((p) => `    ${p}`).join("\n")}`];
    lines.push(format === INDEX_FORMAT ? `format: ok (${format})` : `format: ${format}, this Brief builds ${INDEX_FORMAT} (it is rebuilt on start)`);
    return { file, finding: { ok: problems.length === 0 && format === INDEX_FORMAT, lines } };
  } catch (err) {
    // SQLite may stop checking at the first damaged structure (an FTS table it cannot even open).
    const fault = storageFault(err);
    return { file, finding: { ok: false, lines: [`${fault?.kind === "damaged" ? "pages: DAMAGED" : "unreadable"} (${(err as Error).message})`] } };
  } finally {
    db.close();
  }
}

export function dbCheck(config: Config, out: NodeJS.WritableStream = process.stdout): number {
  const path = config.dbPath;
  if (!existsSync(path)) {
    out.write(`No database at BRIEF_DB=${path} yet: \`brief start\` creates it. Nothing to check.\n`);
    return 0;
  }
  out.write(`State database (BRIEF_DB=${path}):\n`);
  const state = openReadOnly(path);
  if (typeof state === "string") {
    out.write(`  cannot be read: ${state}\n  What to do: ${STATE_ADVICE}\n`);
    return 1;
  }
  try {
    const s = checkState(state);
    for (const l of s.lines) out.write(`  ${l}\n`);
    if (!s.ok) out.write(`  What to do: ${STATE_ADVICE}\n`);
    const { file, finding } = checkIndex(state);
    out.write(`Search index${file ? ` (${file})` : ""}:\n`);
    for (const l of finding.lines) out.write(`  ${l}\n`);
    if (!finding.ok) out.write(`  What to do: ${INDEX_ADVICE}\n`);
    const ok = s.ok && finding.ok;
    out.write(ok ? "Everything checked is sound.\n" : "Problems found (above).\n");
    return ok ? 0 : 1;
  } finally {
    state.close();
  }
}
