/**
 * Shared CommandDefs → Discord application commands (CHAT_INPUT). A pure function: deployCommands sends
 * its result, tests inspect it.
 *
 * Rules obeyed (discord.com/developers/docs/interactions/application-commands):
 *  - names [a-z0-9_-]{1,32} lower case, descriptions 1–100 characters;
 *  - at most 100 global commands, 25 options per command, 25 choices per option;
 *  - required options come before optional ones;
 *  - an option has either choices or autocomplete, never both;
 *  - default_member_permissions is a permission bit set as a string ("0": administrators only).
 */
import {
  type APIApplicationCommandBasicOption,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  ChannelType,
  InteractionContextType,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import type { CommandDef, OptionDef } from "../../core/command.js";
import { type CommandText, commandText } from "../../core/command-text.js";
import { DEFAULT_LOCALE, LOCALES, type Locale, type T, translator } from "../../core/i18n.js";
import { slashName } from "../../core/slash-form.js";

export const SLASH_COMMANDS_MAX = 100;
export const SLASH_OPTIONS_MAX = 25;
export const SLASH_CHOICES_MAX = 25;
export const SLASH_DESCRIPTION_MAX = 100;
export const SLASH_CHOICE_NAME_MAX = 100;
export const SLASH_CHOICE_VALUE_MAX = 100;
export const SLASH_STRING_MAX_LENGTH = 6000;
const SLASH_NAME = /^[a-z0-9_-]{1,32}$/;

/** Chat-admin commands are offered to members who can manage the server or its channels. */
export const CHAT_ADMIN_PERMISSIONS = String(PermissionFlagsBits.ManageGuild | PermissionFlagsBits.ManageChannels);
/** Bot-admin commands are offered to server administrators only; the handler checks DISCORD_ADMIN_IDS. */
export const BOT_ADMIN_PERMISSIONS = "0";

export type SlashCommand = RESTPostAPIChatInputApplicationCommandsJSONBody;

/** Fits a description into Discord's 1–100 characters (descriptions are menu labels, not answers). */
export function fitDescription(text: string): string {
  const single = text.replace(/\s+/g, " ").trim();
  if (single === "") return "—";
  if (single.length <= SLASH_DESCRIPTION_MAX) return single;
  const cut = single.slice(0, SLASH_DESCRIPTION_MAX - 1);
  const space = cut.lastIndexOf(" ");
  return `${space > 60 ? cut.slice(0, space) : cut}…`;
}

/** Discord's locale code for each interface language other than the default (discord.com/developers/docs/reference#locales). */
const DISCORD_LOCALES: Partial<Record<Locale, "ru">> = { ru: "ru" };

/** { ru: "…" } for each language Discord should show instead of the English default. */
function localized(say: (t: T) => string, shape: (s: string) => string = (x) => x): Record<string, string> {
  const out: Record<string, string> = {};
  for (const locale of LOCALES) {
    const code = DISCORD_LOCALES[locale];
    if (locale !== DEFAULT_LOCALE && code) out[code] = shape(say(translator(locale)));
  }
  return out;
}

/** Option and command names: lower case, [-_\p{L}\p{N}]{1,32}, as Discord requires in every language. */
const fitName = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^-_\p{L}\p{N}]/gu, "_")
    .slice(0, 32);

function buildOption(def: CommandDef, opt: OptionDef, en: CommandText): APIApplicationCommandBasicOption {
  const base = {
    name: opt.name,
    name_localizations: localized((t) => slashName(t, def.name, opt.name), fitName),
    description: fitDescription(en.option(opt)),
    description_localizations: localized((t) => commandText(def, t).option(opt), fitDescription),
    required: opt.required === true,
  };
  const choiceName = (c: { name: string; value: string }) => ({
    name: en.choice(c.value, c.name).slice(0, SLASH_CHOICE_NAME_MAX),
    name_localizations: localized((t) => commandText(def, t).choice(c.value, c.name).slice(0, SLASH_CHOICE_NAME_MAX)),
  });
  switch (opt.type) {
    case "integer": {
      const integer = { ...base, type: ApplicationCommandOptionType.Integer as const };
      if (opt.autocomplete) return { ...integer, autocomplete: true };
      if (opt.choices) {
        return { ...integer, choices: opt.choices.map((c) => ({ ...choiceName(c), value: Number(c.value) })) };
      }
      return integer;
    }
    case "channel":
      return {
        ...base,
        type: ApplicationCommandOptionType.Channel,
        // Brief posts into text channels: offer only those a bot can write to.
        channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
      };
    case "string": {
      const string = {
        ...base,
        type: ApplicationCommandOptionType.String as const,
        ...(opt.maxLength !== undefined ? { max_length: Math.min(Math.max(1, opt.maxLength), SLASH_STRING_MAX_LENGTH) } : {}),
      };
      // A Discord option has choices or autocomplete, never both; autocomplete wins (it can offer more than 25).
      if (opt.autocomplete) return { ...string, autocomplete: true };
      if (opt.choices) {
        return { ...string, choices: opt.choices.map((c) => ({ ...choiceName(c), value: c.value })) };
      }
      return string;
    }
  }
}

