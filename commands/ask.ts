import type { CommandDef } from "../src/core/command.js";
import { answerDoc } from "../src/present/answer.js";

export default {
  name: "ask",
  aliases: ["question", "q"],
  description: "Ask a free question; the answer quotes the sources, or says what they don't say",
  example: "/ask why do ISIS-K recruiters target Tajiks?",
  usage: "/ask <question>",
  permission: "everyone",
  options: [{ name: "question", description: "Your question, in plain words", type: "string", required: true }],
  run({ args, services }) {
    const question = String(args.question).trim();
    return answerDoc(services.knowledge, question, services.answers.answer(question));
  },
} satisfies CommandDef;
