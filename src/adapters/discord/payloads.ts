/**
 * Rendered documents → discord.js message payloads: embeds or content, no pings, pager buttons on the
 * last message of a page.
 */

import { createHash } from "node:crypto";
import { type APIActionRowComponent, type APIButtonComponent, type APIEmbed, ButtonStyle, ComponentType } from "discord.js";
import type { MessageDoc, Pages } from "../../core/message.js";
import { encodePagerData } from "../../core/pager.js";
import { type DiscordEmbed, renderDiscordContent, renderDiscordEmbeds } from "../../render/discord.js";
import { capParts } from "../../render/reply-cap.js";

// The renderer stays free of platform types; this line fails to compile if its shape drifts from Discord's.
const embedsAreApiEmbeds = (e: DiscordEmbed): APIEmbed => e;
void embedsAreApiEmbeds;

export interface MessagePart {
  content?: string;
  embeds?: APIEmbed[];
}

/** Mentions in answers are text, never pings (data may contain "@everyone" or "<@id>"). */
export const NO_MENTIONS = { parse: [] as [] };

/** The messages a document takes, at most MAX_MESSAGES_PER_REPLY (see reply-cap.ts). */
export function renderParts(doc: MessageDoc, embeds: boolean): MessagePart[] {
  const parts = embeds ? renderDiscordEmbeds(doc).map((m) => ({ embeds: m.embeds })) : renderDiscordContent(doc).map((content) => ({ content }));
  return capParts<MessagePart>(parts, (notice) => ({ content: `*${notice}*` }));
}

export type ButtonRow = APIActionRowComponent<APIButtonComponent>;

/** ◀ page/count ▶ — the middle button only shows where you are. custom_ids are unique within the message. */
export function pagerRow(token: string, pages: Pick<Pages, "index" | "count">): ButtonRow {
  const { index, count } = pages;
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        custom_id: encodePagerData(token, index - 1),
        label: "◀",
        disabled: index <= 1,
      },
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        custom_id: `pgi:${token}`,
        label: `${index} / ${count}`,
        disabled: true,
      },
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        custom_id: encodePagerData(token, index + 1),
        label: "▶",
        disabled: index >= count,
      },
    ],
  };
}

/** Discord nonces hold at most 25 characters. */
export const NONCE_MAX = 25;

/**
 * The nonce for part `index` of a multi-message send: the caller's nonce for the first part (when it fits),
 * a stable digest of (nonce, part) otherwise — so a retried send repeats no part.
 */
export function partNonce(nonce: string, index: number): string {
  if (index === 0 && nonce.length <= NONCE_MAX) return nonce;
  return createHash("sha256").update(`${nonce}#${index}`).digest("base64url").slice(0, NONCE_MAX);
}
