import { describe, expect, it } from "vitest";
import { hotlines, regions, reportOptions } from "~/content/content";
import { dictionaries } from "~/i18n/dictionary";
import { en } from "~/i18n/en";
import { validateContent } from "~/content/schemas.server";
import { translate, translator } from "~/i18n/i18n";
import { resolveLanguage, withLang } from "~/i18n/language";

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("content", () => {
  // Pages read the files as plain data; this is the check the server also runs as it starts.
  it("passes its schemas, every file", () => {
    expect(() => validateContent()).not.toThrow();
  });

  it("has the 20 regions with kk, ru and en names", () => {
    expect(regions).toHaveLength(20);
    expect(regions.map((r) => r.code)).toContain("ulytau");
    for (const r of regions) for (const lang of ["kk", "ru", "en"] as const) expect(r.name[lang].length).toBeGreaterThan(2);
  });

  it("has the help numbers 111, 112 and 150", () => {
    expect(hotlines.map((h) => h.number)).toEqual(["111", "112", "150"]);
  });

  it("marks exactly the life-safety categories", () => {
    expect(
      reportOptions.categories
        .filter((c) => c.lifeSafety)
        .map((c) => c.id)
        .sort(),
    ).toEqual(["home_abuse", "sexual_abuse", "suicide_self_harm", "weapon_attack"]);
  });
});

describe("dictionaries", () => {
  it("give every key a non-empty text in kk, ru and en, with the same placeholders", () => {
    for (const key of Object.keys(en) as Array<keyof typeof en>) {
      for (const [lang, dict] of Object.entries(dictionaries)) {
        expect(dict[key], `${lang}:${key}`).toBeTruthy();
        expect(placeholders(dict[key]), `${lang}:${key}`).toEqual(placeholders(en[key]));
      }
    }
  });

  it("have no key that only one language knows", () => {
    const keys = Object.keys(en).sort();
    for (const dict of Object.values(dictionaries)) expect(Object.keys(dict).sort()).toEqual(keys);
  });

  it("reach a page as one language's messages, read as the server reads them", () => {
    const t = translator("ru", dictionaries.ru);
    expect(t("finder.results", { count: 1234 })).toBe(translate("ru", "finder.results", { count: 1234 }));
  });

  it("fill placeholders, formatting numbers in the language", () => {
    expect(translate("ru", "finder.results", { count: 1234 })).toBe("Найдено школ: 1\u00a0234");
    expect(translate("en", "finder.results", { count: 1234 })).toBe("Schools found: 1,234");
  });
});

describe("language choice", () => {
  const req = (url: string, acceptLanguage?: string) =>
    new Request(url, { headers: acceptLanguage ? { "accept-language": acceptLanguage } : {} });

  it("prefers the URL, then the saved choice, then the browser, then Kazakh", () => {
    expect(resolveLanguage(req("http://x/r/A?lang=ru", "en"), "en")).toBe("ru");
    expect(resolveLanguage(req("http://x/", "en"), "kk")).toBe("kk");
    expect(resolveLanguage(req("http://x/", "ru-RU,ru;q=0.9,en;q=0.8"))).toBe("ru");
    expect(resolveLanguage(req("http://x/?lang=de", "de-DE"))).toBe("kk");
  });

  it("keeps the language in links", () => {
    expect(withLang("/status", "ru")).toBe("/status?lang=ru");
    expect(withLang("/report?region=akmola&lang=kk", "en")).toBe("/report?region=akmola&lang=en");
  });
});
