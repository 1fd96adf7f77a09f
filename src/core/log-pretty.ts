/**
 * LOG_FORMAT=pretty: pino's JSON lines rewritten for people, synchronously, on stderr. pino-pretty would
 * do it as a transport in a worker thread (a second thread and a dependency for a development nicety, and
 * lines still in the worker are lost when the process exits abruptly); a line formatter is a few lines.
 * The JSON format stays the default: it is what log collectors read.
 */
import { writeSync } from "node:fs";

const LEVELS: Record<number, string> = { 10: "TRACE", 20: "DEBUG", 30: "INFO ", 40: "WARN ", 50: "ERROR", 60: "FATAL" };
/** Fields every line has, or that the line's head already shows. */
const HIDDEN = new Set(["level", "time", "msg", "pid", "hostname", "app", "req"]);

/** One JSON log line → "12:00:01.234 INFO  [req] message key=value …". Pure; a line that is not JSON passes through. */
export function prettyLine(line: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line.endsWith("\n") ? line : `${line}\n`;
  }
  const time = typeof entry.time === "number" ? new Date(entry.time).toISOString().slice(11, 23) : "";
  const level = LEVELS[entry.level as number] ?? String(entry.level);
  const req = entry.req ? ` [${String(entry.req)}]` : "";
  const fields = Object.entries(entry)
    .filter(([k]) => !HIDDEN.has(k))
    .map(([k, v]) => (k === "err" ? errorText(v) : `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`));
  return `${time} ${level}${req} ${String(entry.msg ?? "")}${fields.length ? `  ${fields.join(" ")}` : ""}\n`;
}

function errorText(err: unknown): string {
  if (err && typeof err === "object" && "stack" in err && typeof err.stack === "string") return `\n    ${err.stack.replace(/\n/g, "\n    ")}`;
  return `err=${JSON.stringify(err)}`;
}

/** A pino destination writing pretty lines to a file descriptor, synchronously (as the JSON destination does). */
export function prettyDestination(fd = 2): { write(line: string): void } {
  return { write: (line) => void writeSync(fd, prettyLine(line)) };
}
