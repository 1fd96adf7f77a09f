import type { CommandDef } from "../src/core/command.js";
import { UserError } from "../src/core/errors.js";
import { feedsList } from "../src/present/feeds.js";

export default {
  name: "feeds",
  description: "The feeds Brief follows, with their state and what each added and skipped (bot admins)",
  example: "/feeds",
  usage: "/feeds",
  permission: "bot-admin",
  run({ services }) {
    if (!services.feeds) throw new UserError("not-supported", "Feeds are not available in this process.");
    return feedsList(services.knowledge, services.feeds.list());
  },
} satisfies CommandDef;
