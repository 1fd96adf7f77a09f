/**
 * Finding a curated record by what a person types: exact names and aliases first, then words within
 * names, then small typos. Returns either one confident match or suggestions. Pure.
 */
import { latinise } from "../core/latinise.js";
import { editDistance, normalizeName, typoAllowance } from "../core/similarity.js";

const CYRILLIC = /\p{Script=Cyrillic}/u;

export interface NameEntry {
  id: string;
  /** The names this record answers to: its name or title and its aliases. */
  names: string[];
}

export type NameMatch =
  | { kind: "exact"; id: string }
  /** Confident but not exact (a typo, or a unique partial match): say which name was understood. */
  | { kind: "close"; id: string; understoodAs: string }
  | { kind: "ambiguous"; ids: string[] }
  | { kind: "none"; suggestions: string[] };

export class NameIndex {
  private readonly keys: { key: string; id: string; name: string }[] = [];
  /** The first name of each entry: what people are shown (a title, not an id or alias). */
  private readonly primary = new Map<string, string>();

  constructor(entries: readonly NameEntry[]) {
    for (const e of entries) {
      if (e.names[0]) this.primary.set(e.id, e.names[0]);
      for (const name of e.names) {
        const key = normalizeName(name);
        if (key) this.keys.push({ key, id: e.id, name });
      }
    }
  }

  match(input: string): NameMatch {
    const found = this.matchSpelled(input);
    if (found.kind !== "none" || !CYRILLIC.test(input)) return found;
    // A name in Cyrillic the records spell in Latin letters ("Путин", "Крокус"): read it as English spells
    // it, and say so, since the reader typed something else.
    const latin = this.matchSpelled(latinise(input));
    if (latin.kind === "exact") return { kind: "close", id: latin.id, understoodAs: this.primary.get(latin.id) ?? latin.id };
    return latin.kind === "none" ? found : latin;
  }

  private matchSpelled(input: string): NameMatch {
    const q = normalizeName(input);
    if (!q) return { kind: "none", suggestions: [] };
    const unique = (xs: string[]) => [...new Set(xs)];

    const exact = unique(this.keys.filter((k) => k.key === q).map((k) => k.id));
    if (exact.length === 1) return { kind: "exact", id: exact[0]! };
    if (exact.length > 1) return { kind: "ambiguous", ids: exact };

    // Whole words of a name: "kurilla" finds "Michael Kurilla"; "crocus" finds "Crocus City Hall attack".
    const words = q.split(" ");
    const partial = unique(this.keys.filter((k) => containsWords(k.key, words)).map((k) => k.id));
    if (partial.length === 1) {
      const hit = this.keys.find((k) => k.id === partial[0])!;
      return { kind: "close", id: hit.id, understoodAs: this.primary.get(hit.id) ?? hit.name };
    }
    if (partial.length > 1) return { kind: "ambiguous", ids: partial.slice(0, 5) };

    // Typos: against whole names first ("tajikstan" → "Tajikistan"), then against single words of
    // longer names ("kurila" → "Michael Kurilla").
    const allowance = typoAllowance(q.length);
    if (allowance > 0) {
      const whole = this.closestBy((k) => editDistance(q, k.key, allowance), allowance);
      if (whole) return whole;
      if (words.length === 1) {
        const perWord = this.closestBy((k) => Math.min(...k.key.split(" ").map((w) => editDistance(q, w, allowance))), allowance);
        if (perWord) return perWord;
      }
    }

    // Nothing close: suggest names sharing a prefix, so the reply can offer "did you mean".
    const prefix = q.slice(0, 3);
    const suggestions = unique(this.keys.filter((k) => k.key.split(" ").some((w) => w.startsWith(prefix))).map((k) => k.id));
    return { kind: "none", suggestions: suggestions.slice(0, 5) };
  }

  private closestBy(distance: (k: { key: string }) => number, allowance: number): NameMatch | undefined {
    const scored = this.keys.map((k) => ({ ...k, d: distance(k) })).filter((k) => k.d <= allowance);
    if (scored.length === 0) return undefined;
    const bestDistance = Math.min(...scored.map((s) => s.d));
    const best = scored.filter((s) => s.d === bestDistance);
    const ids = [...new Set(best.map((s) => s.id))];
    if (ids.length === 1) return { kind: "close", id: best[0]!.id, understoodAs: this.primary.get(best[0]!.id) ?? best[0]!.name };
    return { kind: "ambiguous", ids: ids.slice(0, 5) };
  }

  /** Names starting with (or containing a word starting with) the prefix, for autocomplete. */
  suggest(prefix: string, limit = 25): { id: string; name: string }[] {
    const q = normalizeName(prefix);
    const seen = new Set<string>();
    const out: { id: string; name: string; rank: number }[] = [];
    for (const k of this.keys) {
      if (seen.has(k.id)) continue;
      const rank = q === "" ? 2 : k.key.startsWith(q) ? 0 : k.key.split(" ").some((w) => w.startsWith(q)) ? 1 : -1;
      if (rank < 0) continue;
      seen.add(k.id);
      out.push({ id: k.id, name: this.primary.get(k.id) ?? k.name, rank });
    }
    return out
      .sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name))
      .slice(0, limit)
      .map(({ id, name }) => ({ id, name }));
  }
}

function containsWords(key: string, words: string[]): boolean {
  const keyWords = key.split(" ");
  return words.every((w) => keyWords.includes(w));
}
