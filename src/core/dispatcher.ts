/**
 * The one road every input takes: parse the command line, find the command, check arguments and
 * permission, run it, and turn every failure into a reply. It never throws.
 */

import type { Services } from "./command.js";
import { type Args, argsToText, type CommandDef, checkOptionArgs, type Permission, parseOptionsFromText } from "./command.js";
import { APOLOGY, isUserError, UserError } from "./errors.js";
import { type Fault, storageFault } from "./faults.js";
import { type MessageDoc, para, text } from "./message.js";
import { describeActor, type Origin } from "./origin.js";
import { closest } from "./similarity.js";

/** Longest argument text we accept; longer input gets a short reply instead of work. */
export const MAX_ARGUMENT_LENGTH = 1000;

export type DispatchInput =
  /** A line as typed. `botUsername` lets "/cmd@OtherBot" be ignored in groups. */
  | { kind: "text"; text: string; botUsername?: string; page?: number }
  /** A command with named options (Discord slash commands, pager buttons). */
  | { kind: "options"; command: string; args: Args; page?: number };

/** Returns the reply, or null when the input was not meant for Brief (plain chatter in a group, another bot's command). */
export type Dispatch = (input: DispatchInput, origin: Origin) => Promise<MessageDoc | null>;

/**
 * How a command ended: "ok"; "refused" (not allowed to); "user-error" (a reply explaining what was wrong
 * with the input, or that something was not found); "error" (a fault: the person got the apology).
 */
export type CommandOutcome = "ok" | "refused" | "user-error" | "error";

/** One answered command, for metrics and the audit log (the composition root decides what to do with it). */
export interface CommandEvent {
  /** The command's name, or the name as typed when there is no such command. */
  command: string;
  /** Undefined when no command was found. */
  permission?: Permission;
  origin: Origin;
  argText: string;
  outcome: CommandOutcome;
  /** What the person was told, for a refusal or a user error; the fault's message for an error. */
  reason?: string;
  ms: number;
}

export interface ParsedLine {
  name: string;
  mention?: string;
  argText: string;
}

/**
 * Invisible format characters (zero-width space and joiners, word joiner, soft hyphen, BOM): pasted text
 * carries them, and "/se\u200Barch" must still be /search. Stripped from the command and the bot's name
 * only; in the arguments a zero-width non-joiner is part of how Persian is written.
 */
const INVISIBLE = /\p{Cf}/gu;

/** "/Who@BriefBot  Rahmon" → { name: "who", mention: "BriefBot", argText: "Rahmon" }. Null for non-commands. */
export function parseCommandLine(line: string): ParsedLine | null {
  const m = /^\/([^\s@]+)(?:@(\S+))?(?:\s+([\s\S]*))?$/.exec(line.replace(/^[\s\p{Cf}]+/u, "").trim());
  if (!m) return null;
  return { name: m[1]!.replace(INVISIBLE, "").toLowerCase(), mention: m[2]?.replace(INVISIBLE, ""), argText: (m[3] ?? "").trim() };
}

export function findCommand(commands: readonly CommandDef[], name: string): CommandDef | undefined {
  const n = name.toLowerCase();
  return commands.find((c) => c.name === n || c.aliases?.includes(n));
}

