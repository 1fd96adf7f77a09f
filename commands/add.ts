import type { CommandDef } from "../src/core/command.js";
import { UserError } from "../src/core/errors.js";
import { describeActor } from "../src/core/origin.js";
import { articleAdded } from "../src/present/feeds.js";

export default {
  name: "add",
  description: "Fetch one article by its link now, add it to the sources and reload (bot admins)",
  example: "/add https://example.com/news/border-guards-report-quiet-week",
  usage: "/add <article url>",
  permission: "bot-admin",
  options: [{ name: "url", description: "The article's link (http or https)", type: "string", required: true }],
  async run({ args, origin, services }) {
    if (!services.feeds) throw new UserError("not-supported", "Fetching articles is not available in this process.");
    const { outcome, version } = await services.feeds.addArticle(String(args.url ?? "").trim(), { actor: describeActor(origin), channel: origin.channel });
    return articleAdded(outcome, version);
  },
} satisfies CommandDef;
