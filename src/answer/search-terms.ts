/**
 * What /search looks for: each typed word as a group of alternatives — a name with all its aliases, a mistyped
 * word as the corpus word it most likely meant — and the substitutions made, to be said. Pure, given a Lexicon.
 */
import { eng as ENGLISH_STOPWORDS } from "stopword";
import type { Correction } from "../core/answers.js";
import { normalizeName } from "../core/similarity.js";
import { type Lexicon, latinise } from "./lexicon.js";

/** Words /search does not look for unless nothing else is typed. */
const SEARCH_STOPWORDS = new Set([...ENGLISH_STOPWORDS, "per"]);

/** What to search for, and what was substituted. */
export function searchTermsFor(text: string, lexicon: Lexicon): { groups: string[][]; substitutions: Correction[] } {
  const words = (text.toLowerCase().match(/[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu) ?? [])
    .map((w) => (/\p{Script=Cyrillic}/u.test(w) ? latinise(w) : w))
    .slice(0, 24);
  const plain = words
    .map((w) => normalizeName(w))
    .join(" ")
    .split(" ")
    .filter(Boolean);
  const content = plain.filter((w) => !SEARCH_STOPWORDS.has(w));
  const list = content.length > 0 ? content : plain;
  const groups: string[][] = [];
  const substitutions: Correction[] = [];
  const entities = lexicon.findEntities(list);
  const inName = new Set<number>();
  for (const e of entities) {
    const record = lexicon.entities.get(e.id)!;
    for (let i = e.start; i < e.end; i++) inName.add(i);
    groups.push([...new Set([record.name, ...record.aliases].map((n) => n.replace(/\s*\(.*?\)\s*/g, " ").trim()))]);
    if (e.approximate && !e.demonym) substitutions.push({ from: e.words.join(" "), to: record.name });
  }
  for (const [i, w] of list.entries()) {
    if (inName.has(i)) continue;
    if (lexicon.inCorpus(w) || lexicon.isEnglish(w)) groups.push([w]);
    else {
      const fixed = lexicon.correct(w);
      groups.push(fixed ? [fixed] : [w]);
      if (fixed) substitutions.push({ from: w, to: fixed });
    }
  }
  return { groups, substitutions };
}
