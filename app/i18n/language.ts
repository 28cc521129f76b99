import type { Language } from "../../db/schema";

// Routes take the type from here, not from db/.
export type { Language };

export const LANGUAGES = ["kk", "ru", "en"] as const satisfies readonly Language[];
export const DEFAULT_LANGUAGE: Language = "kk";

/** Each language named in itself, as a language switch shows it. */
export const LANGUAGE_NAMES: Record<Language, string> = { kk: "Қазақша", ru: "Русский", en: "English" };

export function isLanguage(v: unknown): v is Language {
  return typeof v === "string" && (LANGUAGES as readonly string[]).includes(v);
}

/** Explicit choice in the URL, then the staff member's saved choice, then the browser's, then Kazakh. */
export function resolveLanguage(request: Request, saved?: Language): Language {
  const fromUrl = new URL(request.url).searchParams.get("lang");
  if (isLanguage(fromUrl)) return fromUrl;
  if (saved) return saved;
  const accepted = (request.headers.get("accept-language") ?? "")
    .split(",")
    .map((part) => part.split(";")[0]!.trim().slice(0, 2).toLowerCase());
  return accepted.find(isLanguage) ?? DEFAULT_LANGUAGE;
}

/** A link that keeps the language: anonymous pages have no cookie to remember it. */
export function withLang(path: string, lang: Language): string {
  const [base, query = ""] = path.split("?") as [string, string?];
  const params = new URLSearchParams(query);
  params.set("lang", lang);
  return `${base}?${params}`;
}
