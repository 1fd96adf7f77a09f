/**
 * Several processes on one database stay coherent by looking at it: every few seconds a running bot takes
 * any `brief data reload` request filed there, and follows any newer knowledge version another process
 * recorded. (The alternative, one serving process per database, would refuse the common case of a
 * Telegram bot and an operator's console side by side.) One indexed read per interval when nothing changed.
 */
import type { Logger } from "../core/log.js";
import type { AdminService } from "./service.js";

/** How often a running process looks for reload requests and newer versions. */
export const FOLLOW_INTERVAL_MS = 2_000;

export function followOtherProcesses(admin: AdminService, holder: string, log: Logger, intervalMs = FOLLOW_INTERVAL_MS): () => void {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    (async () => {
      await admin.answerReloadRequest(holder);
      const followed = await admin.follow();
      if (followed) log.info({ version: followed.id }, "now on the knowledge version another process loaded");
    })()
      .catch((err: unknown) => log.error({ err }, "looking for reload requests and newer knowledge failed"))
      .finally(() => {
        busy = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
