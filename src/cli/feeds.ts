/**
 * `brief feeds add <url> [--topic t]…`, `brief feeds list`, `brief feeds remove <id>`, `brief feeds poll --now`
 * and `brief data add <url>`: the operator's side of the feeds. They work on the same database and data/ as
 * a running bot; what they fetch goes live through an ordinary reload here, which records a new knowledge
 * version that running bots follow (see src/admin: several processes on one database).
 */
import type { Config } from "../config.js";
import { isUserError } from "../core/errors.js";
import { createLogger } from "../core/log.js";
import { articleAdded, feedAdded, feedsList, pollLines, readFeedFilter, splitFilterWords } from "../present/feeds.js";
import { renderPlain } from "../render/plain.js";
import { type BriefApp, openBriefOrExplain } from "../root.js";
import { recordAudit } from "../store/audit.js";

const CLI = { actor: "cli" };

export async function feedsCli(config: Config, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case "add":
      return withApp(config, async (app) => {
        const url = rest.find((a, i) => !a.startsWith("--") && rest[i - 1] !== "--topic");
        if (!url) return usage("brief feeds add <url> [--topic <topic or word>]…");
        const words = rest.flatMap((a, i) => (rest[i - 1] === "--topic" ? splitFilterWords(a) : []));
        const filter = readFeedFilter(app.knowledge, words);
        const feed = await app.feeds.add(url, filter, CLI);
        print(renderPlain(feedAdded(app.knowledge, feed, filter.understood), { width: 100 }));
        process.stdout.write("A running bot polls it within a minute; `brief feeds poll --now` polls every feed now.\n");
        return 0;
      });
    case "list":
      return withApp(config, async (app) => {
        print(renderPlain(feedsList(app.knowledge, app.feeds.list()), { width: 100 }));
        return 0;
      });
    case "remove": {
      const id = Number(rest[0]);
      if (!Number.isInteger(id) || id <= 0) return usage("brief feeds remove <id>   (the id from brief feeds list)");
      return withApp(config, async (app) => {
        if (!app.feeds.remove(id, CLI)) {
          process.stderr.write(`There is no feed ${id}.\n`);
          return 1;
        }
        process.stdout.write(`Feed ${id} removed; the articles it brought in stay.\n`);
        return 0;
      });
    }
    case "poll":
      if (!rest.includes("--now")) return usage("brief feeds poll --now   (polls every feed once and exits)");
      return withApp(config, async (app) => {
        const run = await app.poller.poll("all");
        recordAudit(app.db, { actor: "cli", action: "feed-poll", outcome: "ok", detail: { feeds: run.reports.length, version: run.version } });
        const lines = pollLines(run.reports);
        process.stdout.write(`${lines.length > 0 ? lines.join("\n") : "No feeds to poll."}\n`);
        const added = run.reports.flatMap((r) => r.items).filter((i) => i.kind === "added").length;
        if (added > 0)
          process.stdout.write(
            run.version !== undefined ? `Live as knowledge version ${run.version}.\n` : "Not live yet: the reload was refused (see above).\n",
          );
        return run.reports.some((r) => r.status === "failed") ? 1 : 0;
      });
    default:
      return usage("brief feeds add <url> [--topic t]… | brief feeds list | brief feeds remove <id> | brief feeds poll --now");
  }
}

export async function dataAdd(config: Config, args: string[]): Promise<number> {
  const url = args[0];
  if (!url) return usage("brief data add <article url>");
  return withApp(config, async (app) => {
    const { outcome, version } = await app.feeds.addArticle(url, CLI);
    print(renderPlain(articleAdded(outcome, version), { width: 100 }));
    return outcome.kind === "added" || outcome.kind === "duplicate" ? 0 : 1;
  });
}

async function withApp(config: Config, run: (app: BriefApp) => Promise<number>): Promise<number> {
  const log = createLogger(config.logLevel ?? "warn", config.logFormat);
  const app = await openBriefOrExplain({ dbPath: config.dbPath, dataDir: config.dataDir, log, feeds: config.feeds });
  if (!app) return 1;
  try {
    return await run(app);
  } catch (err) {
    if (isUserError(err)) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    app.close();
  }
}

function print(parts: string[]): void {
  process.stdout.write(`${parts.join("\n\n")}\n`);
}

function usage(text: string): number {
  process.stderr.write(`Usage: ${text}\n`);
  return 2;
}
