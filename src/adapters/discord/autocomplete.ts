/**
 * Autocomplete suggestions: at most 25 choices, names and values of 1–100 characters, answered within
 * Discord's 3 s (so everything here is synchronous and in memory). Suggestions are only hints: the
 * commands validate every submitted value again.
 */
import type { AutocompleteKind } from "../../core/command.js";
import { allTimeZones } from "../../core/time-zones.js";

export const AUTOCOMPLETE_MAX_CHOICES = 25;
export const AUTOCOMPLETE_NAME_MAX = 100;
export const AUTOCOMPLETE_VALUE_MAX = 100;

export interface Suggestion {
  name: string;
  value: string;
}

export type SuggestFn = (kind: AutocompleteKind, prefix: string) => Suggestion[];

/** Shown for an empty timezone field: the corpus is about Central Asia, so its zones come first. */
const FAVOURITE_ZONES = [
  "UTC",
  "Asia/Almaty",
  "Asia/Tashkent",
  "Asia/Bishkek",
  "Asia/Dushanbe",
  "Asia/Ashgabat",
  "Asia/Samarkand",
  "Asia/Aqtobe",
  "Europe/Moscow",
  "Europe/Istanbul",
  "Europe/London",
  "Europe/Berlin",
  "Europe/Paris",
  "America/New_York",
  "America/Los_Angeles",
  "Asia/Dubai",
  "Asia/Kolkata",
  "Asia/Shanghai",
  "Asia/Tokyo",
];

/** Time zones matching what was typed: names starting with it first, then a city starting with it, then anywhere. */
export function timezoneSuggestions(typed: string): Suggestion[] {
  const q = typed.trim().toLowerCase().replace(/\s+/g, "_");
  const zones = q === "" ? FAVOURITE_ZONES : allTimeZones();
  const rank = (zone: string): number => {
    const z = zone.toLowerCase();
    if (q === "") return 0;
    if (z.startsWith(q)) return 0;
    if (z.split("/").some((part) => part.startsWith(q))) return 1;
    return z.includes(q) ? 2 : -1;
  };
  return zones
    .map((zone) => ({ zone, r: rank(zone) }))
    .filter((x) => x.r >= 0)
    .sort((a, b) => a.r - b.r)
    .slice(0, AUTOCOMPLETE_MAX_CHOICES)
    .map(({ zone }) => ({ name: zone.replace(/_/g, " "), value: zone }));
}

/**
 * The choices to offer: from the knowledge layer's suggest(), time zones from Intl when it has none.
 * Never throws (a failing suggest() yields no choices), never exceeds Discord's limits; a value too long
 * for Discord is dropped rather than cut (a cut value would be a different value).
 */
export function autocompleteChoices(kind: AutocompleteKind, typed: string, suggest: SuggestFn | undefined, onError?: (err: unknown) => void): Suggestion[] {
  let raw: Suggestion[] = [];
  try {
    raw = suggest?.(kind, typed) ?? [];
  } catch (err) {
    onError?.(err);
    raw = [];
  }
  if (raw.length === 0 && kind === "timezone") raw = timezoneSuggestions(typed);
  const seen = new Set<string>();
  const out: Suggestion[] = [];
  for (const s of raw) {
    if (out.length >= AUTOCOMPLETE_MAX_CHOICES) break;
    const value = String(s.value);
    if (value === "" || value.length > AUTOCOMPLETE_VALUE_MAX || seen.has(value)) continue;
    seen.add(value);
    const single =
      String(s.name ?? "")
        .replace(/\s+/g, " ")
        .trim() || value;
    const name = single.length > AUTOCOMPLETE_NAME_MAX ? `${single.slice(0, AUTOCOMPLETE_NAME_MAX - 1)}…` : single;
    out.push({ name, value });
  }
  return out;
}
