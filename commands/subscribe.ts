import type { CommandDef } from "../src/core/command.js";
import { UserError } from "../src/core/errors.js";
import { fields, para, text } from "../src/core/message.js";
import { WEEKDAY_NAMES } from "../src/core/subscriptions.js";
import { looksLikeZone } from "../src/core/zone-names.js";
import { resolveFilter } from "../src/present/records.js";
import { describeDelivery, formatInZone } from "../src/present/schedule.js";
import { DEFAULT_SCHEDULE, type ParseComplaint, parseSubscribe, parseSubscribeOptions } from "./grammar/subscribe.js";

/** "this chat will get…" starts a sentence ("@news will…" is left as it is). */
const upperFirst = (s: string) => s.charAt(0).toLocaleUpperCase() + s.slice(1);

/** The line with the typed zone replaced (or, not found, its last word): what a nearest-zone button runs. */
function withZone(line: string, typed: string | undefined, zone: string): string {
  const at = typed ? line.toLowerCase().lastIndexOf(typed.toLowerCase()) : -1;
  if (at >= 0 && typed) return `${line.slice(0, at)}${zone}${line.slice(at + typed.length)}`.trim();
  return `${line.split(/\s+/).slice(0, -1).join(" ")} ${zone}`.trim();
}

/** The nearest zones of a complaint as buttons that subscribe with that zone instead. */
function refuse(error: ParseComplaint, retry: (zone: string) => string): UserError {
  return new UserError(
    error.code,
    error.message,
    error.hints,
    (error.zones ?? []).map((zone) => ({ label: zone, command: "subscribe", args: retry(zone) })),
  );
}

/** The same subscription line with another topic: the typed topic is the line's last words. */
function withTopic(line: string, typed: string, topic: string): string {
  const at = line.toLowerCase().lastIndexOf(typed.toLowerCase());
  return at < 0 ? `${line} ${topic}` : `${line.slice(0, at)}${topic}${line.slice(at + typed.length)}`.trim();
}

export default {
  name: "subscribe",
  aliases: ["sub"],
  permission: "chat-admin",
  slashExample: { frequency: "weekly", day: "mon", time: "09:30", timezone: "Moscow", topic: "isis-k" },
  // Option order matters: the text form is rebuilt from them in this order (see argsToText).
  options: [
    { name: "channel", type: "channel" },
    {
      name: "frequency",
      type: "string",
      choices: [
        { name: "daily", value: "daily" },
        { name: "weekly", value: "weekly" },
        { name: "follow", value: "follow" },
      ],
    },
    { name: "day", type: "string", choices: WEEKDAY_NAMES.map((d) => ({ name: d, value: d })) },
    { name: "time", type: "string", maxLength: 12 },
    { name: "timezone", type: "string", autocomplete: "timezone" },
    // Before the topic: the text form rebuilt from the options reads "… new-only <topic>".
    { name: "only_new", type: "string", choices: [{ name: "new-only", value: "new-only" }] },
    { name: "topic", type: "string", autocomplete: "topic", rest: true },
  ],
  // The text grammar is richer than positional options; the digest parser reads the whole line.
  parseText: () => ({ ok: true, value: {} }),
  async run({ args, argText, origin, services, now, t }) {
    // Named options (Discord) are read one by one: a city in the zone option is a zone, never a topic.
    const named = Object.keys(args).length > 0;
    const str = (k: string) => (typeof args[k] === "string" ? (args[k] as string) : undefined);
    const parsed = named
      ? parseSubscribeOptions(
          {
            channel: str("channel"),
            frequency: str("frequency"),
            day: str("day"),
            time: str("time"),
            timezone: str("timezone"),
            only_new: str("only_new"),
            topic: str("topic"),
          },
          t,
        )
      : parseSubscribe(argText, (word) => origin.isChannelMention?.(word) ?? false, t);
    if (!parsed.ok) {
      const typedZone = named ? (str("timezone") ?? "") : "";
      throw refuse(parsed.error, (zone) => (named ? argText.replace(typedZone, zone) : withZone(argText, parsed.error.typed, zone)));
    }
    const request = parsed.value;
    if (request.topic) {
      const topic = request.topic;
      const snap = services.knowledge.current;
      const exactName = [snap.topicNames.match(topic), snap.entityNames.match(topic)].some((m) => m.kind === "exact");
      // A word a typo away from a city ("moskow"), where no zone was given and the sources have no such name
      // exactly, was meant as the zone: refused with the zones, not stored as a topic at 08:00 UTC.
      const zoneGiven = named ? Boolean(str("timezone")?.trim()) : request.schedule.tz !== DEFAULT_SCHEDULE.tz || /\b(utc|gmt)\b/i.test(argText);
      const zones = !exactName && !zoneGiven && !topic.includes(" ") ? looksLikeZone(topic) : [];
      if (zones.length > 0) {
        throw refuse(
          {
            code: "invalid-timezone",
            message: t("commands.subscribe.badZone", { zone: topic.slice(0, 40) }),
            hints: [t("commands.subscribe.zoneCandidates", { zones: zones.join(", ") }), t("commands.subscribe.zoneHint")],
            zones,
          },
          (zone) => (named ? argText.replace(topic, "") : argText.replace(topic, zone)).trim(),
        );
      }
      // An unknown topic is refused now, with the nearest ones as buttons, not at 08:00; a press subscribes
      // with that topic (the refusal's own buttons would show the topic's brief, not subscribe).
      try {
        resolveFilter(services.knowledge, topic, t, true);
      } catch (err) {
        if (!(err instanceof UserError)) throw err;
        throw new UserError(
          err.code,
          err.message,
          err.hints,
          err.actions.map((a) => ({ ...a, command: "subscribe", args: withTopic(argText, topic, a.args) })),
        );
      }
      // A topic found by a typo is stored by its id, so every digest finds it ("isis-kk" → isis-k).
      const asTopic = snap.topicNames.match(topic);
      if (asTopic.kind === "close") request.topic = asTopic.id;
    }
    const { subscription: s, channelName } = await services.subscriptions.subscribe(origin, request, now.getTime());
    const schedule = describeDelivery(s, t);
    const follow = s.mode === "follow";
    const vars = { channel: channelName, schedule, topic: s.topic };
    // Literal keys, so the catalogue test sees each one.
    const confirm = follow
      ? s.topic
        ? t("commands.subscribe.confirmFollowTopic", vars)
        : t("commands.subscribe.confirmFollow", vars)
      : s.topic
        ? t("commands.subscribe.confirmTopic", vars)
        : t("commands.subscribe.confirm", vars);
    return {
      title: t("commands.subscribe.title"),
      blocks: [
        para(upperFirst(confirm)),
        fields([
          follow
            ? { label: t("commands.subscribe.nextMessage"), value: [text(t("commands.subscribe.whenNewArrives"))] }
            : { label: t("commands.subscribe.next"), value: [text(formatInZone(services.subscriptions.nextDelivery(s, now.getTime()), s.schedule.tz, t))] },
          { label: t("commands.subscribe.subscription"), value: [text(t("commands.subscribe.subscriptionLine", { id: s.id }))] },
        ]),
      ],
      citations: [],
      kind: "subscription",
    };
  },
} satisfies CommandDef;
