/**
 * Gateway dispatches that mean a channel or a whole server is gone for Brief, so its digests pause
 * instead of failing at the next delivery. A pure function over the raw dispatch, so it can be tested
 * without a gateway.
 *
 * Read from the raw packet (discord.js's Raw event, emitted before its own cache update) rather than
 * from GuildDelete/ChannelDelete, which discord.js emits only for what it had cached.
 *
 * - GUILD_DELETE without `unavailable`: the bot was removed (kicked, banned, left) or the server deleted.
 *   With `unavailable: true` it is an outage: the server comes back by itself, so nothing pauses.
 *   (discord.com/developers/docs/events/gateway-events#guild-delete)
 * - CHANNEL_DELETE / THREAD_DELETE: the channel or thread no longer exists.
 */
import { GatewayDispatchEvents } from "discord.js";
import type { ChannelGone } from "../../core/adapter.js";
import { channelRef } from "../../core/origin.js";

export interface RawDispatch {
  t?: string | null;
  d?: unknown;
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null;
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** `guildName` looks up a name Brief still knows (the cache is updated after this runs). */
export function channelGoneFrom(packet: RawDispatch, guildName: (id: string) => string | undefined = () => undefined): ChannelGone | undefined {
  if (!isObj(packet.d)) return undefined;
  const d = packet.d;
  const id = str(d.id);
  if (!id || !/^\d{1,25}$/.test(id)) return undefined;
  switch (packet.t) {
    case GatewayDispatchEvents.GuildDelete: {
      if (d.unavailable === true) return undefined;
      const name = guildName(id);
      return { server: id, reason: `Brief was removed from the server${name ? ` “${name}”` : ""}, or the server was deleted.` };
    }
    case GatewayDispatchEvents.ChannelDelete: {
      const name = str(d.name);
      return { channel: channelRef("discord", id), reason: `The channel ${name ? `#${name}` : id} was deleted.` };
    }
    case GatewayDispatchEvents.ThreadDelete:
      return { channel: channelRef("discord", id), reason: "The thread was deleted." };
    default:
      return undefined;
  }
}
