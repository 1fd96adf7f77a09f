import type { CommandDef } from "../src/core/command.js";
import { UserError } from "../src/core/errors.js";
import { para } from "../src/core/message.js";
import { describeActor } from "../src/core/origin.js";
import { feedAdded, readFeedFilter, splitFilterWords } from "../src/present/feeds.js";

export default {
  name: "feed",
  permission: "bot-admin",
  // Option order matters: the text form is rebuilt from them in this order (see argsToText).
  options: [
    {
      name: "action",
      type: "string",
      required: true,
      choices: [
        { name: "add", value: "add" },
        { name: "remove", value: "remove" },
      ],
    },
    { name: "target", type: "string", required: true },
    { name: "topics", type: "string", rest: true },
  ],
  async run({ args, origin, services, t }) {
    const feeds = services.feeds;
    if (!feeds) throw new UserError("not-supported", t("commands.feeds.notAvailable"));
    const action = String(args.action ?? "").toLowerCase();
    const target = String(args.target ?? "").trim();
    const by = { actor: describeActor(origin), channel: origin.channel, locale: t.locale };
    if (action === "add") {
      const filter = readFeedFilter(services.knowledge, splitFilterWords(String(args.topics ?? "")), t);
      const feed = await feeds.add(target, filter, by);
      return feedAdded(services.knowledge, feed, filter.understood, t);
    }
    if (action === "remove" || action === "rm" || action === "delete") {
      const id = Number(target.replace(/^#/, ""));
      if (!Number.isInteger(id) || id <= 0)
        throw new UserError("bad-argument", t("commands.feed.notId", { raw: target.slice(0, 20) }), [t("commands.feed.listHint")]);
      if (!feeds.remove(id, by)) throw new UserError("not-found", t("commands.feed.noSuch", { id }), [t("commands.feed.listHint")]);
      return { title: t("commands.feed.removed"), blocks: [para(t("commands.feed.removedLine", { id }))], citations: [], kind: "admin" };
    }
    throw new UserError("bad-argument", t("commands.feed.badAction", { action: action.slice(0, 20) }), [
      t("common.usage", { usage: t("commands.feed.usage") }),
    ]);
  },
} satisfies CommandDef;
