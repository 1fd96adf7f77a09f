import type { CommandDef } from "../src/core/command.js";
import { answerDoc } from "../src/present/answer.js";

export default {
  name: "ask",
  aliases: ["question", "q"],
  permission: "everyone",
  options: [{ name: "question", type: "string", required: true }],
  run({ args, services, t }) {
    const question = String(args.question).trim();
    return answerDoc(services.knowledge, question, services.answers.answer(question), t);
  },
} satisfies CommandDef;
