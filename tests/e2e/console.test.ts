/** The console adapter end to end: `npm start` as a newcomer runs it, with piped stdin. */
import { spawn } from "node:child_process";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consoleOnlyEnv, tempDir } from "../helpers/app.js";

const ROOT = resolve(import.meta.dirname, "../..");

function runStart(input: string, env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, reject) => {
    const child = spawn("npm", ["start", "--silent"], {
      cwd: ROOT,
      env: consoleOnlyEnv(env),
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => done({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe("npm start with piped stdin", () => {
  let dir: ReturnType<typeof tempDir>;
  beforeAll(() => {
    dir = tempDir("brief-console-");
  });
  afterAll(() => dir.cleanup());

  it("answers one command per line, each reply followed by a blank line, and exits at the end of input", async () => {
    const db = join(dir.path, "brief.sqlite");
    const { code, stdout } = await runStart("/who Rahmon\n/search huawei\n", { BRIEF_DB: db });
    expect(code).toBe(0);
    const replies = stdout.split(/\n\n(?=[A-Z!])/);
    expect(stdout).toMatch(/^EMOMALI RAHMON/);
    expect(stdout).toContain("SEARCH: HUAWEI");
    expect(stdout).toMatch(/Sources:\n\[1\]/);
    expect(stdout.endsWith("\n\n")).toBe(true);
    expect(replies.length).toBeGreaterThan(2);
  }, 60_000);

  it("turns pages with /next and survives nonsense and unknown commands", async () => {
    const db = join(dir.path, "brief2.sqlite");
    const { code, stdout } = await runStart('/timeline\n/next\n/nonsense\n\u0000\u0001 ((\n/search "AND\n', { BRIEF_DB: db });
    expect(code).toBe(0);
    expect(stdout).toContain("Page 1 of");
    expect(stdout).toContain("Page 2 of");
    expect(stdout).toContain("There is no /nonsense command.");
    expect(stdout).not.toContain("something went wrong");
  }, 60_000);

  it("refuses to start on invalid data and names the file and line", async () => {
    const { code, stderr } = await runStart("/help\n", { BRIEF_DB: join(dir.path, "x.sqlite"), BRIEF_DATA: join(dir.path, "missing") });
    expect(code).toBe(1);
    expect(stderr).toContain("missing:1: the data folder does not exist");
  }, 60_000);

  it("stops with one clear message naming a bad variable", async () => {
    const { code, stderr } = await runStart("", { TELEGRAM_BOT_TOKEN: "not a token" });
    expect(code).toBe(2);
    expect(stderr).toContain("TELEGRAM_BOT_TOKEN");
  }, 60_000);
});
