/**
 * The `brief` command line: start | ask | data check | data reload | audit | db check | commands | digest.
 * Replies go to stdout, logs to stderr.
 * Returns the exit status instead of exiting, so it can be tested in-process.
 */

import { dirname, join } from "node:path";
import { config as loadDotenv } from "dotenv";
import { pino } from "pino";
import { CONSOLE_CHANNEL } from "../adapters/console/index.js";
import { FOLLOW_INTERVAL_MS } from "../admin/follow.js";
import { type Config, ConfigError, parseConfig } from "../config.js";
import { storageFault } from "../core/faults.js";
import { formatProblem } from "../core/knowledge.js";
import { createLogger } from "../core/log.js";
import type { Origin } from "../core/origin.js";
import { scrubSecrets } from "../core/redact.js";
import { checkClaims, claimWarnings } from "../knowledge/extract/claims.js";
import { loadData } from "../knowledge/loader.js";
import { describeReload } from "../present/reload.js";
import { renderPlain } from "../render/plain.js";
import { createAdmin, DataError, openBriefOrExplain } from "../root.js";
import { listAudit, recordAudit } from "../store/audit.js";
import { openDb } from "../store/db.js";
import { BOT_LEASE, leaseHolder } from "../store/lease.js";
import { StoreFault } from "../store/open-fault.js";
import { claimThisRequest, fileReloadRequest, reloadRequestClaimant } from "../store/reload-requests.js";
import { problemCountByFile } from "./problem-summary.js";

const USAGE = `Usage:
  brief start                      run the bot (console; Telegram/Discord when their tokens are set)
  brief ask [--json] "<command>"   answer one command line and exit, e.g. brief ask "/who Rahmon"
  brief data check                 validate data/ and list every problem with file and line
  brief data draft <article>       print proposed events, figures and entities for an article, as YAML to edit
  brief commands deploy [--guild ID]  register the Discord slash commands (one server: instant; else global)
  brief data reload                reload the running bot's knowledge (or the database when no bot runs)
  brief data add <url>             fetch one article now, write it to data/ and reload
  brief feeds add <url> [--topic t]…  follow a feed (RSS, Atom, JSON Feed), keeping items on those topics
  brief feeds list                 the feeds with their state and counts
  brief feeds remove <id>          stop following a feed
  brief feeds poll --now           poll every feed once, print what was added and skipped, and exit
  brief audit [--limit N]          the latest admin actions: who, what, when, outcome
  brief db check                   integrity checks of the database and the search index, and what to do
  brief digest status              subscriptions, their next slots, and the outbox by state
  brief digest run --now <ISO>     one sweep as if at that time, delivered through the configured platforms
  brief db backup <file>           an online, verified copy of the database (safe while the bot runs)
  brief db restore <file>          check a backup and put it in place (the bot must be stopped)
`;

