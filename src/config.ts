/**
 * Environment (and .env) → a typed Config. Every bad value is named in one clear message;
 * start-up stops on it rather than limping along.
 */
import { z } from "zod";

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

/** "123, 456" → ["123", "456"]. Ids stay strings: Discord snowflakes exceed 2^53. */
const idList = z
  .string()
  .optional()
  .transform((v) => (v ?? "").split(/[\s,]+/).filter(Boolean))
  .refine((ids) => ids.every((id) => /^-?\d{1,25}$/.test(id)), "expected numeric ids separated by commas");

const flag = z
  .string()
  .optional()
  .transform((v) => (v ?? "").trim().toLowerCase())
  .refine((v) => ["", "0", "1", "true", "false", "yes", "no"].includes(v), "expected 1 or 0")
  .transform((v) => ["1", "true", "yes"].includes(v));

const urlWithoutTrailingSlash = optionalString.refine(
  (v) => v === undefined || /^https?:\/\/[^\s]+[^/]$/.test(v),
  "expected an http(s) URL without a trailing slash",
);

const positiveInt = (fallback: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === "" ? String(fallback) : v.trim()))
    .refine((v) => /^\d{1,9}$/.test(v) && Number(v) > 0, "expected a positive whole number")
    .transform(Number);

/** A TCP port, 0 included (any free port: what tests use). */
const optionalPort = optionalString.refine((v) => v === undefined || (/^\d{1,5}$/.test(v) && Number(v) <= 65535), "expected a port number, 0-65535");

const LOG_LEVELS: readonly string[] = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

const EnvSchema = z.object({
  BRIEF_DB: optionalString.transform((v) => v ?? "./var/brief.sqlite"),
  BRIEF_DATA: optionalString.transform((v) => v ?? "./data"),
  BRIEF_WATCH_DATA: flag,
  LOG_LEVEL: optionalString.refine((v) => v === undefined || LOG_LEVELS.includes(v), `expected one of ${"fatal, error, warn, info, debug, trace, silent"}`),
  TELEGRAM_BOT_TOKEN: optionalString.refine((v) => v === undefined || /^\d+:[A-Za-z0-9_-]+$/.test(v), "expected a token like 123456:ABC-DEF from BotFather"),
  TELEGRAM_API_ROOT: urlWithoutTrailingSlash,
  TELEGRAM_WEBHOOK_URL: optionalString.refine((v) => v === undefined || /^https:\/\/\S+$/.test(v), "expected an https URL"),
  TELEGRAM_WEBHOOK_SECRET: optionalString.refine(
    (v) => v === undefined || /^[A-Za-z0-9_-]{1,256}$/.test(v),
    "expected 1-256 characters of A-Z, a-z, 0-9, _ or -",
  ),
  TELEGRAM_WEBHOOK_PORT: positiveInt(8443),
  // Loopback unless told otherwise: the webhook sits behind a TLS proxy on the same host (README).
  TELEGRAM_WEBHOOK_HOST: optionalString
    .refine((v) => v === undefined || /^[A-Za-z0-9.:[\]-]{1,255}$/.test(v), "expected an address to listen on, such as 127.0.0.1 or ::")
    .transform((v) => v ?? "127.0.0.1"),
  TELEGRAM_ADMIN_IDS: idList,
  BRIEF_DIGEST_STALE_HOURS: positiveInt(6),
  BRIEF_TELEGRAM_RATE: positiveInt(30),
  BRIEF_DIGEST_IN_FLIGHT: positiveInt(1).refine((n) => n <= 16, "expected 1 to 16"),
  BRIEF_TELEGRAM_CHAT_RATE: positiveInt(1),
  BRIEF_TELEGRAM_GROUP_RATE: positiveInt(20),
  DISCORD_TOKEN: optionalString,
  DISCORD_APP_ID: optionalString.refine((v) => v === undefined || /^\d{5,25}$/.test(v), "expected a numeric application id"),
  DISCORD_ADMIN_IDS: idList,
  DISCORD_API_BASE: urlWithoutTrailingSlash,
  LOG_FORMAT: optionalString.refine((v) => v === undefined || v === "json" || v === "pretty", "expected json or pretty"),
  BRIEF_HTTP_PORT: optionalPort,
  BRIEF_HTTP_HOST: optionalString,
  BRIEF_BACKUP_DIR: optionalString,
  BRIEF_BACKUP_KEEP: positiveInt(7),
});

