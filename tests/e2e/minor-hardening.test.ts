/**
 * The small holes: Telegram pager buttons page only for the person who asked, in the chat they asked in;
 * the webhook listens on loopback unless told otherwise; a zero-width space inside a command name is
 * ignored; an article's url must be a web address.
 */
import { networkInterfaces } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTelegramAdapter, type TelegramAdapter } from "../../src/adapters/telegram/index.js";
import { parseConfig } from "../../src/config.js";
import { type Dispatch, parseCommandLine } from "../../src/core/dispatcher.js";
import { silentLogger } from "../../src/core/log.js";
import { para } from "../../src/core/message.js";
import { loadData } from "../../src/knowledge/loader.js";
import { ask, openTestApp, tempDir } from "../helpers/app.js";
import { FIXTURE_ARTICLE, writeFixture } from "../helpers/fixture-data.js";
import { type Emulator, freePort, startEmulator } from "../helpers/telegram-emulator.js";

const paged: Dispatch = async (input) =>
  input.kind === "text"
    ? { blocks: [para(`page ${input.page ?? 1}`)], citations: [], pages: { index: input.page ?? 1, count: 3, command: "p", args: "" } }
    : null;
const keyboard = (m: { message: { reply_markup?: unknown } }) =>
  (m.message.reply_markup as { inline_keyboard?: { text: string; callback_data: string }[][] } | undefined)?.inline_keyboard?.[0] ?? [];

describe("Telegram pager buttons", () => {
  const token = "7301:pager-scope-token";
  let emu: Emulator;
  let adapter: TelegramAdapter;
  beforeAll(async () => {
    emu = await startEmulator();
    adapter = createTelegramAdapter({ config: { token, apiRoot: emu.apiRoot, adminIds: [] }, log: silentLogger(), commands: [], pollingThrottleMs: 30 });
    await adapter.start(paged);
  });
  afterAll(async () => {
    await adapter.stop();
    await emu.stop();
  });

  it("GIVEN a paged answer in a group THEN another member's press is refused, a press from another chat with the same button finds nothing, and the asker pages", async () => {
    const group = -1007301;
    const asker = emu.client({ chatId: group, userId: 7311, type: "supergroup", chatTitle: "Analysts" }, token);
    const other = emu.client({ chatId: group, userId: 7312, type: "supergroup", chatTitle: "Analysts" }, token);
    const elsewhere = emu.client({ chatId: 7313, userId: 7311, type: "private" }, token);
    await asker.sendCommand(asker.makeCommand("/p"));
    const [first] = await emu.waitForBotMessages(group, 1);
    const next = keyboard(first!).find((b) => b.text === "▶")!;
    const answers = () => emu.calls("answerCallbackQuery", token);

    await other.sendCallback(other.makeCallbackQuery(next.callback_data, { message: { message_id: first!.messageId } }));
    await emu.waitFor("the other member's press answered", () => answers().length >= 1);
    expect(answers().at(-1)!.body.text).toBe("Only the person who asked can turn these pages.");

    await elsewhere.sendCallback(elsewhere.makeCallbackQuery(next.callback_data, { message: { message_id: first!.messageId } }));
    await emu.waitFor("the forged press answered", () => answers().length >= 2);
    expect(answers().at(-1)!.body.text).toMatch(/expired/);
    expect(emu.botMessages(7313)).toHaveLength(0);

    await asker.sendCallback(asker.makeCallbackQuery(next.callback_data, { message: { message_id: first!.messageId } }));
    await emu.waitFor("the asker's press answered", () => answers().length >= 3);
    expect(answers().at(-1)!.body.text).toBeUndefined();
    await emu.waitFor("page 2", () => emu.botMessages(group).some((m) => m.message.text.includes("page 2")));
  });
});

describe("the Telegram webhook", () => {
  it("GIVEN no TELEGRAM_WEBHOOK_HOST THEN the configuration says loopback, and the server cannot be reached on another interface", async () => {
    expect(parseConfig({ TELEGRAM_BOT_TOKEN: "1:a", TELEGRAM_WEBHOOK_URL: "https://x.example/hook" }).telegram?.webhook?.host).toBe("127.0.0.1");
    expect(
      parseConfig({ TELEGRAM_BOT_TOKEN: "1:a", TELEGRAM_WEBHOOK_URL: "https://x.example/hook", TELEGRAM_WEBHOOK_HOST: "::" }).telegram?.webhook?.host,
    ).toBe("::");

    const emu = await startEmulator();
    const port = await freePort();
    const adapter = createTelegramAdapter({
      config: { token: "7302:webhook-host", apiRoot: emu.apiRoot, adminIds: [], webhook: { url: `http://127.0.0.1:${port}/hook`, secret: "abcdef", port } },
      log: silentLogger(),
      commands: [],
    });
    try {
      await adapter.start(paged);
      expect((await fetch(`http://127.0.0.1:${port}/elsewhere`, { method: "POST" })).status).toBe(404);
      const external = Object.values(networkInterfaces())
        .flat()
        .find((a) => a && a.family === "IPv4" && !a.internal)?.address;
      if (external) await expect(fetch(`http://${external}:${port}/elsewhere`, { method: "POST" })).rejects.toThrow();
    } finally {
      await adapter.stop();
      await emu.stop();
    }
  });
});

describe("command names", () => {
  it("GIVEN zero-width characters inside or before a command name THEN the command is found; in the arguments they are kept", async () => {
    expect(parseCommandLine("/se\u200Barch huawei")).toMatchObject({ name: "search", argText: "huawei" });
    expect(parseCommandLine("\u200B/search\u2060 huawei")).toMatchObject({ name: "search" });
    expect(parseCommandLine("/search می\u200Cخواهم")?.argText).toBe("می\u200Cخواهم");
    const app = await openTestApp();
    try {
      const plain = await ask(app, "/search huawei cameras");
      expect((await ask(app, "/se\u200Barch huawei cameras")).text).toBe(plain.text);
    } finally {
      app.cleanup();
    }
  });
});

describe("article urls", () => {
  it("GIVEN url: javascript:… or data:… THEN the loader refuses it at the url line; an https address passes", () => {
    const dir = tempDir("brief-url-");
    try {
      for (const [url, ok] of [
        ["javascript:alert(document.cookie)", false],
        ["data:text/html,<b>hi</b>", false],
        ["https://example.org/report", true],
      ] as const) {
        writeFixture(dir.path, { "articles/test-article.md": FIXTURE_ARTICLE.replace("outlet: Test Outlet", `outlet: Test Outlet\nurl: "${url}"`) });
        const { problems } = loadData(dir.path);
        if (ok) expect(problems).toEqual([]);
        else
          expect(problems).toContainEqual(
            expect.objectContaining({
              file: expect.stringMatching(/test-article\.md$/),
              line: 4,
              message: expect.stringContaining("url: expected an http(s) address"),
            }),
          );
      }
    } finally {
      dir.cleanup();
    }
  });
});
