/**
 * Pager buttons carry a short token instead of the command and its arguments: Telegram's callback_data
 * holds 64 bytes and Discord's custom_id 100 characters. Tokens live in memory, newest kept; a button
 * whose token was forgotten (old message, restart) gets a polite "run it again".
 */
import { randomBytes } from "node:crypto";
import type { Pages } from "./message.js";

export interface PagerEntry {
  command: string;
  args: string;
  /** Only this user may page; undefined lets anyone in the chat page (a digest, a channel post). */
  ownerId?: string;
  /** Only in this chat: a token is no key to another chat's pages. Undefined: wherever it is shown. */
  channel?: string;
  count: number;
}

export const PAGER_CAPACITY = 5000;

export class PagerTokens {
  private readonly entries = new Map<string, PagerEntry>();

  constructor(private readonly capacity = PAGER_CAPACITY) {}

  /** Returns a token of 10 url-safe characters for this paginated reply. */
  register(pages: Pages, ownerId?: string, channel?: string): string {
    const token = randomBytes(8).toString("base64url").slice(0, 10);
    this.entries.set(token, { command: pages.command, args: pages.args, ownerId, channel, count: pages.count });
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return token;
  }

  resolve(token: string): PagerEntry | undefined {
    return this.entries.get(token);
  }
}

/** "pg:<token>:<page>" — the button payload shared by both platforms. */
export function encodePagerData(token: string, page: number): string {
  return `pg:${token}:${page}`;
}

export function decodePagerData(data: string): { token: string; page: number } | undefined {
  const m = /^pg:([A-Za-z0-9_-]{1,32}):(\d{1,6})$/.exec(data);
  return m ? { token: m[1]!, page: Number(m[2]) } : undefined;
}
