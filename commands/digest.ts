import type { CommandDef } from "../src/core/command.js";

export default {
  name: "digest",
  aliases: ["preview"],
  description: "Preview the digest this channel would get now, optionally for a topic",
  example: "/digest surveillance",
  usage: "/digest [topic]",
  permission: "everyone",
  options: [{ name: "topic", description: "A topic (default: everything)", type: "string", autocomplete: "topic" }],
  run({ args, origin, services, now }) {
    const topic = typeof args.topic === "string" && args.topic.trim() ? args.topic.trim() : undefined;
    const doc = services.subscriptions.preview(topic, origin.channel, now.getTime());
    return { ...doc, title: `Preview: ${doc.title ?? "digest"}` };
  },
} satisfies CommandDef;
