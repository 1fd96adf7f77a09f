/**
 * Time zones as people name them: a city ("Moscow", "new york", "Душанбе"), a country with one time zone
 * ("Tajikistan"), a common abbreviation ("MSK", "CET") or an IANA name ("Asia/Dushanbe"). Cities come
 * from Intl's own zone list (every zone id ends in its city: Europe/Moscow, Asia/Dushanbe), so no city
 * table is kept; only the names a zone id does not spell are listed below. Pure (Intl apart).
 */
import { latinise } from "./latinise.js";
import { editDistance, normalizeName } from "./similarity.js";
import { allTimeZones, canonicalTimeZone } from "./time-zones.js";

/**
 * Abbreviations people write for a zone. Several are ambiguous worldwide; each is read as most people
 * writing in English (or Russian) mean it: CST is US Central, IST India, BST British Summer Time.
 */
const ABBREVIATIONS: Record<string, string> = {
  utc: "UTC",
  gmt: "UTC",
  z: "UTC",
  msk: "Europe/Moscow",
  мск: "Europe/Moscow",
  bst: "Europe/London",
  wet: "Europe/Lisbon",
  cet: "Europe/Paris",
  cest: "Europe/Paris",
  eet: "Europe/Kiev",
  eest: "Europe/Kiev",
  trt: "Europe/Istanbul",
  est: "America/New_York",
  edt: "America/New_York",
  et: "America/New_York",
  cst: "America/Chicago",
  cdt: "America/Chicago",
  mst: "America/Denver",
  mdt: "America/Denver",
  pst: "America/Los_Angeles",
  pdt: "America/Los_Angeles",
  pt: "America/Los_Angeles",
  ist: "Asia/Kolkata",
  pkt: "Asia/Karachi",
  aft: "Asia/Kabul",
  irst: "Asia/Tehran",
  gst: "Asia/Dubai",
  tjt: "Asia/Dushanbe",
  uzt: "Asia/Tashkent",
  kgt: "Asia/Bishkek",
  tmt: "Asia/Ashgabat",
  almt: "Asia/Almaty",
  yekt: "Asia/Yekaterinburg",
  novt: "Asia/Novosibirsk",
  vlat: "Asia/Vladivostok",
  jst: "Asia/Tokyo",
  kst: "Asia/Seoul",
  hkt: "Asia/Hong_Kong",
  sgt: "Asia/Singapore",
  aest: "Australia/Sydney",
  aedt: "Australia/Sydney",
};

/** Cities whose usual spelling (English, or Russian spelled in Latin letters) is not their zone id's. */
const CITY_SPELLINGS: Record<string, string> = {
  moskva: "Europe/Moscow",
  "saint petersburg": "Europe/Moscow",
  "st petersburg": "Europe/Moscow",
  "sankt peterburg": "Europe/Moscow",
  peterburg: "Europe/Moscow",
  ekaterinburg: "Asia/Yekaterinburg",
  astana: "Asia/Almaty",
  "nur sultan": "Asia/Almaty",
  ashkhabad: "Asia/Ashgabat",
  erevan: "Asia/Yerevan",
  kyiv: "Europe/Kiev",
  beijing: "Asia/Shanghai",
  pekin: "Asia/Shanghai",
  delhi: "Asia/Kolkata",
  "new delhi": "Asia/Kolkata",
  mumbai: "Asia/Kolkata",
  parizh: "Europe/Paris",
  stambul: "Europe/Istanbul",
  tegeran: "Asia/Tehran",
  "niu iork": "America/New_York",
  "nyu york": "America/New_York",
  washington: "America/New_York",
  "san francisco": "America/Los_Angeles",
};

/** Countries with one time zone (Uzbekistan has two ids at one offset), by their English and Russian names. */
const COUNTRY_ZONES: Record<string, string> = {
  tajikistan: "Asia/Dushanbe",
  kyrgyzstan: "Asia/Bishkek",
  kirgiziia: "Asia/Bishkek",
  uzbekistan: "Asia/Tashkent",
  turkmenistan: "Asia/Ashgabat",
  afghanistan: "Asia/Kabul",
  afganistan: "Asia/Kabul",
  georgia: "Asia/Tbilisi",
  gruziia: "Asia/Tbilisi",
  armenia: "Asia/Yerevan",
  armeniia: "Asia/Yerevan",
  azerbaijan: "Asia/Baku",
  azerbaidzhan: "Asia/Baku",
  belarus: "Europe/Minsk",
  ukraine: "Europe/Kiev",
  ukraina: "Europe/Kiev",
  turkey: "Europe/Istanbul",
  turtsiia: "Europe/Istanbul",
  turkiye: "Europe/Istanbul",
  iran: "Asia/Tehran",
  pakistan: "Asia/Karachi",
  india: "Asia/Kolkata",
  indiia: "Asia/Kolkata",
  china: "Asia/Shanghai",
  kitai: "Asia/Shanghai",
  japan: "Asia/Tokyo",
  "united kingdom": "Europe/London",
  uk: "Europe/London",
  britain: "Europe/London",
  england: "Europe/London",
  germany: "Europe/Berlin",
  germaniia: "Europe/Berlin",
  france: "Europe/Paris",
  frantsiia: "Europe/Paris",
  italy: "Europe/Rome",
  poland: "Europe/Warsaw",
  israel: "Asia/Jerusalem",
  egypt: "Africa/Cairo",
  uae: "Asia/Dubai",
  "united arab emirates": "Asia/Dubai",
  "south korea": "Asia/Seoul",
  singapore: "Asia/Singapore",
};

