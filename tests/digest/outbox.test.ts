/** The outbox and its worker on a real SQLite file, with a scripted fake adapter and a fake clock. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isTelegramGroup, TELEGRAM_PACING } from "../../src/adapters/telegram/pacing.js";
import type { Adapter, SendOptions, SendResult } from "../../src/core/adapter.js";
import { silentLogger } from "../../src/core/log.js";
import type { MessageDoc } from "../../src/core/message.js";
import type { ChannelRef, Platform } from "../../src/core/origin.js";
import { DigestWorker } from "../../src/digest/deliver.js";
import { claimNext, outboxCounts, recoverInFlight, sweep } from "../../src/digest/outbox.js";
import { DigestScheduler } from "../../src/digest/scheduler.js";
import { addSubscription, getSubscription, listSubscriptions, resumeSubscriptions } from "../../src/digest/subscription-table.js";
import { digestParts, openTestApp } from "../helpers/app.js";

const HOUR = 3_600_000;
const t = (iso: string) => Date.parse(iso);

class ScriptedAdapter implements Adapter {
  readonly platform: Platform = "telegram";
  readonly sent: { channel: ChannelRef; doc: MessageDoc; options?: SendOptions }[] = [];
  script: SendResult[] = [];
  async start() {}
  async stop() {}
  async send(channel: ChannelRef, doc: MessageDoc, options?: SendOptions): Promise<SendResult> {
    const next = this.script.shift() ?? { ok: true, messageIds: [String(this.sent.length + 1)] };
    if (next.ok) this.sent.push({ channel, doc, options });
    return next;
  }
}

describe("the digest outbox", () => {
  let app: Awaited<ReturnType<typeof openTestApp>>;
  let adapter: ScriptedAdapter;
  let clock: number;
  /** A worker on the fake clock; with `paced`, under Telegram's limits. */
  const worker = (via: Adapter = adapter, paced = false) =>
    new DigestWorker({
      ...digestParts(app),
      adapters: () => new Map([["telegram", paced ? withTelegramPacing(via) : via]]),
      log: silentLogger(),
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
      },
    });
  const subscribe = (channel: ChannelRef, createdAt: number, hour = 8) =>
    addSubscription(app.db, {
      channel,
      schedule: { kind: "daily", hour, minute: 0, tz: "UTC" },
      createdBy: "test",
      createdAt,
      version: app.services.knowledge.current.version.id,
    });

  beforeEach(async () => {
    app = await openTestApp();
    adapter = new ScriptedAdapter();
    clock = t("2024-03-05T09:00:00Z");
  });
  afterEach(() => app.cleanup());

  it("GIVEN days of downtime WHEN the sweep runs THEN only the newest missed slot is queued", () => {
    subscribe("telegram:1", t("2024-03-01T12:00:00Z"));
    expect(sweep(app.db, clock, 6 * HOUR)).toEqual({ queued: 1, skipped: 0 });
    const row = app.db.prepare("SELECT slot FROM deliveries").get() as { slot: number };
    expect(new Date(row.slot).toISOString()).toBe("2024-03-05T08:00:00.000Z");
    expect(sweep(app.db, clock + 60_000, 6 * HOUR)).toEqual({ queued: 0, skipped: 0 });
  });

  it("skips a slot older than the window and records the skip", () => {
    subscribe("telegram:1", t("2024-03-01T12:00:00Z"));
    expect(sweep(app.db, t("2024-03-05T15:00:00Z"), 6 * HOUR)).toEqual({ queued: 0, skipped: 1 });
    expect(outboxCounts(app.db).skipped).toBe(1);
    expect((app.db.prepare("SELECT detail FROM deliveries").get() as { detail: string }).detail).toMatch(/stale: 420 minutes late/);
  });

  it("does not deliver the slot that had already passed when subscribing", () => {
    subscribe("telegram:1", t("2024-03-05T08:30:00Z"));
    expect(sweep(app.db, clock, 6 * HOUR)).toEqual({ queued: 0, skipped: 0 });
  });

  it("delivers with a nonce and records the knowledge version", async () => {
    const sub = subscribe("telegram:1", t("2024-03-01T00:00:00Z"));
    sweep(app.db, clock, 6 * HOUR);
    expect(await worker().drain()).toEqual({ sent: 1, retried: 0, failed: 0, nothingNew: 0 });
    expect(adapter.sent[0]!.options?.nonce).toMatch(/^brief-d\d+$/);
    expect(adapter.sent[0]!.doc.blocks.some((b) => b.t === "heading" && b.text.startsWith("The brief"))).toBe(true);
    expect(getSubscription(app.db, sub.id)!.lastVersion).toBe(app.services.knowledge.current.version.id);
  });

  it("waits retry_after on a 429, then sends once", async () => {
    subscribe("telegram:1", t("2024-03-01T00:00:00Z"));
    sweep(app.db, clock, 6 * HOUR);
    adapter.script = [{ ok: false, kind: "rate-limited", retryAfterSeconds: 7, detail: "429" }];
    expect(await worker().drain()).toEqual({ sent: 0, retried: 1, failed: 0, nothingNew: 0 });
    const row = app.db.prepare("SELECT next_attempt_at, attempts FROM deliveries").get() as { next_attempt_at: number; attempts: number };
    expect(row.next_attempt_at - clock).toBe(7000);
    expect(row.attempts).toBe(0);
    clock += 7000;
    expect(await worker().drain()).toEqual({ sent: 1, retried: 0, failed: 0, nothingNew: 0 });
    expect(adapter.sent).toHaveLength(1);
  });

  it("backs off on transient errors and gives up after a bounded number of attempts", async () => {
    subscribe("telegram:1", t("2024-03-01T00:00:00Z"));
    sweep(app.db, clock, 6 * HOUR);
    adapter.script = Array.from({ length: 10 }, () => ({ ok: false as const, kind: "transient" as const, detail: "502" }));
    let failed = 0;
    for (let i = 0; i < 10 && failed === 0; i++) {
      failed = (await worker().drain()).failed;
      clock += 10 * 60_000;
    }
    expect(failed).toBe(1);
    expect(adapter.script).toHaveLength(5);
    expect(outboxCounts(app.db).failed).toBe(1);
  });

  it("pauses the channel's subscriptions on a permanent error, with the reason", async () => {
    const a = subscribe("telegram:1", t("2024-03-01T00:00:00Z"));
    subscribe("telegram:1", t("2024-03-01T00:00:00Z"), 20);
    sweep(app.db, clock, 6 * HOUR);
    adapter.script = [{ ok: false, kind: "permanent", detail: "403: bot was blocked by the user" }];
    expect(await worker().drain()).toEqual({ sent: 0, retried: 0, failed: 1, nothingNew: 0 });
    expect(listSubscriptions(app.db, "telegram:1").map((s) => [s.state, s.pausedReason])).toEqual([
      ["paused", "403: bot was blocked by the user"],
      ["paused", "403: bot was blocked by the user"],
    ]);
    expect(getSubscription(app.db, a.id)!.state).toBe("paused");
  });

  it("follows a migrated chat and delivers to the new id", async () => {
    subscribe("telegram:-100", t("2024-03-01T00:00:00Z"));
    sweep(app.db, clock, 6 * HOUR);
    adapter.script = [{ ok: false, kind: "migrated", newChannel: "telegram:-1009999", detail: "migrated" }];
    expect(await worker().drain()).toEqual({ sent: 1, retried: 1, failed: 0, nothingNew: 0 });
    expect(adapter.sent[0]!.channel).toBe("telegram:-1009999");
    expect(listSubscriptions(app.db, "telegram:-1009999")).toHaveLength(1);
  });

  it("resumes a split digest after the parts already delivered", async () => {
    subscribe("telegram:1", t("2024-03-01T00:00:00Z"));
    sweep(app.db, clock, 6 * HOUR);
    adapter.script = [{ ok: false, kind: "transient", detail: "502 on part 2", sentParts: 1 }];
    await worker().drain();
    clock += 60_000;
    await worker().drain();
    expect(adapter.sent[0]!.options?.skipParts).toBe(1);
  });

  it("records each delivered part as it goes, so a retry resumes even when the failure does not say how far it got", async () => {
    subscribe("telegram:1", t("2024-03-01T00:00:00Z"));
    sweep(app.db, clock, 6 * HOUR);
    const partial: Adapter = {
      ...adapter,
      platform: "telegram",
      start: async () => {},
      stop: async () => {},
      send: async (_c, _d, options) => {
        options?.onPartSent?.(1);
        return { ok: false, kind: "transient", detail: "connection reset" };
      },
    };
    const w = new DigestWorker({ ...digestParts(app), adapters: () => new Map([["telegram", partial]]), log: silentLogger(), now: () => clock });
    await w.drain();
    clock += 60_000;
    await worker().drain();
    expect(adapter.sent[0]!.options?.skipParts).toBe(1);
  });

  it("resumes a paused subscription from the next slot", async () => {
    const sub = subscribe("telegram:1", t("2024-03-01T00:00:00Z"));
    sweep(app.db, clock, 6 * HOUR);
    adapter.script = [{ ok: false, kind: "permanent", detail: "403" }];
    await worker().drain();
    expect(resumeSubscriptions(app.db, "telegram:1", "all", clock)).toBe(1);
    expect(getSubscription(app.db, sub.id)!.state).toBe("active");
    expect(sweep(app.db, clock, 6 * HOUR).queued).toBe(0);
    expect(sweep(app.db, clock + 24 * HOUR, 6 * HOUR).queued).toBe(1);
  });

  it("puts a delivery left in flight by a crash back in the queue, and sends it once", async () => {
    subscribe("telegram:1", t("2024-03-01T00:00:00Z"));
    sweep(app.db, clock, 6 * HOUR);
    expect(claimNext(app.db, clock)?.state).toBe("sending");
    expect(await worker().drain()).toEqual({ sent: 0, retried: 0, failed: 0, nothingNew: 0 });
    expect(recoverInFlight(app.db)).toBe(1);
    expect(await worker().drain()).toEqual({ sent: 1, retried: 0, failed: 0, nothingNew: 0 });
  });

  it("paces fan-out to one chat at one message per second", async () => {
    const limited = worker(adapter, true);
    subscribe("telegram:1", t("2024-03-01T00:00:00Z"));
    subscribe("telegram:1", t("2024-03-01T00:00:00Z"), 7);
    sweep(app.db, clock, 6 * HOUR);
    const start = clock;
    await limited.drain();
    expect(adapter.sent).toHaveLength(2);
    expect(clock - start).toBeGreaterThanOrEqual(1000);
  });

  it("GIVEN a digest split in three messages THEN each goes out a second after the one before, as Telegram asks per chat", async () => {
    const partsAt: number[] = [];
    const splitting: Adapter = {
      platform: "telegram",
      start: async () => {},
      stop: async () => {},
      send: async (_channel, _doc, options) => {
        for (let part = 0; part < 3; part++) {
          if (part > 0) await options?.beforeNextPart?.();
          partsAt.push(clock);
        }
        return { ok: true, messageIds: ["1", "2", "3"] };
      },
    };
    const paced = worker(splitting, true);
    subscribe("telegram:1", t("2024-03-01T00:00:00Z"));
    sweep(app.db, clock, 6 * HOUR);
    expect(await paced.drain()).toEqual({ sent: 1, retried: 0, failed: 0, nothingNew: 0 });
    expect(partsAt).toHaveLength(3);
    expect(partsAt[1]! - partsAt[0]!).toBeGreaterThanOrEqual(1000);
    expect(partsAt[2]! - partsAt[1]!).toBeGreaterThanOrEqual(1000);
  });

  it("GIVEN a process holding the scheduler lease WHEN a second starts THEN only the first delivers", async () => {
    const log = silentLogger();
    const first = new DigestScheduler({ ...digestParts(app), adapters: () => new Map([["telegram", adapter]]), log, holder: "here:1:a" });
    const second = new DigestScheduler({ ...digestParts(app), adapters: () => new Map([["telegram", adapter]]), log, holder: "there:2:b" });
    try {
      expect(first.start()).toBe(true);
      expect(second.start()).toBe(false);
    } finally {
      await second.stop();
      await first.stop();
    }
  });
});

/** The adapter as the worker sees it under Telegram's limits (the real Telegram adapter states them itself). */
function withTelegramPacing(adapter: Adapter): Adapter {
  return Object.assign(Object.create(adapter) as Adapter, { pacing: { limits: TELEGRAM_PACING, isGroup: isTelegramGroup } });
}
