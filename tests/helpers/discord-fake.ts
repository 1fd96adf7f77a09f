/**
 * A small fake Discord for end-to-end tests: REST under /api/v10 (node:http) and a gateway (ws), both on
 * 127.0.0.1 with a free port. The real discord.js Client logs in against it, receives INTERACTION_CREATE
 * dispatches and answers through interaction callbacks and webhooks, which the fake records as messages
 * a test can read as a user would see them. Payloads are typed with discord-api-types/v10, so drift in
 * Discord's shapes shows at compile time.
 *
 * Behaviour modelled on Discord's: an interaction must be acknowledged once, within 3 s (else 10062;
 * twice → 40060); channel posts honour nonce + enforce_nonce; errors and 429s can be injected per channel.
 * The bot is in two servers (`guild`, `otherGuild`); channels can be created and deleted, and the bot
 * removed from a server or a server made unavailable (an outage), each announced over the gateway.
 * Posting in a channel whose overwrites deny the bot View Channel or Send Messages is refused as on Discord
 * (403, 50001 Missing Access or 50013 Missing Permissions). A request can be held unanswered (`holdNext`)
 * to play a slow Discord while the bot waits on it.
 */
import { EventEmitter } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type APIActionRowComponent,
  type APIApplicationCommandAutocompleteInteraction,
  type APIApplicationCommandInteractionDataOption,
  type APIChatInputApplicationCommandInteraction,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APIGuildMember,
  type APIInteractionGuildMember,
  type APIInteractionResponse,
  type APIMessage,
  type APIMessageComponentButtonInteraction,
  type APIOverwrite,
  type APIRole,
  type APITextChannel,
  type APIUser,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  type ApplicationFlags,
  type ChannelFlags,
  ChannelType,
  ComponentType,
  GatewayDispatchEvents,
  type GatewayDispatchPayload,
  type GatewayGuildCreateDispatch,
  type GatewayHeartbeatAck,
  type GatewayHello,
  GatewayOpcodes,
  type GatewayReadyDispatch,
  type GatewayResumedDispatch,
  type GuildMemberFlags,
  type GuildSystemChannelFlags,
  InteractionContextType,
  InteractionResponseType,
  InteractionType,
  Locale,
  MessageFlags,
  MessageType,
  OverwriteType,
  PermissionFlagsBits,
  type RESTGetAPIGatewayBotResult,
  type RESTPostAPIChannelMessageJSONBody,
  type RESTPutAPIApplicationCommandsJSONBody,
  type RoleFlags,
  type UserFlags,
} from "discord-api-types/v10";
import { type WebSocket, WebSocketServer } from "ws";

// ---------------------------------------------------------------- ids and fixtures

let nextId = 1_290_000_000_000_000_000n;
/** A fresh 19-digit snowflake (@discordjs/rest only recognises 17–19 digit ids as major parameters). */
export function snowflake(): string {
  nextId += 1n;
  return nextId.toString();
}

export const PERMS = {
  /** What an ordinary member may do. */
  member: PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.UseApplicationCommands,
  /** A moderator: may manage channels (Brief's chat admins). */
  moderator:
    PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.UseApplicationCommands | PermissionFlagsBits.ManageChannels,
  /** What Brief needs in a channel. */
  bot: PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks,
};

export function makeUser(id: string, username: string, bot = false): APIUser {
  return { id, username, global_name: username, discriminator: "0", avatar: null, ...(bot ? { bot: true } : {}) };
}

export interface FakeGuild {
  id: string;
  name: string;
  /** Text channels: `general` lets the bot post; `locked` denies SendMessages to @everyone; `plain` denies EmbedLinks. */
  channels: { general: string; locked: string; plain: string };
  /** Members whose permissions include Manage Channels or Manage Server hold this role (it grants PERMS.moderator). */
  moderatorRole: string;
}

/** A second server the bot is in, with one text channel the bot may post in. */
export interface FakeOtherGuild {
  id: string;
  name: string;
  channels: { general: string };
  moderatorRole: string;
}

/** A text channel for createChannel(). `deny` applies to @everyone (and so to the bot, which holds no role); the others to the moderators' role. */
export interface ChannelSpec {
  name: string;
  /** Default: the main guild. */
  guildId?: string;
  deny?: bigint;
  denyModerators?: bigint;
  allowModerators?: bigint;
}

/** A text channel as the gateway sends it inside a guild (guild_id always set). */
type GuildTextChannel = APITextChannel & { guild_id: string };

interface GuildState {
  id: string;
  name: string;
  moderatorRole: string;
  channels: GuildTextChannel[];
  /** The bot was removed: its channels answer 50001 Missing Access. */
  removed: boolean;
}

export interface FakeUser {
  user: APIUser;
  /** Server permissions of this member (ignored in DMs). */
  permissions: bigint;
}

/** Where a user acts: the main guild's #general, the DM with the bot, or any guild channel. */
export type Where = "guild" | "dm" | { channel: string };

// ---------------------------------------------------------------- recorded traffic

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  status: number;
}

