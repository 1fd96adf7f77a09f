import type { CommandDef } from "../src/core/command.js";
import { UserError } from "../src/core/errors.js";
import { fields, para, text } from "../src/core/message.js";
import { WEEKDAY_NAMES } from "../src/core/subscriptions.js";
import { resolveFilter } from "../src/present/records.js";
import { describeSchedule, formatInZone } from "../src/present/schedule.js";
import { parseSubscribe } from "./grammar/subscribe.js";

export default {
  name: "subscribe",
  aliases: ["sub"],
  description: "Subscribe this channel to scheduled digests (chat admins)",
  example: "/subscribe weekly mon 09:30 Europe/Moscow isis-k",
  usage: "/subscribe [@channel] [daily | weekly <day>] [HH:MM] [timezone] [topic words]",
  permission: "chat-admin",
  // Option order matters: the text form is rebuilt from them in this order (see argsToText).
  options: [
    { name: "channel", description: "Another channel to deliver to (default: this one)", type: "channel" },
    {
      name: "frequency",
      description: "daily (default) or weekly",
      type: "string",
      choices: [
        { name: "daily", value: "daily" },
        { name: "weekly", value: "weekly" },
      ],
    },
    { name: "day", description: "For weekly digests: the day", type: "string", choices: WEEKDAY_NAMES.map((d) => ({ name: d, value: d })) },
    { name: "time", description: "Local time, HH:MM (default 08:00)", type: "string", maxLength: 5 },
    { name: "timezone", description: "IANA time zone, e.g. Asia/Dushanbe (default UTC)", type: "string", autocomplete: "timezone" },
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
        para(`${channelName} will get a digest ${describeSchedule(s.schedule)}${s.topic ? ` on “${s.topic}”` : ""}.`),
        fields([
          { label: "Next digest", value: [text(formatInZone(services.subscriptions.nextDelivery(s, now.getTime()), s.schedule.tz))] },
          { label: "Subscription", value: [text(`#${s.id} — /unsubscribe ${s.id} stops it; /digest previews it`)] },
        ]),
      ],
      citations: [],
    };
  },
} satisfies CommandDef;
