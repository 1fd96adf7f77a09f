/**
 * How a command is typed on Discord, where commands are slash commands with named options:
 * "/timeline period_or_topic:2021-2024" (in Russian, the localised names Discord shows). Shared by /help
 * and the Discord registration, so the help never teaches a form Discord does not offer. Pure.
 */
import type { Args, CommandDef } from "./command.js";
import { parseOptionsFromText } from "./command.js";
import { parseCommandLine } from "./dispatcher.js";
import type { T } from "./i18n.js";

/** A command or option name in the person's language, where the catalogue gives one (commands.<cmd>.slash.*). */
export function slashName(t: T, command: string, option?: string): string {
  const key = option ? `slash.${command}.options.${option}` : `slash.${command}.name`;
  return t(key, { defaultValue: option ?? command });
}

/** "/subscribe [channel:#channel] [frequency:…] …": every option, required ones bare. */
export function slashUsage(def: CommandDef, t: T): string {
  const opts = (def.options ?? []).map((o) => {
    const name = slashName(t, def.name, o.name);
    return o.required ? `${name}:…` : `[${name}:…]`;
  });
  return [`/${slashName(t, def.name)}`, ...opts].join(" ");
}

/** The example as Discord options: "/who name:ISIS-K". */
export function slashExample(def: CommandDef, example: string, t: T): string {
  let args: Args = def.slashExample ?? {};
  if (!def.slashExample) {
    const parsed = parseCommandLine(example);
    const result = parsed ? parseOptionsFromText(def, parsed.argText) : undefined;
    if (result?.ok) args = result.value;
  }
  const parts = (def.options ?? []).filter((o) => args[o.name] !== undefined).map((o) => `${slashName(t, def.name, o.name)}:${String(args[o.name])}`);
  return [`/${slashName(t, def.name)}`, ...parts].join(" ");
}
