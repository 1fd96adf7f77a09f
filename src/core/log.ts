/** Structured logs go to stderr, so stdout stays for replies (the console adapter and `brief ask`). */
import { type DestinationStream, type Logger, pino } from "pino";
import { prettyDestination } from "./log-pretty.js";
import { REDACT_PATHS, REDACTED, scrubSecrets } from "./redact.js";
import { currentRequestId } from "./request-context.js";

export type { Logger };

/** "json": one JSON object per line, for collectors (the default); "pretty": for people at a terminal. */
export type LogFormat = "json" | "pretty";

/** Secrets are censored by field name and scrubbed from every finished line (see redact.ts). */
const REDACTION = {
  redact: { paths: REDACT_PATHS, censor: REDACTED },
  hooks: { streamWrite: scrubSecrets },
};

/** `destination` replaces stderr (tests read the lines as the process would write them). */
export function createLogger(level: string, format: LogFormat = "json", destination?: DestinationStream): Logger {
  // The request id of the command being handled, if any (see request-context.ts), on every line.
  const mixin = () => {
    const req = currentRequestId();
    return req ? { req } : {};
  };
  const out = destination ?? (format === "pretty" ? prettyDestination(2) : pino.destination({ fd: 2, sync: true }));
  return pino({ level, base: { app: "brief" }, mixin, ...REDACTION }, out);
}

/** A logger that drops everything, for tests and one-shot commands that must stay quiet. */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
