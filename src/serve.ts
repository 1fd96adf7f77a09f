/**
 * `brief start`: the long-running process. It opens Brief through the composition root (src/root.ts),
 * starts the platform adapters and the console, the digest scheduler, the data watcher and the reload
 * signal, and shuts down gracefully on SIGINT/SIGTERM (adapters stop first, then the database closes).
 */
import { createConsoleAdapter } from "./adapters/console/index.js";
import { followOtherProcesses } from "./admin/follow.js";
import { watchData } from "./admin/watch.js";
import type { Config } from "./config.js";
import type { Adapter } from "./core/adapter.js";
import { formatProblem } from "./core/knowledge.js";
import type { Logger } from "./core/log.js";
import { PagerTokens } from "./core/pager.js";
import { scrubSecrets } from "./core/redact.js";
import type { DigestScheduler } from "./digest/scheduler.js";
import { attachAdapter, createPlatformAdapters, createScheduler, openBrief } from "./root.js";
import { acquireLease, BOT_LEASE, LEASE_TTL_MS, leaseHolderName, releaseLease } from "./store/lease.js";

export interface RunOptions {
  config: Config;
  log: Logger;
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
}

export async function runBot({ config, log, stdin, stdout }: RunOptions): Promise<number> {
  const app = await openBrief({ dbPath: config.dbPath, dataDir: config.dataDir, log });
  const admin = app.admin;
  const adapters: Adapter[] = [];
  const holder = leaseHolderName("bot");
  // The "bot" lease tells `brief data reload` that a bot runs (to ask it, not signal it); it renews while we run.
  acquireLease(app.db, BOT_LEASE, holder, LEASE_TTL_MS);
  const renew = setInterval(() => acquireLease(app.db, BOT_LEASE, holder, LEASE_TTL_MS), LEASE_TTL_MS / 3);
  renew.unref();
  // `brief data reload` files a request in the database; other processes' reloads are followed (follow.ts).
  // SIGHUP still reloads, for operators used to it.
  const stopFollowing = followOtherProcesses(admin, holder, log);
  const onHangup = () => void admin.reload("signal (SIGHUP)").catch(() => undefined);
  process.on("SIGHUP", onHangup);
  const stopWatching = config.watchData
    ? watchData(
        config.dataDir,
        async () => {
          const outcome = await admin.reload("watch");
          if (!outcome.ok) log.warn({ problems: outcome.problems.slice(0, 10).map(formatProblem) }, "data change refused");
        },
        log,
      )
    : () => {};
  const pager = new PagerTokens();
  let stopping: Promise<void> | undefined;
  let scheduler: DigestScheduler | undefined;
  let markStopped!: () => void;
  const stopped = new Promise<void>((r) => (markStopped = r));

  const shutdown = (reason: string) => {
    stopping ??= (async () => {
      log.info({ reason }, "shutting down");
      clearInterval(renew);
      stopFollowing();
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
    for (const adapter of await createPlatformAdapters(app, config, log, pager)) {
      await adapter.start(app.dispatch);
      adapters.push(adapter);
      attachAdapter(app, adapter);
    }
    admin.runtime.adapters.push(...adapters.map((a) => a.platform));
    scheduler = createScheduler(app, config, log);
    scheduler.start();
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
    process.stderr.write(`Brief could not start: ${scrubSecrets(err instanceof Error ? err.message : String(err))}\n`);
    await shutdown("start-up failed");
    return 1;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
