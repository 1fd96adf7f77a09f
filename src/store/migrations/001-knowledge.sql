-- Every successful load of data/ is a version; digests compare against it.
--
-- (This migration once also created the search index's tables here. The index now lives in a file of its
-- own, with its schema in src/knowledge/index-build.ts; 004 dropped those tables from databases made
-- before. A database that ran the old text keeps user_version 1 and is not run again, so only new
-- databases see this text: the twin schema is gone without changing any existing database.)
CREATE TABLE knowledge_versions (
  id        INTEGER PRIMARY KEY,
  hash      TEXT NOT NULL,
  loaded_at TEXT NOT NULL,
  actor     TEXT NOT NULL,
  summary   TEXT NOT NULL           -- JSON: counts and what was added, changed, removed
);
