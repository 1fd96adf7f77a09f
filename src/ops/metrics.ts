/**
 * Brief's metrics in the Prometheus text format (prom-client), on a registry of its own so several apps
 * in one process (the tests) do not share counters. Counters move as things happen (the composition root
 * calls the methods below); gauges are read when scraped, from the functions handed to `watch`.
 *
 * Label values are bounded: a command typed that does not exist counts as "unknown", never by its text.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

export interface MetricsSources {
  /** Outbox rows by state. */
  outbox(): Record<string, number>;
  /** The live knowledge: its version, counts by kind, and whether it is the last good one (data/ has problems). */
  knowledge(): { version: number; counts: Record<string, number>; degraded: boolean; problems: number } | undefined;
  /** Each configured platform and whether it is connected now. */
  platforms(): { platform: string; connected: boolean }[];
  /** Feeds by state: "ok" (the last poll worked, or none yet) and "failing". */
  feeds(): Record<string, number>;
}

/** One feed poll as the metrics count it (the feed poller reports it; ops imports no feature). */
export interface FeedPollEvent {
  status: "ok" | "not-modified" | "failed";
  items: readonly { kind: "added" | "duplicate" | "skipped" | "failed" }[];
  ms: number;
}

export class Metrics {
  readonly registry = new Registry();