function defaultMemberPermissions(def: CommandDef): string | null {
  switch (def.permission) {
    case "everyone":
      return null;
    case "chat-admin":
      return CHAT_ADMIN_PERMISSIONS;
    case "bot-admin":
      return BOT_ADMIN_PERMISSIONS;
  }
}

/**
 * Builds the application commands. Hidden commands are left out: Discord has no hidden commands, and
 * registering a command is what puts it in the menu. Aliases are not registered either (each would be a
 * separate menu entry counting towards the 100); typed text still reaches them on other platforms.
 */
export function buildSlashCommands(commands: readonly CommandDef[]): SlashCommand[] {
  return commands
    .filter((def) => !def.hidden)
    .map((def) => {
      const options = [...(def.options ?? [])];
      // Discord requires required options first; keep the declared order otherwise.
      options.sort((a, b) => Number(b.required === true) - Number(a.required === true));
      const en = commandText(def, translator(DEFAULT_LOCALE));
      return {
        type: ApplicationCommandType.ChatInput,
        name: def.name,
        // Russian-speaking members see Russian names and descriptions; Discord still sends the default names.
        name_localizations: localized((t) => slashName(t, def.name), fitName),
        description: fitDescription(en.description),
        description_localizations: localized((t) => commandText(def, t).description, fitDescription),
        ...(options.length > 0 ? { options: options.map((o) => buildOption(def, o, en)) } : {}),
        default_member_permissions: defaultMemberPermissions(def),
        // Installed in servers, usable in servers and in DMs with the bot (replaces dm_permission).
        integration_types: [ApplicationIntegrationType.GuildInstall],
        contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
      } satisfies SlashCommand;
    });
}

/** Every way a command list breaks Discord's rules, as sentences; empty when it may be deployed. */
export function validateSlashCommands(commands: readonly SlashCommand[]): string[] {
  const problems: string[] = [];
  if (commands.length > SLASH_COMMANDS_MAX) problems.push(`${commands.length} commands; Discord allows ${SLASH_COMMANDS_MAX}`);
  const seen = new Set<string>();
  for (const cmd of commands) {
    const where = `/${cmd.name}`;
    if (!SLASH_NAME.test(cmd.name)) problems.push(`${where}: name must match [a-z0-9_-]{1,32}`);
    if (seen.has(cmd.name)) problems.push(`${where}: registered twice`);
    seen.add(cmd.name);
    if (cmd.description.length < 1 || cmd.description.length > SLASH_DESCRIPTION_MAX) {
      problems.push(`${where}: description must be 1–${SLASH_DESCRIPTION_MAX} characters`);
    }
    const options = (cmd.options ?? []) as APIApplicationCommandBasicOption[];
    if (options.length > SLASH_OPTIONS_MAX) problems.push(`${where}: ${options.length} options; Discord allows ${SLASH_OPTIONS_MAX}`);
    let optionalSeen = false;
    const optionNames = new Set<string>();
    for (const opt of options) {
      const at = `${where} ${opt.name}`;
      if (!SLASH_NAME.test(opt.name)) problems.push(`${at}: option name must match [a-z0-9_-]{1,32}`);
      if (optionNames.has(opt.name)) problems.push(`${at}: option declared twice`);
      optionNames.add(opt.name);
      if (opt.description.length < 1 || opt.description.length > SLASH_DESCRIPTION_MAX) {
        problems.push(`${at}: description must be 1–${SLASH_DESCRIPTION_MAX} characters`);
      }
      if (opt.required) {
        if (optionalSeen) problems.push(`${at}: required option after an optional one`);
      } else optionalSeen = true;
      const choices = "choices" in opt && Array.isArray(opt.choices) ? opt.choices : [];
      if (choices.length > SLASH_CHOICES_MAX) problems.push(`${at}: ${choices.length} choices; Discord allows ${SLASH_CHOICES_MAX}`);
      if (choices.length > 0 && "autocomplete" in opt && opt.autocomplete) problems.push(`${at}: choices and autocomplete together`);
      for (const c of choices as { name: string; value: string | number }[]) {
        if (c.name.length < 1 || c.name.length > SLASH_CHOICE_NAME_MAX) problems.push(`${at}: choice name "${c.name}" must be 1–100 characters`);
        if (typeof c.value === "string" && c.value.length > SLASH_CHOICE_VALUE_MAX) problems.push(`${at}: choice value "${c.value}" is over 100 characters`);
        if (typeof c.value === "number" && !Number.isSafeInteger(c.value)) problems.push(`${at}: choice value "${c.value}" is not a whole number`);
      }
    }
  }
  return problems;
}
