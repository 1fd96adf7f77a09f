/**
 * Digests on Discord end to end: /subscribe and /subscriptions through the real discord.js Client against
 * the fake Discord, the real core over the repo's data on a SQLite file, and deliveries by
 * DigestScheduler.runOnce(at) through the adapter's send(): nonces, resuming split digests, and the error
 * classes (50013 pauses, 429 waits). Servers and channels that go away: discord-digest-gone.test.ts.
 */
import { ApplicationCommandOptionType, PermissionFlagsBits } from "discord-api-types/v10";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { partNonce } from "../../src/adapters/discord/payloads.js";
import type { Adapter } from "../../src/core/adapter.js";
import { type MessageDoc, para } from "../../src/core/message.js";
import { recoverInFlight } from "../../src/digest/outbox.js";
import { nextSlot } from "../../src/digest/schedule.js";
import { type DigestHarness, startDigestHarness } from "../helpers/discord-digest.js";
import { type FakeMessage, isEphemeral, PERMS, visibleText, type Where } from "../helpers/discord-fake.js";
import { ERROR } from "../helpers/discord-logs.js";

const CHANNEL_OPTION = { channel: ApplicationCommandOptionType.Channel };

interface DeliveryRow {
  id: number;
  state: string;
  attempts: number;
  parts_sent: number;
  next_attempt_at: number;
  message_ids: string | null;
  detail: string | null;
}