/** Countries with several zones: named, they are refused with these cities to choose from. */
const MULTI_ZONE_COUNTRIES: Record<string, string[]> = {
  russia: ["Europe/Moscow", "Asia/Yekaterinburg", "Asia/Novosibirsk", "Asia/Vladivostok"],
  rossiia: ["Europe/Moscow", "Asia/Yekaterinburg", "Asia/Novosibirsk", "Asia/Vladivostok"],
  kazakhstan: ["Asia/Almaty", "Asia/Aqtobe", "Asia/Oral"],
  usa: ["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"],
  "united states": ["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"],
  america: ["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"],
  ssha: ["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"],
  canada: ["America/Toronto", "America/Vancouver", "America/Edmonton", "America/Halifax"],
  australia: ["Australia/Sydney", "Australia/Perth", "Australia/Adelaide", "Australia/Brisbane"],
  brazil: ["America/Sao_Paulo", "America/Manaus"],
  mexico: ["America/Mexico_City", "America/Tijuana"],
  indonesia: ["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"],
};

export type ZoneLookup =
  | { kind: "zone"; zone: string }
  /** A country with several zones: which city? */
  | { kind: "country"; country: string; zones: string[] }
  | { kind: "none"; candidates: string[] };

/** "Москва" → "moskva", "New_York" → "new york", "Nur-Sultan" → "nur sultan". */
function key(name: string): string {
  const latin = /\p{Script=Cyrillic}/u.test(name) ? latinise(name) : name;
  return normalizeName(latin.replace(/_/g, " "));
}

let cities: Map<string, string> | undefined;

/** Every zone's city (the last part of its id), plus the spellings above. */
function cityIndex(): Map<string, string> {
  if (!cities) {
    cities = new Map();
    for (const zone of allTimeZones()) {
      const city = zone.split("/").at(-1)!;
      if (zone.includes("/") && !cities.has(key(city))) cities.set(key(city), zone);
    }
    for (const [name, zone] of Object.entries(CITY_SPELLINGS)) cities.set(name, zone);
  }
  return cities;
}

/** Resolves what a person typed as a time zone; unknown names come back with the nearest cities. */
export function lookUpZone(typed: string): ZoneLookup {
  const raw = typed.trim();
  if (raw === "") return { kind: "none", candidates: [] };
  const iana = raw.includes("/") || /^(utc|gmt)$/i.test(raw) ? canonicalTimeZone(raw) : undefined;
  if (iana) return { kind: "zone", zone: iana };
  const k = key(raw);
  const abbreviation = ABBREVIATIONS[raw.toLowerCase()] ?? ABBREVIATIONS[k];
  const direct = abbreviation ?? COUNTRY_ZONES[k] ?? cityIndex().get(k);
  if (direct) return { kind: "zone", zone: canonicalTimeZone(direct) ?? direct };
  const multi = MULTI_ZONE_COUNTRIES[k];
  if (multi) return { kind: "country", country: raw, zones: multi };
  return { kind: "none", candidates: nearestZones(k) };
}

/** The zones whose city (or country) is within a typo or two of `k`, nearest first. */
function nearestZones(k: string, max = 3): string[] {
  if (k.length < 3) return [];
  const allowance = k.length <= 5 ? 1 : 2;
  const scored: { zone: string; d: number }[] = [];
  for (const [name, zone] of [...cityIndex(), ...Object.entries(COUNTRY_ZONES)]) {
    const d = editDistance(k, name, allowance);
    if (d <= allowance) scored.push({ zone, d });
  }
  scored.sort((a, b) => a.d - b.d || a.zone.localeCompare(b.zone));
  return [...new Set(scored.map((s) => s.zone))].slice(0, max);
}

/** Whether a word is close enough to a city or country to have been meant as a time zone ("moskow"). */
export function looksLikeZone(word: string): string[] {
  const k = key(word);
  return /^[a-z ]{4,}$/.test(k) ? nearestZones(k) : [];
}
