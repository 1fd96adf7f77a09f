/**
 * `brief start`: the long-running process. It opens Brief through the composition root (src/root.ts) —
 * on the last good knowledge if data/ has problems — connects the platforms (retrying any it cannot reach),
 * starts the console, the digest scheduler, the data watcher, the reload signal, daily backups and the
 * health and metrics endpoints, and shuts down gracefully on SIGINT/SIGTERM (adapters stop first, then the
 * database closes).
 */
import { type ConsoleAdapter, createConsoleAdapter } from "./adapters/console/index.js";
import { followOtherProcesses } from "./admin/follow.js";
import { watchData } from "./admin/watch.js";
import type { Config } from "./config.js";
import type { Adapter } from "./core/adapter.js";
import { formatProblem } from "./core/knowledge.js";
import type { Logger } from "./core/log.js";
import { PagerTokens } from "./core/pager.js";
import { scrubSecrets } from "./core/redact.js";
import type { DigestScheduler } from "./digest/scheduler.js";
import { botReadinessChecks } from "./ops/bot-readiness.js";
import { type Backoff, PlatformConnector } from "./ops/connector.js";
import { DailyBackups } from "./ops/daily-backup.js";
import { degradedNotice } from "./ops/degraded-notice.js";
import { type OpsServer, startOpsServer } from "./ops/http-server.js";
import { checkReadiness } from "./ops/readiness.js";
import { attachAdapter, type BriefApp, createScheduler, openBrief, platformFactories } from "./root.js";
import { acquireLease, BOT_LEASE, LEASE_TTL_MS, leaseHolderName, releaseLease } from "./store/lease.js";

export interface RunOptions {
  config: Config;
  log: Logger;
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  /** How a platform that cannot be reached at start is retried (tests shorten it). */
  connectBackoff?: Backoff;
  /** Stops the bot as SIGTERM does (for tests running it in-process). */
  signal?: AbortSignal;
}

export async function runBot({ config, log, stdin, stdout, connectBackoff, signal }: RunOptions): Promise<number> {
  const app = await openBrief({ dbPath: config.dbPath, dataDir: config.dataDir, log, fallbackToLastGood: true });
  const admin = app.admin;
  const holder = leaseHolderName("bot");
  // The "bot" lease tells `brief data reload` that a bot runs (to ask it, not signal it); it renews while we
  // run. A renewal that fails (a full disk, a read-only file) is logged and shows in /readyz; it must not end
  // the process.
  const renewLease = () => void acquireLease(app.db, BOT_LEASE, holder, LEASE_TTL_MS);
  renewLease();
  const renew = setInterval(() => {
    try {
      renewLease();
    } catch (err) {
      log.error({ err }, "could not renew the bot lease: the database is not writable");
    }
  }, LEASE_TTL_MS / 3);
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
  const connectors = platformFactories(app, config, log, pager).map(
    (factory) =>
      new PlatformConnector({
        platform: factory.platform,
        create: factory.create,
        dispatch: app.dispatch,
        log,
        backoff: connectBackoff,
        onConnected: (adapter) => {
          attachAdapter(app, adapter);
          admin.runtime.adapters.push(adapter.platform);
          void tellAdminsIfDegraded(app, adapter);
        },
      }),
  );
  app.metrics.watch({ platforms: () => connectors.map((c) => ({ platform: c.platform, connected: c.health().connected })) });
  app.metrics.collectProcessMetrics();
  const checks = botReadinessChecks({
    knowledge: () => ({ version: app.knowledge.current.version, articles: app.knowledge.current.catalogue.articles.size, degraded: app.knowledge.degraded }),
    write: renewLease,
    platforms: connectors,
  });
  const backups = config.backup ? new DailyBackups({ db: app.db, ...config.backup, log, onBackup: (r) => app.metrics.backup(r.ok) }) : undefined;
  let http: OpsServer | undefined;
  let consoleAdapter: ConsoleAdapter | undefined;
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
      await backups?.stop();
      await Promise.allSettled([...connectors.map((c) => c.stop()), consoleAdapter?.stop()]);
      await http?.close();
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
  const onAbort = () => void shutdown("aborted");
  signal?.addEventListener("abort", onAbort, { once: true });

  try {
    // Health and metrics first, so probes answer while the platforms connect.
    if (config.http) {
      http = await startOpsServer({
        ...config.http,
        endpoints: { readiness: () => checkReadiness(checks), metrics: () => app.metrics.exposition() },
        log,
      });
    }
    // Each platform's first attempt; one that cannot be reached is retried in the background.
    await Promise.all(connectors.map((c) => c.start()));
    scheduler = createScheduler(app, config, log);
    scheduler.start();
    backups?.start();
    // The terminal is served when no platform is configured, or when someone is at the keyboard.
    const useConsole = connectors.length === 0 || stdin.isTTY === true;
    if (useConsole) {
      consoleAdapter = createConsoleAdapter({ input: stdin, output: stdout, interactive: stdin.isTTY === true });
      app.adapters.set("console", consoleAdapter);
      await consoleAdapter.start(app.dispatch);
      admin.runtime.adapters.push("console");
      // The person at the keyboard runs the bot: they are its admin.
      if (stdin.isTTY === true) await tellAdminsIfDegraded(app, consoleAdapter);
      log.info({ adapters: admin.runtime.adapters }, "Brief is ready");
      await Promise.race([consoleAdapter.finished, stopped]);
      // With platforms also running, leaving the terminal does not stop the bot.
      if (connectors.length > 0 && !stopping) {
        log.info("console closed; platform adapters keep running");
        await stopped;
      }
      await shutdown("end of input");
    } else {
      log.info({ adapters: admin.runtime.adapters }, "Brief is ready");
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
    signal?.removeEventListener("abort", onAbort);
  }
}

/** Started on the last good knowledge: the bot admins reachable through this adapter hear of it. */
async function tellAdminsIfDegraded(app: BriefApp, adapter: Adapter): Promise<void> {
  const degraded = app.knowledge.degraded;
  if (!degraded || !adapter.notifyAdmins) return;
  await adapter.notifyAdmins(degradedNotice(app.knowledge.current.version, degraded));
}
