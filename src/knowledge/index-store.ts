/**
 * Writes a validated Catalogue into the knowledge tables and their FTS5 indexes, replacing what was
 * there, inside one transaction: readers see the old knowledge or the new, never a mix.
 * Tables outside the knowledge family (subscriptions, outbox, audit) are not touched.
 */
import { createHash } from "node:crypto";
import type { Db } from "../store/db.js";
import type { Catalogue, Located } from "./catalogue.js";
import { splitPassages } from "./passages.js";

export type RecordKind = "event" | "entity" | "figure" | "topic";
export type ChangeKind = "article" | RecordKind;

export interface ChangeSummary {
  counts: Record<ChangeKind, number>;
  added: Record<ChangeKind, string[]>;
  changed: Record<ChangeKind, string[]>;
  removed: Record<ChangeKind, string[]>;
}

const KINDS: ChangeKind[] = ["article", "event", "entity", "figure", "topic"];
const emptyByKind = () => Object.fromEntries(KINDS.map((k) => [k, [] as string[]])) as unknown as Record<ChangeKind, string[]>;

export function catalogueHash(c: Catalogue): string {
  const h = createHash("sha256");
  for (const a of [...c.articles.values()].sort((x, y) => x.id.localeCompare(y.id))) h.update(`a:${a.id}:${a.hash}\n`);
  for (const [kind, map] of recordMaps(c)) {
    for (const [id, at] of [...map.entries()].sort(([x], [y]) => x.localeCompare(y))) h.update(`${kind}:${id}:${at.hash}\n`);
  }
  return h.digest("hex").slice(0, 16);
}

function recordMaps(c: Catalogue): [RecordKind, Map<string, Located<{ id: string }>>][] {
  return [
    ["topic", c.topics],
    ["event", c.events],
    ["entity", c.entities],
    ["figure", c.figures],
  ];
}

/** Title and body text indexed for each curated record. */
function recordText(kind: RecordKind, r: any): { title: string; body: string } {
  const quotes = (r.citations ?? []).map((c: { quote: string }) => c.quote).join(" ");
  switch (kind) {
    case "event":
      return { title: r.title, body: [r.summary, r.place ?? "", r.caveat ?? "", r.date_note ?? "", quotes].join(" ") };
    case "entity":
      return { title: [r.name, ...r.aliases].join(" "), body: [r.description, quotes].join(" ") };
    case "figure":
      return { title: r.measure, body: [r.value, r.when ?? "", r.caveat ?? "", quotes].join(" ") };
    case "topic":
      return { title: [r.name, ...r.keywords].join(" "), body: r.description };
  }
}

/** Replaces the knowledge tables with this catalogue. Returns what changed against the previous contents. */
export function writeCatalogue(db: Db, c: Catalogue): ChangeSummary {
  const summary: ChangeSummary = {
    counts: {
      article: c.articles.size,
      event: c.events.size,
      entity: c.entities.size,
      figure: c.figures.size,
      topic: c.topics.size,
    },
    added: emptyByKind(),
    changed: emptyByKind(),
    removed: emptyByKind(),
  };

  const run = db.transaction(() => {
    const before = new Map<string, string>();
    for (const row of db.prepare("SELECT id, hash FROM sources").all() as { id: string; hash: string }[]) {
      before.set(`article:${row.id}`, row.hash);
    }
    for (const row of db.prepare("SELECT kind, id, hash FROM records").all() as { kind: string; id: string; hash: string }[]) {
      before.set(`${row.kind}:${row.id}`, row.hash);
    }
    const after = new Map<string, string>();

    db.exec(`
      INSERT INTO passages_fts(passages_fts) VALUES ('delete-all');
      INSERT INTO records_fts(records_fts) VALUES ('delete-all');
      DELETE FROM passages; DELETE FROM sources; DELETE FROM records;
    `);

    const insertSource = db.prepare("INSERT INTO sources (id, title, meta, hash, file) VALUES (?, ?, ?, ?, ?)");
    const insertPassage = db.prepare("INSERT INTO passages (source_id, position, line, text) VALUES (?, ?, ?, ?)");
    // Newest sources first: when a search has more matches than it ranks, it ranks the first ones in
    // index (rowid) order, which are then the most recently published (see MAX_RANKED_PASSAGES).
    const newestFirst = [...c.articles.values()].sort(
      (x, y) => (y.meta.published ?? "").localeCompare(x.meta.published ?? "") || x.id.localeCompare(y.id),
    );
    for (const a of newestFirst) {
      insertSource.run(a.id, a.meta.title, JSON.stringify(a.meta), a.hash, a.file);
      after.set(`article:${a.id}`, a.hash);
      for (const p of splitPassages(a.lines)) insertPassage.run(a.id, p.position, p.line, p.text);
    }

    const insertRecord = db.prepare("INSERT INTO records (kind, id, title, body, data, hash) VALUES (?, ?, ?, ?, ?, ?)");
    for (const [kind, map] of recordMaps(c)) {
      for (const [id, at] of map) {
        const { title, body } = recordText(kind, at.record);
        insertRecord.run(kind, id, title, body, JSON.stringify(at.record), at.hash);
        after.set(`${kind}:${id}`, at.hash);
      }
    }

    db.exec(`
      INSERT INTO passages_fts(rowid, text) SELECT rowid, text FROM passages;
      INSERT INTO records_fts(rowid, title, body) SELECT rowid, title, body FROM records;
    `);

    for (const [key, hash] of after) {
      const [kind, id] = split(key);
      const old = before.get(key);
      if (old === undefined) summary.added[kind].push(id);
      else if (old !== hash) summary.changed[kind].push(id);
    }
    for (const key of before.keys()) {
      if (!after.has(key)) {
        const [kind, id] = split(key);
        summary.removed[kind].push(id);
      }
    }
  });
  run.immediate();
  return summary;
}

function split(key: string): [ChangeKind, string] {
  const i = key.indexOf(":");
  return [key.slice(0, i) as ChangeKind, key.slice(i + 1)];
}
