import type { CommandDef } from "../src/core/command.js";
import { UserError } from "../src/core/errors.js";
import { para } from "../src/core/message.js";

export default {
  name: "resume",
  permission: "chat-admin",
  options: [{ name: "which", type: "string" }],
  run({ args, origin, services, now, t }) {
    const digests = services.subscriptions;
    const raw =
      String(args.which ?? "all")
        .trim()
        .replace(/^#/, "")
        .toLowerCase() || "all";
    if (raw !== "all" && !/^\d{1,9}$/.test(raw))
      throw new UserError("bad-argument", t("commands.resume.notId", { raw: raw.slice(0, 20) }), [t("common.usage", { usage: "/resume [id | all]" })]);
    const resumed = digests.resume(origin.channel, raw === "all" ? "all" : Number(raw), now.getTime());
    if (resumed === 0)
      throw new UserError("not-found", raw === "all" ? t("commands.resume.nothingPaused") : t("commands.resume.notPaused", { id: raw }), [
        t("commands.resume.stateHint"),
      ]);
    return { title: t("commands.resume.title"), blocks: [para(t("commands.resume.done", { count: resumed }))], citations: [], kind: "subscription" };
  },
} satisfies CommandDef;
