/**
 * Real processes on one SQLite file: two running bots, a reload through `brief data reload` and then one
 * typed into either bot's console, and both answer from the new knowledge. And `brief data reload` never
 * signals a process it has not proven to be a Brief bot: a lease naming a live pid that is not Brief (a
 * dead bot's pid, reused) leaves that process alone.
 */
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from "node:child_process";
import { cpSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consoleOnlyEnv, REPO_DATA, tempDir } from "../helpers/app.js";

const ROOT = resolve(import.meta.dirname, "../..");
const BRIEF = join(ROOT, "bin", "brief.js");

interface Bot {
  child: ChildProcessWithoutNullStreams;
  out: () => string;
  err: () => string;
}

function waitFor(read: () => string, pattern: RegExp, ms = 30_000): Promise<void> {
  return new Promise((done, fail) => {
    const deadline = Date.now() + ms;
    const check = () => {
      if (pattern.test(read())) return done();
      if (Date.now() > deadline) return fail(new Error(`timed out waiting for ${pattern}; got:\n${read().slice(-2000)}`));
      setTimeout(check, 50);
    };
    check();
  });
}

function startBot(env: NodeJS.ProcessEnv): Bot {
  let out = "";
  let err = "";
  const child = spawn(process.execPath, [BRIEF, "start"], { cwd: ROOT, env });
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (err += d));
  return { child, out: () => out, err: () => err };
}

async function stopBot(bot: Bot): Promise<void> {
  if (bot.child.exitCode !== null) return;
  bot.child.stdin.end();
  await new Promise((r) => bot.child.once("close", r));
}

/** Asks a bot's console `/search word` until the answer cites `title` (a bot follows within seconds). */
async function untilFound(bot: Bot, word: string, title: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const before = bot.out().length;
    bot.child.stdin.write(`/search ${word}\n`);
    await waitFor(() => bot.out().slice(before), /\n\n$/);
    if (bot.out().slice(before).includes(title)) return;
    if (Date.now() > deadline) throw new Error(`bot never found ${word}: ${bot.out().slice(before)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe("two running bots on one database", () => {
  let dir: ReturnType<typeof tempDir>;
  let env: NodeJS.ProcessEnv;
  let one: Bot;
  let two: Bot;

  beforeAll(async () => {
    dir = tempDir("brief-many-");
    cpSync(REPO_DATA, join(dir.path, "data"), { recursive: true });
    env = consoleOnlyEnv({ BRIEF_DB: join(dir.path, "brief.sqlite"), BRIEF_DATA: join(dir.path, "data"), LOG_LEVEL: "info" });
    one = startBot(env);
    await waitFor(one.err, /Brief is ready/);
    two = startBot(env);
    await waitFor(two.err, /Brief is ready/);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([stopBot(one), stopBot(two)]);
    dir.cleanup();
  });

  it("GIVEN a new article WHEN `brief data reload` runs THEN one bot reloads and the other follows: both answer from it", async () => {
    writeFileSync(join(dir.path, "data", "articles", "via-cli.md"), "---\ntitle: Reloaded via the CLI\npublished: 2024-07\n---\nA quillbrook survey.\n");
    const reload = spawnSync(process.execPath, [BRIEF, "data", "reload"], { cwd: ROOT, env: { ...env, LOG_LEVEL: "warn" }, encoding: "utf8", timeout: 60_000 });
    expect(reload.status).toBe(0);
    expect(reload.stdout).toMatch(/Asked the running bot \(pid \d+\) to reload/);
    expect(reload.stdout).toMatch(/Reloaded as knowledge version \d+/);
    await untilFound(one, "quillbrook", "Reloaded via the CLI");
    await untilFound(two, "quillbrook", "Reloaded via the CLI");
  }, 60_000);

  it("GIVEN another article WHEN an admin reloads in the second bot THEN the first follows, and the version records only that article as added", async () => {
    writeFileSync(join(dir.path, "data", "articles", "via-console.md"), "---\ntitle: Reloaded in a console\npublished: 2024-08\n---\nA marrowgate survey.\n");
    two.child.stdin.write("/reload\n");
    await waitFor(two.out, /Added articles \(1\): via-console/);
    await untilFound(one, "marrowgate", "Reloaded in a console");
    const db = new Database(env.BRIEF_DB!, { readonly: true });
    try {
      const last = db.prepare("SELECT summary FROM knowledge_versions ORDER BY id DESC LIMIT 1").get() as { summary: string };
      expect(JSON.parse(last.summary).added.article).toEqual(["via-console"]);
    } finally {
      db.close();
    }
  }, 60_000);
});

describe("a lease naming a pid that is not a Brief bot", () => {
  it("GIVEN the bot lease names a live process that is not Brief (a reused pid) WHEN `brief data reload` runs THEN that process is not signalled and the database is reloaded directly", async () => {
    const dir = tempDir("brief-pid-");
    const env = {
      ...process.env,
      BRIEF_DB: join(dir.path, "brief.sqlite"),
      BRIEF_DATA: REPO_DATA,
      LOG_LEVEL: "warn",
      TELEGRAM_BOT_TOKEN: "",
      DISCORD_TOKEN: "",
    };
    // A process that dies of SIGHUP, as most do: standing in for whatever now has a dead bot's pid.
    const stranger = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"]);
    try {
      expect(spawnSync(process.execPath, [BRIEF, "ask", "/help"], { cwd: ROOT, env, encoding: "utf8" }).status).toBe(0);
      const db = new Database(env.BRIEF_DB);
      db.prepare("INSERT OR REPLACE INTO leases (name, holder, pid, expires_at) VALUES ('bot', ?, ?, ?)").run(
        `${hostname()}:${stranger.pid}:bot`,
        stranger.pid,
        Date.now() + 60_000,
      );
      db.close();
      const reload = spawnSync(process.execPath, [BRIEF, "data", "reload"], { cwd: ROOT, env, encoding: "utf8", timeout: 60_000 });
      expect(reload.status).toBe(0);
      expect(reload.stdout).toMatch(/No running bot took the request within \d+ s; reloaded the database directly/);
      expect(stranger.exitCode).toBeNull();
      expect(stranger.signalCode).toBeNull();
    } finally {
      stranger.kill("SIGKILL");
      dir.cleanup();
    }
  }, 60_000);
});