  private readonly commands = new Counter({
    name: "brief_commands_total",
    help: "Commands answered, by command, platform and outcome (ok, refused, user-error, error).",
    labelNames: ["command", "platform", "outcome"] as const,
    registers: [this.registry],
  });
  private readonly commandSeconds = new Histogram({
    name: "brief_command_duration_seconds",
    help: "Time from a command reaching the dispatcher to its reply document (excludes the platform's own round trip).",
    labelNames: ["command", "platform"] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  private readonly deliveries = new Counter({
    name: "brief_digest_deliveries_total",
    help: "Digest delivery attempts by platform and result (sent, rate-limited, transient, gave-up, paused, migrated, not-connected, dropped).",
    labelNames: ["platform", "result"] as const,
    registers: [this.registry],
  });
  private readonly retries = new Counter({
    name: "brief_digest_retries_total",
    help: "Digest deliveries put back in the outbox to try again, by platform.",
    labelNames: ["platform"] as const,
    registers: [this.registry],
  });
  private readonly rateLimited = new Counter({
    name: "brief_digest_rate_limited_total",
    help: "429 answers to digest sends, by platform.",
    labelNames: ["platform"] as const,
    registers: [this.registry],
  });
  private readonly pauses = new Counter({
    name: "brief_digest_pauses_total",
    help: "Subscriptions paused, by cause: send-refused (the platform refused a send for good) or channel-gone (the platform reported the channel or server gone).",
    labelNames: ["cause"] as const,
    registers: [this.registry],
  });
  private readonly reloadSeconds = new Histogram({
    name: "brief_knowledge_load_duration_seconds",
    help: "Loads of data/ (start-up and reloads), by outcome (ok, refused: the data has problems, failed: a fault).",
    labelNames: ["outcome"] as const,
    buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers: [this.registry],
  });
  private readonly reloadRefusals = new Counter({
    name: "brief_knowledge_load_refusals_total",
    help: "Loads of data/ refused because the data has problems (the old knowledge stayed live).",
    registers: [this.registry],
  });
  private readonly backupLast = new Gauge({
    name: "brief_backup_last_success_timestamp_seconds",
    help: "When the running bot last took and verified a backup (BRIEF_BACKUP_DIR), Unix time; alert when it is over a day old.",
    registers: [this.registry],
  });
  private readonly backupFailures = new Counter({
    name: "brief_backup_failures_total",
    help: "Backups the running bot attempted that failed.",
    registers: [this.registry],
  });
  private readonly feedPolls = new Counter({
    name: "brief_feed_polls_total",
    help: "Feed polls by outcome: ok, not-modified (304), failed.",
    labelNames: ["outcome"] as const,
    registers: [this.registry],
  });
  private readonly feedItems = new Counter({
    name: "brief_feed_items_total",
    help: "Feed items and links handled, by what became of them: added, duplicate, skipped, failed (tried again later).",
    labelNames: ["outcome"] as const,
    registers: [this.registry],
  });
  private readonly feedPollSeconds = new Histogram({
    name: "brief_feed_poll_duration_seconds",
    help: "One feed's poll: fetching it and every new item's page, extracting and writing the articles.",
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
    registers: [this.registry],
  });
  private sources: Partial<MetricsSources> = {};

  constructor() {
    const sources = () => this.sources;
    new Gauge({
      name: "brief_digest_outbox",
      help: "Digest outbox rows by state.",
      labelNames: ["state"] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [state, n] of Object.entries(sources().outbox?.() ?? {})) this.set({ state }, n);
      },
    });
    new Gauge({
      name: "brief_knowledge_version",
      help: "The live knowledge version (its id in knowledge_versions).",
      registers: [this.registry],
      collect() {
        const k = sources().knowledge?.();
        if (k) this.set(k.version);
      },
    });
    new Gauge({
      name: "brief_knowledge_records",
      help: "Records in the live knowledge, by kind.",
      labelNames: ["kind"] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [kind, n] of Object.entries(sources().knowledge?.()?.counts ?? {})) this.set({ kind }, n);
      },
    });
    new Gauge({
      name: "brief_knowledge_degraded",
      help: "1 while Brief serves its last good knowledge because data/ has problems, else 0.",
      registers: [this.registry],
      collect() {
        this.set(sources().knowledge?.()?.degraded ? 1 : 0);
      },
    });
    new Gauge({
      name: "brief_data_problems",
      help: "Problems found in data/ by the last load that failed while the fallback is live (0 otherwise).",
      registers: [this.registry],
      collect() {
        this.set(sources().knowledge?.()?.problems ?? 0);
      },
    });
    new Gauge({
      name: "brief_feeds",
      help: "Feeds followed, by state: ok (the last poll worked, or none yet) or failing.",
      labelNames: ["state"] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [state, n] of Object.entries(sources().feeds?.() ?? {})) this.set({ state }, n);
      },
    });
    new Gauge({
      name: "brief_platform_connected",
      help: "1 when the platform is connected, 0 while it is not (being retried, or stopped).",
      labelNames: ["platform"] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const p of sources().platforms?.() ?? []) this.set({ platform: p.platform }, p.connected ? 1 : 0);
      },
    });
  }

  feedPoll(event: FeedPollEvent): void {
    this.feedPolls.inc({ outcome: event.status });
    for (const item of event.items) this.feedItems.inc({ outcome: item.kind });
    this.feedPollSeconds.observe(event.ms / 1000);
  }

  /** Where the gauges read from: the composition root sets what the app knows, `brief start` adds the platforms. */
  watch(sources: Partial<MetricsSources>): void {
    this.sources = { ...this.sources, ...sources };
  }

  /** Node's own metrics (CPU, memory, event loop lag, handles), prefixed like the rest. Only for the long-running bot. */
  collectProcessMetrics(): void {
    collectDefaultMetrics({ register: this.registry, prefix: "brief_" });
  }

  command(event: { command: string; known: boolean; platform: string; outcome: string; ms: number }): void {
    const command = event.known ? event.command : "unknown";
    this.commands.inc({ command, platform: event.platform, outcome: event.outcome });
    this.commandSeconds.observe({ command, platform: event.platform }, event.ms / 1000);
  }

  delivery(platform: string, result: string): void {
    this.deliveries.inc({ platform, result });
    if (["rate-limited", "transient", "migrated", "not-connected"].includes(result)) this.retries.inc({ platform });
    if (result === "rate-limited") this.rateLimited.inc({ platform });
    if (result === "paused") this.pauses.inc({ cause: "send-refused" });
  }

  channelsGone(paused: number): void {
    if (paused > 0) this.pauses.inc({ cause: "channel-gone" }, paused);
  }

  knowledgeLoad(outcome: "ok" | "refused" | "failed", ms: number): void {
    this.reloadSeconds.observe({ outcome }, ms / 1000);
    if (outcome === "refused") this.reloadRefusals.inc();
  }

  backup(ok: boolean): void {
    if (ok) this.backupLast.setToCurrentTime();
    else this.backupFailures.inc();
  }

  /** The text a scrape gets, and its content type. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
