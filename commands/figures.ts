import type { CommandDef } from "../src/core/command.js";
import { figuresDoc } from "../src/present/figures.js";
import { resolveFilter } from "../src/present/records.js";

export default {
  name: "figures",
  aliases: ["figure", "numbers", "stats"],
  description: "Numbers with what they measure, hedges kept, each one cited",
  example: "/figures migration",
  usage: "/figures [topic]",
  permission: "everyone",
  options: [{ name: "topic", description: "A topic, person or organisation", type: "string", autocomplete: "topic" }],
  run({ args, argText, page, services }) {
    return figuresDoc(services.knowledge, resolveFilter(services.knowledge, args.topic as string | undefined), page, argText);
  },
} satisfies CommandDef;
