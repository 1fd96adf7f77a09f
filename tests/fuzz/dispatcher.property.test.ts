/**
 * Property: whatever line a person types in a private chat, Brief answers it — never throws, never stays
 * silent, never apologises (an apology is the dispatcher's answer to a bug), and every answer renders
 * on every platform within its limits. 5,000 random lines over the real corpus on a real SQLite file:
 * real command names and aliases with random arguments, unicode, control characters, huge arguments,
 * FTS5 operators and free text.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCommandLine } from "../../src/core/dispatcher.js";
import type { Origin, Platform } from "../../src/core/origin.js";
import { renderDiscordContent, renderDiscordEmbeds } from "../../src/render/discord.js";
import { renderPlain } from "../../src/render/plain.js";
import { renderTelegramMessages } from "../../src/render/telegram-html.js";
import { type BriefApp, openBrief } from "../../src/root.js";
import { REPO_DATA } from "../helpers/app.js";
import { telegramHtmlProblems } from "../helpers/telegram-html.js";

const RUNS = 5_000;

let app: BriefApp;
let tmp: string;
const errors: Record<string, unknown>[] = [];

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "brief-fuzz-dispatch-"));
  // Errors the dispatcher logs are kept, so a failing line comes with its stack.
  const log = pino({ level: "error" }, { write: (s: string) => void errors.push(JSON.parse(s) as Record<string, unknown>) });
  app = await openBrief({ dbPath: join(tmp, "brief.sqlite"), dataDir: REPO_DATA, log });
});

afterAll(() => {
  app?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

// ---- what people type ----

const FTS_BITS = [
  "AND",
  "OR",
  "NOT",
  "NEAR",
  "NEAR(a b, 2)",
  "*",
  '"',
  '""',
  "(",
  ")",
  ":",
  "-",
  "^",
  "+",
  "{",
  "}",
  "text:",
  "passages_fts",
  "'",
  "\\",
  "%",
  "_",
  ";",
  "--",
  "/*",
  "\u0000",
];
const WORDS = [
  "huawei",
  "cameras",
  "ISIS-K",
  "isis-k",
  "Rahmon",
  "tajikistan",
  "Crocus",
  "taliban",
  "2024",
  "2021-2024",
  "daily",
  "weekly",
  "mon",
  "08:00",
  "25:99",
  "Europe/Moscow",
  "Asia/Dushanbe",
  "Mars/Olympus",
  "@channel",
  "all",
  "1",
  "-1",
  "999999999999",
  "0x10",
  "NaN",
  "surveillance",
  "migration",
];
const CONTROL = fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c));
const ODD = fc.constantFrom(
  "\u200b",
  "\u200f",
  "\u202e",
  "\ufeff",
  "\u00a0",
  "\u2028",
  "\u2029",
  "\ud800",
  "\udfff",
  "𝕳",
  "👩‍👩‍👧",
  "é",
  "ß",
  "İ",
  "Σ",
  "ﬁ",
  "\u0301",
  "<b>",
  "</i>",
  "&amp;",
  "&#0;",
  '<a href="javascript:x">',
  "`",
  "*",
  "_",
  "~",
  "|",
  "[x](y)",
  "@everyone",
);

const piece = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 3, arbitrary: fc.constantFrom(...FTS_BITS) },
  { weight: 3, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 12 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 8 }) },
  { weight: 2, arbitrary: fc.string({ unit: CONTROL, maxLength: 4 }) },
  { weight: 2, arbitrary: ODD },
);
const args = fc.oneof(
  { weight: 8, arbitrary: fc.array(piece, { maxLength: 8 }).chain((parts) => fc.constantFrom(" ", "  ", "\t", "\n", "").map((sep) => parts.join(sep))) },
  // Around the dispatcher's 1,000-character limit, and far past it.
  { weight: 1, arbitrary: fc.tuple(piece, fc.integer({ min: 900, max: 1100 })).map(([p, n]) => (p || "x").repeat(n).slice(0, n)) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", minLength: 2000, maxLength: 6000 }) },
);

function commandLines(names: readonly string[]) {
  const name = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...names) },
    { weight: 1, arbitrary: fc.constantFrom(...names).map((n) => n.toUpperCase()) },
    { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
  );
  const mention = fc.constantFrom("", "", "", "@TestNameBot", "@testnamebot", "@OtherBot", "@");
  const command = fc
    .tuple(fc.constantFrom("", " ", "\n"), name, mention, fc.constantFrom(" ", "  ", "\n", "\t"), args)
    .map(([lead, n, m, sep, a]) => `${lead}/${n}${m}${sep}${a}`);
  // Text that is not a command is a question in a private chat.
  const freeText = fc.oneof(
    args,
    fc.array(piece, { minLength: 1, maxLength: 10 }).map((p) => p.join(" ")),
  );
  return fc.oneof(
    { weight: 6, arbitrary: command },
    { weight: 2, arbitrary: freeText },
    { weight: 1, arbitrary: fc.constantFrom("/", "//", "/ ", "/@", "@", " ", "") },
  );
}

/** Pager buttons re-run a line with a page: mostly none, sometimes any whole number. */
const pages = fc.oneof(
  { weight: 6, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: fc.integer({ min: -3, max: 8 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, 2 ** 31, Number.MAX_SAFE_INTEGER, -(2 ** 31)) },
);

const origins = fc.record({
  platform: fc.constantFrom<Platform>("telegram", "discord", "console"),
  chat: fc.integer({ min: 1, max: 40 }),
  admin: fc.integer({ min: 0, max: 39 }).map((n) => n === 0),
});

function privateOrigin(o: { platform: Platform; chat: number; admin: boolean }): Origin {
  return {
    platform: o.platform,
    channel: `${o.platform}:${o.chat}`,
    chatKind: "private",
    user: { id: String(o.chat), name: `fuzz ${o.chat}` },
    isBotAdmin: o.admin,
    isChatAdmin: async () => true,
  };
}

/**
 * The only lines a private chat may leave unanswered: nothing at all (no platform delivers an empty
 * message), and a command addressed to another bot ("/who@OtherBot").
 */
function legitimatelyIgnored(line: string): boolean {
  if (line.trim() === "") return true;
  const parsed = parseCommandLine(line);
  return parsed?.mention !== undefined && parsed.mention.toLowerCase() !== "testnamebot";
}

/** Every way the answer leaves Brief must work: plain text, Telegram HTML (valid, within limits), Discord. */
function renderEverywhere(doc: NonNullable<Awaited<ReturnType<BriefApp["dispatch"]>>>): string[] {
  const problems: string[] = [];
  renderPlain(doc, { width: 80 });
  for (const chunk of renderTelegramMessages(doc)) problems.push(...telegramHtmlProblems(chunk).map((p) => `${p.problem} at ${p.at}`));
  renderDiscordEmbeds(doc);
  renderDiscordContent(doc);
  return problems;
}

describe("the command parser and dispatcher under random input", () => {
  it(`GIVEN ${RUNS} random lines in private chats THEN each gets a reply (unless empty or for another bot) that is not an apology and renders everywhere`, async () => {
    const names = app.commands.flatMap((c) => [c.name, ...(c.aliases ?? [])]);
    let replies = 0;
    await fc.assert(
      fc.asyncProperty(commandLines(names), origins, pages, async (line, o, page) => {
        errors.length = 0;
        const doc = await app.dispatch({ kind: "text", text: line, botUsername: "TestNameBot", page }, privateOrigin(o));
        const what = JSON.stringify(line).slice(0, 300);
        if (legitimatelyIgnored(line)) {
          expect(doc, `a reply to ${what}, which is not for Brief`).toBeNull();
          replies++;
          return;
        }
        expect(doc, `no reply to ${what}`).not.toBeNull();
        expect(doc!.tone, `an apology for ${what}: ${JSON.stringify(errors[0]?.err ?? errors[0])}`).not.toBe("error");
        expect(renderEverywhere(doc!), `rendering ${what}`).toEqual([]);
        replies++;
      }),
      { numRuns: RUNS },
    );
    expect(replies).toBe(RUNS);
  }, 120_000);

  it("GIVEN 1,000 random option sets (Discord slash commands) THEN each gets a reply that is not an apology", async () => {
    const option = fc.oneof(args, fc.integer(), fc.constantFrom(undefined, "", " ", "0", "-1", "1e9", "all"));
    const input = fc
      .constantFrom(...app.commands)
      .chain((def) =>
        fc
          .tuple(...(def.options ?? []).map(() => option))
          .map((values) => ({ command: def.name, args: Object.fromEntries((def.options ?? []).map((o, i) => [o.name, values[i]])) })),
      );
    await fc.assert(
      fc.asyncProperty(input, origins, pages, async ({ command, args: values }, o, page) => {
        errors.length = 0;
        const doc = await app.dispatch({ kind: "options", command, args: values, page }, privateOrigin(o));
        const what = JSON.stringify({ command, values }).slice(0, 300);
        expect(doc, `no reply to ${what}`).not.toBeNull();
        expect(doc!.tone, `an apology for ${what}: ${JSON.stringify(errors[0]?.err ?? errors[0])}`).not.toBe("error");
        expect(renderEverywhere(doc!), `rendering ${what}`).toEqual([]);
      }),
      { numRuns: 1_000 },
    );
  }, 60_000);

  it("GIVEN a line addressed to another bot in a private chat THEN it is left alone (the one legitimate silence)", async () => {
    const doc = await app.dispatch(
      { kind: "text", text: "/who@OtherBot Rahmon", botUsername: "TestNameBot" },
      privateOrigin({ platform: "telegram", chat: 1, admin: false }),
    );
    expect(doc).toBeNull();
  });
});