export async function main(argv: string[]): Promise<number> {
  loadDotenv({ quiet: true });
  const [command, ...rest] = argv;
  if (command === undefined || command === "help" || command === "--help" || command === "-h") {
    process.stdout.write(USAGE);
    return command === undefined ? 2 : 0;
  }
  let config: Config;
  try {
    config = parseConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nSee .env.example for every variable.\n`);
      return 2;
    }
    throw err;
  }
  try {
    return await run(command, rest, argv, config);
  } catch (err) {
    // The database could not be opened or used: one line naming the variable, the file and the cause.
    if (err instanceof StoreFault) {
      process.stderr.write(`Brief cannot use its database: BRIEF_DB=${err.path}: ${err.message}\n`);
      return 1;
    }
    const fault = storageFault(err);
    if (fault) {
      process.stderr.write(`Brief cannot use its database: BRIEF_DB=${config.dbPath}: ${fault.words} (${fault.code}: ${(err as Error).message}).\n`);
      return 1;
    }
    throw err;
  }
}

async function run(command: string, rest: string[], argv: string[], config: Config): Promise<number> {
  switch (command) {
    case "start":
      return start(config);
    case "ask":
      return ask(config, rest);
    case "data":
      if (rest[0] === "check") return dataCheck(config);
      if (rest[0] === "draft") {
        const { dataDraft } = await import("./draft.js");
        return dataDraft(config, rest.slice(1));
      }
      if (rest[0] === "reload") return dataReload(config);
      if (rest[0] === "add") return (await import("./feeds.js")).dataAdd(config, rest.slice(1));
      break;
    case "feeds":
      return (await import("./feeds.js")).feedsCli(config, rest);
    case "audit":
      return audit(config, rest);
    case "commands":
      if (rest[0] === "deploy") return commandsDeploy(config, rest.slice(1));
      break;
    case "db": {
      if (rest[0] === "check") return (await import("./db.js")).dbCheck(config);
      const { dbBackup, dbRestore } = await import("./backup.js");
      if (rest[0] === "backup") return dbBackup(config, rest.slice(1));
      if (rest[0] === "restore") return dbRestore(config, rest.slice(1));
      break;
    }
    case "digest": {
      const { digestStatus, digestRun } = await import("./digest.js");
      if (rest[0] === "status") return digestStatus(config);
      if (rest[0] === "run") return digestRun(config, rest.slice(1));
      break;
    }
  }
  process.stderr.write(`Unknown command: brief ${argv.join(" ")}\n\n${USAGE}`);
  return 2;
}

async function start(config: Config): Promise<number> {
  const platforms = Boolean(config.telegram || config.discord);
  // With a person at the prompt, logs go to a file: log lines printed between replies break the prompt.
  const logFile = process.stdin.isTTY === true ? join(dirname(config.dbPath), "brief.log") : undefined;
  const destination = logFile ? pino.destination({ dest: logFile, mkdir: true, sync: true }) : undefined;
  // Console-only runs keep the terminal readable: only warnings unless LOG_LEVEL asks for more.
  const log = createLogger(config.logLevel ?? (platforms ? "info" : "warn"), config.logFormat, destination);
  const { runBot } = await import("../serve.js");
  try {
    return await runBot({ config, log, stdin: process.stdin, stdout: process.stdout, logFile });
  } catch (err) {
    if (err instanceof DataError) {
      process.stderr.write(`Brief will not start: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

async function ask(config: Config, args: string[]): Promise<number> {
  const json = args.includes("--json");
  const line = args
    .filter((a) => a !== "--json")
    .join(" ")
    .trim();
  if (!line) {
    process.stderr.write('brief ask needs a command line, e.g. brief ask "/search huawei"\n');
    return 2;
  }
  const log = createLogger(config.logLevel ?? "warn", config.logFormat);
  const app = await openBriefOrExplain({ dbPath: config.dbPath, dataDir: config.dataDir, log });
  if (!app) return 1;
  try {
    const origin: Origin = {
      platform: "console",
      channel: CONSOLE_CHANNEL,
      chatKind: "private",
      user: { id: "cli", name: "cli" },
      isBotAdmin: true,
      isChatAdmin: async () => true,
    };
    const first = await app.dispatch({ kind: "text", text: line }, origin);
    if (!first) return 0;
    // One-shot: there is no /next to type, so every page is printed, one after another.
    const docs = [first];
    for (let page = 2; page <= (first.pages?.count ?? 1); page++) {
      const next = await app.dispatch({ kind: "text", text: line, page }, origin);
      if (next) docs.push(next);
    }
    if (json) process.stdout.write(`${JSON.stringify(docs.length === 1 ? first : docs, null, 2)}\n`);
    else {
      const text = docs.map((doc) => {
        const body = renderPlain({ ...doc, pages: undefined }, { width: process.stdout.columns }).join("\n\n");
        return doc.pages ? `${body}\n\n(page ${doc.pages.index} of ${doc.pages.count})` : body;
      });
      process.stdout.write(`${text.join("\n\n")}\n`);
    }
    return first.tone === "error" ? 1 : 0;
  } finally {
    app.close();
  }
}

function dataCheck(config: Config): number {
  const { catalogue, problems } = loadData(config.dataDir);
  if (problems.length > 0) {
    for (const p of problems) process.stdout.write(`${formatProblem(p)}\n`);
    process.stdout.write(`\n${problemCountByFile(problems, config.dataDir).join("\n")}\n`);
    return 1;
  }
  const c = catalogue;
  process.stdout.write(
    `${config.dataDir} is valid: ${c.articles.size} articles, ${c.events.size} events, ${c.entities.size} entities, ` +
      `${c.figures.size} figures, ${c.topics.size} topics.\n`,
  );
  // Curated claims about the whole corpus ("no other source gives one"), checked against every article.
  const warnings = claimWarnings(c, checkClaims(c));
  for (const w of warnings) process.stdout.write(`warning: ${formatProblem(w)}\n`);
  if (warnings.length) process.stdout.write(`${warnings.length} curated claim${warnings.length === 1 ? " no longer holds" : "s no longer hold"}.\n`);
  return 0;
}

/** How long `brief data reload` waits for a running bot to report its reload. */
export const RELOAD_WAIT_MS = 60_000;
/** How long a filed request may wait for a running bot to take it, before this command does the reload itself. */
export const RELOAD_CLAIM_WAIT_MS = 4 * FOLLOW_INTERVAL_MS;

/**
 * With a bot running, the reload is asked of it through the database (a request row one bot claims; no
 * signal, which could reach an unrelated process that reused a dead bot's pid), and its audited outcome
 * is reported. Any other bots on the database follow the new version. With none running, or none taking
 * the request in time, this command reloads the database itself.
 */
async function dataReload(config: Config): Promise<number> {
  const log = createLogger(config.logLevel ?? "warn", config.logFormat);
  const db = openDb(config.dbPath);
  try {
    const bot = leaseHolder(db, BOT_LEASE);
    let why = "No bot is running";
    if (bot) {
      const auditId = recordAudit(db, { actor: "cli", action: "reload", outcome: "requested", detail: { asked: bot.holder } });
      const request = fileReloadRequest(db, auditId);
      const taken = await waitFor(RELOAD_CLAIM_WAIT_MS, () => reloadRequestClaimant(db, request));
      if (taken || !claimThisRequest(db, request, "cli")) {
        // The claimant's name is "host:pid:role": the process that took the request, proven by taking it.
        const pid = (taken ?? reloadRequestClaimant(db, request) ?? "").split(":")[1];
        process.stdout.write(`Asked the running bot (pid ${pid}) to reload…\n`);
        const done = await waitFor(RELOAD_WAIT_MS, () =>
          listAudit(db, { afterId: auditId, action: "reload" }).find((e) => e.detail.request === auditId && (e.outcome === "ok" || e.outcome === "failed")),
        );
        if (!done) {
          process.stderr.write("The bot took the request but did not report back within a minute; see its log.\n");
          return 1;
        }
        if (done.outcome === "ok") {
          process.stdout.write(`Reloaded as knowledge version ${String(done.detail.version)} in ${String(done.detail.ms)} ms.\n`);
          return 0;
        }
        if (typeof done.detail.error === "string") {
          process.stdout.write(`Reload failed: ${done.detail.error}. The previous knowledge stays live; see the bot's log.\n`);
          return 1;
        }
        const first = (done.detail.first as string[] | undefined) ?? [];
        process.stdout.write(
          `Reload refused: the data has ${String(done.detail.problems)} problem(s). The previous knowledge stays live.\n${first.join("\n")}\n`,
        );
        return 1;
      }
      why = `No running bot took the request within ${RELOAD_CLAIM_WAIT_MS / 1000} s`;
    }
    const { admin } = createAdmin(db, config.dataDir, log);
    const outcome = await admin.reload("cli");
    const { headline, lines } = describeReload(outcome);
    process.stdout.write(`${why}; reloaded the database directly (running bots follow it).\n${headline}\n${lines.map((l) => `  ${l}`).join("\n")}\n`);
    return outcome.ok ? 0 : 1;
  } finally {
    db.close();
  }
}

/** Polls `probe` until it returns something or `ms` pass. */
async function waitFor<T>(ms: number, probe: () => T | undefined): Promise<T | undefined> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = probe();
    if (found !== undefined || Date.now() > deadline) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
}

function audit(config: Config, args: string[]): number {
  const i = args.indexOf("--limit");
  const limit = i >= 0 ? Number(args[i + 1]) : 50;
  if (!Number.isInteger(limit) || limit < 1) {
    process.stderr.write("--limit takes a positive whole number\n");
    return 2;
  }
  const db = openDb(config.dbPath);
  try {
    const entries = listAudit(db, { limit });
    if (entries.length === 0) process.stdout.write("The audit log is empty.\n");
    for (const e of entries) process.stdout.write(`${e.at}  ${e.outcome.padEnd(9)} ${e.action.padEnd(12)} ${e.actor}  ${JSON.stringify(e.detail)}\n`);
    return 0;
  } finally {
    db.close();
  }
}

async function commandsDeploy(config: Config, args: string[]): Promise<number> {
  if (!config.discord) {
    process.stderr.write("brief commands deploy needs DISCORD_TOKEN and DISCORD_APP_ID (see .env.example).\n");
    return 2;
  }
  const i = args.indexOf("--guild");
  const guildId = i >= 0 ? args[i + 1] : undefined;
  if (i >= 0 && !guildId) {
    process.stderr.write("--guild needs a server id\n");
    return 2;
  }
  const log = createLogger(config.logLevel ?? "warn", config.logFormat);
  const { deployCommands } = await import("../adapters/discord/index.js");
  const { commands } = await import("../../commands/index.js");
  try {
    const { scope, count } = await deployCommands({ config: config.discord, commands, guildId, log });
    process.stdout.write(
      `Deployed ${count} slash commands ${scope === "guild" ? `to server ${guildId} (available now)` : "globally (may take a while to appear)"}.\n`,
    );
    return 0;
  } catch (err) {
    process.stderr.write(`Deploy failed: ${scrubSecrets((err as Error).message)}\n`);
    return 1;
  }
}
