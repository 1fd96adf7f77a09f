import type { CommandDef } from "../src/core/command.js";
import { UserError } from "../src/core/errors.js";
import { para } from "../src/core/message.js";

export default {
  name: "unsubscribe",
  aliases: ["unsub"],
  permission: "chat-admin",
  options: [{ name: "which", type: "string" }],
  run({ args, origin, services, t }) {
    const digests = services.subscriptions;
    const raw = String(args.which ?? "")
      .trim()
      .replace(/^#/, "")
      .toLowerCase();
    const subs = digests.list(origin.channel);
    if (subs.length === 0) throw new UserError("not-found", t("commands.unsubscribe.nothing"));
    const ids = subs.map((s) => `#${s.id}`).join(", ");
    const buttons = subs.map((s) => ({ label: `/unsubscribe ${s.id}`, command: "unsubscribe", args: String(s.id) }));
    let which: number | "all";
    if (raw === "all") which = "all";
    else if (raw === "" && subs.length === 1) which = subs[0]!.id;
    else if (/^\d{1,9}$/.test(raw)) which = Number(raw);
    else {
      throw new UserError(
        "bad-argument",
        raw === "" ? t("commands.unsubscribe.which") : t("commands.unsubscribe.notId", { raw: raw.slice(0, 20) }),
        [t("commands.unsubscribe.idsHere", { ids })],
        buttons,
      );
    }
    const removed = digests.unsubscribe(origin.channel, which);
    if (removed === 0) throw new UserError("not-found", t("commands.unsubscribe.noSuch", { id: which }), [t("commands.unsubscribe.idsHere", { ids })], buttons);
    return {
      title: t("commands.unsubscribe.title"),
      blocks: [para(which === "all" ? t("commands.unsubscribe.stoppedAll", { count: removed }) : t("commands.unsubscribe.stoppedOne", { id: which }))],
      citations: [],
      kind: "subscription",
    };
  },
} satisfies CommandDef;
