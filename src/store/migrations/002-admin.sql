-- Admin actions, newest last: who did what, when, and how it ended.
CREATE TABLE audit_log (
  id        INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  actor     TEXT NOT NULL,
  action    TEXT NOT NULL,
  outcome   TEXT NOT NULL CHECK (outcome IN ('ok', 'refused', 'failed', 'requested')),
  detail    TEXT NOT NULL DEFAULT '{}'
);

-- Leases make "only one process does this" hold across processes sharing the file:
-- a holder renews before expires_at; anyone may take a lease that has expired.
CREATE TABLE leases (
  name       TEXT PRIMARY KEY,
  holder     TEXT NOT NULL,
  pid        INTEGER NOT NULL,
  expires_at INTEGER NOT NULL    -- unix ms
);
