/** The operations settings as parseConfig reads them, pretty log lines, and the retry backoff. Pure. */
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../src/config.js";
import { prettyLine } from "../../src/core/log-pretty.js";
import { backoffDelay } from "../../src/ops/connector.js";

describe("operations settings", () => {
  it("GIVEN no BRIEF_HTTP_PORT THEN no endpoints; GIVEN one THEN bound to loopback unless BRIEF_HTTP_HOST says otherwise", () => {
    expect(parseConfig({}).http).toBeUndefined();
    expect(parseConfig({ BRIEF_HTTP_PORT: "9464" }).http).toEqual({ port: 9464, host: "127.0.0.1" });
    expect(parseConfig({ BRIEF_HTTP_PORT: "9464", BRIEF_HTTP_HOST: "0.0.0.0" }).http).toEqual({ port: 9464, host: "0.0.0.0" });
  });

  it("GIVEN a bad port or log format THEN start-up stops naming the variable", () => {
    expect(() => parseConfig({ BRIEF_HTTP_PORT: "70000" })).toThrow(ConfigError);
    expect(() => parseConfig({ BRIEF_HTTP_PORT: "70000" })).toThrow(/BRIEF_HTTP_PORT/);
    expect(() => parseConfig({ LOG_FORMAT: "xml" })).toThrow(/LOG_FORMAT: expected json or pretty/);
  });

  it("GIVEN BRIEF_BACKUP_DIR THEN daily backups keeping 7 unless BRIEF_BACKUP_KEEP says otherwise", () => {
    expect(parseConfig({}).backup).toBeUndefined();
    expect(parseConfig({ BRIEF_BACKUP_DIR: "/b" }).backup).toEqual({ dir: "/b", keep: 7 });
    expect(parseConfig({ BRIEF_BACKUP_DIR: "/b", BRIEF_BACKUP_KEEP: "30" }).backup).toEqual({ dir: "/b", keep: 30 });
    expect(() => parseConfig({ BRIEF_BACKUP_KEEP: "0" })).toThrow(/BRIEF_BACKUP_KEEP/);
  });
});

describe("pretty log lines", () => {
  it("shows time, level, request id and message first, then the other fields; an error with its stack", () => {
    const line = JSON.stringify({ level: 40, time: Date.UTC(2026, 2, 1, 4, 5, 6, 789), app: "brief", req: "abc123", msg: "slow", command: "search", ms: 12 });
    expect(prettyLine(line)).toBe("04:05:06.789 WARN  [abc123] slow  command=search ms=12\n");
    const err = prettyLine(JSON.stringify({ level: 50, time: 0, msg: "failed", err: { type: "Error", message: "boom", stack: "Error: boom\n    at x" } }));
    expect(err).toBe("00:00:00.000 ERROR failed  \n    Error: boom\n        at x\n");
    expect(prettyLine("not json")).toBe("not json\n");
  });
});

describe("reconnect backoff", () => {
  it("doubles from the first wait up to the cap, within ±20%", () => {
    const b = { initialMs: 1000, maxMs: 8000 };
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, b, () => 0.5))).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
    expect(backoffDelay(1, b, () => 0)).toBe(800);
    expect(backoffDelay(1, b, () => 1)).toBe(1200);
  });
});
