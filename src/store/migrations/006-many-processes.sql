-- Several processes may share one database (a Telegram bot, a Discord bot, an operator's console).

-- What the latest recorded knowledge version holds, item by item ("article:<id>" → hash of the file,
-- "event:<id>" → hash of the record…). A reload's change summary is computed against this, never against
-- an index file, which another process may have replaced and deleted. Only the latest version's rows are
-- kept.
CREATE TABLE knowledge_items (
  version INTEGER NOT NULL REFERENCES knowledge_versions(id) ON DELETE CASCADE,
  key     TEXT NOT NULL,
  hash    TEXT NOT NULL,
  PRIMARY KEY (version, key)
) WITHOUT ROWID;

-- `brief data reload` asks the running bots to reload through this table instead of a signal (a pid may
-- belong to another program after a crash, or to another container). Exactly one running process claims a
-- request; it records the outcome in the audit log under the request's audit id.
CREATE TABLE reload_requests (
  id           INTEGER PRIMARY KEY,
  audit_id     INTEGER NOT NULL,          -- the 'requested' row of audit_log this request answers
  requested_at INTEGER NOT NULL,          -- unix ms
  claimed_by   TEXT,                      -- the lease holder name of the process that took it
  claimed_at   INTEGER
);
CREATE INDEX reload_requests_open ON reload_requests(claimed_by, requested_at);
