-- Feeds Brief follows, what became of each item they carried, and the articles fetched into data/.
-- (Numbered 007: 006 is taken by the hardening branch's many-processes migration.)

CREATE TABLE feeds (
  id             INTEGER PRIMARY KEY,
  url            TEXT NOT NULL UNIQUE,      -- as added, without tracking parameters
  title          TEXT,                      -- the feed's own title, once read
  topics         TEXT NOT NULL DEFAULT '[]', -- JSON: Brief topic ids the items must match (none: any topic)
  words          TEXT NOT NULL DEFAULT '[]', -- JSON: plain words the items may match instead
  added_by       TEXT NOT NULL,
  added_at       INTEGER NOT NULL,          -- unix ms
  notify_channel TEXT,                      -- ChannelRef where it was added: told there when it keeps failing
  etag           TEXT,                      -- conditional GET
  last_modified  TEXT,
  last_polled_at INTEGER,
  last_ok_at     INTEGER,
  next_poll_at   INTEGER NOT NULL,
  failures       INTEGER NOT NULL DEFAULT 0, -- in a row
  last_error     TEXT,
  error_notified INTEGER NOT NULL DEFAULT 0, -- 1 once the people who added it were told it keeps failing
  polling_until  INTEGER                    -- a process polling it now holds it until then (two never poll one feed at once)
);

CREATE TABLE feed_items (
  feed_id     INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
  guid        TEXT NOT NULL,                -- the item's guid/id, else its canonical link
  url         TEXT,
  title       TEXT,
  first_seen  INTEGER NOT NULL,
  outcome     TEXT NOT NULL CHECK (outcome IN ('added', 'duplicate', 'skipped', 'failed')),
  reason      TEXT,
  article_id  TEXT,
  attempts    INTEGER NOT NULL DEFAULT 1,   -- a failed item is tried again at later polls, a few times
  PRIMARY KEY (feed_id, guid)
) WITHOUT ROWID;

-- One row per article fetched into data/: how the same story is recognised when it comes again
-- (by another feed, with other tracking parameters, or under another URL with the same text).
CREATE TABLE fetched_articles (
  article_id   TEXT PRIMARY KEY,
  url          TEXT NOT NULL UNIQUE,        -- canonical
  page_url     TEXT,                        -- where it was fetched from, when not the canonical URL
  guid         TEXT,
  content_hash TEXT NOT NULL,
  feed_id      INTEGER,                     -- no reference: the article stays when the feed is removed
  fetched_at   INTEGER NOT NULL
);
CREATE INDEX fetched_articles_by_hash ON fetched_articles(content_hash);
CREATE INDEX fetched_articles_by_guid ON fetched_articles(guid);
CREATE INDEX fetched_articles_by_page ON fetched_articles(page_url);

-- Subscriptions: "scheduled" sends at every slot; "new-only" sends at a slot only when something is new;
-- "follow" sends when new articles arrive, without a schedule (its schedule columns are unused).
ALTER TABLE subscriptions ADD COLUMN mode TEXT NOT NULL DEFAULT 'scheduled' CHECK (mode IN ('scheduled', 'new-only', 'follow'));
-- For "follow": the newest knowledge version already queued for delivery, so each is sent once.
ALTER TABLE subscriptions ADD COLUMN queued_version INTEGER;
