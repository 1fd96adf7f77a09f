/** A pino logger whose records a test can read and wait for. */
import { EventEmitter } from "node:events";
import { type Logger, pino } from "pino";

export interface LogRecord {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export interface CapturedLogs {
  log: Logger;
  records: LogRecord[];
  /** Resolves with the first record matching, as soon as it is written; rejects at the deadline. */
  waitFor(match: (r: LogRecord) => boolean, what: string, timeoutMs?: number): Promise<LogRecord>;
}

export function capturingLogger(): CapturedLogs {
  const records: LogRecord[] = [];
  const events = new EventEmitter();
  const log = pino(
    { level: "debug" },
    {
      write: (line: string) => {
        const record = JSON.parse(line) as LogRecord;
        records.push(record);
        events.emit("record", record);
      },
    },
  );
  return {
    log,
    records,
    waitFor(match, what, timeoutMs = 10_000) {
      const found = records.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const onRecord = (r: LogRecord): void => {
          if (!match(r)) return;
          clearTimeout(timer);
          events.off("record", onRecord);
          resolve(r);
        };
        const timer = setTimeout(() => {
          events.off("record", onRecord);
          reject(new Error(`timed out after ${timeoutMs} ms waiting for a log record: ${what}`));
        }, timeoutMs);
        events.on("record", onRecord);
      });
    },
  };
}

export const WARN = 40;
export const ERROR = 50;
