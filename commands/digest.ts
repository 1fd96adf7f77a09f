import type { CommandDef } from "../src/core/command.js";

export default {
  name: "digest",
  aliases: ["preview"],
  permission: "everyone",
  options: [{ name: "topic", type: "string", autocomplete: "topic" }],
  run({ args, origin, services, now, locale, t }) {
    const topic = typeof args.topic === "string" && args.topic.trim() ? args.topic.trim() : undefined;
    const doc = services.subscriptions.preview(topic, origin.channel, now.getTime(), locale);
    return { ...doc, title: t("commands.digest.preview", { title: doc.title ?? "digest" }), kind: "digest" };
  },
} satisfies CommandDef;
