import type { CommandDef } from "../src/core/command.js";
import { list, para } from "../src/core/message.js";
import { describeActor } from "../src/core/origin.js";
import { describeReload } from "../src/present/reload.js";

export default {
  name: "reload",
  permission: "bot-admin",
  async run({ origin, services, t }) {
    const outcome = await services.admin.reload(describeActor(origin));
    const { headline, lines } = describeReload(outcome, t);
    return {
      title: outcome.ok ? t("commands.reload.done") : t("commands.reload.refused"),
      blocks: [para(headline), list(lines.map((l) => [l]))],
      citations: [],
      tone: outcome.ok ? "info" : "warn",
      kind: "admin",
    };
  },
} satisfies CommandDef;
