/**
 * The `brief` command line: start | ask | data check. Replies go to stdout, logs to stderr.
 * Returns the exit status instead of exiting, so it can be tested in-process.
 */
import { config as loadDotenv } from "dotenv";
import { ConfigError, parseConfig, type Config } from "./config.js";
import { createLogger } from "./log.js";
import { loadData } from "./knowledge/loader.js";
import { formatProblem } from "./knowledge/catalogue.js";
import { DataError, openBrief } from "./app.js";
import { renderPlain } from "./render/plain.js";
import { CONSOLE_CHANNEL } from "./adapters/console/index.js";
import type { Origin } from "./core/origin.js";

const USAGE = `Usage:
  brief start                      run the bot (console; Telegram/Discord when their tokens are set)
  brief ask [--json] "<command>"   answer one command line and exit, e.g. brief ask "/who Rahmon"
  brief data check                 validate data/ and list every problem with file and line
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
  switch (command) {
    case "start":
      return start(config);
    case "ask":
      return ask(config, rest);
    case "data":
      if (rest[0] === "check") return dataCheck(config);
      break;
  }
  process.stderr.write(`Unknown command: brief ${argv.join(" ")}\n\n${USAGE}`);
  return 2;
}

async function start(config: Config): Promise<number> {
  const platforms = Boolean(config.telegram || config.discord);
  // Console-only runs keep the terminal readable: only warnings unless LOG_LEVEL asks for more.
  const log = createLogger(process.env.LOG_LEVEL ?? (platforms ? "info" : "warn"));
  const { runBot } = await import("./main.js");
  try {
    return await runBot({ config, log, stdin: process.stdin, stdout: process.stdout });
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
  const line = args.filter((a) => a !== "--json").join(" ").trim();
  if (!line) {
    process.stderr.write('brief ask needs a command line, e.g. brief ask "/search huawei"\n');
    return 2;
  }
  const log = createLogger(process.env.LOG_LEVEL ?? "warn");
  let app;
  try {
    app = await openBrief({ dbPath: config.dbPath, dataDir: config.dataDir, log });
  } catch (err) {
    if (err instanceof DataError) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    throw err;
  }
  try {
    const origin: Origin = {
      platform: "console",
      channel: CONSOLE_CHANNEL,
      chatKind: "private",
      user: { id: "cli", name: "cli" },
      isBotAdmin: true,
      isChatAdmin: async () => true,
    };
    const doc = await app.dispatch({ kind: "text", text: line }, origin);
    if (!doc) return 0;
    process.stdout.write(json ? JSON.stringify(doc, null, 2) + "\n" : renderPlain(doc, { width: process.stdout.columns }).join("\n\n") + "\n");
    return doc.tone === "error" ? 1 : 0;
  } finally {
    app.close();
  }
}

function dataCheck(config: Config): number {
  const { catalogue, problems } = loadData(config.dataDir);
  if (problems.length > 0) {
    for (const p of problems) process.stdout.write(formatProblem(p) + "\n");
    process.stdout.write(`\n${problems.length} problem${problems.length === 1 ? "" : "s"} in ${config.dataDir}\n`);
    return 1;
  }
  const c = catalogue;
  process.stdout.write(
    `${config.dataDir} is valid: ${c.articles.size} articles, ${c.events.size} events, ${c.entities.size} entities, ` +
      `${c.figures.size} figures, ${c.topics.size} topics.\n`,
  );
  return 0;
}
