import type { CommandDef } from "../src/core/command.js";
import { findCommand } from "../src/core/dispatcher.js";
import { UserError } from "../src/core/errors.js";
import { bold, code, fields, para, text } from "../src/core/message.js";

export default {
  name: "help",
  description: "List the commands, or explain one",
  example: "/help timeline",
  usage: "/help [command]",
  permission: "everyone",
  options: [{ name: "command", description: "A command to explain", type: "string" }],
  run({ args, services, origin }) {
    const wanted = typeof args.command === "string" ? args.command.replace(/^\//, "").trim() : "";
    const visible = services.commands.filter((c) => !c.hidden && (c.permission !== "bot-admin" || origin.isBotAdmin));
    if (wanted) {
      const def = findCommand(services.commands, wanted);
      if (!def) throw new UserError("not-found", `There is no /${wanted.slice(0, 40)} command.`, ["Type /help to see them all."]);
      return {
        title: `/${def.name}`,
        blocks: [
          para(`${def.description}.`),
          fields([
            { label: "Usage", value: [code(def.usage)] },
            { label: "Example", value: [code(def.example)] },
            ...(def.aliases?.length ? [{ label: "Also", value: [text(def.aliases.map((a) => `/${a}`).join(", "))] }] : []),
            ...(def.permission !== "everyone" ? [{ label: "Who", value: [text(def.permission === "chat-admin" ? "chat admins" : "bot admins")] }] : []),
          ]),
        ],
        citations: [],
      };
    }
    return {
      title: "Brief — commands",
      blocks: [
        para("Every answer quotes its sources. Type a command, or just ask a question in a private chat."),
        fields(visible.map((c) => ({ label: `/${c.name}`, value: [text(`${c.description} — `), bold(c.example)] }))),
        para("/help <command> explains one command."),
      ],
      citations: [],
    };
  },
} satisfies CommandDef;
