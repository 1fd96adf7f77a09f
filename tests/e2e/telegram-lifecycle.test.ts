/**
 * End to end, the adapter's own behaviour with a small fake dispatch: rate limiting a flood, "typing…",
 * graceful stop with a command in flight, a 409 from getUpdates, and webhook mode with its secret token.
 * Each scenario runs its own bot token on one emulator. No sleeps: every step waits for a condition.
 */

import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTelegramAdapter, type TelegramAdapter, type TelegramAdapterOptions } from "../../src/adapters/telegram/index.js";
import type { Dispatch } from "../../src/core/dispatcher.js";
import { para } from "../../src/core/message.js";
import { type Emulator, freePort, startEmulator } from "../helpers/telegram-emulator.js";
import { assertValidTelegramHtml } from "../helpers/telegram-html.js";

let emu: Emulator;
const running: TelegramAdapter[] = [];
let tokenSeq = 0;

function memoryLogger() {
  const lines: Record<string, unknown>[] = [];
  const log = pino({ level: "debug" }, { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) });
  return { log, lines };
}

const echo: Dispatch = async (input) => {
  if (input.kind !== "text" || !input.text.startsWith("/")) return null;
  return { blocks: [para(`echo ${input.text}`)], citations: [] };
};

async function startBot(dispatch: Dispatch, extra: Partial<TelegramAdapterOptions> = {}) {
  const token = `${900 + ++tokenSeq}:lifecycle-token`;
  const logs = memoryLogger();
  const adapter = createTelegramAdapter({
    config: { token, apiRoot: emu.apiRoot, adminIds: [] },
    log: logs.log,
    commands: [],
    pollingThrottleMs: 30,
    ...extra,
  });
  await adapter.start(dispatch);
  running.push(adapter);
  return { adapter, token, logs };
}

beforeAll(async () => {
  emu = await startEmulator();
});

afterAll(async () => {
  await Promise.allSettled(running.map((a) => a.stop()));
  await emu?.stop();
});

