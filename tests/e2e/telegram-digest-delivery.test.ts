/**
 * Digests on Telegram, end to end (delivery): the real DigestScheduler/DigestWorker over a SQLite file, the
 * real grammY adapter, telegram-test-api with Telegram's errors injected during a run. 429 waits and sends
 * once; 403 pauses with the reason shown by /subscriptions and `brief digest status`; migrate_to_chat_id
 * rewrites the channel and delivers there; a split digest that fails part-way resumes without repeating.
 * No sleeps: every step waits for a condition.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Adapter } from "../../src/core/adapter.js";
import { silentLogger } from "../../src/core/log.js";
import { bold, type MessageDoc, para } from "../../src/core/message.js";
import type { Platform } from "../../src/core/origin.js";
import { DigestScheduler } from "../../src/digest/scheduler.js";
import { getSubscription } from "../../src/digest/subscription-table.js";
import { renderTelegramMessages, TELEGRAM_MAX_MESSAGE_LENGTH } from "../../src/render/telegram-html.js";
import { digestParts } from "../helpers/app.js";
import { type DigestBot, deliveriesOf, runBrief, startDigestBot, subscribeDue } from "../helpers/telegram-digest.js";
import { telegramHtmlToText } from "../helpers/telegram-html.js";

let bot: DigestBot;

beforeAll(async () => {
  bot = await startDigestBot();
});

afterAll(async () => {
  await bot?.close();
});

const sendCalls = (chatId: number) => bot.emu.calls("sendMessage").filter((c) => c.body.chat_id === chatId);

/** A document that renders as several Telegram messages. */
function longDoc(label: string): MessageDoc {
  const blocks = Array.from({ length: 120 }, (_, i) => para(bold(`${label} ${i}`), " — a paragraph long enough to need several messages <&>. ".repeat(2)));
  return { title: `Long ${label}`, blocks, citations: [] };
}

describe("send() resumes a split document", () => {
  const doc = longDoc("part");
  const chunks = renderTelegramMessages(doc, TELEGRAM_MAX_MESSAGE_LENGTH);

  it("GIVEN the second part fails THEN sentParts is 1; resending with skipParts 1 sends only the rest, none repeated", async () => {
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    const chat = 5001;
    bot.emu.failNext("sendMessage", { error_code: 502, description: "Bad Gateway" }, undefined, { after: 1 });
    const failed = await bot.adapter.send(`telegram:${chat}`, doc);
    expect(failed).toMatchObject({ ok: false, kind: "transient", sentParts: 1 });
    expect(!failed.ok && failed.detail).toMatch(/after 1 of \d+ parts were sent/);
    expect(bot.emu.botMessages(chat)).toHaveLength(1);

    const resumed = await bot.adapter.send(`telegram:${chat}`, doc, { skipParts: 1 });
    expect(resumed).toMatchObject({ ok: true });
    expect(resumed.ok && resumed.messageIds).toHaveLength(chunks.length - 1);
    expect(bot.emu.botMessages(chat).map((m) => m.message.text)).toEqual(chunks);
  });

  it("waits for the caller's pace before every part after the first it sends, and only then sends it", async () => {
    const chat = 5010;
    const sentBeforeEachWait: number[] = [];
    const result = await bot.adapter.send(`telegram:${chat}`, doc, {
      skipParts: 1,
      beforeNextPart: async () => {
        sentBeforeEachWait.push(bot.emu.botMessages(chat).length);
      },
    });
    expect(result.ok).toBe(true);
    // Parts 2..n are sent here; the waits come before parts 3..n, each after the one before arrived.
    expect(sentBeforeEachWait).toEqual(Array.from({ length: chunks.length - 2 }, (_, i) => i + 1));
  });

  it("GIVEN a failure after skipped parts THEN sentParts counts only this call's parts", async () => {
    const chat = 5002;
    bot.emu.failNext("sendMessage", { error_code: 429, description: "Too Many Requests: retry after 7", parameters: { retry_after: 7 } }, undefined, {
      after: 1,
    });
    const r = await bot.adapter.send(`telegram:${chat}`, doc, { skipParts: 1 });
    expect(r).toMatchObject({ ok: false, kind: "rate-limited", retryAfterSeconds: 7, sentParts: 1 });
    expect(!r.ok && r.detail).toMatch(/after 2 of \d+ parts were sent/);
    expect(bot.emu.botMessages(chat).map((m) => m.message.text)).toEqual([chunks[1]]);
  });

  it("GIVEN skipParts covers every part THEN ok and nothing is sent", async () => {
    const chat = 5003;
    const r = await bot.adapter.send(`telegram:${chat}`, doc, { skipParts: chunks.length });
    expect(r).toEqual({ ok: true, messageIds: [] });
    expect(sendCalls(chat)).toHaveLength(0);
  });

  it("GIVEN the first part fails THEN sentParts is 0", async () => {
    bot.emu.failNext("sendMessage", { error_code: 403, description: "Forbidden: bot was blocked by the user" });
    expect(await bot.adapter.send("telegram:5004", doc)).toMatchObject({ ok: false, kind: "permanent", sentParts: 0 });
  });
});

