/**
 * `brief commands deploy [--guild ID]`: registers the slash commands by bulk overwrite. Registration is a
 * deliberate act, not a boot step: Discord limits daily command creates, and a guild deploy is instant
 * while a global one is what every server sees.
 */
import { REST, Routes } from "discord.js";
import type { CommandDef } from "../../core/command.js";
import type { Logger } from "../../core/log.js";
import { rememberSecret } from "../../core/redact.js";
import type { DiscordConfig } from "./adapter.js";
import { buildSlashCommands, validateSlashCommands } from "./commands.js";

export interface DeployCommandsOptions {
  config: DiscordConfig;
  commands: readonly CommandDef[];
  /** Deploy to one server (instant, for testing) instead of globally. */
  guildId?: string;
  log: Logger;
}

export async function deployCommands(opts: DeployCommandsOptions): Promise<{ scope: "guild" | "global"; count: number }> {
  const { config, guildId, log } = opts;
  if (guildId !== undefined && !/^\d{5,25}$/.test(guildId)) throw new Error(`--guild expects a numeric server id, not "${guildId}"`);
  const body = buildSlashCommands(opts.commands);
  const problems = validateSlashCommands(body);
  if (problems.length > 0) {
    throw new Error(`The commands break Discord's rules:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
  rememberSecret(config.token);
  const rest = new REST(config.apiBase ? { api: config.apiBase } : {}).setToken(config.token);
  try {
    const route = guildId ? Routes.applicationGuildCommands(config.appId, guildId) : Routes.applicationCommands(config.appId);
    const registered = await rest.put(route, { body });
    const count = Array.isArray(registered) ? registered.length : body.length;
    const scope = guildId ? "guild" : "global";
    log.info({ scope, guild: guildId, count, app: config.appId }, "discord commands deployed");
    return { scope, count };
  } finally {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
}