describe("Digests on Discord (fake Discord, real discord.js, real core and data)", () => {
  let h: DigestHarness;

  beforeAll(async () => {
    h = await startDigestHarness();
  });
  afterAll(async () => h?.close());

  const subscribe = (who = h.mod, options: Record<string, string> = {}, where: Where = "guild") =>
    h.fake.answered(h.fake.slash(who, "subscribe", options, where, CHANNEL_OPTION));
  const deliveries = (subscriptionId: number): DeliveryRow[] =>
    h.app.db.prepare("SELECT * FROM deliveries WHERE subscription_id = ? ORDER BY id").all(subscriptionId) as DeliveryRow[];
  /** A new channel with one active subscription made by a moderator typing /subscribe in it. */
  async function subscribedChannel(name: string, options: Record<string, string> = { time: "07:00", timezone: "Asia/Dushanbe" }) {
    const channel = h.fake.createChannel({ name });
    const [answer] = await subscribe(h.mod, options, { channel });
    expect(visibleText([answer!])).toContain("will get a digest");
    const [sub] = h.subscriptionsOf(channel);
    return { channel, sub: sub! };
  }
  const nonces = (ms: readonly FakeMessage[]) => ms.map((m) => m.nonce);

  describe("subscribing", () => {
    it("GIVEN a member without Manage Server or Manage Channels WHEN they /subscribe THEN they are refused privately and nothing is stored", async () => {
      const [m] = await subscribe(h.alice, { frequency: "weekly", day: "mon", time: "09:30", timezone: "Europe/Moscow", topic: "isis-k" });
      expect(isEphemeral(m!)).toBe(true);
      expect(visibleText([m!])).toContain("only this chat's admins can use /subscribe");
      expect(h.subscriptionsOf(h.fake.guild.channels.general)).toEqual([]);
    });

    it("GIVEN a moderator WHEN they /subscribe weekly mon 09:30 Europe/Moscow isis-k THEN it is stored for this channel and server, and /subscriptions lists it with its next delivery", async () => {
      const [m] = await subscribe(h.mod, { frequency: "weekly", day: "mon", time: "09:30", timezone: "Europe/Moscow", topic: "isis-k" });
      expect(isEphemeral(m!)).toBe(false);
      const answer = visibleText([m!]);
      expect(m!.embeds[0]!.title).toBe("Subscribed");
      expect(answer).toMatch(/will get a digest every Monday at 09:30 Moscow [\w ]*Time \(Europe\/Moscow, GMT\+3\) on “isis-k”/);
      expect(answer).toMatch(/Mon \d{1,2} \w{3} \d{4}, 09:30 \(Europe\/Moscow\)/);

      const [sub] = h.subscriptionsOf(h.fake.guild.channels.general);
      expect(sub).toMatchObject({
        channel: `discord:${h.fake.guild.channels.general}`,
        server: h.fake.guild.id,
        schedule: { kind: "weekly", weekday: 1, hour: 9, minute: 30, tz: "Europe/Moscow" },
        topic: "isis-k",
        state: "active",
      });
      expect(sub!.createdBy).toBe(`discord:${h.mod.user.id} (mod)`);

      const [list] = await h.fake.answered(h.fake.slash(h.alice, "subscriptions"));
      const text = visibleText([list!]);
      expect(text).toContain(`#${sub!.id}`);
      expect(text).toMatch(
        /every Monday at 09:30 Moscow [\w ]*Time \(Europe\/Moscow, GMT\+3\), topic “isis-k” — next: Mon \d{1,2} \w{3} \d{4}, 09:30 \(Europe\/Moscow\)/,
      );
    });

    it("GIVEN the channel option naming #news THEN the subscription delivers to #news, named in the answer, with the server recorded", async () => {
      const news = h.fake.createChannel({ name: "news" });
      const [m] = await subscribe(h.mod, { channel: news, frequency: "daily", time: "08:00", timezone: "Asia/Dushanbe" });
      // A "#" that starts a line is escaped (Discord shows "#news"); the zone is said in words.
      expect(visibleText([m!])).toMatch(/\\#news will get a digest daily at 08:00 [A-Z][\w ]+ \(Asia\/Dushanbe, GMT\+5\)\./);
      expect(h.subscriptionsOf(news)).toEqual([expect.objectContaining({ channel: `discord:${news}`, channelName: "#news", server: h.fake.guild.id })]);
    });

    it("GIVEN the channel option naming a channel where Brief may not embed links THEN it is refused, naming what is missing", async () => {
      const [m] = await subscribe(h.mod, { channel: h.fake.guild.channels.plain });
      expect(isEphemeral(m!)).toBe(true);
      expect(visibleText([m!])).toContain("I need View Channel, Send Messages and Embed Links in #plain-text; missing: Embed Links.");
      expect(h.subscriptionsOf(h.fake.guild.channels.plain)).toEqual([]);
    });

    it("GIVEN the channel option naming a channel where Brief may not send messages THEN it is refused, naming Send Messages", async () => {
      const [m] = await subscribe(h.mod, { channel: h.fake.guild.channels.locked });
      expect(isEphemeral(m!)).toBe(true);
      expect(visibleText([m!])).toContain("I need View Channel, Send Messages and Embed Links in #announcements; missing: Send Messages.");
      expect(h.subscriptionsOf(h.fake.guild.channels.locked)).toEqual([]);
    });

    it("GIVEN /subscribe typed in a channel where Brief may not embed links THEN it is refused there too", async () => {
      const [m] = await subscribe(h.mod, {}, { channel: h.fake.guild.channels.plain });
      expect(isEphemeral(m!)).toBe(true);
      expect(visibleText([m!])).toContain("missing: Embed Links");
      expect(h.subscriptionsOf(h.fake.guild.channels.plain)).toEqual([]);
    });

    it("GIVEN a channel Brief cannot see at all THEN the refusal names every permission", async () => {
      // Hidden from @everyone (and so from Brief, which holds no role); the moderators may see it.
      const hidden = h.fake.createChannel({ name: "staff", deny: PERMS.bot, allowModerators: PermissionFlagsBits.ViewChannel });
      const [m] = await subscribe(h.mod, { channel: hidden });
      expect(visibleText([m!])).toContain("in #staff; missing: View Channel, Send Messages and Embed Links.");
    });

    it("GIVEN the channel option naming a channel of another server THEN it is refused", async () => {
      const [m] = await subscribe(h.mod, { channel: h.fake.otherGuild.channels.general });
      expect(isEphemeral(m!)).toBe(true);
      expect(visibleText([m!])).toContain(`#general is in another server (${h.fake.otherGuild.name})`);
      expect(h.subscriptionsOf(h.fake.otherGuild.channels.general)).toEqual([]);
    });

    it("GIVEN the channel option naming a channel the moderator may not manage THEN it is refused", async () => {
      const board = h.fake.createChannel({ name: "board", denyModerators: PermissionFlagsBits.ManageChannels });
      const [m] = await subscribe(h.mod, { channel: board });
      expect(isEphemeral(m!)).toBe(true);
      expect(visibleText([m!])).toContain("You need Manage Channels (or Manage Server) in #board to subscribe it.");
      expect(h.subscriptionsOf(board)).toEqual([]);
    });

    it("GIVEN a DM THEN the person subscribes their own conversation (no server), but may not name a server channel from there", async () => {
      const [m] = await subscribe(h.alice, { time: "06:00" }, "dm");
      expect(visibleText([m!])).toContain("will get a digest daily at 06:00 UTC");
      const [sub] = h.subscriptionsOf(h.fake.dmChannelId);
      expect(sub).toMatchObject({ channel: `discord:${h.fake.dmChannelId}`, state: "active" });
      expect(sub!.server).toBeUndefined();

      const [refused] = await subscribe(h.alice, { channel: h.fake.guild.channels.general }, "dm");
      expect(isEphemeral(refused!)).toBe(true);
      expect(visibleText([refused!])).toContain("subscribed from inside its server");
    });
  });

  describe("delivering", () => {
    it("GIVEN a due digest WHEN the scheduler runs THEN it arrives in the channel with the delivery's nonce; running the same delivery again posts nothing new", async () => {
      const { channel, sub } = await subscribedChannel("daily-brief");
      const at = nextSlot(sub.schedule, Date.now());
      const run = await h.scheduler.runOnce(at);
      expect(run.sent).toBeGreaterThanOrEqual(1);

      const [delivery] = deliveries(sub.id);
      expect(delivery).toMatchObject({ state: "sent", attempts: 1 });
      const posted = h.posted(channel);
      expect(posted.length).toBeGreaterThanOrEqual(1);
      expect(posted[0]!.embeds[0]!.title).toMatch(/^Digest — .+ — \d{4}-\d{2}-\d{2}$/);
      expect(nonces(posted)).toEqual(posted.map((_, i) => partNonce(`brief-d${delivery!.id}`, i)));
      expect(nonces(posted)[0]).toBe(`brief-d${delivery!.id}`);
      expect(JSON.parse(delivery!.message_ids!)).toEqual(posted.map((m) => m.id));
      expect(h.fake.limitViolations()).toEqual([]);

      // The same delivery once more (as if its record were lost): Discord drops every repeated nonce.
      h.app.db.prepare("UPDATE deliveries SET state = 'pending', parts_sent = 0, next_attempt_at = ? WHERE id = ?").run(at, delivery!.id);
      const again = await h.scheduler.runOnce(at);
      expect(again.sent).toBeGreaterThanOrEqual(1);
      expect(deliveries(sub.id)[0]).toMatchObject({ state: "sent", attempts: 2 });
      expect(h.posted(channel)).toEqual(posted);
      expect(JSON.parse(deliveries(sub.id)[0]!.message_ids!)).toEqual(posted.map((m) => m.id));
    });

    it("GIVEN the process dies between Discord accepting a digest and the outbox recording it THEN the restart re-sends it and nothing is doubled", async () => {
      const { channel, sub } = await subscribedChannel("crash-test");
      const at = nextSlot(sub.schedule, Date.now());
      const real = h.app.adapters.get("discord")!;
      const dying: Adapter = {
        ...real,
        async send(ch, doc, options) {
          const result = await real.send(ch, doc, options);
          if (ch === `discord:${channel}`) throw new Error("killed after the send, before the record");
          return result;
        },
      };
      h.app.adapters.set("discord", dying);
      try {
        await expect(h.scheduler.runOnce(at)).rejects.toThrow("killed after the send");
      } finally {
        h.app.adapters.set("discord", real);
      }
      const first = [...h.posted(channel)];
      expect(first.length).toBeGreaterThanOrEqual(1);
      expect(deliveries(sub.id)[0]).toMatchObject({ state: "sending" });

      // The next process takes the scheduler lease and puts in-flight deliveries back (what start() does).
      expect(recoverInFlight(h.app.db)).toBe(1);
      const run = await h.scheduler.runOnce(at + 60_000);
      expect(run.sent).toBeGreaterThanOrEqual(1);
      expect(h.posted(channel)).toEqual(first);
      const [delivery] = deliveries(sub.id);
      expect(delivery).toMatchObject({ state: "sent", attempts: 2 });
      // The restart posted again with the same nonce: Discord answered with the message it already had.
      expect(JSON.parse(delivery!.message_ids!)).toEqual(first.map((m) => m.id));
    });

    it("GIVEN a channel answering 50013 Missing Permissions THEN its subscription is paused and /subscriptions there shows why", async () => {
      const { channel, sub } = await subscribedChannel("restricted");
      h.fake.channelFailures.set(channel, { status: 403, body: { message: "Missing Permissions", code: 50013 } });
      try {
        const run = await h.scheduler.runOnce(nextSlot(sub.schedule, Date.now()));
        expect(run.failed).toBeGreaterThanOrEqual(1);
      } finally {
        h.fake.channelFailures.delete(channel);
      }
      expect(h.posted(channel)).toEqual([]);
      const [paused] = h.subscriptionsOf(channel);
      expect(paused).toMatchObject({ state: "paused" });
      expect(paused!.pausedReason).toContain("Brief may not post here: it needs View Channel, Send Messages and Embed Links");
      expect(paused!.pausedReason).toContain("50013");
      expect(deliveries(sub.id)[0]).toMatchObject({ state: "failed" });

      const [list] = await h.fake.answered(h.fake.slash(h.alice, "subscriptions", {}, { channel }));
      expect(visibleText([list!])).toContain(`#${sub.id}`);
      expect(visibleText([list!])).toContain("paused: Brief may not post here: it needs View Channel, Send Messages and Embed Links");

      // A paused subscription is not swept again.
      await h.scheduler.runOnce(nextSlot(sub.schedule, Date.now()) + 24 * 3600_000);
      expect(deliveries(sub.id)).toHaveLength(1);
    });

    it("GIVEN a 429 with retry_after THEN the delivery waits as told and is delivered once, later", async () => {
      const { channel, sub } = await subscribedChannel("busy", { time: "07:30", timezone: "UTC" });
      h.fake.channelFailures.set(channel, {
        status: 429,
        body: { message: "You are being rate limited.", retry_after: 7, global: false },
        headers: { "retry-after": "7", "x-ratelimit-scope": "user" },
        times: 1,
      });
      const at = nextSlot(sub.schedule, Date.now());
      const first = await h.scheduler.runOnce(at);
      expect(first.retried).toBeGreaterThanOrEqual(1);
      expect(h.posted(channel)).toEqual([]);
      const [waiting] = deliveries(sub.id);
      expect(waiting).toMatchObject({ state: "pending", attempts: 0 });
      expect(waiting!.detail).toContain("429: retry after 8s");
      expect(waiting!.next_attempt_at).toBeGreaterThanOrEqual(at + 7_000);

      // Not yet due a few seconds before Discord's retry_after is over.
      await h.scheduler.runOnce(waiting!.next_attempt_at - 5_000);
      expect(h.posted(channel)).toEqual([]);

      const later = await h.scheduler.runOnce(waiting!.next_attempt_at);
      expect(later.sent).toBeGreaterThanOrEqual(1);
      const posted = h.posted(channel);
      expect(posted.length).toBeGreaterThanOrEqual(1);
      const [done] = deliveries(sub.id);
      expect(done).toMatchObject({ state: "sent", attempts: 1 });
      expect(nonces(posted)).toEqual(posted.map((_, i) => partNonce(`brief-d${done!.id}`, i)));
      expect(new Set(nonces(posted)).size).toBe(posted.length);
      expect(h.subscriptionsOf(channel)[0]).toMatchObject({ state: "active" });
    });

    it("GIVEN a digest split over several messages (Embed Links revoked after subscribing) WHEN a later part hits a 429 THEN the retry resumes where it stopped: each part once, in order", async () => {
      const { channel, sub } = await subscribedChannel("long-read", { time: "05:15", timezone: "UTC" });
      // Without Embed Links the digest falls back to content, 2000 characters a message: several parts.
      h.fake.setChannelDeny(channel, PermissionFlagsBits.EmbedLinks);
      // The gateway is ordered: once a later interaction is answered, the client has applied the update.
      await h.fake.answered(h.fake.slash(h.alice, "subscriptions", {}, { channel }));
      h.fake.channelFailures.set(channel, {
        status: 429,
        body: { message: "You are being rate limited.", retry_after: 2, global: false },
        headers: { "retry-after": "2" },
        after: 1,
        times: 1,
      });
      const at = nextSlot(sub.schedule, Date.now());
      await h.scheduler.runOnce(at);
      const [waiting] = deliveries(sub.id);
      expect(waiting).toMatchObject({ state: "pending", parts_sent: 1 });
      expect(h.posted(channel)).toHaveLength(1);

      await h.scheduler.runOnce(waiting!.next_attempt_at);
      const posted = h.posted(channel);
      expect(posted.length).toBeGreaterThanOrEqual(2);
      expect(posted.every((m) => m.embeds.length === 0 && m.content.length > 0 && m.content.length <= 2000)).toBe(true);
      expect(posted[0]!.content).toMatch(/^\*\*Digest — /);
      expect(new Set(posted.map((m) => m.content)).size).toBe(posted.length);
      const [done] = deliveries(sub.id);
      expect(done).toMatchObject({ state: "sent" });
      expect(nonces(posted)).toEqual(posted.map((_, i) => partNonce(`brief-d${done!.id}`, i)));
      expect(h.fake.limitViolations()).toEqual([]);
    });
  });

  describe("send() resuming a split document", () => {
    const longWords = (p: number) => Array.from({ length: 450 }, (_, i) => `p${p}w${i}`).join(" ");
    const long = (): MessageDoc => ({ title: "Weekly", blocks: Array.from({ length: 6 }, (_, p) => para(longWords(p))), citations: [] });

    it("GIVEN a failure after the first part THEN sentParts says so, and a retry with skipParts posts only the rest, each part once", async () => {
      const channel = h.fake.createChannel({ name: "split" });
      h.fake.channelFailures.set(channel, {
        status: 429,
        body: { message: "You are being rate limited.", retry_after: 3, global: false },
        headers: { "retry-after": "3" },
        after: 1,
        times: 1,
      });
      const failed = await h.adapter.send(`discord:${channel}`, long(), { nonce: "brief-d9001" });
      expect(failed).toMatchObject({ ok: false, kind: "rate-limited", sentParts: 1 });
      expect(failed.ok === false && failed.detail).toContain("after 1 of");
      expect(h.posted(channel)).toHaveLength(1);

      const resumed = await h.adapter.send(`discord:${channel}`, long(), { nonce: "brief-d9001", skipParts: 1 });
      expect(resumed.ok).toBe(true);
      const posted = h.posted(channel);
      expect(posted.length).toBeGreaterThan(2);
      expect(resumed.ok && resumed.messageIds).toEqual(posted.slice(1).map((m) => m.id));
      expect(nonces(posted)).toEqual(posted.map((_, i) => partNonce("brief-d9001", i)));
      const words = visibleText(posted).match(/p\d+w\d+/g);
      expect(words).toEqual(Array.from({ length: 6 }, (_, p) => longWords(p).split(" ")).flat());

      // Repeating the whole send (a crash before the record): every part's nonce is known, nothing new.
      const repeated = await h.adapter.send(`discord:${channel}`, long(), { nonce: "brief-d9001" });
      expect(repeated.ok && repeated.messageIds).toEqual(posted.map((m) => m.id));
      expect(h.posted(channel)).toHaveLength(posted.length);
    });

    it("GIVEN skipParts covering the whole document THEN nothing is posted and the send succeeds", async () => {
      const channel = h.fake.createChannel({ name: "skip-all" });
      const result = await h.adapter.send(
        `discord:${channel}`,
        { title: "Short", blocks: [para("One part.")], citations: [] },
        { nonce: "brief-d9002", skipParts: 1 },
      );
      expect(result).toEqual({ ok: true, messageIds: [] });
      expect(h.posted(channel)).toEqual([]);
    });
  });

  it("GIVEN all of the above THEN nothing was logged as an error", () => {
    const errors = h.logs.records.filter((r) => r.level >= ERROR);
    expect(errors).toEqual([]);
  });
});
