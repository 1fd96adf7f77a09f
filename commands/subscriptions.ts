import type { CommandDef } from "../src/core/command.js";
import { bold, list, para, text } from "../src/core/message.js";
import { describeDelivery, formatInZone } from "../src/present/schedule.js";

export default {
  name: "subscriptions",
  aliases: ["subs"],
  description: "This channel's digest subscriptions, with their next delivery and state",
  example: "/subscriptions",
  usage: "/subscriptions",
  permission: "everyone",
  run({ origin, services, now }) {
    const subs = services.subscriptions.list(origin.channel);
    if (subs.length === 0) {
      return {
        title: "Subscriptions",
        blocks: [para("This channel has no digest subscriptions. /subscribe adds one, e.g. /subscribe daily 08:00 Asia/Dushanbe")],
        citations: [],
      };
    }
    return {
      title: `Subscriptions (${subs.length})`,
      blocks: [
        list(
          subs.map((s) => [
            bold(`#${s.id}`),
            text(` ${describeDelivery(s)}${s.topic ? `, topic “${s.topic}”` : ""} — `),
            s.state === "active"
              ? text(s.mode === "follow" ? "active" : `next: ${formatInZone(services.subscriptions.nextDelivery(s, now.getTime()), s.schedule.tz)}`)
              : bold(`paused: ${s.pausedReason ?? "no reason given"}`),
          ]),
        ),
      ],
      citations: [],
    };
  },
} satisfies CommandDef;
