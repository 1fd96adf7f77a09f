/**
 * Classifying what went wrong talking to Discord. Pure functions over the shapes @discordjs/rest throws
 * (DiscordAPIError: status + code; HTTPError: status; RateLimitError: retryAfter/timeToReset in ms;
 * anything else: the network), so they can be tested without a server.
 */
import type { SendFailure } from "../../core/adapter.js";

/** JSON error codes (discord.com/developers/docs/topics/opcodes-and-status-codes#json). */
export const DiscordErrorCode = {
  UnknownChannel: 10003,
  UnknownGuild: 10004,
  UnknownMessage: 10008,
  UnknownWebhook: 10015,
  UnknownInteraction: 10062,
  MissingAccess: 50001,
  CannotSendToUser: 50007,
  MissingPermissions: 50013,
  InteractionAlreadyAcknowledged: 40060,
} as const;

/** Codes meaning the destination is gone or closed to us: retrying cannot help. */
const PERMANENT_CODES = new Set<number>([
  DiscordErrorCode.UnknownChannel,
  DiscordErrorCode.UnknownGuild,
  DiscordErrorCode.MissingAccess,
  DiscordErrorCode.CannotSendToUser,
  DiscordErrorCode.MissingPermissions,
  DiscordErrorCode.UnknownWebhook,
]);

/**
 * What a permanent failure means for the people who read /subscriptions, where it shows as the reason
 * a subscription was paused. Discord's own words follow in brackets for whoever debugs it.
 */
const PERMANENT_EXPLANATIONS: Record<number, string> = {
  [DiscordErrorCode.MissingPermissions]: "Brief may not post here: it needs View Channel, Send Messages and Embed Links",
  [DiscordErrorCode.MissingAccess]: "Brief cannot see this channel any more (it needs View Channel)",
  [DiscordErrorCode.UnknownChannel]: "The channel no longer exists",
  [DiscordErrorCode.UnknownGuild]: "The server no longer exists, or Brief was removed from it",
  [DiscordErrorCode.CannotSendToUser]: "Brief cannot send direct messages to this person",
};

function num(v: unknown): number | undefined {
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const code = num((err as { code?: unknown }).code);
    const status = num((err as { status?: unknown }).status);
    const tags = [status !== undefined ? `HTTP ${status}` : "", code !== undefined ? `code ${code}` : ""].filter(Boolean).join(", ");
    return `${tags ? `${tags}: ` : ""}${err.message || err.name}`.slice(0, 500);
  }
  return String(err).slice(0, 500);
}

/**
 * An error from sending a message → what the outbox should do.
 * 429 → rate-limited (retry after); 5xx, timeouts, network → transient;
 * 10003, 10004, 50001, 50007, 50013, 403, 404 → permanent; any other 4xx → permanent (a retry sends the same request);
 * 401 → transient: a bad token is the bot's problem, not the subscription's, and must not pause it.
 */
export function classifySendError(err: unknown): SendFailure {
  const detail = describe(err);
  if (typeof err !== "object" || err === null) return { ok: false, kind: "transient", detail };
  const e = err as Record<string, unknown>;
  const name = typeof e.name === "string" ? e.name : "";

  // @discordjs/rest RateLimitError (rejectOnRateLimit): retryAfter / timeToReset in milliseconds.
  if (name.startsWith("RateLimitError") || (num(e.timeToReset) !== undefined && num(e.retryAfter) !== undefined)) {
    const ms = Math.max(num(e.retryAfter) ?? 0, num(e.timeToReset) ?? 0, num(e.sublimitTimeout) ?? 0);
    return { ok: false, kind: "rate-limited", retryAfterSeconds: Math.max(1, Math.ceil(ms / 1000)), detail };
  }

  const status = num(e.status);
  const code = num(e.code);
  if (status === 429) {
    const raw = e.rawError as { retry_after?: unknown } | undefined;
    const seconds = num(raw?.retry_after) ?? num(e.retryAfter) ?? 1;
    return { ok: false, kind: "rate-limited", retryAfterSeconds: Math.max(1, Math.ceil(seconds)), detail };
  }
  if (code !== undefined && PERMANENT_CODES.has(code)) {
    const why = PERMANENT_EXPLANATIONS[code];
    return { ok: false, kind: "permanent", detail: why ? `${why} (Discord: ${detail})` : detail };
  }
  if (status !== undefined) {
    if (status >= 500) return { ok: false, kind: "transient", detail };
    if (status === 408 || status === 401) return { ok: false, kind: "transient", detail };
    if (status >= 400) return { ok: false, kind: "permanent", detail };
  }
  // No HTTP status: connection refused or reset, DNS, timeout (AbortError), token not yet set.
  return { ok: false, kind: "transient", detail };
}

/** 10062 / 40060: the interaction expired or was answered already. Expected now and then; log at warn. */
export function isInteractionGone(err: unknown): boolean {
  const code = num((err as { code?: unknown } | null)?.code);
  return code === DiscordErrorCode.UnknownInteraction || code === DiscordErrorCode.InteractionAlreadyAcknowledged;
}

/** discord.js's own "already replied" / "not replied" errors (thrown before any request). */
export function isInteractionStateError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === "InteractionAlreadyReplied" || code === "InteractionNotReplied";
}