/** A message as a user would see it: in a channel, as an interaction reply or follow-up. */
export interface FakeMessage {
  id: string;
  channelId: string;
  kind: "reply" | "follow-up" | "channel";
  /** The interaction whose token created or owns it. */
  interactionId?: string;
  content: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIComponentInMessageActionRow>[];
  flags: number;
  /** A deferred reply not yet edited ("Brief is thinking…"). */
  thinking: boolean;
  deleted: boolean;
  nonce?: string | number;
  edits: number;
}

interface InteractionRecord {
  id: string;
  token: string;
  type: InteractionType;
  channelId: string;
  sentAt: number;
  acknowledged?: InteractionResponseType;
  callbacks: APIInteractionResponse[];
  /** The reply message (command) or the message carrying the component (button). */
  messageId?: string;
  autocompleteChoices?: { name: string; value: string | number }[];
}

export interface InjectedFailure {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** How many requests fail this way (default: all until cleared). */
  times?: number;
  /** Let this many requests through before failing (e.g. to fail the second part of a split message). */
  after?: number;
}

/** A request the fake has received and holds unanswered until `release()`. */
export interface HeldRequest {
  /** Resolves with the request once the bot has made it (it is then waiting for the answer). */
  arrived: Promise<{ method: string; path: string; body: unknown }>;
  /** Answers the request as usual (idempotent); close() releases every hold. */
  release(): void;
}

interface PendingHold {
  method: string;
  path: RegExp;
  arrive(request: { method: string; path: string; body: unknown }): void;
  released: Promise<void>;
  release(): void;
}

export interface FakeDiscordOptions {
  /** Interactions acknowledged later than this fail with 10062, as on Discord (default 3000 ms). */
  ackDeadlineMs?: number;
}

// ---------------------------------------------------------------- the fake

export class FakeDiscord extends EventEmitter {
  readonly appId = snowflake();
  readonly bot = makeUser(snowflake(), "Brief", true);
  readonly guild: FakeGuild = {
    id: snowflake(),
    name: "Steppe Watch",
    channels: { general: snowflake(), locked: snowflake(), plain: snowflake() },
    moderatorRole: snowflake(),
  };
  readonly otherGuild: FakeOtherGuild = { id: snowflake(), name: "Pamir Desk", channels: { general: snowflake() }, moderatorRole: snowflake() };
  readonly dmChannelId = snowflake();
  readonly token = "fake-bot-token";

  readonly requests: RecordedRequest[] = [];
  readonly messages: FakeMessage[] = [];
  readonly commandPuts: { scope: "global" | "guild"; guildId?: string; body: RESTPutAPIApplicationCommandsJSONBody }[] = [];
  readonly identifies: unknown[] = [];
  readonly interactions = new Map<string, InteractionRecord>();
  /** Failures injected for POST /channels/{id}/messages. */
  readonly channelFailures = new Map<string, InjectedFailure>();
  /** Requests whose path (under /api/v10) matches fail this way: the connection cut, or HTTP 500. */
  broken: { path: RegExp; how: "network" | "http-500" } | undefined;
  /** Channels that exist (others answer 10003). */
  readonly knownChannels = new Set<string>();

  private readonly guilds = new Map<string, GuildState>();
  /** Holds waiting for their request, first come first held; and those holding one. */
  private readonly holds: PendingHold[] = [];
  private readonly holding = new Set<PendingHold>();
  /** The person on the other side of the DM channel (its recipient). */
  private dmPartner: APIUser | undefined;
  private readonly server: Server;
  private readonly wss: WebSocketServer;
  private readonly sockets = new Set<WebSocket>();
  private seq = 0;
  private port = 0;
  /** Interactions acknowledged later than this many ms after dispatch get 10062 (set -1 to expire every one). */
  ackDeadlineMs: number;

