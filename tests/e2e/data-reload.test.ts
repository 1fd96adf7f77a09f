/** `brief data reload` from a shell reloads a running bot: two real processes sharing one SQLite file. */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { cpSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consoleOnlyEnv, REPO_DATA, tempDir } from "../helpers/app.js";

const ROOT = resolve(import.meta.dirname, "../..");
const BRIEF = join(ROOT, "bin", "brief.js");

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

describe("brief data reload with a bot running", () => {
  let dir: ReturnType<typeof tempDir>;
  let bot: ChildProcessWithoutNullStreams;
  let out = "";
  let err = "";
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    dir = tempDir("brief-live-");
    cpSync(REPO_DATA, join(dir.path, "data"), { recursive: true });
    env = consoleOnlyEnv({ BRIEF_DB: join(dir.path, "brief.sqlite"), BRIEF_DATA: join(dir.path, "data"), LOG_LEVEL: "info" });
    bot = spawn(process.execPath, [BRIEF, "start"], { cwd: ROOT, env });
    bot.stdout.on("data", (d) => (out += d));
    bot.stderr.on("data", (d) => (err += d));
    await waitFor(() => err, /Brief is ready/);
  }, 60_000);

  afterAll(async () => {
    if (bot.exitCode === null) {
      bot.stdin.end();
      await new Promise((r) => bot.once("close", r));
    }
    dir.cleanup();
  });

  it("signals the running bot, which reloads and then answers from the new data", async () => {
    writeFileSync(
      join(dir.path, "data", "articles", "live-reload.md"),
      "---\ntitle: Live reload check\npublished: 2024-07\n---\nA quillbrook survey of border posts was published.\n",
    );
    const reload = spawn(process.execPath, [BRIEF, "data", "reload"], { cwd: ROOT, env: { ...env, LOG_LEVEL: "warn" } });
    let reloadOut = "";
    reload.stdout.on("data", (d) => (reloadOut += d));
    const code = await new Promise((r) => reload.once("close", r));
    expect(code).toBe(0);
    expect(reloadOut).toMatch(/Asked the running bot \(pid \d+\) to reload/);
    expect(reloadOut).toMatch(/Reloaded as knowledge version \d+/);

    bot.stdin.write("/search quillbrook\n");
    await waitFor(() => out, /Live reload check/);
    expect(out).toContain("*quillbrook*");
  }, 60_000);
});
