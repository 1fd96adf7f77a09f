/**
 * Brief's whole digest path on Discord for end-to-end tests: the real core (openBrief on a SQLite file in
 * a temporary folder, over the repo's data/), the real Discord adapter against the fake Discord, wired as
 * main.ts wires it (app.adapters, onChannelGone), and a DigestScheduler whose runOnce(at) delivers.
 */
import { EventEmitter } from "node:events";
import { join } from "node:path";
import type { ChannelGone } from "../../src/core/adapter.js";
import type { Subscription } from "../../src/core/subscriptions.js";
import { DigestScheduler } from "../../src/digest/scheduler.js";
import { listSubscriptions } from "../../src/digest/subscription-table.js";
import { type BriefApp, openBrief } from "../../src/root.js";
import { digestParts, REPO_DATA, tempDir } from "./app.js";
import type { FakeMessage } from "./discord-fake.js";
import { type Harness, startHarness } from "./discord-harness.js";
import { type CapturedLogs, capturingLogger } from "./discord-logs.js";

export interface DigestHarness extends Harness {
  app: BriefApp;
  scheduler: DigestScheduler;
  logs: CapturedLogs;
  /** Every ChannelGone the adapter reported, in order. */
  gone: ChannelGone[];
  /** Resolves with the first report matching (already seen or still to come); rejects at the deadline. */
  waitForGone(match: (e: ChannelGone) => boolean, what: string, timeoutMs?: number): Promise<ChannelGone>;
  /** Subscriptions delivering to this Discord channel id. */
  subscriptionsOf(channelId: string): Subscription[];
  /** Messages the bot posted unprompted in this channel (digests), oldest first. */
  posted(channelId: string): FakeMessage[];
}

export async function startDigestHarness(): Promise<DigestHarness> {
  const dir = tempDir("brief-discord-digest-");
  const logs = capturingLogger();
  let app: BriefApp | undefined;
  try {
    app = await openBrief({ dbPath: join(dir.path, "brief.sqlite"), dataDir: REPO_DATA, log: logs.log });
    const opened = app;
    const h = await startHarness({
      commands: opened.commands,
      dispatch: opened.dispatch,
      suggest: (kind, prefix) => (kind === "timezone" ? [] : opened.knowledge.suggest(kind, prefix)),
      log: logs.log,
    });

    // As main.ts does once an adapter has started.
    opened.adapters.set("discord", h.adapter);
    h.adapter.onChannelGone = (event) => opened.digests.channelGone(event);

    // Observe the reports without changing what happens to them.
    const gone: ChannelGone[] = [];
    const events = new EventEmitter();
    const wired = h.adapter.onChannelGone;
    h.adapter.onChannelGone = (event) => {
      wired(event);
      gone.push(event);
      events.emit("gone", event);
    };

    const scheduler = new DigestScheduler({
      ...digestParts(opened),
      adapters: () => opened.adapters,
      log: logs.log,
    });

    return {
      ...h,
      app: opened,
      scheduler,
      logs,
      gone,
      waitForGone(match, what, timeoutMs = 10_000) {
        const seen = gone.find(match);
        if (seen) return Promise.resolve(seen);
        return new Promise((resolve, reject) => {
          const onGone = (e: ChannelGone): void => {
            if (!match(e)) return;
            clearTimeout(timer);
            events.off("gone", onGone);
            resolve(e);
          };
          const timer = setTimeout(() => {
            events.off("gone", onGone);
            reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
          }, timeoutMs);
          events.on("gone", onGone);
        });
      },
      subscriptionsOf: (channelId) => listSubscriptions(opened.db, `discord:${channelId}`),
      posted: (channelId) => h.fake.messages.filter((m) => m.kind === "channel" && m.channelId === channelId),
      async close() {
        await scheduler.stop();
        await h.close();
        opened.close();
        dir.cleanup();
      },
    };
  } catch (err) {
    app?.close();
    dir.cleanup();
    throw err;
  }
}
