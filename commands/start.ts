import type { CommandDef } from "../src/core/command.js";
import { code, list, para, text } from "../src/core/message.js";

export default {
  name: "start",
  description: "Welcome, and what Brief can do",
  example: "/start",
  usage: "/start",
  permission: "everyone",
  hidden: true,
  run({ services }) {
    const snap = services.knowledge.current;
    const c = snap.catalogue;
    return {
      title: "Welcome to Brief",
      blocks: [
        para(
          `I keep you briefed on reporting about security in Central Asia: ${c.articles.size} sources, ` +
            `${c.events.size} dated events, ${c.entities.size} people and organisations, ${c.figures.size} figures. ` +
            "Every answer names its sources and quotes them exactly.",
        ),
        list([
          [code("/brief"), text(" — the most important developments")],
          [code("/timeline 2024"), text(" — what happened when")],
          [code("/who Rahmon"), text(" — a profile")],
          [code("/search huawei"), text(" — the full text")],
          [code("/ask who recruits for ISIS-K?"), text(" — a free question")],
        ]),
        para("Type /help for every command."),
      ],
      citations: [],
    };
  },
} satisfies CommandDef;
