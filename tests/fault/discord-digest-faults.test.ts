/**
 * Platform faults during a digest fan-out on Discord: the real core, the real discord.js REST client in the
 * Discord adapter and the real outbox worker deliver to 60 channels of the fake Discord, through a proxy
 * that fails 20% of the channel posts — 429 with retry_after, 500, timeouts (silence, then a reset: never
 * delivered) and lost answers (delivered, then a reset). Discord drops a repeated nonce, so here every
 * channel gets its digest exactly once, lost answers included. Retries wait what a 429 says, and Discord
 * sends pause meanwhile.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDiscordAdapter, type DiscordAdapter } from "../../src/adapters/discord/index.js";
import { silentLogger } from "../../src/core/log.js";
import { DigestWorker } from "../../src/digest/deliver.js";
import { outboxCounts } from "../../src/digest/outbox.js";
import { type BriefApp, openBrief } from "../../src/root.js";
import { digestParts, REPO_DATA, tempDir } from "../helpers/app.js";
import { FakeDiscord, type FakeMessage } from "../helpers/discord-fake.js";
import {
  deliverEverything,
  expectEveryFaultKind,
  expectQuietAfter429s,
  type FaultProxy,
  faultPlan,
  type Identify,
  type InjectedFaults,
  injectedTotal,
  startFaultProxy,
  subscribeAllDueNow,
} from "./helpers.js";

const CHANNELS = 60;
const FAULT_SHARE = 0.2;
const RETRY_AFTER_S = 1;
/** Several in flight, as a large deployment would run, so the faults meet concurrent sends. */
const IN_FLIGHT = 4;
const SEED = Number(process.env.BRIEF_FAULT_SEED ?? Math.floor(Math.random() * 2 ** 31));

/** Discord's REST API: a post to /channels/{id}/messages creates a message there. */
const discordCall: Identify = (path, httpMethod) => {
  const post = httpMethod === "POST" ? /\/channels\/(\d+)\/messages(?:\?|$)/.exec(path) : null;
  return post ? { method: "createMessage", chatId: post[1] } : { method: `${httpMethod} ${path}` };
};

let fake: FakeDiscord;
let proxy: FaultProxy;
let app: BriefApp;
let adapter: DiscordAdapter;
let state: ReturnType<typeof tempDir>;
const channels: string[] = [];
const injected: InjectedFaults = new Map();
let runMs = 0;

const posts = () => proxy.calls.filter((c) => c.method === "createMessage");
const digestsIn = (channel: string): FakeMessage[] => fake.messages.filter((m) => m.kind === "channel" && m.channelId === channel);

beforeAll(async () => {
  state = tempDir("brief-fault-discord-");
  fake = await FakeDiscord.start();
  const upstream = new URL(fake.apiBase);
  const plan = faultPlan({
    seed: SEED,
    share: FAULT_SHARE,
    isSend: (method) => method === "createMessage",
    rateLimited: {
      kind: "error",
      status: 429,
      description: "rate limited",
      payload: { message: "You are being rate limited.", retry_after: RETRY_AFTER_S, global: false },
      headers: { "retry-after": String(RETRY_AFTER_S), "x-ratelimit-scope": "user" },
    },
    serverError: { kind: "error", status: 500, description: "server error", payload: { message: "500: Internal Server Error", code: 0 } },
    injected,
  });
  proxy = await startFaultProxy(upstream.origin, plan, discordCall);
  const log = silentLogger();
  app = await openBrief({ dbPath: `${state.path}/brief.sqlite`, dataDir: REPO_DATA, log });
  // Sends need no gateway connection: the adapter posts over REST, as the outbox worker uses it.
  adapter = createDiscordAdapter({
    config: { token: fake.token, appId: fake.appId, apiBase: `${proxy.apiRoot}${upstream.pathname}`, adminIds: [] },
    log,
    commands: app.commands,
  });
  app.adapters.set("discord", adapter);

  for (let i = 0; i < CHANNELS; i++) channels.push(fake.createChannel({ name: `digest-${i}` }));
  subscribeAllDueNow(
    app.db,
    channels.map((c) => `discord:${c}` as const),
  );
  const worker = new DigestWorker({ ...digestParts(app), adapters: () => app.adapters, log, maxInFlight: IN_FLIGHT });
  runMs = await deliverEverything(app.db, worker);
}, 60_000);

afterAll(async () => {
  await adapter?.stop();
  await proxy?.close();
  await fake?.close();
  app?.close();
  state?.cleanup();
});

describe(`a digest to ${CHANNELS} Discord channels with faults on ${FAULT_SHARE * 100}% of the posts (seed ${SEED}; replay with BRIEF_FAULT_SEED)`, () => {
  it("GIVEN the faults THEN they really happened, of every kind", () => {
    const faults = expectEveryFaultKind(posts(), injected);
    console.info(`discord fault test (seed ${SEED}): ${posts().length} posts, ${faults} faulted, all delivered in ${runMs} ms`);
  });

  it("THEN every delivery is recorded as sent; none failed, none is left", () => {
    expect(outboxCounts(app.db)).toMatchObject({ sent: CHANNELS, pending: 0, sending: 0, failed: 0 });
  });

  it("THEN every channel has its digest exactly once, lost answers included: the nonce makes a repeat a no-op", () => {
    const parts = digestsIn(channels[0]!).length;
    expect(parts).toBeGreaterThan(0);
    const wrong: string[] = [];
    for (const channel of channels) {
      const got = digestsIn(channel);
      const nonces = new Set(got.map((m) => m.nonce));
      if (got.length !== parts || nonces.size !== parts)
        wrong.push(`${channel}: ${got.length} message(s), ${nonces.size} nonce(s), expected ${parts} (${JSON.stringify(injected.get(channel))})`);
    }
    expect(wrong).toEqual([]);
    expect(injectedTotal(injected, "lost-response")).toBeGreaterThan(0);
  });

  it("THEN a retry after a 429 waits retry_after, and nothing else is posted meanwhile", () => {
    expectQuietAfter429s(posts(), RETRY_AFTER_S, IN_FLIGHT);
  });
});
