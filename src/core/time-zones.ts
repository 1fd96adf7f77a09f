/** IANA time zones as people type them, with nothing but Intl. Pure (apart from caching the list). */

let zoneList: string[] | undefined;
let byLowerCase: Map<string, string> | undefined;

/** Every zone this runtime knows, UTC first. */
export function allTimeZones(): readonly string[] {
  if (!zoneList) {
    const zones = Intl.supportedValuesOf("timeZone");
    zoneList = zones.includes("UTC") ? zones : ["UTC", ...zones];
  }
  return zoneList;
}

/** "asia/dushanbe" → "Asia/Dushanbe"; "utc", "gmt", "z" → "UTC"; unknown zones → undefined. */
export function canonicalTimeZone(input: string): string | undefined {
  const s = input.trim();
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(s)) return undefined;
  if (/^(utc|gmt|z)$/i.test(s)) return "UTC";
  byLowerCase ??= new Map(allTimeZones().map((z) => [z.toLowerCase(), z]));
  const known = byLowerCase.get(s.toLowerCase());
  if (known) return known;
  try {
    // Links and aliases Intl accepts but does not list (e.g. "Europe/Kiev").
    return new Intl.DateTimeFormat("en-US", { timeZone: s }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}
