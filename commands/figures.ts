import type { CommandDef } from "../src/core/command.js";
import { figuresDoc } from "../src/present/figures.js";
import { resolveFilter } from "../src/present/records.js";

export default {
  name: "figures",
  aliases: ["figure", "numbers", "stats"],
  permission: "everyone",
  options: [{ name: "topic", type: "string", autocomplete: "topic" }],
  run({ args, argText, page, services, t }) {
    return figuresDoc(services.knowledge, resolveFilter(services.knowledge, args.topic as string | undefined, t), page, argText, t);
  },
} satisfies CommandDef;
