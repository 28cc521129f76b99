import { useLang } from "~/i18n/i18n";
import { LANGUAGE_NAMES, LANGUAGES } from "~/i18n/language";

/**
 * Plain links: switching needs no cookie and no JavaScript. Query-only links keep the page
 * whatever its path (a path like //evil.example must not become a link to another site).
 */
export function LanguageSwitch({ search }: { search: string }) {
  const current = useLang();
  return (
    <nav className="langs" aria-label="Тіл / Язык / Language">
      {LANGUAGES.map((lang) => {
        const params = new URLSearchParams(search);
        params.set("lang", lang);
        return (
          <a key={lang} href={`?${params}`} lang={lang} hrefLang={lang} aria-current={lang === current ? "true" : undefined}>
            {LANGUAGE_NAMES[lang]}
          </a>
        );
      })}
    </nav>
  );
}
