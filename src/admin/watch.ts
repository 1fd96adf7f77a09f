/**
 * BRIEF_WATCH_DATA=1: reload when files under data/ change. Editors save in bursts (temp file, rename,
 * chmod), so changes are debounced and one reload runs after the burst.
 */
import { type FSWatcher, watch } from "node:fs";
import type { Logger } from "../core/log.js";

export const WATCH_DEBOUNCE_MS = 750;

export function watchData(dataDir: string, onChange: () => Promise<unknown>, log: Logger, debounceMs = WATCH_DEBOUNCE_MS): () => void {
  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dataDir, { recursive: true }, () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        onChange().catch((err) => log.error({ err }, "reload after a data change failed"));
      }, debounceMs);
    });
    watcher.on("error", (err) => log.warn({ err }, "watching data/ stopped"));
    log.info({ dataDir }, "watching data/ for changes");
  } catch (err) {
    log.warn({ err, dataDir }, "cannot watch data/; use /reload or `brief data reload` instead");
  }
  return () => {
    clearTimeout(timer);
    watcher?.close();
  };
}