describe("Telegram adapter lifecycle", () => {
  it("GIVEN a user floods commands THEN one polite 'slow down', then silence; other users are served", async () => {
    const { token, logs } = await startBot(echo, { rateLimit: { capacity: 2, refillPerSecond: 0.001 } });
    const flooder = emu.client({ chatId: 61, userId: 61, type: "private" }, token);
    for (let i = 0; i < 12; i++) await flooder.sendCommand(flooder.makeCommand(`/cmd${i}`));
    const other = emu.client({ chatId: 62, userId: 62, type: "private" }, token);
    await other.sendCommand(other.makeCommand("/marker"));
    // Updates are handled in order: once the marker is answered, the whole flood has been handled.
    await emu.waitForBotMessages(62, 1);
    const texts = emu.botMessages(61).map((m) => m.message.text);
    expect(texts).toEqual(["echo /cmd0", "echo /cmd1", expect.stringMatching(/slow/i)]);
    expect(logs.lines.filter((l) => l.msg === "telegram: rate-limited a command")).toHaveLength(10);
  });

  it("GIVEN a slow answer THEN 'typing…' is shown while it is prepared", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { token } = await startBot(async (input, origin) => {
      await gate;
      return echo(input, origin);
    });
    const user = emu.client({ chatId: 63, userId: 63, type: "private" }, token);
    await user.sendCommand(user.makeCommand("/slow"));
    const [action] = await emu.waitFor("sendChatAction", () => {
      const c = emu.calls("sendChatAction", token);
      return c.length > 0 ? c : undefined;
    });
    expect(action!.body).toMatchObject({ chat_id: 63, action: "typing" });
    release();
    await emu.waitForBotMessages(63, 1);
  });

  it("GIVEN stop() while a command is being answered THEN the answer is sent before stop() resolves", async () => {
    let entered = false;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { adapter, token } = await startBot(async (input, origin) => {
      entered = true;
      await gate;
      return echo(input, origin);
    });
    const user = emu.client({ chatId: 64, userId: 64, type: "private" }, token);
    await user.sendCommand(user.makeCommand("/inflight"));
    await emu.waitFor("the command to be in flight", () => entered);
    let stopped = false;
    const stopping = adapter.stop().then(() => (stopped = true));
    await Promise.resolve();
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(emu.botMessages(64).map((m) => m.message.text)).toEqual(["echo /inflight"]);
    await adapter.stop(); // idempotent
  });

  it("GIVEN another instance polls the same token (409) THEN it is reported clearly and nothing crashes", async () => {
    const { adapter, token, logs } = await startBot(echo);
    emu.failNext(
      "getUpdates",
      { error_code: 409, description: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running" },
      token,
    );
    const line = await emu.waitFor("the 409 report", () => logs.lines.find((l) => String(l.msg).includes("409 Conflict")));
    expect(line).toMatchObject({ level: 50 });
    expect(String(line.msg)).toMatch(/another process is polling this bot token/);
    await adapter.stop();
  });

  it("GIVEN a revoked token THEN start() fails with a clear error", async () => {
    const token = "999:revoked";
    emu.failNext("getMe", { error_code: 401, description: "Unauthorized" }, token);
    const adapter = createTelegramAdapter({ config: { token, apiRoot: emu.apiRoot, adminIds: [] }, log: memoryLogger().log, commands: [] });
    await expect(adapter.start(echo)).rejects.toThrow(/TELEGRAM_BOT_TOKEN.*401/);
    await adapter.stop();
  });

  describe("pager edge cases", () => {
    /** Page 1 fits one message; page 2 needs two. */
    const paged: Dispatch = async (input) => {
      if (input.kind !== "text") return null;
      const page = input.page ?? 1;
      const body = page === 1 ? [para("short page one")] : Array.from({ length: 120 }, (_, i) => para(`long page two, paragraph ${i} `.repeat(3)));
      return { title: `Page ${page}`, blocks: body, citations: [], pages: { index: page, count: 2, command: "paged", args: "x & y" } };
    };
    const keyboard = (m: { message: { reply_markup?: unknown } }) =>
      (m.message.reply_markup as { inline_keyboard?: { text: string; callback_data: string }[][] } | undefined)?.inline_keyboard?.[0] ?? [];

    it("GIVEN the next page is longer than a screen THEN it replaces the same message, its first screen with More ▶", async () => {
      const { token } = await startBot(paged);
      const user = emu.client({ chatId: 66, userId: 66, type: "private" }, token);
      await user.sendCommand(user.makeCommand("/paged x & y"));
      const [first] = await emu.waitForBotMessages(66, 1);
      const next = keyboard(first!).find((b) => b.text === "▶")!;
      await user.sendCallback(user.makeCallbackQuery(next.callback_data, { message: { message_id: first!.messageId } }));
      await emu.waitFor("page 2 in place", () => keyboard(first!).some((b) => b.text === "2/2"));
      expect(emu.botMessages(66)).toHaveLength(1); // one message per page, edited in place
      expect(first!.message.text).not.toContain("short page one");
      expect(keyboard(first!).map((b) => b.text)).toEqual(["◀", "2/2", "More ▶"]);
      const answered = await emu.waitFor("the press answered", () => emu.calls("answerCallbackQuery", token).at(-1));
      expect(answered.body.text).toBeUndefined();
    });

    it("GIVEN the same page is pressed again (message is not modified) THEN it is answered quietly, no apology", async () => {
      const { token } = await startBot(paged);
      const user = emu.client({ chatId: 67, userId: 67, type: "private" }, token);
      await user.sendCommand(user.makeCommand("/paged x & y"));
      const [first] = await emu.waitForBotMessages(67, 1);
      const counter = keyboard(first!).find((b) => b.text === "1/2")!;
      emu.failNext(
        "editMessageText",
        { error_code: 400, description: "Bad Request: message is not modified: specified new message content and reply markup are exactly the same" },
        token,
      );
      // A stale ◀ to page 1 of a message already on page 1.
      await user.sendCallback(
        user.makeCallbackQuery(
          `${keyboard(first!)
            .find((b) => b.text === "▶")!
            .callback_data.replace(/:2$/, ":1")}`,
          { message: { message_id: first!.messageId } },
        ),
      );
      await user.sendCallback(user.makeCallbackQuery(counter.callback_data, { message: { message_id: first!.messageId } }));
      const answers = await emu.waitFor("both presses answered", () => {
        const a = emu.calls("answerCallbackQuery", token);
        return a.length >= 2 ? a : undefined;
      });
      expect(answers.map((a) => a.body.text)).toEqual([undefined, undefined]);
      expect(emu.botMessages(67)).toHaveLength(1);
    });
    it("GIVEN a message too old to edit THEN the new page is sent as a new message", async () => {
      const { token } = await startBot(async (input) =>
        input.kind === "text"
          ? { blocks: [para(`page ${input.page ?? 1}`)], citations: [], pages: { index: input.page ?? 1, count: 3, command: "p", args: "" } }
          : null,
      );
      const user = emu.client({ chatId: 68, userId: 68, type: "private" }, token);
      await user.sendCommand(user.makeCommand("/p"));
      const [first] = await emu.waitForBotMessages(68, 1);
      emu.failNext("editMessageText", { error_code: 400, description: "Bad Request: message can't be edited" }, token);
      const next = keyboard(first!).find((b) => b.text === "▶")!;
      await user.sendCallback(user.makeCallbackQuery(next.callback_data, { message: { message_id: first!.messageId } }));
      const msgs = await emu.waitForBotMessages(68, 2);
      expect(msgs[1]!.message.text).toBe("page 2");
      expect(keyboard(msgs[1]!).map((b) => b.text)).toEqual(["◀", "2/3", "▶"]);
    });
  });

  describe("webhook mode", () => {
    it("GIVEN TELEGRAM_WEBHOOK_URL THEN setWebhook with a secret, and only requests carrying it are served", async () => {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}/telegram/hook`;
      const secret = "s3cret_Token-1";
      const { adapter, token } = await startBot(echo, {
        config: { token: "950:webhook-token", apiRoot: emu.apiRoot, adminIds: [], webhook: { url, secret, port } },
      });
      expect(token).toBeDefined();
      const set = emu.calls("setWebhook", "950:webhook-token");
      expect(set.at(-1)!.body).toMatchObject({ url, secret_token: secret });
      expect(emu.calls("getUpdates", "950:webhook-token")).toHaveLength(0);

      const update = (id: number, text: string) => ({
        update_id: id,
        message: {
          message_id: id,
          date: Math.floor(Date.now() / 1000),
          chat: { id: 65, type: "private", first_name: "W" },
          from: { id: 65, is_bot: false, first_name: "W" },
          text,
          entities: [{ type: "bot_command", offset: 0, length: text.length }],
        },
      });
      const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
        fetch(`http://127.0.0.1:${port}${path}`, {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body: typeof body === "string" ? body : JSON.stringify(body),
        });

      expect((await post("/telegram/hook", update(1, "/nosecret"))).status).toBe(401);
      expect((await post("/telegram/hook", update(2, "/wrong"), { "X-Telegram-Bot-Api-Secret-Token": "nope" })).status).toBe(401);
      expect((await post("/elsewhere", update(3, "/path"), { "X-Telegram-Bot-Api-Secret-Token": secret })).status).toBe(404);
      expect((await post("/telegram/hook", "not json{", { "X-Telegram-Bot-Api-Secret-Token": secret })).status).toBe(400);
      const ok = await post("/telegram/hook", update(4, "/hello"), { "X-Telegram-Bot-Api-Secret-Token": secret });
      expect(ok.status).toBe(200);

      const [m] = await emu.waitForBotMessages(65, 1);
      expect(m!.message.text).toBe("echo /hello");
      assertValidTelegramHtml(m!.message.text);
      expect(emu.botMessages(65)).toHaveLength(1);

      await adapter.stop();
      await expect(post("/telegram/hook", update(5, "/after"), { "X-Telegram-Bot-Api-Secret-Token": secret })).rejects.toThrow();
    });
  });
});
