/** Starts the real Discord adapter (real discord.js Client) against the fake Discord. */

import { createDiscordAdapter, type DiscordAdapter, type DiscordAdapterOptions } from "../../src/adapters/discord/index.js";
import type { CommandDef } from "../../src/core/command.js";
import type { Dispatch } from "../../src/core/dispatcher.js";
import { type Logger, silentLogger } from "../../src/core/log.js";
import { PagerTokens } from "../../src/core/pager.js";
import { FakeDiscord, type FakeUser, makeUser, PERMS, snowflake } from "./discord-fake.js";

export interface Harness {
  fake: FakeDiscord;
  adapter: DiscordAdapter;
  pager: PagerTokens;
  /** An ordinary member, a second member, a moderator (Manage Channels) and a bot admin (in DISCORD_ADMIN_IDS). */
  alice: FakeUser;
  bob: FakeUser;
  mod: FakeUser;
  owner: FakeUser;
  close(): Promise<void>;
}

export async function startHarness(opts: {
  commands: readonly CommandDef[];
  dispatch: Dispatch;
  suggest?: DiscordAdapterOptions["suggest"];
  deferAfterMs?: number;
  embeds?: boolean;
  log?: Logger;
}): Promise<Harness> {
  const fake = await FakeDiscord.start();
  const owner: FakeUser = { user: makeUser(snowflake(), "owner"), permissions: PERMS.member };
  const pager = new PagerTokens();
  const adapter = createDiscordAdapter({
    config: { token: fake.token, appId: fake.appId, apiBase: fake.apiBase, adminIds: [owner.user.id] },
    log: opts.log ?? silentLogger(),
    commands: opts.commands,
    suggest: opts.suggest,
    pager,
    deferAfterMs: opts.deferAfterMs,
    embeds: opts.embeds,
  });
  try {
    await adapter.start(opts.dispatch);
  } catch (err) {
    await fake.close();
    throw err;
  }
  return {
    fake,
    adapter,
    pager,
    alice: { user: makeUser(snowflake(), "alice"), permissions: PERMS.member },
    bob: { user: makeUser(snowflake(), "bob"), permissions: PERMS.member },
    mod: { user: makeUser(snowflake(), "mod"), permissions: PERMS.moderator },
    owner,
    async close() {
      await adapter.stop();
      await fake.close();
    },
  };
}