export function createDispatcher(services: Services, now: () => Date = () => new Date(), onCommand?: (event: CommandEvent) => void): Dispatch {
  const { commands, log } = services;

  return async (input, origin) => {
    const started = performance.now();
    let commandName = "";
    let permission: Permission | undefined;
    let argText = "";
    // Observers never break a reply: a failing one is logged.
    const report = (outcome: CommandOutcome, reason?: string) => {
      if (!onCommand) return;
      try {
        onCommand({ command: commandName, permission, origin, argText, outcome, reason, ms: performance.now() - started });
      } catch (err) {
        log.error({ err, command: commandName }, "recording a command failed");
      }
    };
    try {
      let def: CommandDef;
      let args: Args;
      if (input.kind === "text") {
        const line = input.text.trim();
        let parsed = parseCommandLine(line);
        if (!parsed) {
          // Free text is a question where Brief is spoken to directly; in groups it is chatter.
          if (origin.chatKind !== "private" || line === "") return null;
          parsed = { name: "ask", argText: line };
        }
        if (parsed.mention && input.botUsername && parsed.mention.toLowerCase() !== input.botUsername.toLowerCase()) {
          return null;
        }
        commandName = parsed.name;
        // In a group, "/cmd" that is not ours may belong to another bot: stay quiet unless addressed to Brief.
        if (origin.chatKind !== "private" && !parsed.mention && !findCommand(commands, parsed.name)) return null;
        def = resolve(commands, parsed.name);
        if (parsed.argText.length > MAX_ARGUMENT_LENGTH) throw tooLong(parsed.argText.length);
        const result = parseOptionsFromText(def, parsed.argText);
        if (!result.ok) throw new UserError("bad-argument", result.error, [`Usage: ${def.usage}`]);
        args = result.value;
        argText = parsed.argText;
      } else {
        commandName = input.command;
        def = resolve(commands, input.command);
        const checked = checkOptionArgs(def, input.args);
        if (!checked.ok) throw new UserError("bad-argument", checked.error, [`Usage: ${def.usage}`]);
        args = checked.value;
        argText = argsToText(def, args);
        if (argText.length > MAX_ARGUMENT_LENGTH) throw tooLong(argText.length);
      }
      commandName = def.name;
      permission = def.permission;
      for (const opt of def.options ?? []) {
        const v = args[opt.name];
        if (opt.required && (v === undefined || (typeof v === "string" && v.trim() === ""))) {
          throw new UserError("missing-argument", `/${def.name} needs ${article(opt.name)}: ${opt.description.toLowerCase()}.`, [
            `Usage: ${def.usage}`,
            `Example: ${def.example}`,
          ]);
        }
      }
      try {
        await authorise(def, origin);
      } catch (err) {
        // Refused admin attempts are admin actions too: they go to the audit log.
        if (def.permission === "bot-admin") services.admin?.refused(describeActor(origin), def.name);
        throw err;
      }
      const page = Math.max(1, Math.floor(input.page ?? 1));
      const doc = await def.run({ args, argText, page, origin, services, now: now() });
      report("ok");
      return doc;
    } catch (err) {
      if (isUserError(err)) {
        report(err.code === "forbidden" ? "refused" : "user-error", err.message);
        return userErrorDoc(err);
      }
      // A storage fault (a full disk, a read-only file) is the operator's to fix: the log says what, and so
      // does the reply to a bot admin; everyone else gets the apology.
      const fault = storageFault(err);
      log.error({ err, command: commandName, channel: origin.channel, user: origin.user.id, fault: fault?.words }, "command failed");
      report("error", err instanceof Error ? err.message : String(err));
      return fault && origin.isBotAdmin ? faultDoc(fault) : apologyDoc();
    }
  };
}

function resolve(commands: readonly CommandDef[], name: string): CommandDef {
  const def = findCommand(commands, name);
  if (def) return def;
  const names = commands.filter((c) => !c.hidden).flatMap((c) => [c.name, ...(c.aliases ?? [])]);
  const near = closest(name, names, 3).map((n) => findCommand(commands, n)!.name);
  const unique = [...new Set(near)];
  const hint = unique.length > 0 ? `Did you mean ${unique.map((n) => `/${n}`).join(" or ")}?` : "Type /help to see the commands.";
  throw new UserError("unknown-command", `There is no /${name.slice(0, 40)} command.`, [hint]);
}

async function authorise(def: CommandDef, origin: Origin): Promise<void> {
  if (def.permission === "everyone") return;
  if (def.permission === "bot-admin") {
    if (!origin.isBotAdmin) throw new UserError("forbidden", `Sorry, /${def.name} is for the bot's admins only.`);
    return;
  }
  // chat-admin: in a private chat the user owns the conversation; elsewhere ask the platform.
  if (origin.chatKind === "private" || origin.isBotAdmin) return;
  if (!(await origin.isChatAdmin())) {
    throw new UserError("forbidden", `Sorry, only this chat's admins can use /${def.name}.`);
  }
}

function tooLong(length: number): UserError {
  return new UserError("too-long", `That is too long (${length} characters). Please keep it under ${MAX_ARGUMENT_LENGTH}.`);
}

/** "a name", "an id", "some words": option names are nouns, a few of them plural. */
function article(word: string): string {
  if (/[^s]s$/i.test(word)) return `some ${word}`;
  return /^[aeiou]/i.test(word) ? `an ${word}` : `a ${word}`;
}

export function userErrorDoc(err: UserError): MessageDoc {
  return {
    blocks: [para(err.message), ...err.hints.map((h) => para(h))],
    citations: [],
    tone: "warn",
    private: true,
  };
}

/** For bot admins: what failed, in words they can act on. */
export function faultDoc(fault: Fault): MessageDoc {
  return {
    blocks: [
      para(text(`Sorry, that failed on our side: ${fault.words} (${fault.code}).`)),
      para(text("The log has the details; `brief db check` checks the database and the search index.")),
    ],
    citations: [],
    tone: "error",
    private: true,
  };
}

export function apologyDoc(): MessageDoc {
  return {
    blocks: [para(text(APOLOGY))],
    citations: [],
    tone: "error",
    private: true,
  };
}
