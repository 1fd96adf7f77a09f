/**
 * The composition root of `brief start`: config → store → knowledge → adapters, and a graceful
 * shutdown on SIGINT/SIGTERM (adapters stop first, then the database closes).
 */
import type { Adapter } from "./core/adapter.js";
import type { Config } from "./config.js";
import { PagerStore } from "./core/pager.js";
import { openBrief, type BriefApp } from "./app.js";
import { createConsoleAdapter } from "./adapters/console/index.js";
import type { Logger } from "./log.js";
import { acquireLease, releaseLease, leaseHolderName, BOT_LEASE, LEASE_TTL_MS } from "./store/lease.js";
import { watchData } from "./admin/watch.js";
import { formatProblem } from "./knowledge/catalogue.js";
import { DigestScheduler } from "./digest/scheduler.js";

import type { AutocompleteKind } from "./core/command.js";

export interface RunOptions {
  config: Config;
  log: Logger;
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
}

export async function runBot({ config, log, stdin, stdout }: RunOptions): Promise<number> {
  const app = await openBrief({ dbPath: config.dbPath, dataDir: config.dataDir, log });
  const admin = app.services.admin!;
  const adapters: Adapter[] = [];
  const holder = leaseHolderName("bot");
  // The "bot" lease tells `brief data reload` which process to signal; it renews while we run.
  acquireLease(app.db, BOT_LEASE, holder, LEASE_TTL_MS);
  const renew = setInterval(() => acquireLease(app.db, BOT_LEASE, holder, LEASE_TTL_MS), LEASE_TTL_MS / 3);
  renew.unref();
  const onHangup = () => void admin.reload("cli (brief data reload)");
  process.on("SIGHUP", onHangup);
  const stopWatching = config.watchData
    ? watchData(config.dataDir, async () => {
        const outcome = await admin.reload("watch");
        if (!outcome.ok) log.warn({ problems: outcome.problems.slice(0, 10).map(formatProblem) }, "data change refused");
      }, log)
    : () => {};
  const pager = new PagerStore();
  let stopping: Promise<void> | undefined;
  let scheduler: DigestScheduler | undefined;
  let markStopped!: () => void;
  const stopped = new Promise<void>((r) => (markStopped = r));

  const shutdown = (reason: string) => {
    stopping ??= (async () => {
      log.info({ reason }, "shutting down");
      clearInterval(renew);
      stopWatching();
      process.off("SIGHUP", onHangup);
      // The scheduler, then the adapters, so nothing in flight writes to a closed database.
      await scheduler?.stop();
      await Promise.allSettled(adapters.map((a) => a.stop()));
      releaseLease(app.db, BOT_LEASE, holder);
      app.close();
      log.info("stopped");
      markStopped();
    })();
    return stopping;
  };
  const onSignal = (signal: NodeJS.Signals) => void shutdown(signal);
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  try {
    await startPlatformAdapters(app, config, log, pager, adapters);
    admin.runtime.adapters.push(...adapters.map((a) => a.platform));
    scheduler = createScheduler(app, config, log);
    // The terminal is served when no platform is configured, or when someone is at the keyboard.
    const useConsole = adapters.length === 0 || stdin.isTTY === true;
    if (useConsole) {
      const consoleAdapter = createConsoleAdapter({ input: stdin, output: stdout, interactive: stdin.isTTY === true });
      adapters.push(consoleAdapter);
      app.adapters.set("console", consoleAdapter);
      await consoleAdapter.start(app.dispatch);
      admin.runtime.adapters.push("console");
      log.info({ adapters: adapters.map((a) => a.platform) }, "Brief is ready");
      await Promise.race([consoleAdapter.finished, stopped]);
      // With platforms also running, leaving the terminal does not stop the bot.
      if (adapters.length > 1 && !stopping) {
        log.info("console closed; platform adapters keep running");
        await stopped;
      }
      await shutdown("end of input");
    } else {
      log.info({ adapters: adapters.map((a) => a.platform) }, "Brief is ready");
      await stopped;
    }
    return 0;
  } catch (err) {
    log.error({ err }, "start-up failed");
    // The log is for machines; say it once in plain words for the person at the terminal.
    process.stderr.write(`Brief could not start: ${err instanceof Error ? err.message : String(err)}\n`);
    await shutdown("start-up failed");
    return 1;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

async function startPlatformAdapters(app: BriefApp, config: Config, log: Logger, pager: PagerStore, adapters: Adapter[]) {
  if (config.telegram) {
    const { createTelegramAdapter } = await import("./adapters/telegram/index.js");
    const telegram = createTelegramAdapter({ config: config.telegram, log: log.child({ adapter: "telegram" }), commands: app.commands, pager });
    await telegram.start(app.dispatch);
    adapters.push(telegram);
    attach(app, telegram);
  }
  if (config.discord) {
    const { createDiscordAdapter } = await import("./adapters/discord/index.js");
    const discord = createDiscordAdapter({
      config: config.discord,
      log: log.child({ adapter: "discord" }),
      commands: app.commands,
      pager,
      suggest: (kind: AutocompleteKind, prefix: string) => app.services.knowledge.suggest(kind, prefix),
    });
    await discord.start(app.dispatch);
    adapters.push(discord);
    attach(app, discord);
  }
}

/** Registers an adapter for digests and lets it report channels that are gone. */
function attach(app: BriefApp, adapter: Adapter): void {
  app.adapters.set(adapter.platform, adapter);
  adapter.onChannelGone = (event) => app.services.digests?.channelGone(event);
}

/** The digest scheduler for this process; it delivers only if it wins the lease. */
export function createScheduler(app: BriefApp, config: Config, log: Logger): DigestScheduler {
  const scheduler = new DigestScheduler({
    db: app.db,
    knowledge: app.services.knowledge,
    adapters: () => app.adapters,
    log: log.child({ part: "digest" }),
    staleAfterMs: config.digest.staleAfterMs,
    pacing: { telegram: config.digest.telegramPacing },
    maxInFlight: config.digest.inFlight,
  });
  scheduler.start();
  app.services.admin!.runtime.digest = () => scheduler.status();
  return scheduler;
}
