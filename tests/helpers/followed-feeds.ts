/**
 * Feeds followed without fetching anything: rows as /feed add leaves them, the last one failing as a
 * poll records it. For the chat suites, which check how /feeds reads and pages, not how feeds are polled.
 */
import { insertFeed, recordPollFailed } from "../../src/feeds/feed-table.js";
import type { Db } from "../../src/store/db.js";

export function followFeeds(db: Db, count: number, now = Date.UTC(2024, 4, 1, 9, 0)): void {
  for (let i = 1; i <= count; i++) {
    insertFeed(db, {
      url: `https://wire${i}.example.com/rss.xml`,
      title: `Wire ${i}`,
      filter: { topics: i % 2 ? ["isis-k"] : [], words: i % 3 ? [] : ["panj"] },
      addedBy: "telegram:1 (Ada)",
      addedAt: now,
    });
  }
  recordPollFailed(db, count, { now, nextAt: now + 60 * 60_000, error: "the server answered 503" });
}
