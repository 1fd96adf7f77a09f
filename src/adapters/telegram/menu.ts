/**
 * The command menu Telegram shows under "/" (setMyCommands). Pure: commands in, BotCommand list out.
 * Telegram's rules (core.telegram.org/bots/api#botcommand): at most 100 commands, names [a-z0-9_]{1,32},
 * descriptions 1–256 characters. The menu is cosmetic: permissions are checked by the dispatcher anyway.
 */
import type { CommandDef } from "../../core/command.js";
import { commandText } from "../../core/command-text.js";
import { type T, translator } from "../../core/i18n.js";

export const TELEGRAM_MAX_COMMANDS = 100;
export const TELEGRAM_COMMAND_NAME = /^[a-z0-9_]{1,32}$/;
export const TELEGRAM_MAX_COMMAND_DESCRIPTION = 256;

export interface MenuCommand {
  command: string;
  description: string;
}

/**
 * `audience: "everyone"` leaves out bot-admin commands (the default menu); `"bot-admin"` includes them
 * (published per admin's private chat). Hidden commands and invalid names are always left out.
 */
export function menuCommands(commands: readonly CommandDef[], audience: "everyone" | "bot-admin" = "everyone", t: T = translator()): MenuCommand[] {
  const seen = new Set<string>();
  const out: MenuCommand[] = [];
  for (const c of commands) {
    if (c.hidden || (c.permission === "bot-admin" && audience !== "bot-admin")) continue;
    if (!TELEGRAM_COMMAND_NAME.test(c.name) || seen.has(c.name)) continue;
    // The same words /help shows, in the menu's language.
    const description = commandText(c, t).description.replace(/\s+/g, " ").trim().slice(0, TELEGRAM_MAX_COMMAND_DESCRIPTION) || c.name;
    seen.add(c.name);
    out.push({ command: c.name, description });
    if (out.length === TELEGRAM_MAX_COMMANDS) break;
  }
  return out;
}
