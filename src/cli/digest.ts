/** `brief digest status` and `brief digest run --now <ISO>`: the operator's view of the scheduler. */
import { createConsoleAdapter } from "../adapters/console/index.js";
import type { Config } from "../config.js";
import { createLogger } from "../core/log.js";
import type { Platform } from "../core/origin.js";
import type { Subscription } from "../core/subscriptions.js";
import { lastSweepAt, outboxCounts, recoverInFlight } from "../digest/outbox.js";
import { nextSlot } from "../digest/schedule.js";
import { SCHEDULER_LEASE_TTL_MS, schedulerLease } from "../digest/scheduler.js";
import { listSubscriptions } from "../digest/subscription-table.js";
import { describeSchedule, formatInZone } from "../present/schedule.js";
import { createPlatformAdapters, createScheduler, openBriefOrExplain } from "../root.js";
import { openDb } from "../store/db.js";
import { acquireLease, leaseHolder, leaseHolderName, releaseLease } from "../store/lease.js";

export function digestStatus(config: Config): number {
  const db = openDb(config.dbPath);
  try {
    const now = Date.now();
    const subs = listSubscriptions(db);
    const out = process.stdout;
    out.write(`Subscriptions (${subs.length}):\n`);
    for (const s of subs) {
      const next = s.state === "active" ? `next ${formatInZone(nextSlot(s.schedule, now), s.schedule.tz)}` : `PAUSED: ${s.pausedReason ?? ""}`;
      out.write(`  #${s.id}  ${channelLabel(s)}  ${describeSchedule(s.schedule)}${s.topic ? `  topic "${s.topic}"` : ""}  ${next}\n`);
    }
    const counts = outboxCounts(db);
    out.write(
      `Outbox: ${Object.entries(counts)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ")}\n`,
    );
    const last = lastSweepAt(db);
    out.write(`Last sweep: ${last ? new Date(last).toISOString() : "never"}\n`);
    const holders = (["telegram", "discord", "console"] as const).flatMap((p) => {
      const h = leaseHolder(db, schedulerLease(p));
      return h ? [`${p} by ${h.holder} (pid ${h.pid})`] : [];
    });
    out.write(`Scheduler: ${holders.length > 0 ? `held for ${holders.join("; ")}` : "no live process holds a lease"}\n`);
    return 0;
  } finally {
    db.close();
  }
}

export async function digestRun(config: Config, args: string[]): Promise<number> {
  const i = args.indexOf("--now");
  const iso = i >= 0 ? args[i + 1] : undefined;
  const at = iso ? Date.parse(iso) : NaN;
  if (!iso || Number.isNaN(at)) {
    process.stderr.write("brief digest run needs --now <ISO time>, e.g. --now 2026-03-30T08:00:00Z\n");
    return 2;
  }
  const log = createLogger(config.logLevel ?? "warn", config.logFormat);
  const app = await openBriefOrExplain({ dbPath: config.dbPath, dataDir: config.dataDir, log });
  if (!app) return 1;
  const holder = leaseHolderName("digest-run");
  const taken: Platform[] = [];
  try {
    // Platform adapters only send here: nothing polls or logs in.
    app.adapters.set("console", createConsoleAdapter({ input: process.stdin, output: process.stdout, interactive: false }));
    for (const adapter of await createPlatformAdapters(app, config, log)) app.adapters.set(adapter.platform, adapter);
    for (const platform of app.adapters.keys()) {
      const live = leaseHolder(app.db, schedulerLease(platform));
      if (live && live.holder !== holder) {
        process.stderr.write(
          `Refusing: a live process (pid ${live.pid}) holds the digest scheduler lease for ${platform}. Stop it first, or let it deliver.\n`,
        );
        return 1;
      }
      if (!acquireLease(app.db, schedulerLease(platform), holder, SCHEDULER_LEASE_TTL_MS)) {
        process.stderr.write(`Refusing: could not take the digest scheduler lease for ${platform}.\n`);
        return 1;
      }
      taken.push(platform);
    }
    // As the scheduler does when it takes the lease: a delivery left in flight by a process that died
    // (kill -9, crash) goes back to pending, or it would never be sent (claimNext takes only pending rows).
    recoverInFlight(app.db, taken);
    const scheduler = createScheduler(app, config, log, holder);
    const r = await scheduler.runOnce(at);
    process.stdout.write(
      `Sweep at ${new Date(at).toISOString()}: queued ${r.queued}, skipped ${r.skipped}; sent ${r.sent}, retried ${r.retried}, failed ${r.failed}.\n`,
    );
    await Promise.allSettled([...app.adapters.values()].map((a) => a.stop()));
    return 0;
  } finally {
    for (const platform of taken) releaseLease(app.db, schedulerLease(platform), holder);
    app.close();
  }
}

/**
 * The channel as an operator finds it: its id, and its name where the platform told us one (a group's
 * title, "@channel", "#general"). Older subscriptions may hold the reply's stand-in "this chat": not a name.
 */
export function channelLabel(s: Pick<Subscription, "channel" | "channelName">): string {
  const name = s.channelName && s.channelName !== "this chat" ? s.channelName : undefined;
  return name ? `${s.channel} "${name}"` : s.channel;
}