  private constructor(options: FakeDiscordOptions) {
    super();
    this.setMaxListeners(100);
    this.ackDeadlineMs = options.ackDeadlineMs ?? 3000;
    const g = this.guild;
    this.guilds.set(g.id, {
      id: g.id,
      name: g.name,
      moderatorRole: g.moderatorRole,
      removed: false,
      channels: [
        this.textChannel(g.id, g.channels.general, "general", 0, []),
        this.textChannel(g.id, g.channels.locked, "announcements", 1, [this.deny(g.id, PermissionFlagsBits.SendMessages)]),
        this.textChannel(g.id, g.channels.plain, "plain-text", 2, [this.deny(g.id, PermissionFlagsBits.EmbedLinks)]),
      ],
    });
    const o = this.otherGuild;
    this.guilds.set(o.id, {
      id: o.id,
      name: o.name,
      moderatorRole: o.moderatorRole,
      removed: false,
      channels: [this.textChannel(o.id, o.channels.general, "general", 0, [])],
    });
    for (const state of this.guilds.values()) for (const c of state.channels) this.knownChannels.add(c.id);
    this.knownChannels.add(this.dmChannelId);
    this.server = createServer((req, res) => void this.onRequest(req, res));
    this.wss = new WebSocketServer({ server: this.server, path: "/gateway" });
    this.wss.on("connection", (ws) => this.onGateway(ws));
  }

  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const fake = new FakeDiscord(options);
    await new Promise<void>((resolve) => fake.server.listen(0, "127.0.0.1", resolve));
    fake.port = (fake.server.address() as AddressInfo).port;
    return fake;
  }

  /** The value for DISCORD_API_BASE. */
  get apiBase(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }

  /**
   * The next request matching `method` and `path` (under /api/v10, e.g. /^\/interactions\/\d+\/[^/]+\/callback$/)
   * is received, then held unanswered until released.
   */
  holdNext(method: string, path: RegExp): HeldRequest {
    let arrive!: PendingHold["arrive"];
    const arrived = new Promise<{ method: string; path: string; body: unknown }>((r) => (arrive = r));
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    this.holds.push({ method, path, arrive, released, release });
    return { arrived, release };
  }

  async close(): Promise<void> {
    for (const hold of this.holding) hold.release();
    this.holds.length = 0;
    for (const ws of this.sockets) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Resolves when `check` returns a value (re-checked on every request and gateway event), or rejects at the deadline. */
  waitFor<T>(check: () => T | undefined | false | null, what: string, timeoutMs = 10_000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const attempt = (): boolean => {
        const v = check();
        if (v !== undefined && v !== false && v !== null) {
          cleanup();
          resolve(v);
          return true;
        }
        return false;
      };
      const onChange = (): void => void attempt();
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.off("change", onChange);
      };
      this.on("change", onChange);
      attempt();
    });
  }

  private changed(): void {
    this.emit("change");
  }

  // ------------------------------------------------------------ gateway

  private send(ws: WebSocket, payload: unknown): void {
    ws.send(JSON.stringify(payload));
  }

  private onGateway(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on("close", () => {
      this.sockets.delete(ws);
      this.changed();
    });
    const hello: GatewayHello = { op: GatewayOpcodes.Hello, d: { heartbeat_interval: 45_000 }, s: null, t: null };
    this.send(ws, hello);
    ws.on("message", (raw) => {
      const payload = JSON.parse(String(raw)) as { op: number; d: unknown };
      switch (payload.op) {
        case GatewayOpcodes.Heartbeat: {
          const ack: GatewayHeartbeatAck = { op: GatewayOpcodes.HeartbeatAck, d: never(), s: null, t: null };
          this.send(ws, ack);
          break;
        }
        case GatewayOpcodes.Identify:
          this.identifies.push(payload.d);
          this.sendReady(ws);
          break;
        case GatewayOpcodes.Resume: {
          const resumed: GatewayResumedDispatch = { op: GatewayOpcodes.Dispatch, t: GatewayDispatchEvents.Resumed, d: never(), s: ++this.seq };
          this.send(ws, resumed);
          break;
        }
      }
      this.changed();
    });
  }

  private sendReady(ws: WebSocket): void {
    const ready: GatewayReadyDispatch = {
      op: GatewayOpcodes.Dispatch,
      t: GatewayDispatchEvents.Ready,
      s: ++this.seq,
      d: {
        v: 10,
        user: { ...this.bot, verified: true, mfa_enabled: false, flags: 0 as UserFlags },
        guilds: [...this.guilds.values()].filter((g) => !g.removed).map((g) => ({ id: g.id, unavailable: true as const })),
        session_id: `session-${snowflake()}`,
        resume_gateway_url: this.gatewayUrl,
        shard: [0, 1],
        application: { id: this.appId, flags: 0 as ApplicationFlags, flags_new: "0" },
      },
    };
    this.send(ws, ready);
    for (const g of this.guilds.values()) if (!g.removed) this.send(ws, this.guildCreate(g));
  }

  private role(id: string, name: string, permissions: bigint, position: number): APIRole {
    return {
      id,
      name,
      color: 0,
      colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
      hoist: false,
      position,
      permissions: String(permissions),
      managed: false,
      mentionable: false,
      flags: 0 as RoleFlags,
      icon: null,
      unicode_emoji: null,
    };
  }

  /** @everyone's id is the guild's id. The bot holds no role: @everyone's permissions are its own. */
  private roles(g: GuildState): APIRole[] {
    return [this.role(g.id, "@everyone", PERMS.member | PermissionFlagsBits.EmbedLinks, 0), this.role(g.moderatorRole, "Moderators", PERMS.moderator, 1)];
  }

  private deny(roleId: string, deny: bigint): APIOverwrite {
    return { id: roleId, type: OverwriteType.Role, allow: "0", deny: String(deny) };
  }

  private textChannel(guildId: string, id: string, name: string, position: number, overwrites: APIOverwrite[]): GuildTextChannel {
    return {
      id,
      type: ChannelType.GuildText,
      guild_id: guildId,
      name,
      position,
      parent_id: null,
      nsfw: false,
      topic: null,
      last_message_id: null,
      rate_limit_per_user: 0,
      flags: 0 as ChannelFlags,
      permission_overwrites: overwrites,
    };
  }

  /** What the channel's overwrites deny the bot: it holds no role, so only @everyone's overwrite applies. */
  private deniedToBot(found: { guild: GuildState; channel: GuildTextChannel }): bigint {
    const everyone = (found.channel.permission_overwrites ?? []).find((o) => o.id === found.guild.id);
    return everyone ? BigInt(everyone.deny) : 0n;
  }

  private findChannel(id: string): { guild: GuildState; channel: GuildTextChannel } | undefined {
    for (const guild of this.guilds.values()) {
      const channel = guild.channels.find((c) => c.id === id);
      if (channel) return { guild, channel };
    }
    return undefined;
  }

  private guildState(id: string): GuildState {
    const g = this.guilds.get(id);
    if (!g) throw new Error(`the fake has no guild ${id}`);
    return g;
  }

  private botMember(): APIGuildMember {
    return {
      user: this.bot,
      roles: [],
      joined_at: new Date(0).toISOString(),
      deaf: false,
      mute: false,
      flags: 0 as GuildMemberFlags,
    };
  }

  private guildCreate(g: GuildState): GatewayGuildCreateDispatch {
    return {
      op: GatewayOpcodes.Dispatch,
      t: GatewayDispatchEvents.GuildCreate,
      s: ++this.seq,
      d: {
        id: g.id,
        name: g.name,
        icon: null,
        splash: null,
        discovery_splash: null,
        owner_id: snowflake(),
        region: "",
        afk_channel_id: null,
        afk_timeout: 60,
        verification_level: 0,
        default_message_notifications: 0,
        explicit_content_filter: 0,
        roles: this.roles(g),
        emojis: [],
        features: [],
        mfa_level: 0,
        application_id: null,
        system_channel_id: null,
        system_channel_flags: 0 as GuildSystemChannelFlags,
        rules_channel_id: null,
        vanity_url_code: null,
        description: null,
        banner: null,
        premium_tier: 0,
        preferred_locale: Locale.EnglishUS,
        public_updates_channel_id: null,
        nsfw_level: 0,
        stickers: [],
        premium_progress_bar_enabled: false,
        hub_type: null,
        safety_alerts_channel_id: null,
        incidents_data: null,
        joined_at: new Date(0).toISOString(),
        large: false,
        member_count: 3,
        voice_states: [],
        members: [this.botMember()],
        channels: g.channels,
        threads: [],
        presences: [],
        stage_instances: [],
        guild_scheduled_events: [],
        soundboard_sounds: [],
      },
    };
  }

  private dispatch(payload: GatewayDispatchPayload): void {
    for (const ws of this.sockets) this.send(ws, payload);
  }

  // ------------------------------------------------------------ servers and channels changing

  /** Creates a text channel (CHANNEL_CREATE) and returns its id. */
  createChannel(spec: ChannelSpec): string {
    const g = this.guildState(spec.guildId ?? this.guild.id);
    const overwrites = [
      ...(spec.deny ? [this.deny(g.id, spec.deny)] : []),
      ...(spec.denyModerators || spec.allowModerators
        ? [{ id: g.moderatorRole, type: OverwriteType.Role, allow: String(spec.allowModerators ?? 0n), deny: String(spec.denyModerators ?? 0n) }]
        : []),
    ];
    const channel = this.textChannel(g.id, snowflake(), spec.name, g.channels.length, overwrites);
    g.channels.push(channel);
    this.knownChannels.add(channel.id);
    this.dispatch({ op: GatewayOpcodes.Dispatch, t: GatewayDispatchEvents.ChannelCreate, s: ++this.seq, d: channel });
    return channel.id;
  }

  /** Replaces what @everyone (and so the bot) is denied in a channel (CHANNEL_UPDATE). */
  setChannelDeny(id: string, deny: bigint): void {
    const found = this.findChannel(id);
    if (!found) throw new Error(`the fake has no channel ${id}`);
    const g = found.guild;
    const others = (found.channel.permission_overwrites ?? []).filter((o) => o.id !== g.id);
    found.channel.permission_overwrites = [...(deny ? [this.deny(g.id, deny)] : []), ...others];
    this.dispatch({ op: GatewayOpcodes.Dispatch, t: GatewayDispatchEvents.ChannelUpdate, s: ++this.seq, d: found.channel });
  }

  /** Deletes a channel (CHANNEL_DELETE): posts to it answer 10003 Unknown Channel from now on. */
  deleteChannel(id: string): void {
    const found = this.findChannel(id);
    if (!found) throw new Error(`the fake has no channel ${id}`);
    found.guild.channels = found.guild.channels.filter((c) => c.id !== id);
    this.knownChannels.delete(id);
    this.dispatch({ op: GatewayOpcodes.Dispatch, t: GatewayDispatchEvents.ChannelDelete, s: ++this.seq, d: found.channel });
  }

  /** The bot is kicked from a server (GUILD_DELETE without `unavailable`): its channels answer 50001 from now on. */
  removeFromGuild(guildId: string): void {
    const g = this.guildState(guildId);
    g.removed = true;
    this.dispatch({ op: GatewayOpcodes.Dispatch, t: GatewayDispatchEvents.GuildDelete, s: ++this.seq, d: { id: g.id } });
  }

  /** A server outage (GUILD_DELETE with `unavailable: true`); `guildAvailable` ends it with a GUILD_CREATE. */
  guildOutage(guildId: string): void {
    const g = this.guildState(guildId);
    this.dispatch({ op: GatewayOpcodes.Dispatch, t: GatewayDispatchEvents.GuildDelete, s: ++this.seq, d: { id: g.id, unavailable: true } });
  }

  guildAvailable(guildId: string): void {
    const g = this.guildState(guildId);
    const create = this.guildCreate(g);
    this.dispatch({ ...create, s: ++this.seq });
  }

  /** Gateway connections currently open. */
  get openSockets(): number {
    return this.sockets.size;
  }

  /** Whether a client has identified and holds the gateway open. */
  get connected(): boolean {
    return this.sockets.size > 0 && this.identifies.length > 0;
  }

  // ------------------------------------------------------------ playing a user

  private base(who: FakeUser, where: Where) {
    const id = snowflake();
    const token = `itoken-${id}`;
    const channelId = where === "dm" ? this.dmChannelId : where === "guild" ? this.guild.channels.general : where.channel;
    if (where === "dm") this.dmPartner = who.user;
    const found = where === "dm" ? undefined : this.findChannel(channelId);
    if (where !== "dm" && !found) throw new Error(`the fake has no channel ${channelId}`);
    const guild = found?.guild ?? this.guildState(this.guild.id);
    const moderator = (who.permissions & (PermissionFlagsBits.ManageChannels | PermissionFlagsBits.ManageGuild)) !== 0n;
    const member: APIInteractionGuildMember = {
      user: who.user,
      roles: moderator ? [guild.moderatorRole] : [],
      joined_at: new Date(0).toISOString(),
      deaf: false,
      mute: false,
      flags: 0 as GuildMemberFlags,
      permissions: String(who.permissions),
    };
    const common = {
      id,
      token,
      application_id: this.appId,
      version: 1 as const,
      app_permissions: String(PERMS.bot),
      locale: Locale.EnglishUS,
      entitlements: [],
      authorizing_integration_owners: { 0: guild.id },
      attachment_size_limit: 10_000_000,
    };
    const place =
      where !== "dm"
        ? {
            guild_id: guild.id,
            guild_locale: Locale.EnglishUS,
            guild: { id: guild.id, locale: Locale.EnglishUS, features: [] },
            channel: { id: channelId, type: ChannelType.GuildText as const, name: found!.channel.name, guild_id: guild.id },
            channel_id: channelId,
            member,
            context: InteractionContextType.Guild,
          }
        : {
            channel: { id: channelId, type: ChannelType.DM as const, recipients: [who.user] },
            channel_id: channelId,
            user: who.user,
            context: InteractionContextType.BotDM,
          };
    return { id, token, channelId, common, place };
  }

  private track(id: string, token: string, type: InteractionType, channelId: string, messageId?: string): void {
    this.interactions.set(id, { id, token, type, channelId, sentAt: Date.now(), callbacks: [], messageId });
  }

  /**
   * Sends a slash command as `who`; options as name → value (string/number, or a channel id for channel
   * options). `where`: the main guild's #general, the DM, or `{ channel }` for any guild channel.
   */
  slash(
    who: FakeUser,
    name: string,
    options: Record<string, string | number> = {},
    where: Where = "guild",
    optionTypes: Record<string, ApplicationCommandOptionType> = {},
  ): string {
    const { id, token, channelId, common, place } = this.base(who, where);
    const opts: APIApplicationCommandInteractionDataOption[] = Object.entries(options).map(([n, value]) => {
      const type = optionTypes[n] ?? (typeof value === "number" ? ApplicationCommandOptionType.Integer : ApplicationCommandOptionType.String);
      if (type === ApplicationCommandOptionType.Channel) return { name: n, type, value: String(value) };
      if (type === ApplicationCommandOptionType.Integer) return { name: n, type, value: Number(value) };
      return { name: n, type: ApplicationCommandOptionType.String, value: String(value) };
    });
    const channelOptions = opts.filter((o) => o.type === ApplicationCommandOptionType.Channel);
    const interaction = {
      ...common,
      ...place,
      type: InteractionType.ApplicationCommand,
      data: {
        id: snowflake(),
        name,
        type: ApplicationCommandType.ChatInput,
        options: opts,
        ...(channelOptions.length > 0
          ? {
              resolved: {
                channels: Object.fromEntries(
                  channelOptions.map((o) => [
                    String(o.value),
                    {
                      id: String(o.value),
                      name: this.findChannel(String(o.value))?.channel.name ?? "unknown",
                      type: ChannelType.GuildText,
                      permissions: String(PERMS.member),
                    },
                  ]),
                ),
              },
            }
          : {}),
      },
    } as APIChatInputApplicationCommandInteraction;
    this.track(id, token, InteractionType.ApplicationCommand, channelId);
    this.dispatch({ op: GatewayOpcodes.Dispatch, t: GatewayDispatchEvents.InteractionCreate, s: ++this.seq, d: interaction });
    return id;
  }

  /** Types into an autocomplete option (`focused`) of a command. */
  autocomplete(who: FakeUser, name: string, focused: string, typed: string): string {
    const { id, token, channelId, common, place } = this.base(who, "guild");
    const interaction = {
      ...common,
      ...place,
      type: InteractionType.ApplicationCommandAutocomplete,
      data: {
        id: snowflake(),
        name,
        type: ApplicationCommandType.ChatInput,
        options: [{ name: focused, type: ApplicationCommandOptionType.String, value: typed, focused: true }],
      },
    } as APIApplicationCommandAutocompleteInteraction;
    this.track(id, token, InteractionType.ApplicationCommandAutocomplete, channelId);
    this.dispatch({ op: GatewayOpcodes.Dispatch, t: GatewayDispatchEvents.InteractionCreate, s: ++this.seq, d: interaction });
    return id;
  }

  /** Clicks a button of a message the bot sent. */
  click(who: FakeUser, message: FakeMessage, customId: string): string {
    const { id, token, channelId, common, place } = this.base(who, message.channelId === this.dmChannelId ? "dm" : "guild");
    const interaction = {
      ...common,
      ...place,
      type: InteractionType.MessageComponent,
      message: this.toApiMessage(message),
      data: { custom_id: customId, component_type: ComponentType.Button },
    } as APIMessageComponentButtonInteraction;
    this.track(id, token, InteractionType.MessageComponent, channelId, message.id);
    this.dispatch({ op: GatewayOpcodes.Dispatch, t: GatewayDispatchEvents.InteractionCreate, s: ++this.seq, d: interaction });
    return id;
  }

  // ------------------------------------------------------------ reading what users see

  /** Messages created by an interaction (its reply first, then follow-ups), deleted ones left out. */
  messagesOf(interactionId: string): FakeMessage[] {
    return this.messages.filter((m) => m.interactionId === interactionId && !m.deleted);
  }

  interaction(id: string): InteractionRecord {
    const r = this.interactions.get(id);
    if (!r) throw new Error(`no interaction ${id}`);
    return r;
  }

  /** Waits until an interaction has been answered with at least `count` visible, non-thinking messages. */
  async answered(interactionId: string, count = 1, timeoutMs = 10_000): Promise<FakeMessage[]> {
    return this.waitFor(
      () => {
        const ms = this.messagesOf(interactionId);
        return ms.length >= count && ms.every((m) => !m.thinking) ? ms : undefined;
      },
      `an answer to interaction ${interactionId}`,
      timeoutMs,
    );
  }

  toApiMessage(m: FakeMessage): APIMessage {
    return {
      id: m.id,
      channel_id: m.channelId,
      author: this.bot,
      content: m.content,
      timestamp: new Date().toISOString(),
      edited_timestamp: m.edits > 0 ? new Date().toISOString() : null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: m.embeds,
      pinned: false,
      type: m.interactionId ? MessageType.ChatInputCommand : MessageType.Default,
      flags: m.flags,
      components: m.components,
      ...(m.interactionId ? { application_id: this.appId, webhook_id: this.appId } : {}),
      ...(m.nonce !== undefined ? { nonce: m.nonce } : {}),
    };
  }

  // ------------------------------------------------------------ REST

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    let body: unknown;
    if (raw !== "") {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
    }
    const method = req.method ?? "GET";
    const path = decodeURIComponent(url.pathname.replace(/^\/api\/v10/, ""));
    const held = this.holds.findIndex((h) => h.method === method && h.path.test(path));
    if (held >= 0) {
      const [hold] = this.holds.splice(held, 1);
      this.holding.add(hold!);
      hold!.arrive({ method, path, body });
      this.changed();
      await hold!.released;
      this.holding.delete(hold!);
    }
    const reply = (status: number, payload?: unknown, headers: Record<string, string> = {}): void => {
      this.requests.push({ method, path, query: url.searchParams, body, status });
      if (payload === undefined) {
        res.writeHead(status, headers).end();
      } else {
        res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(payload));
      }
      this.changed();
    };
    if (this.broken?.path.test(path)) {
      this.requests.push({ method, path, query: url.searchParams, body, status: 0 });
      if (this.broken.how === "network") req.socket.destroy();
      else reply(500, { message: "500: Internal Server Error", code: 0 });
      return;
    }
    try {
      this.route(method, path, url.searchParams, body, reply, req);
    } catch (err) {
      reply(500, { message: String(err), code: 0 });
    }
  }

  private route(
    method: string,
    path: string,
    query: URLSearchParams,
    body: unknown,
    reply: (status: number, payload?: unknown, headers?: Record<string, string>) => void,
    req: IncomingMessage,
  ): void {
    let m: RegExpExecArray | null;
    const authorised = req.headers.authorization === `Bot ${this.token}`;

    if (method === "GET" && path === "/gateway/bot") {
      if (!authorised) return reply(401, { message: "401: Unauthorized", code: 0 });
      const result: RESTGetAPIGatewayBotResult = {
        url: this.gatewayUrl,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 60_000, max_concurrency: 1 },
      };
      return reply(200, result);
    }

    if (method === "PUT" && (m = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(path))) {
      if (!authorised) return reply(401, { message: "401: Unauthorized", code: 0 });
      if (m[1] !== this.appId) return reply(404, { message: "Unknown Application", code: 10002 });
      const commands = body as RESTPutAPIApplicationCommandsJSONBody;
      this.commandPuts.push({ scope: m[2] ? "guild" : "global", guildId: m[2], body: commands });
      return reply(
        200,
        commands.map((c) => ({ ...c, id: snowflake(), application_id: this.appId, version: snowflake(), ...(m![2] ? { guild_id: m![2] } : {}) })),
      );
    }

    if ((m = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path)) && method === "POST") {
      return this.onCallback(m[1]!, m[2]!, body as APIInteractionResponse, query, reply);
    }

    if ((m = /^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/([^/]+))?$/.exec(path))) {
      return this.onWebhook(method, m[1]!, m[2]!, m[3], body, reply);
    }

    if ((m = /^\/channels\/(\d+)\/messages$/.exec(path)) && method === "POST") {
      if (!authorised) return reply(401, { message: "401: Unauthorized", code: 0 });
      return this.onChannelMessage(m[1]!, body as RESTPostAPIChannelMessageJSONBody, reply);
    }

    if ((m = /^\/channels\/(\d+)$/.exec(path)) && method === "GET") {
      if (m[1] === this.dmChannelId) {
        return reply(200, { id: this.dmChannelId, type: ChannelType.DM, last_message_id: null, recipients: this.dmPartner ? [this.dmPartner] : [] });
      }
      const found = this.findChannel(m[1]!);
      if (found?.guild.removed) return reply(403, { message: "Missing Access", code: 50001 });
      return found ? reply(200, found.channel) : reply(404, { message: "Unknown Channel", code: 10003 });
    }

    // Opening a DM with a user (POST /users/@me/channels): every user's DM is the one DM channel here.
    if (method === "POST" && path === "/users/@me/channels") {
      if (!authorised) return reply(401, { message: "401: Unauthorized", code: 0 });
      const recipient = makeUser(String((body as { recipient_id?: string }).recipient_id ?? ""), "admin");
      this.dmPartner = recipient;
      return reply(200, { id: this.dmChannelId, type: ChannelType.DM, last_message_id: null, recipients: [recipient] });
    }

    if ((m = /^\/guilds\/(\d+)\/members\/(\d+)$/.exec(path)) && method === "GET") {
      const g = this.guilds.get(m[1]!);
      if (g && !g.removed && m[2] === this.bot.id) return reply(200, this.botMember());
      return reply(404, { message: "Unknown Member", code: 10007 });
    }

    reply(404, { message: `404: Not Found (fake has no ${method} ${path})`, code: 0 });
  }

  private onCallback(
    id: string,
    token: string,
    response: APIInteractionResponse,
    query: URLSearchParams,
    reply: (status: number, payload?: unknown) => void,
  ): void {
    const rec = this.interactions.get(id);
    if (!rec || rec.token !== token) return reply(404, { message: "Unknown interaction", code: 10062 });
    rec.callbacks.push(response);
    if (rec.acknowledged !== undefined) {
      return reply(400, { message: "Interaction has already been acknowledged.", code: 40060 });
    }
    if (Date.now() - rec.sentAt > this.ackDeadlineMs) return reply(404, { message: "Unknown interaction", code: 10062 });
    rec.acknowledged = response.type;
    switch (response.type) {
      case InteractionResponseType.ChannelMessageWithSource: {
        const msg = this.newMessage(rec.channelId, "reply", id, response.data ?? {});
        rec.messageId = msg.id;
        break;
      }
      case InteractionResponseType.DeferredChannelMessageWithSource: {
        const msg = this.newMessage(rec.channelId, "reply", id, response.data ?? {});
        msg.thinking = true;
        rec.messageId = msg.id;
        break;
      }
      case InteractionResponseType.UpdateMessage: {
        const target = this.messages.find((x) => x.id === rec.messageId);
        if (!target) return reply(404, { message: "Unknown Message", code: 10008 });
        this.applyEdit(target, response.data ?? {});
        break;
      }
      case InteractionResponseType.DeferredMessageUpdate:
        break;
      case InteractionResponseType.ApplicationCommandAutocompleteResult:
        rec.autocompleteChoices = response.data.choices ?? [];
        break;
      default:
        break;
    }
    if (query.get("with_response") === "true") {
      const msg = this.messages.find((x) => x.id === rec.messageId);
      return reply(200, { interaction: { id, type: rec.type }, ...(msg ? { resource: { type: response.type, message: this.toApiMessage(msg) } } : {}) });
    }
    reply(204);
  }

  private onWebhook(
    method: string,
    appId: string,
    token: string,
    messageRef: string | undefined,
    body: unknown,
    reply: (status: number, payload?: unknown) => void,
  ): void {
    const rec = [...this.interactions.values()].find((r) => r.token === token);
    if (!rec || appId !== this.appId) return reply(404, { message: "Unknown Webhook", code: 10015 });
    if (rec.acknowledged === undefined) return reply(404, { message: "Unknown Webhook", code: 10015 });
    if (messageRef === undefined) {
      if (method !== "POST") return reply(405, { message: "405: Method Not Allowed", code: 0 });
      const msg = this.newMessage(rec.channelId, "follow-up", rec.id, body as RESTPostAPIChannelMessageJSONBody);
      return reply(200, this.toApiMessage(msg));
    }
    const targetId = messageRef === "@original" ? rec.messageId : messageRef;
    const target = this.messages.find((x) => x.id === targetId && !x.deleted);
    if (!target) return reply(404, { message: "Unknown Message", code: 10008 });
    if (method === "PATCH") {
      this.applyEdit(target, body as RESTPostAPIChannelMessageJSONBody);
      return reply(200, this.toApiMessage(target));
    }
    if (method === "DELETE") {
      target.deleted = true;
      return reply(204);
    }
    if (method === "GET") return reply(200, this.toApiMessage(target));
    reply(405, { message: "405: Method Not Allowed", code: 0 });
  }

  private onChannelMessage(
    channelId: string,
    body: RESTPostAPIChannelMessageJSONBody,
    reply: (status: number, payload?: unknown, headers?: Record<string, string>) => void,
  ): void {
    const failure = this.channelFailures.get(channelId);
    if (failure && failure.after !== undefined && failure.after > 0) {
      failure.after -= 1;
    } else if (failure) {
      if (failure.times !== undefined) {
        failure.times -= 1;
        if (failure.times <= 0) this.channelFailures.delete(channelId);
      }
      return reply(failure.status, failure.body, failure.headers);
    }
    const found = this.findChannel(channelId);
    if (found?.guild.removed) return reply(403, { message: "Missing Access", code: 50001 });
    const denied = found ? this.deniedToBot(found) : 0n;
    if (denied & PermissionFlagsBits.ViewChannel) return reply(403, { message: "Missing Access", code: 50001 });
    if (denied & PermissionFlagsBits.SendMessages) return reply(403, { message: "Missing Permissions", code: 50013 });
    if (!this.knownChannels.has(channelId)) return reply(404, { message: "Unknown Channel", code: 10003 });
    if (body.nonce !== undefined && typeof body.nonce === "string" && body.nonce.length > 25) {
      return reply(400, { message: "Invalid Form Body", code: 50035, errors: { nonce: { _errors: [{ code: "BASE_TYPE_MAX_LENGTH" }] } } });
    }
    if (body.enforce_nonce && body.nonce !== undefined) {
      const existing = this.messages.find((x) => x.kind === "channel" && x.channelId === channelId && x.nonce === body.nonce);
      if (existing) return reply(200, this.toApiMessage(existing));
    }
    const problem = validateMessageBody(body);
    if (problem) return reply(400, { message: `Invalid Form Body: ${problem}`, code: 50035 });
    const msg = this.newMessage(channelId, "channel", undefined, body);
    if (body.nonce !== undefined) msg.nonce = body.nonce;
    reply(200, this.toApiMessage(msg));
  }

  private newMessage(channelId: string, kind: FakeMessage["kind"], interactionId: string | undefined, data: RESTPostAPIChannelMessageJSONBody): FakeMessage {
    const msg: FakeMessage = {
      id: snowflake(),
      channelId,
      kind,
      interactionId,
      content: data.content ?? "",
      embeds: (data.embeds ?? []) as APIEmbed[],
      components: (data.components ?? []) as APIActionRowComponent<APIComponentInMessageActionRow>[],
      flags: Number(data.flags ?? 0),
      thinking: false,
      deleted: false,
      edits: 0,
    };
    this.messages.push(msg);
    return msg;
  }

  private applyEdit(target: FakeMessage, data: RESTPostAPIChannelMessageJSONBody): void {
    if (data.content !== undefined) target.content = data.content ?? "";
    if (data.embeds !== undefined) target.embeds = (data.embeds ?? []) as APIEmbed[];
    if (data.components !== undefined) target.components = (data.components ?? []) as APIActionRowComponent<APIComponentInMessageActionRow>[];
    target.thinking = false;
    target.edits += 1;
  }

  /** Every message body the fake accepted, checked against Discord's limits. */
  limitViolations(): string[] {
    return this.messages.flatMap((m) => {
      const p = validateMessageBody({ content: m.content, embeds: m.embeds });
      return p ? [`message ${m.id}: ${p}`] : [];
    });
  }
}

