/**
 * Brief's real commands over the real corpus (openBrief on data/), served through the real discord.js
 * Client against the fake Discord: deploying the slash commands, answering /help, /who and /search,
 * autocomplete from the knowledge layer, and paging with buttons.
 */

import { join } from "node:path";
import { InteractionResponseType } from "discord-api-types/v10";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployCommands } from "../../src/adapters/discord/index.js";
import { silentLogger } from "../../src/core/log.js";
import { DISCORD_KIND_COLOURS } from "../../src/render/discord.js";
import { type BriefApp, openBrief } from "../../src/root.js";
import { REPO_DATA, tempDir } from "../helpers/app.js";
import { FakeDiscord, type FakeMessage, isEphemeral, visibleText } from "../helpers/discord-fake.js";
import { type Harness, startHarness } from "../helpers/discord-harness.js";
import { capturingLogger, ERROR } from "../helpers/discord-logs.js";

const buttons = (m: FakeMessage) => m.components.flatMap((row) => row.components) as { custom_id: string; label: string; disabled?: boolean }[];

describe("deploying the slash commands", () => {
  let fake: FakeDiscord;
  let app: BriefApp;
  const dir = tempDir();

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    app = await openBrief({ dbPath: join(dir.path, "brief.sqlite"), dataDir: REPO_DATA });
  });
  afterAll(async () => {
    app?.close();
    await fake?.close();
    dir.cleanup();
  });

  const config = () => ({ token: fake.token, appId: fake.appId, apiBase: fake.apiBase, adminIds: [] });

  it("GIVEN --guild THEN the commands are bulk-overwritten in that server", async () => {
    const result = await deployCommands({ config: config(), commands: app.commands, guildId: fake.guild.id, log: silentLogger() });
    const visible = app.commands.filter((c) => !c.hidden).map((c) => c.name);
    expect(result).toEqual({ scope: "guild", count: visible.length });
    expect(fake.commandPuts).toHaveLength(1);
    expect(fake.commandPuts[0]).toMatchObject({ scope: "guild", guildId: fake.guild.id });
    expect(fake.commandPuts[0]!.body.map((c) => c.name)).toEqual(visible);
    const put = fake.requests.find((r) => r.method === "PUT")!;
    expect(put.path).toBe(`/applications/${fake.appId}/guilds/${fake.guild.id}/commands`);
  });

  it("GIVEN no guild THEN the commands are bulk-overwritten globally", async () => {
    const result = await deployCommands({ config: config(), commands: app.commands, log: silentLogger() });
    expect(result.scope).toBe("global");
    expect(fake.commandPuts.at(-1)).toMatchObject({ scope: "global" });
    expect(fake.requests.filter((r) => r.method === "PUT").at(-1)!.path).toBe(`/applications/${fake.appId}/commands`);
  });

  it("GIVEN a malformed guild id THEN nothing is sent and the error says why", async () => {
    const puts = fake.commandPuts.length;
    await expect(deployCommands({ config: config(), commands: app.commands, guildId: "abc", log: silentLogger() })).rejects.toThrow(/numeric server id/);
    expect(fake.commandPuts).toHaveLength(puts);
  });
});

