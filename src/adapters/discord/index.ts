/** The Discord adapter: the only place (with its siblings in this folder) that imports discord.js. */
export { createDiscordAdapter, type DiscordAdapter, type DiscordAdapterOptions } from "./adapter.js";
export { deployCommands } from "./deploy.js";