function never(): never {
  return undefined as never;
}

/** Discord's message limits, as the real API enforces them (400 Invalid Form Body). */
export function validateMessageBody(body: { content?: string; embeds?: APIEmbed[] }): string | undefined {
  const content = body.content ?? "";
  if (content.length > 2000) return `content is ${content.length} characters (max 2000)`;
  const embeds = body.embeds ?? [];
  if (embeds.length > 10) return `${embeds.length} embeds (max 10)`;
  let total = 0;
  for (const e of embeds) {
    if ((e.title?.length ?? 0) > 256) return "embed title over 256";
    if ((e.description?.length ?? 0) > 4096) return "embed description over 4096";
    if ((e.fields?.length ?? 0) > 25) return "over 25 fields";
    for (const f of e.fields ?? []) {
      if (f.name.length === 0 || f.name.length > 256) return "field name empty or over 256";
      if (f.value.length === 0 || f.value.length > 1024) return "field value empty or over 1024";
    }
    if ((e.footer?.text.length ?? 0) > 2048) return "footer over 2048";
    total +=
      (e.title?.length ?? 0) +
      (e.description?.length ?? 0) +
      (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0) +
      (e.footer?.text.length ?? 0) +
      (e.author?.name.length ?? 0);
  }
  if (total > 6000) return `embeds total ${total} characters (max 6000)`;
  return undefined;
}

/** Every embed's visible text, for assertions. */
export function visibleText(messages: readonly FakeMessage[]): string {
  return messages
    .map((m) =>
      [
        m.content,
        ...m.embeds.flatMap((e) => [e.title ?? "", e.description ?? "", ...(e.fields ?? []).flatMap((f) => [f.name, f.value]), e.footer?.text ?? ""]),
      ].join("\n"),
    )
    .join("\n");
}

export function isEphemeral(m: FakeMessage): boolean {
  return (m.flags & MessageFlags.Ephemeral) !== 0;
}
