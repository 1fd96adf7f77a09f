/**
 * The contract every platform adapter fulfils. Platform types stay inside src/adapters/<platform>/;
 * the rest of Brief sees only this.
 */
import type { CommandDef } from "./command.js";
import type { Dispatch } from "./dispatcher.js";
import type { MessageDoc } from "./message.js";
import type { ChannelRef, Platform } from "./origin.js";

/** How a send ended, classified so the digest outbox can decide what to do next. */
export type SendResult =
  | { ok: true; messageIds: string[] }
  /** 429: try again after this many seconds. */
  | { ok: false; kind: "rate-limited"; retryAfterSeconds: number; detail: string }
  /** 5xx, network error, timeout: back off and retry a bounded number of times. */
  | { ok: false; kind: "transient"; detail: string }
  /** Blocked, kicked, chat not found, missing access or permissions, unknown channel: pause. */
  | { ok: false; kind: "permanent"; detail: string }
  /** Telegram group upgraded to a supergroup: rewrite the channel and retry. */
  | { ok: false; kind: "migrated"; newChannel: ChannelRef; detail: string };

export interface SendOptions {
  /** An idempotency key where the platform supports one (Discord nonce, ≤ 25 characters). */
  nonce?: string;
}

export interface Adapter {
  readonly platform: Platform;
  start(dispatch: Dispatch): Promise<void>;
  /** Finish in-flight work, then return. */
  stop(): Promise<void>;
  /** Sends a document unprompted (digests). Never throws: failures come back classified. */
  send(channel: ChannelRef, doc: MessageDoc, options?: SendOptions): Promise<SendResult>;
}

export type { CommandDef };