describe("GIVEN a digest run meets Telegram's errors", () => {
  it("WHEN Telegram answers 429 with retry_after THEN the delivery waits that long and is then sent once", async () => {
    const chat = 6001;
    const sub = subscribeDue(bot.app.db, `telegram:${chat}`);
    bot.emu.failNext("sendMessage", { error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } });
    const run = await bot.scheduler.runOnce(Date.now());
    expect(run).toMatchObject({ queued: 1, sent: 0, retried: 1 });
    expect(deliveriesOf(bot.app.db, sub.id)).toMatchObject([{ state: "pending", detail: "429: retry after 1s" }]);
    // The scheduler's retry timer picks it up when it is due.
    void bot.scheduler.drain();
    await bot.emu.waitFor("the delivery sent", () => deliveriesOf(bot.app.db, sub.id)[0]?.state === "sent", 10_000);
    const calls = sendCalls(chat);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(950);
    const msgs = bot.emu.botMessages(chat);
    expect(msgs).toHaveLength(1);
    expect(telegramHtmlToText(msgs[0]!.message.text)).toMatch(/^Digest — /);
  });

  it("WHEN the user blocked the bot (403) THEN the subscription pauses; /subscriptions and `brief digest status` say why", async () => {
    const chat = 6002;
    const sub = subscribeDue(bot.app.db, `telegram:${chat}`);
    bot.emu.failNext("sendMessage", { error_code: 403, description: "Forbidden: bot was blocked by the user" });
    const run = await bot.scheduler.runOnce(Date.now());
    expect(run).toMatchObject({ queued: 1, failed: 1, sent: 0 });
    expect(sendCalls(chat)).toHaveLength(1); // never retried
    const paused = getSubscription(bot.app.db, sub.id)!;
    expect(paused).toMatchObject({ state: "paused", pausedReason: "403: Forbidden: bot was blocked by the user" });
    expect(deliveriesOf(bot.app.db, sub.id)).toMatchObject([{ state: "failed" }]);

    const user = bot.emu.client({ chatId: chat, userId: chat, type: "private" });
    await user.sendCommand(user.makeCommand("/subscriptions"));
    const [reply] = await bot.emu.waitForBotMessages(chat, 1);
    expect(telegramHtmlToText(reply!.message.text)).toContain(`#${sub.id} daily at`);
    expect(telegramHtmlToText(reply!.message.text)).toContain("paused: 403: Forbidden: bot was blocked by the user");

    const status = runBrief(["digest", "status"], { BRIEF_DB: bot.dbPath });
    expect(await status.exited).toBe(0);
    expect(status.stdout()).toMatch(
      new RegExp(`#${sub.id}\\s+telegram:${chat}(?: "[^"]*")?\\s+daily at .*PAUSED: 403: Forbidden: bot was blocked by the user`),
    );
  });

  it("WHEN the group was upgraded (400 with migrate_to_chat_id) THEN the channel is rewritten and the digest delivered to the new id", async () => {
    const oldId = -6003;
    const newId = -1006003;
    const sub = subscribeDue(bot.app.db, `telegram:${oldId}`);
    bot.emu.failNext("sendMessage", {
      error_code: 400,
      description: "Bad Request: group chat was upgraded to a supergroup chat",
      parameters: { migrate_to_chat_id: newId },
    });
    const run = await bot.scheduler.runOnce(Date.now());
    expect(run).toMatchObject({ queued: 1, sent: 1, failed: 0 });
    expect(getSubscription(bot.app.db, sub.id)).toMatchObject({ channel: `telegram:${newId}`, state: "active" });
    expect(bot.emu.botMessages(oldId)).toHaveLength(0);
    expect(sendCalls(oldId)).toHaveLength(1);
    const [m] = await bot.emu.waitForBotMessages(newId, 1);
    expect(telegramHtmlToText(m!.message.text)).toMatch(/^Digest — /);
    expect(bot.emu.botMessages(newId)).toHaveLength(1);
    expect(deliveriesOf(bot.app.db, sub.id)).toMatchObject([{ state: "sent", message_ids: JSON.stringify([String(m!.messageId)]) }]);
  });

  it("WHEN a split digest hits 429 on its second part THEN the outbox records the part sent and the retry resumes after it", async () => {
    const chat = 6004;
    // Brief's digests fit one message today: pad this one so it splits, through the real adapter.
    const pad = (doc: MessageDoc): MessageDoc => ({ ...doc, blocks: [...doc.blocks, ...longDoc("pad").blocks] });
    const padded: Adapter = {
      platform: "telegram",
      pacing: bot.adapter.pacing,
      start: async () => {},
      stop: async () => {},
      send: (channel, doc, options) => bot.adapter.send(channel, pad(doc), options),
    };
    const scheduler = new DigestScheduler({
      ...digestParts(bot.app),
      adapters: () => new Map<Platform, Adapter>([["telegram", padded]]),
      log: silentLogger(),
    });
    const sub = subscribeDue(bot.app.db, `telegram:${chat}`);
    bot.emu.failNext("sendMessage", { error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } }, undefined, {
      after: 1,
    });
    try {
      expect(await scheduler.runOnce(Date.now())).toMatchObject({ queued: 1, retried: 1 });
      expect(deliveriesOf(bot.app.db, sub.id)).toMatchObject([{ state: "pending", parts_sent: 1 }]);
      void scheduler.drain();
      await bot.emu.waitFor("the delivery sent", () => deliveriesOf(bot.app.db, sub.id)[0]?.state === "sent", 10_000);
    } finally {
      await scheduler.stop();
    }
    const texts = bot.emu.botMessages(chat).map((m) => m.message.text);
    expect(texts.length).toBeGreaterThanOrEqual(3);
    expect(new Set(texts).size).toBe(texts.length); // no part twice
    expect(telegramHtmlToText(texts[0]!)).toMatch(/^Digest — /);
    expect(telegramHtmlToText(texts.at(-1)!)).toContain("pad 119");
    expect(sendCalls(chat)).toHaveLength(texts.length + 1); // the one refused call
  });
});
