/**
 * Expected user errors carry a code and a sentence for the person. Anything else thrown is a bug:
 * the dispatcher logs it with its context and answers with a short apology.
 */
export type UserErrorCode =
  | "unknown-command"
  | "missing-argument"
  | "bad-argument"
  | "too-long"
  | "empty-query"
  | "not-found"
  | "forbidden"
  | "rate-limited"
  | "not-supported"
  | "invalid-time"
  | "invalid-timezone"
  | "limit-reached"
  | "expired"
  /** A part of Brief is being repaired (the search index after damage): try again shortly. */
  | "unavailable";

export class UserError extends Error {
  constructor(
    readonly code: UserErrorCode,
    message: string,
    /** Optional extra lines, such as usage or suggestions. */
    readonly hints: string[] = [],
  ) {
    super(message);
    this.name = "UserError";
  }
}

export function isUserError(err: unknown): err is UserError {
  return err instanceof UserError;
}

/** A small result type for pure parsers and validators. */
export type Result<T, E = string> = { ok: true; value: T } | { ok: false; error: E };

/** What a person is told when a bug (not their input) stopped an answer; the details go to the log. */
export const APOLOGY = "Sorry, something went wrong on our side. It has been logged; please try again in a moment.";
