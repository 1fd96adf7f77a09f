/**
 * Classifies a failed Bot API call for the digest outbox (see SendResult in src/core/adapter.ts).
 * Pure: it reads the error's shape (GrammyError has error_code, description, parameters; HttpError is a
 * network failure), so it is tested without grammY or a network.
 *
 * Rules (core.telegram.org/bots/api#responseparameters, PLATFORM-NOTES.md):
 * - 429 → rate-limited, wait parameters.retry_after;
 * - parameters.migrate_to_chat_id → migrated: the group became a supergroup, rewrite the channel and retry;
 * - 403 (blocked by the user, kicked from the group, not a member) → permanent;
 * - 400 "chat not found", "not enough rights", "need administrator rights", deactivated chats → permanent;
 * - 5xx, network errors, timeouts → transient;
 * - anything else (401 bad token, other 400s such as a rendering bug) → transient, so a fault on OUR side
 *   never pauses a subscriber; the outbox retries a bounded number of times and the detail is logged.
 */
import type { SendFailure } from "../../core/adapter.js";
import { channelRef } from "../../core/origin.js";

/** When Telegram sends a 429 without retry_after (it should not), wait this long. */
export const DEFAULT_RETRY_AFTER_SECONDS = 30;

const PERMANENT_400 = [
  /chat not found/i,
  /not enough rights/i,
  /need administrator rights/i,
  /have no rights to send/i,
  /chat_write_forbidden/i,
  /chat_restricted/i,
  /group chat was deactivated/i,
  /user is deactivated/i,
  /bot is not a member/i,
  /bot was kicked/i,
  /peer_id_invalid/i,
  /topic_closed/i,
  /topic_deleted/i,
];

interface ApiErrorShape {
  error_code: number;
  description?: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

function isApiError(err: unknown): err is ApiErrorShape {
  return typeof err === "object" && err !== null && typeof (err as { error_code?: unknown }).error_code === "number";
}

function describe(err: unknown): string {
  if (isApiError(err)) return `${err.error_code}: ${err.description ?? "(no description)"}`;
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}

export function classifyTelegramError(err: unknown): SendFailure {
  const detail = describe(err).slice(0, 500);
  if (!isApiError(err)) return { ok: false, kind: "transient", detail };

  const { error_code: code, description = "", parameters = {} } = err;
  if (typeof parameters.migrate_to_chat_id === "number") {
    return { ok: false, kind: "migrated", newChannel: channelRef("telegram", parameters.migrate_to_chat_id), detail };
  }
  if (code === 429) {
    const retry = parameters.retry_after;
    const retryAfterSeconds = typeof retry === "number" && retry >= 0 ? retry : DEFAULT_RETRY_AFTER_SECONDS;
    return { ok: false, kind: "rate-limited", retryAfterSeconds, detail };
  }
  if (code === 403) return { ok: false, kind: "permanent", detail };
  if (code === 400 && PERMANENT_400.some((re) => re.test(description))) return { ok: false, kind: "permanent", detail };
  return { ok: false, kind: "transient", detail };
}
