/**
 * Opens Brief's core: the database, the knowledge (validated from data/), the commands and the
 * dispatcher. Adapters and the scheduler are attached by main.ts; tests use this directly.
 */
import { commands as allCommands } from "../commands/index.js";
import type { CommandDef } from "./core/command.js";
import { createDispatcher, type Dispatch } from "./core/dispatcher.js";
import type { Services } from "./core/services.js";
import { formatProblem, type Problem } from "./knowledge/catalogue.js";
import { KnowledgeBase } from "./knowledge/base.js";
import { silentLogger, type Logger } from "./log.js";
import { openDb, type Db } from "./store/db.js";
import { AdminService } from "./admin/service.js";
import { DigestService } from "./digest/service.js";
import type { Adapter } from "./core/adapter.js";
import type { Platform } from "./core/origin.js";

export interface BriefApp {
  db: Db;
  /** The adapters serving this process, by platform; main.ts fills it as they start. */
  adapters: Map<Platform, Adapter>;
  services: Services;
  dispatch: Dispatch;
  commands: readonly CommandDef[];
  close(): void;
}

export class DataError extends Error {
  constructor(readonly problems: Problem[]) {
    super(`The data has ${problems.length} problem${problems.length === 1 ? "" : "s"}:\n${problems.map(formatProblem).join("\n")}`);
    this.name = "DataError";
  }
}

export interface OpenOptions {
  dbPath: string;
  dataDir: string;
  log?: Logger;
  commands?: readonly CommandDef[];
}

/** Refuses to open on invalid data: the DataError lists every problem with file and line. */
export async function openBrief(opts: OpenOptions): Promise<BriefApp> {
  const log = opts.log ?? silentLogger();
  const db = openDb(opts.dbPath);
  try {
    const knowledge = new KnowledgeBase(db, log);
    const outcome = await knowledge.load(opts.dataDir, "startup");
    if (!outcome.ok) throw new DataError(outcome.problems);
    const commands = opts.commands ?? allCommands;
    const startedAt = new Date();
    const admin = new AdminService(db, knowledge, opts.dataDir, log, { startedAt, adapters: [] });
    const adapters = new Map<Platform, Adapter>();
    const digests = new DigestService(db, knowledge, () => adapters, log);
    const services: Services = { log, knowledge, commands, startedAt, admin, digests };
    const dispatch = createDispatcher(services);
    let closed = false;
    return {
      db,
      adapters,
      services,
      dispatch,
      commands,
      close() {
        if (closed) return;
        closed = true;
        db.close();
      },
    };
  } catch (err) {
    db.close();
    throw err;
  }
}

/**
 * For one-shot commands: opens Brief, or explains on stderr why the data refuses to load and returns
 * undefined (the caller exits with status 1).
 */
export async function openBriefOrExplain(opts: OpenOptions, stderr: NodeJS.WritableStream = process.stderr): Promise<BriefApp | undefined> {
  try {
    return await openBrief(opts);
  } catch (err) {
    if (err instanceof DataError) {
      stderr.write(`${err.message}\n`);
      return undefined;
    }
    throw err;
  }
}
