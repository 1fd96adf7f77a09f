import type { CommandDef } from "../src/core/command.js";
import { command, list, para, text } from "../src/core/message.js";
import sources from "./sources.js";

/** Deep links open the chat with "/start <payload>": "source-<id>" shows that source (t.me/<bot>?start=source-<id>). */
const DEEP_LINK = /^([a-z]+)-([A-Za-z0-9_-]{1,60})$/;

export default {
  name: "start",
  permission: "everyone",
  hidden: true,
  options: [{ name: "payload", type: "string" }],
  run(ctx) {
    const { services, t } = ctx;
    const deep = DEEP_LINK.exec(String(ctx.args.payload ?? "").trim());
    if (deep?.[1] === "source") return sources.run({ ...ctx, args: { id: deep[2] }, argText: deep[2]! });
    const c = services.knowledge.current.catalogue;
    return {
      title: t("commands.start.title"),
      blocks: [
        para(t("commands.start.intro", { articles: c.articles.size, events: c.events.size, entities: c.entities.size, figures: c.figures.size })),
        list([
          [command("brief", ""), text(` — ${t("commands.start.brief")}`)],
          [command("timeline", "2024"), text(` — ${t("commands.start.timeline")}`)],
          [command("who", "Rahmon"), text(` — ${t("commands.start.who")}`)],
          [command("search", "huawei"), text(` — ${t("commands.start.search")}`)],
          [command("ask", t.locale === "ru" ? "кто вербует для ИГИЛ-К?" : "who recruits for ISIS-K?"), text(` — ${t("commands.start.ask")}`)],
        ]),
        para(t("commands.start.more")),
      ],
      citations: [],
      kind: "help",
    };
  },
} satisfies CommandDef;
