/** "Did you mean": corpus words and names near a word nothing matched, a little further than a correction reaches. */
import { editDistance, normalizeName } from "../core/similarity.js";
import type { Lexicon } from "./lexicon.js";

/** "Did you mean": corpus words and names near each unknown word, a little further than a correction reaches. */
export function suggestionsFor(words: readonly string[], lexicon: Lexicon): string[] {
  const out = new Set<string>();
  for (const w of words) {
    const fixed = lexicon.correct(w);
    if (fixed) out.add(fixed);
    for (const e of lexicon.entities.values()) {
      for (const name of [e.name, ...e.aliases]) {
        const n = normalizeName(name);
        if (n.split(" ").some((part) => part.length >= 4 && editDistance(normalizeName(w), part, 3) <= 3)) out.add(e.name);
      }
    }
  }
  return [...out].slice(0, 5);
}
