/** The Discord adapter: the only place (with its siblings in this folder) that imports discord.js. */
export {
  createDiscordAdapter,
  DEFAULT_DEFER_AFTER_MS,
  type ChannelPermissionCheck,
  type DiscordAdapter,
  type DiscordAdapterOptions,
} from "./adapter.js";
export { deployCommands, type DeployCommandsOptions } from "./deploy.js";
export { buildSlashCommands, validateSlashCommands, CHAT_ADMIN_PERMISSIONS, BOT_ADMIN_PERMISSIONS } from "./commands.js";
export { classifySendError } from "./errors.js";
export { autocompleteChoices, timezoneSuggestions } from "./autocomplete.js";
