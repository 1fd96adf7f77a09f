/**
 * Finds the entities a sentence names, by any of their names or aliases (and a place by its demonym), in one
 * pass over the sentence's words: names are kept by their first word, so each word costs one map lookup.
 * (One regular expression with every name as an alternative tried each name at each character: most of an
 * answer's time.)
 */
import type { EntityRecord } from "../core/knowledge.js";
import { demonymsOf } from "./lexicon.js";
import type { EntityFinder } from "./rank.js";

interface NameForm {
  id: string;
  words: string[];
  /** Counts only written with a capital: a demonym ("Turkish"), or a short alias in capitals ("UN", "US"). */
  capital: "none" | "first" | "all";
}

const WORD = /[\p{L}\p{N}]+/gu;

export function createEntityFinder(entities: readonly EntityRecord[]): EntityFinder {
  const byFirstWord = new Map<string, NameForm[]>();
  const add = (id: string, name: string, capital: NameForm["capital"]) => {
    const words = (name
      .replace(/\s*\(.*?\)\s*/g, " ")
      .toLowerCase()
      .match(WORD) ?? []) as string[];
    if (words.length === 0 || words.join("").length < 2) return;
    const forms = byFirstWord.get(words[0]!) ?? [];
    if (!forms.some((f) => f.words.join(" ") === words.join(" "))) forms.push({ id, words, capital });
    byFirstWord.set(words[0]!, forms);
  };
  for (const e of entities) {
    for (const name of [e.name, ...e.aliases]) add(e.id, name, name.replace(/\W/g, "").length <= 3 ? "all" : "none");
    if (e.type === "place" && !e.name.includes(" ")) for (const d of demonymsOf(e.name.toLowerCase())) add(e.id, d, "first");
  }
  // Longest names first, so "Islamic State Khorasan Province" wins over "Islamic State".
  for (const forms of byFirstWord.values()) forms.sort((a, b) => b.words.length - a.words.length);
  const byId = new Map(entities.map((e) => [e.id, e]));

  return {
    entitiesIn(text) {
      const tokens = [...text.matchAll(WORD)].map((m) => ({ word: m[0], lower: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length }));
      const out: { id: string; start: number; end: number }[] = [];
      for (let i = 0; i < tokens.length; i++) {
        for (const form of byFirstWord.get(tokens[i]!.lower) ?? []) {
          const n = form.words.length;
          if (i + n > tokens.length || !form.words.every((w, j) => tokens[i + j]!.lower === w)) continue;
          const written = text.slice(tokens[i]!.start, tokens[i + n - 1]!.end);
          if (form.capital === "all" && written !== written.toUpperCase()) continue;
          if (form.capital === "first" && !/^\p{Lu}/u.test(written)) continue;
          out.push({ id: form.id, start: tokens[i]!.start, end: tokens[i + n - 1]!.end });
          i += n - 1;
          break;
        }
      }
      return out;
    },
    entity: (id) => byId.get(id),
  };
}
