/**
 * The catalogues: every key in one language is in the other (plural forms as each language needs them),
 * every key the code asks for exists, and a few sentences come out as a person should read them.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { CATALOGUES, LOCALES, localeFromTag, translator } from "../../src/core/i18n.js";

const PLURAL = /_(zero|one|two|few|many|other)$/;

function keys(obj: Record<string, unknown>, prefix = ""): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    v !== null && typeof v === "object" && !Array.isArray(v) ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

const base = (k: string) => k.replace(PLURAL, "");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "locales" ? [] : sourceFiles(path);
    if (name === "i18n.ts") return [];
    return path.endsWith(".ts") ? [path] : [];
  });
}

describe("the message catalogues", () => {
  it("GIVEN the English and Russian catalogues THEN each has every key of the other", () => {
    const [en, ru] = LOCALES.map((l) => new Set(keys(CATALOGUES[l]).map(base)));
    expect([...en!].filter((k) => !ru!.has(k))).toEqual([]);
    expect([...ru!].filter((k) => !en!.has(k))).toEqual([]);
  });

  it("GIVEN a plural key THEN each language has every plural form its grammar needs", () => {
    for (const locale of LOCALES) {
      const all = keys(CATALOGUES[locale]);
      const plurals = new Set(all.filter((k) => PLURAL.test(k)).map(base));
      const needed = new Intl.PluralRules(locale).resolvedOptions().pluralCategories.filter((c) => c !== "zero" && c !== "two");
      for (const key of plurals) for (const form of needed) expect(all, `${locale}: ${key}_${form}`).toContain(`${key}_${form}`);
    }
  });

  it('GIVEN every t("…") in the code THEN the key exists in both languages', () => {
    const root = resolve(import.meta.dirname, "../..");
    const files = [...sourceFiles(join(root, "src")), ...sourceFiles(join(root, "commands"))];
    const used = new Set<string>();
    for (const f of files) for (const m of readFileSync(f, "utf8").matchAll(/\bt\(\s*"([a-zA-Z][\w.]*)"/g)) used.add(m[1]!);
    expect(used.size).toBeGreaterThan(50);
    for (const locale of LOCALES) {
      const known = new Set(keys(CATALOGUES[locale]).map(base));
      expect(
        [...used].filter((k) => !known.has(k)),
        locale,
      ).toEqual([]);
    }
  });

  it("GIVEN counts THEN Russian picks one, few and many", () => {
    const t = translator("ru");
    expect(t("commands.search.title", { words: "x", count: 1 })).toContain("1 отрывок");
    expect(t("commands.search.title", { words: "x", count: 3 })).toContain("3 отрывка");
    expect(t("commands.search.title", { words: "x", count: 11 })).toContain("11 отрывков");
    expect(translator("en")("commands.search.title", { words: "x", count: 2 })).toContain("2 passages");
  });

  it.each([
    ["ru", "ru"],
    ["ru-RU", "ru"],
    ["en-US", "en"],
    ["uk", "en"],
    [undefined, "en"],
  ] as const)("GIVEN the platform language %s THEN the interface speaks %s", (tag, locale) => {
    expect(localeFromTag(tag)).toBe(locale);
  });
});
