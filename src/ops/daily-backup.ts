/**
 * BRIEF_BACKUP_DIR: the running bot takes a backup when a day has passed since the newest one in the
 * folder (at start, then checked hourly), and keeps the newest BRIEF_BACKUP_KEEP. Checking the folder
 * rather than keeping a timer means restarts neither skip a day nor take extra copies.
 */
import type { Logger } from "../core/log.js";
import type { Db } from "../store/db.js";
import { backupDatabase, dailyBackupDue, pruneDailyBackups, stamp } from "./backup.js";

export const BACKUP_CHECK_EVERY_MS = 3_600_000;

export interface DailyBackupOptions {
  db: Db;
  dir: string;
  keep: number;
  log: Logger;
  now?: () => Date;
  /** Told of each backup taken or failed (for metrics). */
  onBackup?: (result: { ok: boolean; ms: number }) => void;
}

export class DailyBackups {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<string | undefined> | undefined;

  constructor(private readonly options: DailyBackupOptions) {}

  start(): void {
    void this.runIfDue();
    this.timer = setInterval(() => void this.runIfDue(), BACKUP_CHECK_EVERY_MS);
    this.timer.unref();
  }

  /** Takes a backup if one is due, then prunes; returns its path. Never throws: a failure is logged. */
  runIfDue(): Promise<string | undefined> {
    this.running ??= this.take().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async take(): Promise<string | undefined> {
    const { db, dir, keep, log } = this.options;
    const now = (this.options.now ?? (() => new Date()))();
    if (!dailyBackupDue(dir, now)) return undefined;
    const file = `${dir}/brief-${stamp(now)}.sqlite`;
    const started = performance.now();
    try {
      const result = await backupDatabase(db, file);
      const pruned = pruneDailyBackups(dir, keep);
      log.info({ file, bytes: result.bytes, ms: Math.round(result.ms), pruned }, "backup: taken and verified");
      this.options.onBackup?.({ ok: true, ms: result.ms });
      return file;
    } catch (err) {
      log.error({ err, file }, "backup: failed");
      this.options.onBackup?.({ ok: false, ms: performance.now() - started });
      return undefined;
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