describe("Brief on Discord (real commands, real corpus)", () => {
  let h: Harness;
  let app: BriefApp;
  const logs = capturingLogger();
  const dir = tempDir();

  beforeAll(async () => {
    app = await openBrief({ dbPath: join(dir.path, "brief.sqlite"), dataDir: REPO_DATA, log: logs.log });
    h = await startHarness({
      commands: app.commands,
      dispatch: app.dispatch,
      suggest: (kind, prefix) => (kind === "timezone" ? [] : app.knowledge.suggest(kind, prefix)),
      log: logs.log,
    });
  });
  afterAll(async () => {
    await h?.close();
    app?.close();
    dir.cleanup();
  });

  it("GIVEN /help THEN the commands are listed in Discord's slash-command forms, one embed per screen", async () => {
    const [m] = await h.fake.answered(h.fake.slash(h.alice, "help"));
    expect(m!.embeds).toHaveLength(1);
    const e = m!.embeds[0]!;
    expect(e.title).toBe("Brief — commands");
    const text = visibleText([m!]);
    expect(text).toContain("**/who:**");
    expect(text).toContain("/who name:ISIS-K");
    // No typed syntax Discord does not have: no /sub alias, no positional arguments, no free questions.
    expect(text).not.toMatch(/\/sub\b|private chat|\/subscribe daily/);
    expect(isEphemeral(m!)).toBe(false);
  });

  it("GIVEN /who with an alias (Rahmon) THEN one embed, coloured and timestamped, and the sources one button away", async () => {
    const ms = await h.fake.answered(h.fake.slash(h.alice, "who", { name: "Rahmon" }));
    expect(ms).toHaveLength(1);
    const m = ms[0]!;
    const first = m.embeds[0]!;
    expect(first.title).toBe("Emomali Rahmon");
    expect(first.color).toBe(DISCORD_KIND_COLOURS.profile);
    expect(first.timestamp).toBeTruthy();
    expect(first.description).toContain("**Type:** Person");
    expect(visibleText(ms)).toContain("President of Tajikistan");
    const sources = buttons(m).find((b) => /^Sources \(\d+\)$/.test(b.label))!;
    const pressed = h.fake.click(h.alice, m, sources.custom_id);
    await h.fake.waitFor(() => h.fake.interaction(pressed).acknowledged !== undefined && m.embeds[0]!.title === "Sources", "the sources screen");
    expect(m.embeds[0]!.description).toMatch(/^\[1\] .+ — .+/m);
    expect(m.embeds[0]!.description).toMatch(/\[.+\]\(https:\/\/.+\)/);
    expect(buttons(m).map((b) => b.label)).toContain("↩ Back");
    expect(h.fake.limitViolations()).toEqual([]);
  });

  it("GIVEN /who with a name Brief does not know THEN the answer is ephemeral", async () => {
    const [m] = await h.fake.answered(h.fake.slash(h.alice, "who", { name: "Nobody Atall" }));
    expect(isEphemeral(m!)).toBe(true);
    expect(visibleText([m!])).toContain("I have no profile of");
  });

  it("GIVEN typing a name in /who THEN the knowledge layer's suggestions are offered (at most 25)", async () => {
    const id = h.fake.autocomplete(h.alice, "who", "name", "rah");
    const choices = await h.fake.waitFor(() => h.fake.interaction(id).autocompleteChoices, "autocomplete choices");
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    expect(choices.map((c) => c.name)).toContain("Emomali Rahmon");
  });

  it("GIVEN /search with many hits THEN the first page has pager buttons; the asker pages, another user is refused", async () => {
    const [m] = await h.fake.answered(h.fake.slash(h.alice, "search", { words: "tajikistan" }));
    const title = m!.embeds[0]!.title!;
    expect(title).toMatch(/^Search: tajikistan — \d+ passages$/);
    const [where, next] = buttons(m!);
    expect(where!.label).toMatch(/^1\/\d+$/);
    const firstPage = visibleText([m!]);

    const refused = h.fake.click(h.bob, m!, next!.custom_id);
    const [note] = await h.fake.answered(refused);
    expect(isEphemeral(note!)).toBe(true);
    expect(note!.content).toMatch(/^Only the person who asked/);

    // "More ▶" walks the screens of page 1, then "▶" turns to page 2 — every step edits the same message.
    let turned = "";
    for (let step = 0; step < 8; step++) {
      const label = (buttons(m!).find((b) => b.label === "▶" || b.label === "More ▶") ?? buttons(m!)[1]!).custom_id;
      turned = h.fake.click(h.alice, m!, label);
      await h.fake.waitFor(() => h.fake.interaction(turned).acknowledged !== undefined, "the press answered");
      if (buttons(m!).some((b) => b.label.startsWith("2/"))) break;
    }
    expect(buttons(m!).some((b) => b.label.startsWith("2/"))).toBe(true);
    expect(h.fake.interaction(turned).acknowledged).toBe(InteractionResponseType.UpdateMessage);
    expect(h.fake.messagesOf(turned)).toHaveLength(0);
    expect(visibleText([m!])).not.toBe(firstPage);
    expect(m!.embeds[0]!.title).toBe(title);
  });

  it.each(["reload", "status"])("GIVEN /%s from a member not in DISCORD_ADMIN_IDS THEN a private, polite refusal", async (name) => {
    const [m] = await h.fake.answered(h.fake.slash(h.alice, name));
    expect(isEphemeral(m!)).toBe(true);
    expect(visibleText([m!])).toContain("is for the bot's admins only");
  });

  it("GIVEN /help in a DM THEN Brief answers there too", async () => {
    const [m] = await h.fake.answered(h.fake.slash(h.alice, "help", {}, "dm"));
    expect(m!.channelId).toBe(h.fake.dmChannelId);
    expect(m!.embeds[0]!.title).toBe("Brief — commands");
  });

  it("GIVEN all of the above THEN nothing was logged as an error", () => {
    expect(logs.records.filter((r) => r.level >= ERROR)).toEqual([]);
  });
});
