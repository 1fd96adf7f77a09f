/**
 * The composition root: the one place that knows every part. It opens the database, loads the knowledge
 * (validated from data/), builds the features behind core's interfaces, the commands and the dispatcher,
 * and creates the platform adapters and the digest scheduler for a configuration. `brief start`
 * (src/serve.ts), the other `brief` commands (src/cli/) and the tests all open Brief through here.
 */
import { join } from "node:path";
import { commands as allCommands } from "../commands/index.js";
import { auditChatAdminCommand } from "./admin/command-audit.js";
import { AdminService } from "./admin/service.js";
import { AnswerEngine } from "./answer/engine.js";
import { type Config, type FetchSettings, userAgent } from "./config.js";
import type { Adapter } from "./core/adapter.js";
import type { CommandDef, Services } from "./core/command.js";
import { createDispatcher, type Dispatch } from "./core/dispatcher.js";
import type { ReloadResult } from "./core/feeds.js";
import { formatProblem, type LoadOutcome, type Problem } from "./core/knowledge.js";
import { type Logger, silentLogger } from "./core/log.js";
import { type Platform, parseChannelRef } from "./core/origin.js";
import { PagerTokens } from "./core/pager.js";
import { currentRequestId } from "./core/request-context.js";
import { outboxCounts } from "./digest/outbox.js";
import { DigestScheduler } from "./digest/scheduler.js";
import { DigestService } from "./digest/service.js";
import { Fetcher } from "./feeds/fetcher.js";
import { HostQueue } from "./feeds/host-queue.js";
import type { IngestContext } from "./feeds/ingest.js";
import { type FeedNotice, FeedPoller } from "./feeds/poller.js";
import { FeedService } from "./feeds/service.js";
import { articleFactsOf } from "./knowledge/article-facts.js";
import { KnowledgeBase } from "./knowledge/base.js";
import { loadArticle } from "./knowledge/loader.js";
import { MAX_ARTICLE_BYTES } from "./knowledge/safe-read.js";
import { Metrics } from "./ops/metrics.js";
import { composeDigest } from "./present/digest.js";
import { feedNotice } from "./present/feeds.js";
import type { WhatsNewSources } from "./present/whats-new.js";
import { type Db, openDb } from "./store/db.js";
import { explainIndexFault } from "./store/open-fault.js";

export interface BriefApp {
  db: Db;
  knowledge: KnowledgeBase;
  admin: AdminService;
  digests: DigestService;
  /** The adapters serving or sending for this process, by platform (see attachAdapter). */
  adapters: Map<Platform, Adapter>;
  services: Services;
  dispatch: Dispatch;
  commands: readonly CommandDef[];
  /** Counters and gauges for /metrics; they move whether or not anything serves them. */
  metrics: Metrics;
  /** Following feeds and fetching links into data/ (src/feeds). */
  feeds: FeedService;
  /** Polls the due feeds; `brief start` wakes it from the digest scheduler's tick (one process polls: the feed-poll lease). */
  poller: FeedPoller;
  close(): void;
}

export class DataError extends Error {
  constructor(readonly problems: Problem[]) {
    super(`The data has ${problems.length} problem${problems.length === 1 ? "" : "s"}:\n${problems.map(formatProblem).join("\n")}`);
    this.name = "DataError";
  }
}

export interface OpenOptions {
  dbPath: string;
  dataDir: string;
  log?: Logger;
  commands?: readonly CommandDef[];
  /**
   * On invalid data, start on the last good knowledge (kept in its index file) if there is one, instead of
   * refusing: what `brief start` does, so a restart after a bad edit is not an outage.
   */
  fallbackToLastGood?: boolean;
  /** Feed polling and fetching settings (Config.feeds); default: every 30 minutes, public addresses only. */
  feeds?: Config["feeds"];
}

/** What openBrief uses when no configuration is given (the tests' default): safe, and polite to real hosts. */
const DEFAULT_FEEDS: Config["feeds"] = {
  intervalMs: 30 * 60_000,
  fetch: { allowPrivate: false, userAgent: userAgent(undefined), maxBytes: 5 * 1_048_576, timeoutMs: 20_000, hostDelayMs: 1000 },
};

/** Redirects followed before a fetch gives up. */
const MAX_REDIRECTS = 5;

/**
 * Refuses to open on invalid data (the DataError lists every problem with file and line), unless asked
 * to fall back to the last good knowledge and there is one.
 */
