/**
 * A few equivalences that questions about this corpus need ("how many died" vs "killed"). Small and
 * explicit on purpose: a wider thesaurus would let unrelated passages look relevant.
 */
const GROUPS: string[][] = [
  ["died", "dead", "death", "deaths", "killed", "kill", "killing", "toll", "massacre"],
  ["attack", "attacks", "attacked", "atrocity", "massacre", "bombing"],
  ["arrested", "detained", "arrest", "arrests", "detention"],
  ["migrants", "migrant", "migration", "diaspora", "labourers", "workers"],
  ["surveillance", "cctv", "cameras", "camera", "snooping", "monitoring"],
  ["recruit", "recruits", "recruitment", "recruiting", "recruiters", "recruiter"],
  ["isis-k", "iskp", "is-k", "khorasan"],
  ["president", "leader"],
  ["visa", "visas", "visa-free"],
  ["money", "remittances", "economy"],
];

const INDEX = new Map<string, string[]>();
for (const group of GROUPS) {
  for (const w of group) INDEX.set(w, [...new Set([...(INDEX.get(w) ?? []), ...group])]);
}

/** The word and its equivalents (the word first). */
export function withSynonyms(word: string): string[] {
  const group = INDEX.get(word);
  return group ? [word, ...group.filter((w) => w !== word)] : [word];
}
