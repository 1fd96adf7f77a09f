/** Structured logs go to stderr, so stdout stays for replies (the console adapter and `brief ask`). */
import { type Logger, pino } from "pino";

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({ level, base: { app: "brief" } }, pino.destination({ fd: 2, sync: true }));
}

/** A logger that drops everything, for tests and one-shot commands that must stay quiet. */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
