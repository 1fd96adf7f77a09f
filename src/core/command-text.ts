/**
 * What a command is called and how it is used, in the person's language: from the catalogues
 * (commands.<name>.description, .usage, .example, .options.<option>, .choices.<value>), falling back to
 * the English the CommandDef itself carries (commands that are not Brief's own, such as tests').
 */
import type { CommandDef, OptionDef } from "./command.js";
import type { T } from "./i18n.js";

export interface CommandText {
  description: string;
  usage: string;
  example: string;
  option(opt: OptionDef): string;
  choice(value: string, fallback: string): string;
}

export function commandText(def: CommandDef, t: T): CommandText {
  const key = (k: string) => `commands.${def.name}.${k}`;
  const say = (k: string, fallback: string) => t(key(k), { defaultValue: fallback });
  return {
    description: say("description", def.description ?? def.name),
    usage: say("usage", def.usage ?? `/${def.name}`),
    example: say("example", def.example ?? `/${def.name}`),
    option: (opt) => say(`options.${opt.name}`, opt.description ?? opt.name),
    choice: (value, fallback) => say(`choices.${value}`, fallback),
  };
}
