/**
 * A chat command is data: a name, a description, typed options and a run function returning a MessageDoc.
 * Discord gets the options as native slash-command options; Telegram and the console parse them from text.
 */

import type { AdminActions } from "./admin.js";
import type { QuestionAnswerer } from "./answers.js";
import type { Result } from "./errors.js";
import type { FeedActions } from "./feeds.js";
import { type Locale, type T, translator } from "./i18n.js";
import type { KnowledgeReader } from "./knowledge.js";
import type { Logger } from "./log.js";
import type { MessageDoc } from "./message.js";
import type { Origin } from "./origin.js";
import type { SubscriptionService } from "./subscriptions.js";

export type AutocompleteKind = "event" | "entity" | "source" | "topic" | "timezone";

export interface OptionDef {
  name: string;
  /** English fallback; the catalogues (commands.<command>.options.<name>) say it in each language. */
  description?: string;
  type: "string" | "integer" | "channel";
  required?: boolean;
  choices?: readonly { name: string; value: string }[];
  /** Discord offers suggestions of this kind; every submitted value is validated again anyway. */
  autocomplete?: AutocompleteKind;
  /** In text, this (last) option takes the rest of the line. */
  rest?: boolean;
  maxLength?: number;
}

export type ArgValue = string | number | undefined;
export type Args = Record<string, ArgValue>;

export type Permission = "everyone" | "chat-admin" | "bot-admin";

/**
 * What commands may use, handed to them by the dispatcher. Every member is an interface declared in core
 * and implemented by a feature; the composition root (src/root.ts) wires them. Platform-neutral by
 * construction: adapters are not reachable from here.
 */
export interface Services {
  log: Logger;
  knowledge: KnowledgeReader;
  answers: QuestionAnswerer;
  subscriptions: SubscriptionService;
  admin: AdminActions;
  /** Following feeds and fetching links (absent where no feeds feature is wired, as in some tests). */
  feeds?: FeedActions;
  /** The command list, for /help and suggestions. */
  commands: readonly CommandDef[];
}

export interface CommandContext {
  args: Args;
  /** The argument text as typed (or rebuilt from Discord options), for pager buttons. */
  argText: string;
  /** 1-based page requested by a pager button. */
  page: number;
  origin: Origin;
  services: Services;
  now: Date;
  /** The person's interface language, and its translator: every sentence a command writes comes from t(). */
  locale: Locale;
  t: T;
}

export interface CommandDef {
  name: string;
  /** Other names that reach this command: singulars, plurals, synonyms. */
  aliases?: readonly string[];
  /**
   * English fallbacks for commands not in the catalogues (tests' own commands). Brief's commands say these
   * in each language in src/core/locales (commands.<name>.description, .usage, .example); see commandText().
   */
  description?: string;
  /** One example invocation, shown in /help and the README. */
  example?: string;
  /** Usage line shown when an argument is missing. */
  usage?: string;
  /** The example as Discord's slash-command options, where the text example does not map onto them. */
  slashExample?: Args;
  options?: readonly OptionDef[];
  permission: Permission;
  /** Hidden from menus (still answered). */
  hidden?: boolean;
  /** Custom text grammar, for commands whose text form is richer than positional options. */
  parseText?(text: string): Result<Args>;
  run(ctx: CommandContext): Promise<MessageDoc> | MessageDoc;
}

/** "page must be a whole number, not “two”", in the person's language, the option by its name there. */
function notWholeNumber(def: CommandDef, opt: OptionDef, value: string, t: T): string {
  const option = t(`slash.${def.name}.options.${opt.name}`, { defaultValue: opt.name });
  return t("dispatch.wholeNumber", { option, value });
}

/** Splits text into the command's options: positional words, the last `rest` option takes the remainder. */
export function parseOptionsFromText(def: CommandDef, text: string, t: T = translator()): Result<Args> {
  if (def.parseText) return def.parseText(text);
  const options = def.options ?? [];
  const args: Args = {};
  let remaining = text.trim();
  for (const [i, opt] of options.entries()) {
    if (remaining === "") break;
    const isLast = i === options.length - 1;
    if (opt.rest || isLast) {
      args[opt.name] = coerce(opt, remaining);
      remaining = "";
      break;
    }
    const m = /^(\S+)\s*(.*)$/s.exec(remaining)!;
    args[opt.name] = coerce(opt, m[1]!);
    remaining = m[2]!;
  }
  for (const opt of options) {
    const v = args[opt.name];
    if (opt.type === "integer" && typeof v === "string") {
      return { ok: false, error: notWholeNumber(def, opt, v, t) };
    }
  }
  return { ok: true, value: args };
}

function coerce(opt: OptionDef, raw: string): ArgValue {
  if (opt.type !== "integer") return raw;
  return /^-?\d{1,9}$/.test(raw) ? Number(raw) : raw;
}

/**
 * Arguments that arrived as named options, checked against the command's options: a string option gets a
 * string and an integer option a whole number, whatever the platform sent (a stale Discord registration
 * can send the old type). Names the command does not declare are dropped.
 */
export function checkOptionArgs(def: CommandDef, args: Args, t: T = translator()): Result<Args> {
  const out: Args = {};
  for (const opt of def.options ?? []) {
    const v = args[opt.name];
    if (v === undefined) continue;
    if (opt.type !== "integer") out[opt.name] = String(v);
    else if (typeof v === "number" && Number.isSafeInteger(v)) out[opt.name] = v;
    else if (typeof v === "string" && /^-?\d{1,9}$/.test(v.trim())) out[opt.name] = Number(v.trim());
    else return { ok: false, error: notWholeNumber(def, opt, String(v).slice(0, 40), t) };
  }
  return { ok: true, value: out };
}

/** Rebuilds the text form of arguments that arrived as named options (Discord), in option order. */
export function argsToText(def: CommandDef, args: Args): string {
  return (def.options ?? [])
    .map((o) => args[o.name])
    .filter((v) => v !== undefined && v !== "")
    .map(String)
    .join(" ");
}
