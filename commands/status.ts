import type { CommandDef } from "../src/core/command.js";
import { fields } from "../src/core/message.js";

function duration(seconds: number): string {
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return [d ? `${d}d` : "", h ? `${h}h` : "", `${m}m`, `${seconds % 60}s`].filter(Boolean).join(" ");
}

export default {
  name: "status",
  permission: "bot-admin",
  run({ services, t }) {
    const s = services.admin.status();
    const backlog = s.digest
      ? Object.entries(s.digest.backlog)
          .map(([k, v]) => `${k}: ${v}`)
          .join(", ") || t("commands.status.empty")
      : undefined;
    return {
      title: t("commands.status.title"),
      kind: "admin",
      blocks: [
        fields([
          {
            label: t("commands.status.knowledge"),
            value: [t("commands.status.version", { id: s.version.id, hash: s.version.hash, at: s.version.loadedAt, actor: s.version.actor })],
          },
          {
            label: t("commands.status.counts"),
            value: [
              Object.entries(s.counts)
                .map(([k, v]) => t(`commands.status.count.${k}`, { n: v, defaultValue: `${v} ${k}` }))
                .join(", "),
            ],
          },
          { label: t("commands.status.uptime"), value: [duration(s.uptimeSeconds)] },
          { label: t("commands.status.adapters"), value: [s.adapters.join(", ") || t("common.none")] },
          ...(s.digest
            ? [
                { label: t("commands.status.lastSweep"), value: [s.digest.lastSweepAt ?? t("commands.status.notYet")] },
                { label: t("commands.status.outbox"), value: [backlog!] },
              ]
            : [{ label: t("commands.status.digests"), value: [t("commands.status.notRunning")] }]),
          // Started (or stayed) on the last good knowledge because data/ has problems: say so, with the first ones.
          ...(s.degraded
            ? [
                {
                  label: t("commands.status.problems"),
                  value: [
                    `${t("commands.status.problemsSince", { count: s.degraded.problemCount, since: s.degraded.since })}\n` +
                      s.degraded.firstProblems.join("\n"),
                  ],
                },
              ]
            : []),
        ]),
      ],
      citations: [],
    };
  },
} satisfies CommandDef;
