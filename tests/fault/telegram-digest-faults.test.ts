/**
 * Platform faults during a digest fan-out: the real core, the real grammY adapter and the real outbox
 * worker deliver to 200 private chats on telegram-test-api through a proxy that fails 20% of the
 * sendMessage calls — 429 with retry_after, 500, timeouts (silence, then a reset: never delivered) and
 * lost answers (delivered, then a reset). Everything arrives exactly once, except that a message whose
 * answer was lost arrives again (Telegram has no idempotency key: that is the only repeat possible, one
 * per lost answer). Retries wait what a 429 says, and the whole platform pauses meanwhile.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTelegramAdapter, type TelegramAdapter } from "../../src/adapters/telegram/index.js";
import { PagerTokens } from "../../src/core/pager.js";
import { DigestWorker } from "../../src/digest/deliver.js";
import { type BriefApp, openBrief } from "../../src/root.js";

/** Several in flight, as a large deployment would run, so the faults meet concurrent sends. */
const IN_FLIGHT = 4;

import { silentLogger } from "../../src/core/log.js";
import { outboxCounts } from "../../src/digest/outbox.js";
import { digestParts, REPO_DATA } from "../helpers/app.js";
import { type Emulator, startEmulator } from "../helpers/telegram-emulator.js";
import {
  deliverEverything,
  expectEveryFaultKind,
  expectQuietAfter429s,
  type FaultProxy,
  faultPlan,
  type InjectedFaults,
  startFaultProxy,
  subscribeAllDueNow,
} from "./helpers.js";

const SUBSCRIBERS = 200;
const FAULT_SHARE = 0.2;
const RETRY_AFTER_S = 1;
const RATE = 200;
const FIRST_CHAT = 910_000;
const SEED = Number(process.env.BRIEF_FAULT_SEED ?? Math.floor(Math.random() * 2 ** 31));

let emu: Emulator;
let proxy: FaultProxy;
let app: BriefApp;
let adapter: TelegramAdapter;
let tmp: string;
const injected: InjectedFaults = new Map();
let runMs = 0;

const sends = () => proxy.calls.filter((c) => c.method === "sendMessage");

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "brief-fault-tg-"));
  emu = await startEmulator();
  const plan = faultPlan({
    seed: SEED,
    share: FAULT_SHARE,
    isSend: (method) => method === "sendMessage",
    rateLimited: { kind: "error", status: 429, description: `Too Many Requests: retry after ${RETRY_AFTER_S}`, parameters: { retry_after: RETRY_AFTER_S } },
    serverError: { kind: "error", status: 500, description: "Internal Server Error" },
    injected,
  });
  proxy = await startFaultProxy(emu.apiRoot, plan);
  const log = silentLogger();
  app = await openBrief({ dbPath: join(tmp, "brief.sqlite"), dataDir: REPO_DATA, log });
  adapter = createTelegramAdapter({
    config: { token: emu.token, apiRoot: proxy.apiRoot, adminIds: [] },
    pacing: { globalPerSecond: RATE, perChatPerSecond: 1, perGroupPerMinute: 20 },
    log,
    commands: app.commands,
    pager: new PagerTokens(),
    pollingThrottleMs: 30,
  });
  app.adapters.set("telegram", adapter);
  await adapter.start(app.dispatch);

  subscribeAllDueNow(
    app.db,
    Array.from({ length: SUBSCRIBERS }, (_, i) => `telegram:${FIRST_CHAT + i}` as const),
  );
  const worker = new DigestWorker({
    ...digestParts(app),
    adapters: () => app.adapters,
    log,
    maxInFlight: IN_FLIGHT,
  });
  runMs = await deliverEverything(app.db, worker);
}, 60_000);

afterAll(async () => {
  await adapter?.stop();
  await proxy?.close();
  await emu?.stop();
  app?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe(`a digest to ${SUBSCRIBERS} chats with faults on ${FAULT_SHARE * 100}% of the sends (seed ${SEED}; replay with BRIEF_FAULT_SEED)`, () => {
  it("GIVEN the faults THEN they really happened, of every kind", () => {
    const faults = expectEveryFaultKind(sends(), injected);
    console.info(`fault test (seed ${SEED}): ${sends().length} sends, ${faults} faulted, all delivered in ${runMs} ms`);
  });

  it("THEN every delivery is recorded as sent; none failed, none is left", () => {
    expect(outboxCounts(app.db)).toMatchObject({ sent: SUBSCRIBERS, pending: 0, sending: 0, failed: 0 });
  });

  it("THEN every chat has its digest exactly once, plus one repeat per lost answer and no other", () => {
    const wrong: string[] = [];
    for (let i = 0; i < SUBSCRIBERS; i++) {
      const chat = String(FIRST_CHAT + i);
      const got = emu.botMessages(FIRST_CHAT + i).length;
      const expected = 1 + (injected.get(chat)?.["lost-response"] ?? 0);
      if (got !== expected) wrong.push(`${chat}: ${got} message(s), expected ${expected} (${JSON.stringify(injected.get(chat))})`);
    }
    expect(wrong).toEqual([]);
  });

  it("THEN a retry after a 429 waits retry_after, and nothing else is sent meanwhile", () => {
    expectQuietAfter429s(sends(), RETRY_AFTER_S, IN_FLIGHT);
  });

  it("THEN the pace never exceeds the limit (with the sends in flight at once) and one chat never gets two sends within a second", () => {
    const times = sends()
      .map((c) => c.at)
      .sort((a, b) => a - b);
    let most = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i]! - times[j]! >= 1000) j++;
      most = Math.max(most, i - j + 1);
    }
    expect(most).toBeLessThanOrEqual(RATE + IN_FLIGHT);
    const byChat = new Map<string, number[]>();
    for (const c of sends()) byChat.set(c.chatId!, [...(byChat.get(c.chatId!) ?? []), c.at]);
    for (const [chat, at] of byChat) {
      for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!, `chat ${chat}`).toBeGreaterThanOrEqual(998);
    }
  });
});