export type Config = {
  dbPath: string;
  dataDir: string;
  watchData: boolean;
  /** LOG_LEVEL as set; unset, each command picks its own default (the bot logs at info, one-shot commands at warn). */
  logLevel?: string;
  /** LOG_FORMAT: JSON lines (default) or lines for people. */
  logFormat: "json" | "pretty";
  /** Health and metrics over HTTP (BRIEF_HTTP_PORT); off when unset. */
  http?: { port: number; host: string };
  /** Daily backups by the running bot (BRIEF_BACKUP_DIR), keeping the newest `keep`. */
  backup?: { dir: string; keep: number };
  digest: {
    /** A slot found later than this is skipped, and the skip recorded. */
    staleAfterMs: number;
    /** Deliveries in flight at once (a crash on Telegram may repeat this many messages). */
    inFlight: number;
    /** Fan-out pacing on Telegram: messages per second overall and per chat, per minute per group. */
    telegramPacing: { globalPerSecond: number; perChatPerSecond: number; perGroupPerMinute: number };
  };
  telegram?: {
    token: string;
    apiRoot?: string;
    webhook?: { url: string; secret?: string; port: number; host: string };
    adminIds: string[];
  };
  discord?: {
    token: string;
    appId: string;
    apiBase?: string;
    adminIds: string[];
  };
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration problem${problems.length > 1 ? "s" : ""}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Pure: reads only the object given, so tests pass their own environment. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (e.DISCORD_TOKEN && !e.DISCORD_APP_ID) problems.push("DISCORD_APP_ID: required when DISCORD_TOKEN is set");
  if (!e.DISCORD_TOKEN && e.DISCORD_APP_ID) problems.push("DISCORD_TOKEN: required when DISCORD_APP_ID is set");
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    dbPath: e.BRIEF_DB,
    dataDir: e.BRIEF_DATA,
    watchData: e.BRIEF_WATCH_DATA,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT === "pretty" ? "pretty" : "json",
    // Loopback by default: health and metrics are for this machine's probes and a local scraper.
    http: e.BRIEF_HTTP_PORT === undefined ? undefined : { port: Number(e.BRIEF_HTTP_PORT), host: e.BRIEF_HTTP_HOST ?? "127.0.0.1" },
    backup: e.BRIEF_BACKUP_DIR ? { dir: e.BRIEF_BACKUP_DIR, keep: e.BRIEF_BACKUP_KEEP } : undefined,
    digest: {
      staleAfterMs: e.BRIEF_DIGEST_STALE_HOURS * 3_600_000,
      inFlight: e.BRIEF_DIGEST_IN_FLIGHT,
      telegramPacing: {
        globalPerSecond: e.BRIEF_TELEGRAM_RATE,
        perChatPerSecond: e.BRIEF_TELEGRAM_CHAT_RATE,
        perGroupPerMinute: e.BRIEF_TELEGRAM_GROUP_RATE,
      },
    },
    telegram: e.TELEGRAM_BOT_TOKEN
      ? {
          token: e.TELEGRAM_BOT_TOKEN,
          apiRoot: e.TELEGRAM_API_ROOT,
          webhook: e.TELEGRAM_WEBHOOK_URL
            ? { url: e.TELEGRAM_WEBHOOK_URL, secret: e.TELEGRAM_WEBHOOK_SECRET, port: e.TELEGRAM_WEBHOOK_PORT, host: e.TELEGRAM_WEBHOOK_HOST }
            : undefined,
          adminIds: e.TELEGRAM_ADMIN_IDS,
        }
      : undefined,
    discord:
      e.DISCORD_TOKEN && e.DISCORD_APP_ID
        ? { token: e.DISCORD_TOKEN, appId: e.DISCORD_APP_ID, apiBase: e.DISCORD_API_BASE, adminIds: e.DISCORD_ADMIN_IDS }
        : undefined,
  };
}
