-- The search index moves to a file of its own (src/knowledge/index-file.ts), built beside this one by
-- each load and attached as "knowledge". Here stay the versions, which digests compare against.
DROP TABLE IF EXISTS passages_fts;
DROP TABLE IF EXISTS records_fts;
DROP TABLE IF EXISTS passages;
DROP TABLE IF EXISTS records;
DROP TABLE IF EXISTS sources;
