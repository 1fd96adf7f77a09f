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
  description: "Knowledge version, counts, uptime, adapters and digest backlog (bot admins)",
  example: "/status",
  usage: "/status",
  permission: "bot-admin",
  run({ services }) {
    const s = services.admin.status();
    const backlog = s.digest
      ? Object.entries(s.digest.backlog)
          .map(([k, v]) => `${k}: ${v}`)
          .join(", ") || "empty"
      : undefined;
    return {
      title: "Status",
      blocks: [
        fields([
          { label: "Knowledge", value: [`version ${s.version.id} (${s.version.hash}), loaded ${s.version.loadedAt} by ${s.version.actor}`] },
          {
            label: "Counts",
            value: [
              Object.entries(s.counts)
                .map(([k, v]) => `${v} ${k}`)
                .join(", "),
            ],
          },
          { label: "Uptime", value: [duration(s.uptimeSeconds)] },
          { label: "Adapters", value: [s.adapters.join(", ") || "none"] },
          ...(s.digest
            ? [
                { label: "Last digest sweep", value: [s.digest.lastSweepAt ?? "not yet"] },
                { label: "Outbox", value: [backlog!] },
              ]
            : [{ label: "Digests", value: ["not running in this process"] }]),
          // Started (or stayed) on the last good knowledge because data/ has problems: say so, with the first ones.
          ...(s.degraded
            ? [
                {
                  label: "Data problems",
                  value: [
                    `${s.degraded.problemCount} in data/ since ${s.degraded.since}: serving the last good knowledge above. Fix them, then /reload.\n` +
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
