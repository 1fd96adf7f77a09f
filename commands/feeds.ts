import type { CommandDef } from "../src/core/command.js";
import { UserError } from "../src/core/errors.js";
import { feedsList } from "../src/present/feeds.js";

export default {
  name: "feeds",
  permission: "bot-admin",
  run({ argText, page, services, t }) {
    if (!services.feeds) throw new UserError("not-supported", t("commands.feeds.notAvailable"));
    return feedsList(services.knowledge, services.feeds.list(), t, page, argText);
  },
} satisfies CommandDef;
