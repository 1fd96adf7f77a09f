/**
 * `npm run bench:screens`: how long each command's first message is, as a phone shows it — on Telegram
 * the visible characters of the first message sent (tags and entities not counted), on Discord the
 * characters of the first embed (title, description, fields, footer) — and how many messages the reply
 * took. Prints a Markdown table. Runs the real commands over data/ in process, no network.
 *
 * It reads the renderers by feature, so the same file measures an older tree too: copy it into
 * `git archive <commit> | tar -x -C /tmp/brief-before` (node_modules linked) and run it there with tsx.
 * Before #15 a reply was sent whole (renderTelegramMessages, renderDiscordEmbeds); since, a reply is one
 * message showing its first screen (renderTelegramScreens, renderDiscordScreens).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const REPO = join(import.meta.dirname, "..");

/** Each command once, as the examples and README show them (admin commands as a bot admin). */
const LINES = [
  "/start",
  "/help",
  "/brief",
  "/brief isis-k",
  "/timeline",
  "/event crocus",
  "/who ISKP",
  "/who Rahmon",
  "/figures",
  "/search huawei cameras",
  "/ask who recruits Tajik migrants?",
  "/sources",
  "/sources re-russia-isis-k-tajikistan",
  "/subscribe daily 08:00 Asia/Dushanbe isis-k",
  "/subscriptions",
  "/digest",
  "/unsubscribe 1",
  "/resume 1",
  "/status",
];

interface Doc {
  title?: string;
  citations: unknown[];
}
interface Embed {
  title?: string;
  description?: string;
  fields?: { name: string; value: string }[];
  footer?: { text: string };
}

type AnyFn = (...args: never[]) => unknown;
const fn = <F extends AnyFn>(mod: Record<string, unknown>, name: string): F | undefined => (typeof mod[name] === "function" ? (mod[name] as F) : undefined);

/** What a reader sees of Telegram HTML: tags dropped, the four entities one character each. */
function visibleHtml(html: string): number {
  return html
    .replace(/<[^>]+>/g, "")
    .replace(/&(lt|gt|amp|quot);/g, "_")
    .trim().length;
}

function embedChars(e: Embed | undefined): number {
  if (!e) return 0;
  return (
    (e.title?.length ?? 0) +
    (e.description?.length ?? 0) +
    (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0) +
    (e.footer?.text.length ?? 0)
  );
}

const root = (await import(join(REPO, "src/root.ts"))) as Record<string, unknown>;
const telegram = (await import(join(REPO, "src/render/telegram-html.ts"))) as Record<string, unknown>;
const discord = (await import(join(REPO, "src/render/discord.ts"))) as Record<string, unknown>;
const openBrief = fn<(o: { dbPath: string; dataDir: string }) => Promise<{ dispatch: AnyFn; close(): void }>>(root, "openBrief")!;
const screensTg = fn<(d: Doc, o: { botUsername?: string }) => { screens: string[] }>(telegram, "renderTelegramScreens");
const wholeTg = fn<(d: Doc, max?: number) => string[]>(telegram, "renderTelegramMessages")!;
const screensDc = fn<(d: Doc) => { embeds: Embed[] }>(discord, "renderDiscordScreens");
const wholeDc = fn<(d: Doc) => { embeds: Embed[] }[]>(discord, "renderDiscordEmbeds")!;

const dir = mkdtempSync(join(tmpdir(), "brief-first-message-"));
const app = await openBrief({ dbPath: join(dir, "brief.sqlite"), dataDir: join(REPO, "data") });
const origin = {
  platform: "telegram",
  channel: "telegram:1001",
  chatKind: "private",
  user: { id: "1001", name: "reader" },
  isBotAdmin: true,
  isChatAdmin: async () => true,
};

console.log(
  `| command | Telegram: first message, visible characters | Telegram: messages | Discord: first embed, characters | Discord: first message, characters | Discord: messages |`,
);
console.log(`| --- | ---: | ---: | ---: | ---: | ---: |`);
for (const line of LINES) {
  const doc = (await (app.dispatch as (i: unknown, o: unknown) => Promise<Doc | null>)({ kind: "text", text: line }, origin))!;
  const tg = screensTg ? screensTg(doc, { botUsername: "BriefBot" }).screens.slice(0, 1) : wholeTg(doc, 4096);
  const tgMessages = screensTg ? 1 : tg.length;
  const dcFirst = screensDc ? screensDc(doc).embeds.slice(0, 1) : (wholeDc(doc)[0]?.embeds ?? []);
  const dcMessages = screensDc ? 1 : wholeDc(doc).length;
  const dcMessage = dcFirst.reduce((n, e) => n + embedChars(e), 0);
  console.log(`| \`${line}\` | ${visibleHtml(tg[0] ?? "")} | ${tgMessages} | ${embedChars(dcFirst[0])} | ${dcMessage} | ${dcMessages} |`);
}
app.close();
rmSync(dir, { recursive: true, force: true });
