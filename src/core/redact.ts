/**
 * Secrets never reach a log line. Two layers, both applied by the logger (src/core/log.ts):
 *
 * - pino's `redact` censors fields that hold a secret by name (`token`, `secret_token`, `authorization`),
 *   whatever the secret looks like;
 * - scrubSecrets() runs over every finished line (pino's `hooks.streamWrite`). Tokens mostly travel inside
 *   strings: grammY's network errors carry the request URL …/bot<TOKEN>/<method> in their cause, discord.js
 *   errors carry …/interactions/<id>/<TOKEN>/callback in `url`, and an error's message is copied into
 *   `detail` fields and messages. No per-field serializer sees all of those; the finished line does.
 *
 * The scrubber knows the shapes of Telegram bot tokens, Discord bot tokens and the interaction and webhook
 * tokens in Discord URLs, and also every value handed to rememberSecret() (the adapters hand in their
 * tokens and the webhook secret), so a secret of an unusual shape is caught too.
 */

export const REDACTED = "[redacted]";

/** Field names whose values are secrets, wherever pino meets them (one and two levels down as well). */
export const REDACTED_KEYS = ["token", "secret_token", "authorization", "password"] as const;

export const REDACT_PATHS: string[] = REDACTED_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);

/** Shorter values are not remembered: replacing "abc" everywhere would garble logs and protect nothing. */
const MIN_SECRET_LENGTH = 6;

const known = new Set<string>();

/** Adds a value that must never be logged (a token, a webhook secret). Process-wide: secrets are too. */
export function rememberSecret(value: string | undefined): void {
  if (!value || value.length < MIN_SECRET_LENGTH) return;
  known.add(value);
  // Lines are JSON: a secret with a quote or backslash appears escaped there.
  const escaped = JSON.stringify(value).slice(1, -1);
  if (escaped !== value) known.add(escaped);
  // …and percent-encoded in URLs.
  const encoded = encodeURIComponent(value);
  if (encoded !== value) known.add(encoded);
}

/** Secrets by shape, each with what stays of the match (the part that is not secret). */
const SHAPES: [RegExp, string][] = [
  // Bot API URLs: https://api.telegram.org/bot<id>:<secret>/<method> (and /file/bot…).
  [/\/bot\d+:[A-Za-z0-9_-]+/g, `/bot${REDACTED}`],
  // A Telegram bot token on its own: the bot's id, a colon, 35 characters.
  [/\b\d{5,}:[A-Za-z0-9_-]{30,}/g, REDACTED],
  // Discord interaction and webhook tokens are path segments: /interactions/<id>/<token>, /webhooks/<app>/<token>.
  [/(\/interactions\/\d+\/)[^/?#\s"\\]+/g, `$1${REDACTED}`],
  [/(\/webhooks\/\d+\/)[^/?#\s"\\]+/g, `$1${REDACTED}`],
  // A Discord bot token: base64 user id, timestamp, HMAC, dot-separated.
  [/\b[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,}/g, REDACTED],
  // Authorization header values.
  [/\b(Bot|Bearer)\s+[A-Za-z0-9._~+/=-]{16,}/g, `$1 ${REDACTED}`],
];

/** Every secret in `text`, by shape or by value, replaced by "[redacted]". Pure apart from the remembered values. */
export function scrubSecrets(text: string): string {
  let out = text;
  for (const secret of known) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  for (const [pattern, replacement] of SHAPES) out = out.replace(pattern, replacement);
  return out;
}
