/**
 * Chat-admin commands (subscribe, unsubscribe, resume, and any later ones such as feed changes) go to the
 * audit log with who, where and how it ended, refusals included: the README promises that every admin
 * action is there. Bot-admin actions are audited where they happen (reload in service.ts, refusals by the
 * dispatcher), so they are not recorded twice.
 */
import type { CommandEvent } from "../core/dispatcher.js";
import { describeActor } from "../core/origin.js";
import { recordAudit } from "../store/audit.js";
import type { Db } from "../store/db.js";

/** Records the event if it was a chat-admin command; returns the audit entry's id, if one was written. */
export function auditChatAdminCommand(db: Db, event: CommandEvent, requestId?: string): number | undefined {
  if (event.permission !== "chat-admin") return undefined;
  const outcome = event.outcome === "ok" ? "ok" : event.outcome === "refused" ? "refused" : "failed";
  return recordAudit(db, {
    actor: describeActor(event.origin),
    action: event.command,
    outcome,
    detail: {
      channel: event.origin.channel,
      ...(event.origin.channelName ? { channelName: event.origin.channelName } : {}),
      ...(event.argText ? { args: event.argText } : {}),
      ...(event.reason ? { reason: event.reason } : {}),
      ...(requestId ? { request: requestId } : {}),
    },
  });
}