export async function openBrief(opts: OpenOptions): Promise<BriefApp> {
  const log = opts.log ?? silentLogger();
  const db = openDb(opts.dbPath);
  try {
    const metrics = new Metrics();
    const { knowledge, admin } = createAdmin(db, opts.dataDir, log, metrics);
    // A fault writing the index file beside the database (read-only folder, full disk) is told in words.
    const outcome = await timedLoad(metrics, () => knowledge.load(opts.dataDir, "startup")).catch((err: unknown) => {
      throw explainIndexFault(opts.dbPath, err);
    });
    if (!outcome.ok && !(opts.fallbackToLastGood && (await knowledge.loadLastGood(outcome.problems)))) throw new DataError(outcome.problems);
    const commands = opts.commands ?? allCommands;
    const adapters = new Map<Platform, Adapter>();
    const whatsNew = whatsNewSources(knowledge);
    const digests = new DigestService({
      db,
      knowledgeVersion: () => knowledge.current.version.id,
      compose: (input, now) => composeDigest(knowledge, input, now, whatsNew),
      adapters: () => adapters,
      log,
    });
    const feedSettings = opts.feeds ?? DEFAULT_FEEDS;
    const fetcher = createFetcher(feedSettings.fetch);
    const ingest = ingestContext(db, knowledge, fetcher, opts.dataDir);
    // The ordinary reload: the new version is recorded, and other processes on this database follow it.
    const reload = async (actor: string): Promise<ReloadResult> => {
      const outcome = await admin.reload(actor);
      return outcome.ok ? { ok: true, version: outcome.version.id } : { ok: false, problems: outcome.problems };
    };
    const feeds = new FeedService({ ingest, reload, log: log.child({ part: "feeds" }) });
    const poller = new FeedPoller({
      ...ingest,
      intervalMs: feedSettings.intervalMs,
      reload,
      notify: (notice) => notifyFeedAdmins(adapters, notice, log),
      log: log.child({ part: "feeds" }),
      onPoll: (report, ms) => metrics.feedPoll({ ...report, ms }),
    });
    const services: Services = { log, knowledge, answers: new AnswerEngine(knowledge), subscriptions: digests, admin, commands, feeds };
    const dispatch = createDispatcher(services, undefined, (event) => {
      metrics.command({ ...event, known: event.permission !== undefined, platform: event.origin.platform });
      auditChatAdminCommand(db, event, currentRequestId());
      log.info(
        { command: event.permission ? event.command : "unknown", platform: event.origin.platform, outcome: event.outcome, ms: Math.round(event.ms) },
        "command answered",
      );
    });
    metrics.watch({
      outbox: () => outboxCounts(db),
      feeds: () => {
        const all = feeds.list();
        return { ok: all.filter((f) => f.failures === 0).length, failing: all.filter((f) => f.failures > 0).length };
      },
      knowledge: () => {
        const degraded = knowledge.degraded;
        const { version, catalogue: c } = knowledge.current;
        const counts = { article: c.articles.size, event: c.events.size, entity: c.entities.size, figure: c.figures.size, topic: c.topics.size };
        return { version: version.id, counts, degraded: degraded !== undefined, problems: degraded?.problemCount ?? 0 };
      },
    });
    let closed = false;
    return {
      db,
      knowledge,
      admin,
      digests,
      adapters,
      services,
      dispatch,
      commands,
      metrics,
      feeds,
      poller,
      close() {
        if (closed) return;
        closed = true;
        fetcher.close();
        db.close();
      },
    };
  } catch (err) {
    db.close();
    throw err;
  }
}

/**
 * The knowledge (not yet loaded) and the admin actions on it, over an open database: what `brief data
 * reload` needs when no bot runs, and the start of every openBrief.
 */
export function createAdmin(db: Db, dataDir: string, log: Logger, metrics?: Metrics): { knowledge: KnowledgeBase; admin: AdminService } {
  const knowledge = new KnowledgeBase(db, log);
  const admin = new AdminService({
    db,
    knowledge,
    load: (actor) => timedLoad(metrics, () => knowledge.load(dataDir, actor)),
    follow: () => knowledge.follow(),
    log,
    runtime: { startedAt: new Date(), adapters: [] },
    degraded: () => knowledge.degraded,
  });
  return { knowledge, admin };
}

/** The fetcher every feed poll and link shares, so one host gets one request at a time across all of them. */
function createFetcher(s: FetchSettings): Fetcher {
  return new Fetcher({ ...s, maxRedirects: MAX_REDIRECTS, hosts: new HostQueue(s.hostDelayMs) });
}

/**
 * What bringing an article in needs of the rest of Brief: the topics and their keywords (from the live
 * knowledge), and the loader's own check of one article file, so a fetched article is validated exactly as
 * a hand-written one before it is written.
 */
function ingestContext(db: Db, knowledge: KnowledgeBase, fetcher: Fetcher, dataDir: string): IngestContext {
  return {
    db,
    fetcher,
    articlesDir: join(dataDir, "articles"),
    topics: () => [...knowledge.current.catalogue.topics.values()].map(({ record: t }) => ({ id: t.id, name: t.name, phrases: [t.name, ...t.keywords] })),
    validate: (id, source) => {
      // The loader reads at most this much of an article file; a longer one would be refused at the reload.
      if (Buffer.byteLength(source) > MAX_ARTICLE_BYTES) return [`the article is over ${MAX_ARTICLE_BYTES / 1_048_576} MB, the most data/ reads`];
      const problems: Problem[] = [];
      loadArticle(`${id}.md`, source, id, problems);
      return problems.map((p) => `line ${p.line}: ${p.message}`);
    },
    now: Date.now,
  };
}

