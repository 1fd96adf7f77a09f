/**
 * The interface's languages. Every sentence Brief writes comes from one catalogue per language
 * (./locales/en.ts, ./locales/ru.ts) through i18next, which also knows each language's plural rules
 * (Russian has one, few and many). Quotes from sources never pass through here: evidence stays in the
 * source's language. tests/core/i18n.test.ts fails when a key is missing in either catalogue.
 */
import i18next, { type i18n } from "i18next";
import { en } from "./locales/en.js";
import { ru } from "./locales/ru.js";

export const LOCALES = ["en", "ru"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** A translator bound to one language: t("key", { name: "value", count: 3 }); t.locale says which. */
export type T = ((key: string, vars?: Record<string, unknown>) => string) & { readonly locale: Locale };

export const CATALOGUES: Record<Locale, Record<string, unknown>> = { en, ru };

let instance: i18n | undefined;

function engine(): i18n {
  if (!instance) {
    instance = i18next.createInstance();
    // Synchronous: the resources are in memory, so no request ever waits for a backend.
    void instance.init({
      initAsync: false,
      resources: { en: { translation: en }, ru: { translation: ru } },
      lng: DEFAULT_LOCALE,
      fallbackLng: DEFAULT_LOCALE,
      supportedLngs: [...LOCALES],
      // Messages are rendered by escaping renderers (Telegram HTML, Discord Markdown), not HTML pages.
      interpolation: { escapeValue: false },
      returnNull: false,
      showSupportNotice: false,
    } as Parameters<i18n["init"]>[0]);
  }
  return instance;
}

const translators = new Map<Locale, T>();

/** The translator for a language (cached). */
export function translator(locale: Locale = DEFAULT_LOCALE): T {
  let t = translators.get(locale);
  if (!t) {
    const fixed = engine().getFixedT(locale);
    t = Object.assign((key: string, vars?: Record<string, unknown>) => String(fixed(key, vars as never)), { locale });
    translators.set(locale, t);
  }
  return t;
}

/**
 * A platform's language tag → the interface language: "ru", "ru-RU" → Russian; anything else (or none)
 * → English. Telegram sends IETF tags in `language_code`, Discord its locale codes ("ru", "en-US").
 */
export function localeFromTag(tag: string | undefined | null): Locale {
  const primary = (tag ?? "").trim().toLowerCase().split(/[-_]/)[0];
  return primary === "ru" ? "ru" : "en";
}

/** A list of words in a language's words, with i18next's catalogue lookups (returnObjects). */
export function translateList(locale: Locale, key: string): string[] {
  const value = engine().getFixedT(locale)(key, { returnObjects: true } as never) as unknown;
  return Array.isArray(value) ? value.map(String) : [];
}
