/**
 * Servers and channels that go away: GUILD_DELETE (Brief removed) and CHANNEL_DELETE pause the affected
 * digest subscriptions through adapter.onChannelGone, wired as main.ts wires it; a server outage
 * (GUILD_DELETE with unavailable: true) pauses nothing. Real discord.js against the fake Discord, real core.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nextSlot } from "../../src/digest/schedule.js";
import { type DigestHarness, startDigestHarness } from "../helpers/discord-digest.js";
import type { Where } from "../helpers/discord-fake.js";
import { ERROR } from "../helpers/discord-logs.js";

describe("Digests on Discord when a channel or server goes away", () => {
  let h: DigestHarness;
  /** Subscribed channels: two in the main server, one in the other server. */
  let alerts: string;
  let archive: string;
  let elsewhere: string;

  const subscribeIn = async (channel: string) => {
    const where: Where = { channel };
    const [m] = await h.fake.answered(h.fake.slash(h.mod, "subscribe", { time: "09:00", timezone: "Asia/Dushanbe" }, where));
    return m!;
  };
  const state = (channel: string) => h.subscriptionsOf(channel).map((s) => ({ state: s.state, reason: s.pausedReason }));

  beforeAll(async () => {
    h = await startDigestHarness();
    alerts = h.fake.createChannel({ name: "alerts" });
    archive = h.fake.createChannel({ name: "archive" });
    elsewhere = h.fake.otherGuild.channels.general;
    for (const channel of [alerts, archive, elsewhere]) await subscribeIn(channel);
  });
  afterAll(async () => h?.close());

  it("GIVEN subscriptions made in two servers THEN each records its own server", () => {
    expect(h.subscriptionsOf(alerts)[0]).toMatchObject({ state: "active", server: h.fake.guild.id });
    expect(h.subscriptionsOf(archive)[0]).toMatchObject({ state: "active", server: h.fake.guild.id });
    expect(h.subscriptionsOf(elsewhere)[0]).toMatchObject({ state: "active", server: h.fake.otherGuild.id });
  });

  it("GIVEN CHANNEL_DELETE THEN that channel's subscription is paused, saying why, and the others stay active", async () => {
    h.fake.deleteChannel(alerts);
    const event = await h.waitForGone((e) => e.channel === `discord:${alerts}`, "the deletion of #alerts");
    expect(event).toEqual({ channel: `discord:${alerts}`, reason: "The channel #alerts was deleted." });
    expect(state(alerts)).toEqual([{ state: "paused", reason: "The channel #alerts was deleted." }]);
    expect(state(archive)).toEqual([{ state: "active", reason: undefined }]);
    expect(state(elsewhere)).toEqual([{ state: "active", reason: undefined }]);
  });

  it("GIVEN a server outage (GUILD_DELETE with unavailable: true) THEN nothing is paused", async () => {
    h.fake.guildOutage(h.fake.otherGuild.id);
    // The gateway is ordered: once a later event has been handled, the outage has been too.
    const marker = h.fake.createChannel({ name: "marker" });
    h.fake.deleteChannel(marker);
    await h.waitForGone((e) => e.channel === `discord:${marker}`, "the marker channel's deletion");
    expect(h.gone.filter((e) => e.server !== undefined)).toEqual([]);
    expect(state(elsewhere)).toEqual([{ state: "active", reason: undefined }]);
    h.fake.guildAvailable(h.fake.otherGuild.id);
  });

  it("GIVEN GUILD_DELETE (Brief removed from the server) THEN every subscription in that server is paused, and only there", async () => {
    h.fake.removeFromGuild(h.fake.guild.id);
    const event = await h.waitForGone((e) => e.server === h.fake.guild.id, "the removal from the server");
    const reason = `Brief was removed from the server “${h.fake.guild.name}”, or the server was deleted.`;
    expect(event).toEqual({ server: h.fake.guild.id, reason });
    expect(state(archive)).toEqual([{ state: "paused", reason }]);
    // Already paused for its own reason: that reason stays.
    expect(state(alerts)).toEqual([{ state: "paused", reason: "The channel #alerts was deleted." }]);
    expect(state(elsewhere)).toEqual([{ state: "active", reason: undefined }]);
  });

  it("GIVEN paused subscriptions THEN the scheduler sends nothing to them, while the other server still gets its digest", async () => {
    const sub = h.subscriptionsOf(elsewhere)[0]!;
    const run = await h.scheduler.runOnce(nextSlot(sub.schedule, Date.now()));
    expect(run.failed).toBe(0);
    expect(h.posted(elsewhere).length).toBeGreaterThanOrEqual(1);
    expect(h.posted(archive)).toEqual([]);
    expect(h.posted(alerts)).toEqual([]);
  });

  it("GIVEN all of the above THEN nothing was logged as an error", () => {
    expect(h.logs.records.filter((r) => r.level >= ERROR)).toEqual([]);
  });
});
