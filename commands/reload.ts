import type { CommandDef } from "../src/core/command.js";
import { list, para } from "../src/core/message.js";
import { describeActor } from "../src/core/origin.js";
import { describeReload } from "../src/present/reload.js";

export default {
  name: "reload",
  description: "Re-read data/, validate it and swap it in (bot admins)",
  example: "/reload",
  usage: "/reload",
  permission: "bot-admin",
  async run({ origin, services }) {
    const outcome = await services.admin.reload(describeActor(origin));
    const { headline, lines } = describeReload(outcome);
    return {
      title: outcome.ok ? "Reloaded" : "Reload refused",
      blocks: [para(headline), list(lines.map((l) => [l]))],
      citations: [],
      tone: outcome.ok ? "info" : "warn",
    };
  },
} satisfies CommandDef;
