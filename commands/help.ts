import type { CommandDef } from "../src/core/command.js";
import { commandText } from "../src/core/command-text.js";
import { findCommand } from "../src/core/dispatcher.js";
import { UserError } from "../src/core/errors.js";
import { bold, code, command, fields, para, text } from "../src/core/message.js";
import { slashExample, slashName, slashUsage } from "../src/core/slash-form.js";

/**
 * The help matches where it is read: on Discord the slash-command forms Discord offers (no typed
 * arguments, no aliases, no free questions, which a Discord bot never receives); on Telegram the same
 * commands and descriptions as the "/" menu, with free questions in a private chat; the console its own.
 */
export default {
  name: "help",
  permission: "everyone",
  options: [{ name: "command", type: "string" }],
  run({ args, services, origin, t }) {
    const discord = origin.platform === "discord";
    const wanted = typeof args.command === "string" ? args.command.replace(/^\//, "").trim() : "";
    const visible = services.commands.filter((c) => !c.hidden && (c.permission !== "bot-admin" || origin.isBotAdmin));
    if (wanted) {
      // On Discord a Russian reader knows the command by the name their client shows (/хронология).
      const def = findCommand(services.commands, wanted) ?? services.commands.find((c) => discord && slashName(t, c.name) === wanted.toLowerCase());
      if (!def) {
        throw new UserError(
          "not-found",
          t("commands.help.notFound", { name: wanted.slice(0, 40) }),
          [t("commands.help.seeAll")],
          [{ label: "/help", command: "help", args: "" }],
        );
      }
      const about = commandText(def, t);
      return {
        title: `/${discord ? slashName(t, def.name) : def.name}`,
        blocks: [
          para(`${about.description}.`),
          fields([
            { label: t("commands.help.usageLabel"), value: [code(discord ? slashUsage(def, t) : about.usage)] },
            { label: t("commands.help.exampleLabel"), value: [code(discord ? slashExample(def, about.example, t) : about.example)] },
            ...(def.aliases?.length && !discord ? [{ label: t("commands.help.alsoLabel"), value: [text(def.aliases.map((a) => `/${a}`).join(", "))] }] : []),
            ...(def.permission !== "everyone"
              ? [
                  {
                    label: t("commands.help.whoLabel"),
                    value: [text(def.permission === "chat-admin" ? t("commands.help.chatAdmins") : t("commands.help.botAdmins"))],
                  },
                ]
              : []),
          ]),
        ],
        citations: [],
        kind: "help",
      };
    }
    const intro = discord ? "introDiscord" : origin.platform === "console" ? "introConsole" : "introTelegram";
    return {
      title: t("commands.help.title"),
      blocks: [
        para(t(`commands.help.${intro}`)),
        fields(
          visible.map((c) => {
            const about = commandText(c, t);
            const example = discord ? slashExample(c, about.example, t) : about.example;
            // Each command by the name the reader's client shows: Discord localises command names, Telegram does not.
            const name = discord ? slashName(t, c.name) : c.name;
            return { label: `/${name}`, value: [text(`${about.description} — `), discord ? bold(example) : commandLink(example)] };
          }),
        ),
        para(discord ? t("commands.help.explainOneDiscord") : t("commands.help.explainOne")),
      ],
      citations: [],
      kind: "help",
    };
  },
} satisfies CommandDef;

/** An example that runs when tapped (Telegram deep link), shown bold elsewhere. */
function commandLink(example: string) {
  const m = /^\/(\S+)\s*(.*)$/.exec(example);
  return m ? command(m[1]!, m[2]!, bold(example)) : bold(example);
}
