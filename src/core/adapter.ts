import type { Dispatch } from "./dispatcher.js";
import type { Locale } from "./i18n.js";
import type { MessageDoc } from "./message.js";
import type { ChannelRef, Origin, Platform } from "./origin.js";

/** How a send ended, classified so the digest outbox can decide what to do next. */
export type SendResult =
  | { ok: true; messageIds: string[] }
  | (SendFailure & {
      /** Messages of a split document already delivered before the failure (0 when none). */
      sentParts?: number;
    });

/** A failed send, by what the outbox should do about it. */
export type SendFailure =
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
  /**
   * Skip this many leading messages of the split document: they were delivered by an earlier attempt
   * that failed part-way, so a retry resumes rather than repeats.
   */
  skipParts?: number;
  /**
   * Called after each message of a split document except the last, with how many are delivered so far
   * (counting skipped ones), so a crash between parts loses track of none. (The last needs no call: the
   * result reports it, and a single-message send costs no extra write.)
   */
  onPartSent?(delivered: number): void;
  /**
   * Awaited before each message of a split document after the first this call sends: the caller paces
   * them there (Telegram allows about one message a second to a chat), as it paced the first.
   */
  beforeNextPart?(): Promise<void>;
}

/** A platform's sending limits, as the digest pacer applies them; 0 means unlimited. */
export interface PacingLimits {
  /** Messages per second across all chats. */
  globalPerSecond: number;
  /** Messages per second to one chat. */
  perChatPerSecond: number;
  /** Messages per minute to one group or channel. */
  perGroupPerMinute: number;
}

export const UNPACED: PacingLimits = { globalPerSecond: 0, perChatPerSecond: 0, perGroupPerMinute: 0 };

export interface Adapter {
  readonly platform: Platform;
  /**
   * How unprompted sends must be paced on this platform, and which channels count as groups for the
   * per-group limit. Absent: the platform's own client paces (Discord's REST queue does).
   */
  readonly pacing?: { limits: PacingLimits; isGroup(channel: ChannelRef): boolean };
  start(dispatch: Dispatch): Promise<void>;
  /** Finish in-flight work, then return. */
  stop(): Promise<void>;
  /** Sends a document unprompted (digests). Never throws: failures come back classified. */
  send(channel: ChannelRef, doc: MessageDoc, options?: SendOptions): Promise<SendResult>;
  /**
   * Resolves a channel named in /subscribe (Telegram "@channel" or a chat id; a Discord channel id),
   * checking that the person may manage it and that the bot can post there.
   */
  resolveTarget?(target: string, origin: Origin): Promise<TargetCheck>;
  /**
   * Checks that the bot can post in a channel (Discord: ViewChannel, SendMessages, EmbedLinks); the reason
   * is in `locale`, the language of the person subscribing (resolveTarget reads it from the origin).
   */
  checkCanPost?(channel: ChannelRef, locale?: Locale): Promise<{ ok: true } | { ok: false; reason: string }>;
  /** Set by the composition root: the adapter calls it when it learns a channel or server is gone (kicked, deleted). */
  onChannelGone?: (event: ChannelGone) => void;
  /** Whether the adapter is connected to its platform now (for /readyz), with why not. Absent: connected once started. */
  health?(): AdapterHealth;
  /** Sends a notice to each bot admin (a private message) where the platform allows it; never throws. */
  notifyAdmins?(doc: MessageDoc): Promise<void>;
}

export interface AdapterHealth {
  connected: boolean;
  /** Why not, in a few words ("polling stopped: 409 Conflict"). */
  detail?: string;
}

/**
 * start() failed in a way that retrying cannot fix (the platform rejected the token): start-up stops and
 * says so. Any other start failure (the platform unreachable, a 5xx) is retried with backoff.
 */
export class AdapterStartRefused extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "AdapterStartRefused";
  }
}

export type TargetCheck = { ok: true; channel: ChannelRef; name: string; server?: string } | { ok: false; reason: string };

export interface ChannelGone {
  channel?: ChannelRef;
  /** A whole server (Discord guild) was left or deleted. */
  server?: string;
  reason: string;
}
