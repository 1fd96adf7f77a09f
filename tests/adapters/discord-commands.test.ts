import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  ChannelType,
  InteractionContextType,
  PermissionFlagsBits,
} from "discord.js";
import { describe, expect, it } from "vitest";
import { commands as briefCommands } from "../../commands/index.js";
import {
  BOT_ADMIN_PERMISSIONS,
  buildSlashCommands,
  CHAT_ADMIN_PERMISSIONS,
  fitDescription,
  type SlashCommand,
  validateSlashCommands,
} from "../../src/adapters/discord/commands.js";
import type { CommandDef } from "../../src/core/command.js";

const def = (over: Partial<CommandDef>): CommandDef => ({
  name: "x",
  description: "Does x",
  example: "/x",
  usage: "/x",
  permission: "everyone",
  run: () => ({ blocks: [], citations: [] }),
  ...over,
});

describe("slash commands from the shared command definitions", () => {
  it("GIVEN Brief's commands THEN every visible one becomes a valid chat-input command and hidden ones are left out", () => {
    const slash = buildSlashCommands(briefCommands);
    expect(validateSlashCommands(slash)).toEqual([]);
    const visible = briefCommands.filter((c) => !c.hidden).map((c) => c.name);
    expect(slash.map((c) => c.name)).toEqual(visible);
    expect(slash.map((c) => c.name)).not.toContain("start");
    for (const c of slash) {
      expect(c.type).toBe(ApplicationCommandType.ChatInput);
      expect(c.description.length).toBeLessThanOrEqual(100);
      expect(c.contexts).toEqual([InteractionContextType.Guild, InteractionContextType.BotDM]);
      expect(c.integration_types).toEqual([ApplicationIntegrationType.GuildInstall]);
    }
  });

  it("GIVEN /who THEN its name option is a required string with entity autocomplete, named and described in Russian too", () => {
    const who = buildSlashCommands(briefCommands).find((c) => c.name === "who")!;
    expect(who.options).toEqual([
      {
        name: "name",
        name_localizations: { ru: "имя" },
        description: expect.any(String),
        description_localizations: { ru: expect.stringMatching(/^Имя/) },
        required: true,
        type: ApplicationCommandOptionType.String,
        autocomplete: true,
      },
    ]);
    expect(who.name_localizations).toEqual({ ru: "кто" });
    expect(who.description_localizations?.ru).toMatch(/^Профиль/);
    expect(who.default_member_permissions).toBeNull();
  });

  it("GIVEN optional options declared before required ones THEN required options come first, order otherwise kept", () => {
    const [cmd] = buildSlashCommands([
      def({
        options: [
          { name: "a", description: "A", type: "string" },
          { name: "b", description: "B", type: "integer", required: true },
          { name: "c", description: "C", type: "channel" },
          { name: "d", description: "D", type: "string", required: true },
        ],
      }),
    ]);
    expect(cmd!.options!.map((o) => [o.name, o.required])).toEqual([
      ["b", true],
      ["d", true],
      ["a", false],
      ["c", false],
    ]);
    expect(validateSlashCommands([cmd!])).toEqual([]);
  });

  it("GIVEN typed options THEN they map to Discord's integer, channel and string types with choices and max length", () => {
    const [cmd] = buildSlashCommands([
      def({
        options: [
          { name: "n", description: "Count", type: "integer", choices: [{ name: "one", value: "1" }] },
          { name: "where", description: "Channel", type: "channel", required: true },
          { name: "mode", description: "Mode", type: "string", choices: [{ name: "Daily", value: "daily" }], maxLength: 50 },
          { name: "tz", description: "Zone", type: "string", autocomplete: "timezone", choices: [{ name: "UTC", value: "UTC" }] },
        ],
      }),
    ]);
    const byName = Object.fromEntries(cmd!.options!.map((o) => [o.name, o]));
    expect(byName.n).toMatchObject({ type: ApplicationCommandOptionType.Integer, choices: [{ name: "one", value: 1 }] });
    expect(byName.where).toMatchObject({
      type: ApplicationCommandOptionType.Channel,
      channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
    });
    expect(byName.mode).toMatchObject({ type: ApplicationCommandOptionType.String, choices: [{ name: "Daily", value: "daily" }], max_length: 50 });
    // Discord forbids choices together with autocomplete: autocomplete wins.
    expect(byName.tz).toMatchObject({ autocomplete: true });
    expect(byName.tz).not.toHaveProperty("choices");
  });

  it("GIVEN permissions THEN chat-admin commands need Manage Server or Manage Channels and bot-admin ones administrators", () => {
    const slash = buildSlashCommands([def({ name: "a", permission: "chat-admin" }), def({ name: "b", permission: "bot-admin" }), def({ name: "c" })]);
    expect(CHAT_ADMIN_PERMISSIONS).toBe(String(PermissionFlagsBits.ManageGuild | PermissionFlagsBits.ManageChannels));
    expect(CHAT_ADMIN_PERMISSIONS).toBe("48");
    expect(slash.map((c) => c.default_member_permissions)).toEqual([CHAT_ADMIN_PERMISSIONS, BOT_ADMIN_PERMISSIONS, null]);
    expect(BOT_ADMIN_PERMISSIONS).toBe("0");
  });

  it("GIVEN descriptions over 100 characters THEN they are shortened at a word with an ellipsis", () => {
    const long = "word ".repeat(40);
    const fitted = fitDescription(long);
    expect(fitted.length).toBeLessThanOrEqual(100);
    expect(fitted.endsWith("…")).toBe(true);
    const [cmd] = buildSlashCommands([def({ description: long, options: [{ name: "o", description: long, type: "string" }] })]);
    expect(validateSlashCommands([cmd!])).toEqual([]);
    expect(fitDescription("   ")).toBe("—");
  });

  it("GIVEN commands breaking Discord's rules THEN validation names each problem", () => {
    const bad: SlashCommand[] = [
      {
        name: "Bad Name",
        description: "",
        options: [
          { name: "opt", description: "o", type: ApplicationCommandOptionType.String },
          { name: "req", description: "r", type: ApplicationCommandOptionType.String, required: true },
          {
            name: "many",
            description: "m",
            type: ApplicationCommandOptionType.String,
            choices: Array.from({ length: 26 }, (_, i) => ({ name: `c${i}`, value: `v${i}` })),
          },
        ],
      },
      { name: "dup", description: "d" },
      { name: "dup", description: "d" },
      ...Array.from({ length: 98 }, (_, i) => ({ name: `c${i}`, description: "d" })),
    ];
    const problems = validateSlashCommands(bad);
    expect(problems).toEqual(
      expect.arrayContaining([
        "101 commands; Discord allows 100",
        "/Bad Name: name must match [a-z0-9_-]{1,32}",
        "/Bad Name: description must be 1–100 characters",
        "/Bad Name req: required option after an optional one",
        "/Bad Name many: 26 choices; Discord allows 25",
        "/dup: registered twice",
      ]),
    );
  });
});
