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
import type { AutocompleteKind } from "./core/command.js";

export interface RunOptions {
  config: Config;
  log: Logger;
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
}

export async function runBot({ config, log, stdin, stdout }: RunOptions): Promise<number> {
  const app = await openBrief({ dbPath: config.dbPath, dataDir: config.dataDir, log });
  const adapters: Adapter[] = [];
  const pager = new PagerStore();
  let stopping: Promise<void> | undefined;
  let markStopped!: () => void;
  const stopped = new Promise<void>((r) => (markStopped = r));

  const shutdown = (reason: string) => {
    stopping ??= (async () => {
      log.info({ reason }, "shutting down");
      // Adapters first, so nothing in flight writes to a closed database.
      await Promise.allSettled(adapters.map((a) => a.stop()));
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
    // The terminal is served when no platform is configured, or when someone is at the keyboard.
    const useConsole = adapters.length === 0 || stdin.isTTY === true;
    if (useConsole) {
      const consoleAdapter = createConsoleAdapter({ input: stdin, output: stdout, interactive: stdin.isTTY === true });
      adapters.push(consoleAdapter);
      await consoleAdapter.start(app.dispatch);
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
  }
}
