-- Digest subscriptions and the transactional outbox of deliveries.

CREATE TABLE subscriptions (
  id              INTEGER PRIMARY KEY,
  channel         TEXT NOT NULL,            -- ChannelRef, e.g. "telegram:-100123" (ids as text: snowflakes exceed 2^53)
  space           TEXT,                     -- the Discord guild the channel belongs to, for GUILD_DELETE
  channel_name    TEXT,
  kind            TEXT NOT NULL CHECK (kind IN ('daily', 'weekly')),
  weekday         INTEGER CHECK (weekday BETWEEN 0 AND 6),
  hour            INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),
  minute          INTEGER NOT NULL CHECK (minute BETWEEN 0 AND 59),
  tz              TEXT NOT NULL,
  topic           TEXT,
  state           TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'paused')),
  paused_reason   TEXT,
  created_by      TEXT NOT NULL,
  created_at      INTEGER NOT NULL,         -- unix ms
  last_slot       INTEGER,                  -- the newest slot the sweep has handled (queued or skipped)
  last_version    INTEGER,                  -- knowledge version the last delivered digest was composed from
  last_sent_at    INTEGER
);
CREATE INDEX subscriptions_by_channel ON subscriptions(channel);

CREATE TABLE deliveries (
  id              INTEGER PRIMARY KEY,
  subscription_id INTEGER NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
  slot            INTEGER NOT NULL,         -- the scheduled instant (unix ms)
  state           TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'skipped')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  parts_sent      INTEGER NOT NULL DEFAULT 0,  -- of a multi-message digest, so a retry resumes instead of repeating
  next_attempt_at INTEGER NOT NULL,
  claimed_at      INTEGER,
  sent_at         INTEGER,
  message_ids     TEXT,
  version         INTEGER,                  -- knowledge version the digest was composed from
  detail          TEXT,                     -- last error, or why it was skipped
  UNIQUE (subscription_id, slot)
);
CREATE INDEX deliveries_due ON deliveries(state, next_attempt_at);

CREATE TABLE digest_runs (
  id              INTEGER PRIMARY KEY,
  at              INTEGER NOT NULL,         -- the sweep's "now"
  queued          INTEGER NOT NULL,
  skipped         INTEGER NOT NULL
);
