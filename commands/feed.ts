import type { CommandDef } from "../src/core/command.js";
import { UserError } from "../src/core/errors.js";
import { para } from "../src/core/message.js";
import { describeActor } from "../src/core/origin.js";
import { feedAdded, readFeedFilter, splitFilterWords } from "../src/present/feeds.js";

const USAGE = "/feed add <url> [topic …] | /feed remove <id>";

export default {
  name: "feed",
  description: "Follow a feed (RSS, Atom or JSON Feed), optionally on some topics, or stop following one (bot admins)",
  example: "/feed add https://example.com/rss.xml isis-k surveillance",
  usage: USAGE,
  permission: "bot-admin",
  // Option order matters: the text form is rebuilt from them in this order (see argsToText).
  options: [
    {
      name: "action",
      description: "add or remove",
      type: "string",
      required: true,
      choices: [
        { name: "add", value: "add" },
        { name: "remove", value: "remove" },
      ],
    },
    { name: "target", description: "The feed's URL (add) or its id from /feeds (remove)", type: "string", required: true },
    { name: "topics", description: "Keep only items on these topics or words (default: any of Brief's topics)", type: "string", rest: true },
  ],
  async run({ args, origin, services }) {
    const feeds = services.feeds;
    if (!feeds) throw new UserError("not-supported", "Feeds are not available in this process.");
    const action = String(args.action ?? "").toLowerCase();
    const target = String(args.target ?? "").trim();
    const by = { actor: describeActor(origin), channel: origin.channel };
    if (action === "add") {
      const filter = readFeedFilter(services.knowledge, splitFilterWords(String(args.topics ?? "")));
      const feed = await feeds.add(target, filter, by);
      return feedAdded(services.knowledge, feed, filter.understood);
    }
    if (action === "remove" || action === "rm" || action === "delete") {
      const id = Number(target.replace(/^#/, ""));
      if (!Number.isInteger(id) || id <= 0)
        throw new UserError("bad-argument", `“${target.slice(0, 20)}” is not a feed id.`, ["/feeds lists them with their ids."]);
      if (!feeds.remove(id, by)) throw new UserError("not-found", `There is no feed #${id}.`, ["/feeds lists them with their ids."]);
      return { title: "Feed removed", blocks: [para(`Brief no longer follows feed #${id}. The articles it brought in stay.`)], citations: [] };
    }
    throw new UserError("bad-argument", `“${action.slice(0, 20)}” is not something /feed does.`, [`Usage: ${USAGE}`]);
  },
} satisfies CommandDef;
