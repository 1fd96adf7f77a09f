/** Structured logs go to stderr, so stdout stays for replies (the console adapter and `brief ask`). */
import { type DestinationStream, type Logger, pino } from "pino";
import { REDACT_PATHS, REDACTED, scrubSecrets } from "./redact.js";

export type { Logger };

/** Secrets are censored by field name and scrubbed from every finished line (see redact.ts). */
const REDACTION = {
  redact: { paths: REDACT_PATHS, censor: REDACTED },
  hooks: { streamWrite: scrubSecrets },
};

/** `destination` is for tests that read what would have gone to stderr. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino({ level, base: { app: "brief" }, ...REDACTION }, destination ?? pino.destination({ fd: 2, sync: true }));
}

/** A logger that drops everything, for tests and one-shot commands that must stay quiet. */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
