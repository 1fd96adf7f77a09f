import type { CommandDef } from "../src/core/command.js";
import { bold, list, para, text } from "../src/core/message.js";
import { describeDelivery, formatInZone } from "../src/present/schedule.js";

export default {
  name: "subscriptions",
  aliases: ["subs"],
  permission: "everyone",
  run({ origin, services, now, t }) {
    const subs = services.subscriptions.list(origin.channel);
    if (subs.length === 0) {
      return { title: t("commands.subscriptions.title"), blocks: [para(t("commands.subscriptions.none"))], citations: [], kind: "subscription" };
    }
    return {
      title: t("commands.subscriptions.titleCount", { count: subs.length }),
      blocks: [
        list(
          subs.map((s) => [
            bold(`#${s.id}`),
            text(` ${describeDelivery(s, t)}${s.topic ? t("commands.subscriptions.topic", { topic: s.topic }) : ""} — `),
            s.state === "active"
              ? text(
                  s.mode === "follow"
                    ? t("commands.subscriptions.active")
                    : t("commands.subscriptions.next", { when: formatInZone(services.subscriptions.nextDelivery(s, now.getTime()), s.schedule.tz, t) }),
                )
              : bold(t("commands.subscriptions.paused", { reason: s.pausedReason ?? t("commands.subscriptions.noReason") })),
          ]),
        ),
      ],
      citations: [],
      kind: "subscription",
    };
  },
} satisfies CommandDef;
