import type { CommandDef } from "../src/core/command.js";
import { UserError } from "../src/core/errors.js";
import { para } from "../src/core/message.js";

export default {
  name: "unsubscribe",
  aliases: ["unsub"],
  description: "Stop a digest subscription of this channel, or all of them (chat admins)",
  example: "/unsubscribe 3",
  usage: "/unsubscribe [id | all]",
  permission: "chat-admin",
  options: [{ name: "which", description: "A subscription id from /subscriptions, or all", type: "string" }],
  run({ args, origin, services }) {
    const digests = services.subscriptions;
    const raw = String(args.which ?? "")
      .trim()
      .replace(/^#/, "")
      .toLowerCase();
    const subs = digests.list(origin.channel);
    if (subs.length === 0) throw new UserError("not-found", "This channel has no subscriptions to stop.");
    let which: number | "all";
    if (raw === "all") which = "all";
    else if (raw === "" && subs.length === 1) which = subs[0]!.id;
    else if (/^\d{1,9}$/.test(raw)) which = Number(raw);
    else {
      throw new UserError(
        "bad-argument",
        raw === "" ? "This channel has several subscriptions: which one?" : `“${raw.slice(0, 20)}” is not a subscription id.`,
        [`Ids here: ${subs.map((s) => `#${s.id}`).join(", ")}. Usage: /unsubscribe [id | all]`],
      );
    }
    const removed = digests.unsubscribe(origin.channel, which);
    if (removed === 0)
      throw new UserError("not-found", `This channel has no subscription #${which}.`, [`Ids here: ${subs.map((s) => `#${s.id}`).join(", ")}.`]);
    return {
      title: "Unsubscribed",
      blocks: [para(which === "all" ? `Stopped all ${removed} subscriptions of this channel.` : `Stopped subscription #${which}.`)],
      citations: [],
    };
  },
} satisfies CommandDef;
