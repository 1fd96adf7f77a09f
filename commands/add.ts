import type { CommandDef } from "../src/core/command.js";
import { UserError } from "../src/core/errors.js";
import { describeActor } from "../src/core/origin.js";
import { articleAdded } from "../src/present/feeds.js";

export default {
  name: "add",
  permission: "bot-admin",
  options: [{ name: "url", type: "string", required: true }],
  async run({ args, origin, services, t }) {
    if (!services.feeds) throw new UserError("not-supported", t("commands.add.notAvailable"));
    const by = { actor: describeActor(origin), channel: origin.channel, locale: t.locale };
    const { outcome, version } = await services.feeds.addArticle(String(args.url ?? "").trim(), by);
    return articleAdded(outcome, version, t);
  },
} satisfies CommandDef;