/**
 * The digest's "What's new": each new article's facts as extraction found them, and its first passage from
 * the index for the fallback when extraction found nothing in it.
 */
function whatsNewSources(knowledge: KnowledgeBase): WhatsNewSources {
  return { facts: articleFactsOf(knowledge), lead: (articleId) => knowledge.passageAt(articleId, 0)?.text };
}

/** A feed keeps failing (or works again): told where it was added, through that platform's adapter, if it is connected here. */
async function notifyFeedAdmins(adapters: ReadonlyMap<Platform, Adapter>, notice: FeedNotice, log: Logger): Promise<void> {
  const channel = notice.feed.notifyChannel;
  const ref = channel ? parseChannelRef(channel) : undefined;
  const adapter = ref ? adapters.get(ref.platform) : undefined;
  if (!channel || !adapter) {
    log.warn(
      { feed: notice.feed.id, kind: notice.kind, channel },
      "feed notice not delivered: it was added from the command line, or its platform is not connected here",
    );
    return;
  }
  const result = await adapter.send(channel as `${Platform}:${string}`, feedNotice(notice.kind, notice.feed));
  if (!result.ok) log.warn({ feed: notice.feed.id, channel, detail: result.detail }, "feed notice not delivered");
}

/** A load of data/, timed for the metrics (ok, refused for problems, or failed on a fault). */
async function timedLoad(metrics: Metrics | undefined, load: () => Promise<LoadOutcome>): Promise<LoadOutcome> {
  const started = performance.now();
  try {
    const outcome = await load();
    metrics?.knowledgeLoad(outcome.ok ? "ok" : "refused", performance.now() - started);
    return outcome;
  } catch (err) {
    metrics?.knowledgeLoad("failed", performance.now() - started);
    throw err;
  }
}

/**
 * For one-shot commands: opens Brief, or explains on stderr why the data refuses to load and returns
 * undefined (the caller exits with status 1).
 */
export async function openBriefOrExplain(opts: OpenOptions, stderr: NodeJS.WritableStream = process.stderr): Promise<BriefApp | undefined> {
  try {
    return await openBrief(opts);
  } catch (err) {
    if (err instanceof DataError) {
      stderr.write(`${err.message}\n`);
      return undefined;
    }
    throw err;
  }
}

/**
 * The platform adapters the configuration asks for, created but not started (a one-shot digest run only
 * sends; `brief start` starts them). The platform libraries load only when configured.
 */
export async function createPlatformAdapters(app: BriefApp, config: Config, log: Logger, pager: PagerTokens = new PagerTokens()): Promise<Adapter[]> {
  return Promise.all(platformFactories(app, config, log, pager).map((f) => f.create()));
}

/**
 * One factory per configured platform: each call makes a new adapter, so `brief start` can try again
 * with a fresh client when a platform could not be reached (src/ops/connector.ts).
 */
export function platformFactories(app: BriefApp, config: Config, log: Logger, pager: PagerTokens): { platform: Platform; create(): Promise<Adapter> }[] {
  const factories: { platform: Platform; create(): Promise<Adapter> }[] = [];
  const { telegram, discord } = config;
  if (telegram) {
    factories.push({
      platform: "telegram",
      async create() {
        const { createTelegramAdapter } = await import("./adapters/telegram/index.js");
        return createTelegramAdapter({
          config: telegram,
          pacing: config.digest.telegramPacing,
          log: log.child({ adapter: "telegram" }),
          commands: app.commands,
          pager,
        });
      },
    });
  }
  if (discord) {
    factories.push({
      platform: "discord",
      async create() {
        const { createDiscordAdapter } = await import("./adapters/discord/index.js");
        return createDiscordAdapter({
          config: discord,
          log: log.child({ adapter: "discord" }),
          commands: app.commands,
          pager,
          suggest: (kind, prefix) => (kind === "timezone" ? [] : app.knowledge.suggest(kind, prefix)),
        });
      },
    });
  }
  return factories;
}

/** Registers an adapter for digests and lets it report channels that are gone. */
export function attachAdapter(app: BriefApp, adapter: Adapter): void {
  app.adapters.set(adapter.platform, adapter);
  adapter.onChannelGone = (event) => app.metrics.channelsGone(app.digests.channelGone(event));
}

/** The digest scheduler for this process, not yet started; it delivers only while it holds the lease. */
export function createScheduler(app: BriefApp, config: Config, log: Logger, holder?: string): DigestScheduler {
  const scheduler = new DigestScheduler({
    db: app.db,
    knowledge: app.knowledge,
    compose: (input, now) => composeDigest(app.knowledge, input, now, whatsNewSources(app.knowledge)),
    adapters: () => app.adapters,
    log: log.child({ part: "digest" }),
    onTick: () => app.poller.tick(),
    staleAfterMs: config.digest.staleAfterMs,
    maxInFlight: config.digest.inFlight,
    holder,
    onDelivery: (event) => app.metrics.delivery(event.platform, event.result),
  });
  app.admin.runtime.digest = () => scheduler.status();
  return scheduler;
}
