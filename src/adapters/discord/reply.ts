/**
 * A reply on Discord: one message per reply (or page) — one embed, coloured by kind, timestamped, its
 * title linked to the source where there is one — within DISCORD_SCREEN_BUDGET, and buttons that edit it
 * in place: More ▶ / ◀, "Sources (n)" and ↩ back, and "did you mean" candidates. Pure but for the pager.
 */
import { type APIActionRowComponent, type APIButtonComponent, type APIEmbed, ButtonStyle, ComponentType } from "discord.js";
import { translator } from "../../core/i18n.js";
import type { MessageDoc } from "../../core/message.js";
import type { PagerTokens } from "../../core/pager.js";
import { type NavButton, needsButtons, replyButtons, type ViewState } from "../../core/reply-view.js";
import { renderDiscordScreens } from "../../render/discord.js";
import type { MessagePart } from "./payloads.js";

/** Discord's limits on message components (discord.com/developers/docs/components/reference#action-row). */
export const DISCORD_BUTTONS_PER_ROW = 5;
export const DISCORD_ROWS_PER_MESSAGE = 5;
export const DISCORD_BUTTON_LABEL_MAX = 80;

export type ButtonRow = APIActionRowComponent<APIButtonComponent>;

/** Neutral buttons → action rows; a label without payload is a disabled button (custom ids stay unique). */
export function toComponents(rows: readonly NavButton[][], token: string): ButtonRow[] {
  let blank = 0;
  return rows
    .filter((r) => r.length > 0)
    .slice(0, DISCORD_ROWS_PER_MESSAGE)
    .map((row) => ({
      type: ComponentType.ActionRow,
      components: row.slice(0, DISCORD_BUTTONS_PER_ROW).map(
        (b): APIButtonComponent => ({
          type: ComponentType.Button,
          style: b.data?.startsWith("ac:") ? ButtonStyle.Primary : ButtonStyle.Secondary,
          custom_id: b.data ?? `pgi:${token}:${blank++}`,
          label: b.label.slice(0, DISCORD_BUTTON_LABEL_MAX),
          disabled: b.data === undefined,
        }),
      ),
    }));
}

export interface DiscordShown {
  part: MessagePart;
  components: ButtonRow[];
}

/** The message for a reply at `state` (registering the reply once, owned by the person who asked, in that channel). */
export function discordView(
  doc: MessageDoc,
  state: ViewState,
  opts: { pager: PagerTokens; embeds: boolean; ownerId: string; channel: string; token?: string; at?: Date },
): DiscordShown {
  const screens = renderDiscordScreens(doc, opts.at);
  const body: MessagePart[] = opts.embeds ? screens.embeds.map((e) => ({ embeds: [e as APIEmbed] })) : screens.contents.map((content) => ({ content }));
  const sources: MessagePart[] = opts.embeds
    ? screens.sourceEmbeds.map((e) => ({ embeds: [e as APIEmbed] }))
    : screens.sourceContents.map((content) => ({ content }));
  const list = state.sources && sources.length > 0 ? sources : body;
  const screen = Math.min(Math.max(1, state.screen || list.length), list.length);
  if (!opts.token && !needsButtons(doc, body.length)) return { part: list[screen - 1]!, components: [] };
  const token =
    opts.token ??
    opts.pager.register(doc.pages ?? { index: 1, count: 1, command: "", args: "" }, opts.ownerId, opts.channel, {
      doc,
      sources: doc.citations,
    });
  const rows = replyButtons(doc, token, { ...state, screen, sources: state.sources && sources.length > 0 }, list.length, translator(doc.locale));
  return { part: list[screen - 1]!, components: toComponents(rows, token) };
}
