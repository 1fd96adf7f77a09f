import type { CommandDef } from "../src/core/command.js";
import { UserError } from "../src/core/errors.js";
import { fields, para, text } from "../src/core/message.js";
import { WEEKDAY_NAMES } from "../src/core/subscriptions.js";
import { resolveFilter } from "../src/present/records.js";
import { describeDelivery, formatInZone } from "../src/present/schedule.js";
import { parseSubscribe } from "./grammar/subscribe.js";

export default {
  name: "subscribe",
  aliases: ["sub"],
  description: "Subscribe this channel to scheduled digests, or to new articles as they arrive (chat admins)",
  example: "/subscribe weekly mon 09:30 Europe/Moscow isis-k",
  usage: "/subscribe [@channel] [daily | weekly <day> | follow] [HH:MM] [timezone] [new-only] [topic words]",
  permission: "chat-admin",
  // Option order matters: the text form is rebuilt from them in this order (see argsToText).
  options: [
    { name: "channel", description: "Another channel to deliver to (default: this one)", type: "channel" },
    {
      name: "frequency",
      description: "daily (default), weekly, or follow: new articles as they arrive",
      type: "string",
      choices: [
        { name: "daily", value: "daily" },
        { name: "weekly", value: "weekly" },
        { name: "follow (new articles as they arrive)", value: "follow" },
      ],
    },
    { name: "day", description: "For weekly digests: the day", type: "string", choices: WEEKDAY_NAMES.map((d) => ({ name: d, value: d })) },
    { name: "time", description: "Local time, HH:MM (default 08:00)", type: "string", maxLength: 5 },
    { name: "timezone", description: "IANA time zone, e.g. Asia/Dushanbe (default UTC)", type: "string", autocomplete: "timezone" },
    {
      name: "only_new",
      description: "Send a scheduled digest only when something is new",
      type: "string",
      choices: [{ name: "yes: only when something is new", value: "new-only" }],
    },
    { name: "topic", description: "Only this topic (default: everything)", type: "string", autocomplete: "topic", rest: true },
  ],
  // The text grammar is richer than positional options; the digest parser reads the whole line.
  parseText: () => ({ ok: true, value: {} }),
  async run({ argText, origin, services, now }) {
    const parsed = parseSubscribe(argText, (word) => origin.isChannelMention?.(word) ?? false);
    if (!parsed.ok) throw new UserError(parsed.error.code, parsed.error.message, parsed.error.hints);
    // An unknown topic is refused now, not at 08:00.
    if (parsed.value.topic) resolveFilter(services.knowledge, parsed.value.topic);
    const { subscription: s, channelName } = await services.subscriptions.subscribe(origin, parsed.value, now.getTime());
    return {
      title: "Subscribed",
      blocks: [
        para(
          s.mode === "follow"
            ? `${channelName} will get new articles${s.topic ? ` on “${s.topic}”` : ""} as they arrive, with their key facts.`
            : `${channelName} will get a digest ${describeDelivery(s)}${s.topic ? ` on “${s.topic}”` : ""}.`,
        ),
        fields([
          s.mode === "follow"
            ? { label: "Next message", value: [text("when the next new article arrives (feeds are polled on a schedule)")] }
            : { label: "Next digest", value: [text(formatInZone(services.subscriptions.nextDelivery(s, now.getTime()), s.schedule.tz))] },
          { label: "Subscription", value: [text(`#${s.id} — /unsubscribe ${s.id} stops it; /digest previews it`)] },
        ]),
      ],
      citations: [],
    };
  },
} satisfies CommandDef;
