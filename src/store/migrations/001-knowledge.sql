-- The knowledge tables: rebuilt as a whole by every data load, in one transaction.

CREATE TABLE sources (
  id        TEXT PRIMARY KEY,
  title     TEXT NOT NULL,
  meta      TEXT NOT NULL,          -- the validated front matter, as JSON
  hash      TEXT NOT NULL,          -- of the file, to tell what a reload changed
  file      TEXT NOT NULL
);

CREATE TABLE passages (
  rowid     INTEGER PRIMARY KEY,
  source_id TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
  position  INTEGER NOT NULL,       -- order within the source, from 0
  line      INTEGER NOT NULL,       -- line in the article file
  text      TEXT NOT NULL
);
CREATE INDEX passages_by_source ON passages(source_id, position);

-- Porter stemming over unicode61 so "attacks" finds "attack"; diacritics folded.
CREATE VIRTUAL TABLE passages_fts USING fts5(
  text, content = 'passages', content_rowid = 'rowid',
  tokenize = 'porter unicode61 remove_diacritics 2'
);

-- Curated events, entities, figures and topics, each as validated JSON.
CREATE TABLE records (
  rowid     INTEGER PRIMARY KEY,
  kind      TEXT NOT NULL CHECK (kind IN ('event', 'entity', 'figure', 'topic')),
  id        TEXT NOT NULL,
  title     TEXT NOT NULL,          -- indexed: name, title or measure
  body      TEXT NOT NULL,          -- indexed: aliases, summary, description, value, quotes
  data      TEXT NOT NULL,
  hash      TEXT NOT NULL,
  UNIQUE (kind, id)
);

CREATE VIRTUAL TABLE records_fts USING fts5(
  title, body, content = 'records', content_rowid = 'rowid',
  tokenize = 'porter unicode61 remove_diacritics 2'
);

-- Every successful load is a version; digests compare against it.
CREATE TABLE knowledge_versions (
  id        INTEGER PRIMARY KEY,
  hash      TEXT NOT NULL,
  loaded_at TEXT NOT NULL,
  actor     TEXT NOT NULL,
  summary   TEXT NOT NULL           -- JSON: counts and what was added, changed, removed
);
