/**
 * A request id for each command, from the adapter that received it to the reply: the adapter runs its
 * handling inside withRequest(), and every log line written meanwhile, in any layer, carries the id (the
 * logger reads it here). AsyncLocalStorage follows the awaits, so no function has to pass the id along.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { randomBytes } from "node:crypto";

const context = new AsyncLocalStorage<{ requestId: string }>();

/** 12 hex characters: unique enough to find one command's lines among a day's. */
export function newRequestId(): string {
  return randomBytes(6).toString("hex");
}

/** Runs `work` as one request: log lines written inside it, awaits included, carry `requestId`. */
export function withRequest<T>(requestId: string, work: () => T): T {
  return context.run({ requestId }, work);
}

export function currentRequestId(): string | undefined {
  return context.getStore()?.requestId;
}
