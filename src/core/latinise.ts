/** Cyrillic → Latin as English spells Central Asian and Russian names ("Таджикистан" → "tajikistan"). Pure. */
import { transliterate } from "transliteration";

export function latinise(word: string): string {
  return transliterate(word, {
    replace: [
      ["дж", "j"],
      ["Дж", "J"],
      ["ДЖ", "J"],
      ["кс", "x"],
    ],
  }).toLowerCase();
}
