import type { CommandDef } from "../src/core/command.js";
import { UserError } from "../src/core/errors.js";
import { para } from "../src/core/message.js";

export default {
  name: "resume",
  description: "Restart paused digest subscriptions of this channel (chat admins)",
  example: "/resume all",
  usage: "/resume [id | all]",
  permission: "chat-admin",
  options: [{ name: "which", description: "A subscription id from /subscriptions, or all", type: "string" }],
  run({ args, origin, services, now }) {
    const digests = services.subscriptions;
    const raw =
      String(args.which ?? "all")
        .trim()
        .replace(/^#/, "")
        .toLowerCase() || "all";
    if (raw !== "all" && !/^\d{1,9}$/.test(raw))
      throw new UserError("bad-argument", `“${raw.slice(0, 20)}” is not a subscription id.`, ["Usage: /resume [id | all]"]);
    const resumed = digests.resume(origin.channel, raw === "all" ? "all" : Number(raw), now.getTime());
    if (resumed === 0)
      throw new UserError("not-found", raw === "all" ? "Nothing here is paused." : `Subscription #${raw} is not paused here.`, [
        "/subscriptions shows each one's state.",
      ]);
    return {
      title: "Resumed",
      blocks: [
        para(
          `${resumed} subscription${resumed === 1 ? "" : "s"} will be delivered again from the next scheduled time. If the bot still cannot post here, it will pause again and say why.`,
        ),
      ],
      citations: [],
    };
  },
} satisfies CommandDef;
