import { createContext, useContext } from "react";
import { useRouteLoaderData } from "react-router";
import type { Localized } from "~/content/content";
import type { Language } from "../../db/schema";
import { dictionaries, type Dictionary, type MessageKey } from "./dictionary";
import { KAZAKHSTAN_TIME_ZONE } from "~/domain/calendar/local-date";

export type Vars = Record<string, string | number>;
export type Translate = (key: MessageKey, vars?: Vars) => string;

// Building an Intl formatter costs a tenth of a millisecond or more (kk more): an inbox page
// formats a few per row, so each one is built once per language and options and kept.
const formatters = new Map<string, Intl.NumberFormat | Intl.RelativeTimeFormat | Intl.DateTimeFormat>();
function cached<F extends Intl.NumberFormat | Intl.RelativeTimeFormat | Intl.DateTimeFormat>(key: string, make: () => F): F {
  let f = formatters.get(key) as F | undefined;
  if (!f) formatters.set(key, (f = make()));
  return f;
}
const numberFormat = (lang: Language, unit?: "day" | "hour" | "minute") =>
  cached(`n:${lang}:${unit ?? ""}`, () => new Intl.NumberFormat(lang, unit ? { style: "unit", unit, unitDisplay: "short" } : undefined));

function fill(lang: Language, template: string, vars?: Vars): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = vars[name];
    if (v === undefined) return whole;
    return typeof v === "number" ? numberFormat(lang).format(v) : v;
  });
}

/**
 * For the server (loaders, actions, e-mails, CSV): it reads all three dictionaries, so a
 * component must not call it, or every language would ship in the page's JavaScript
 * (tests/e2e/budget.test.ts fails if one does). Components use useT.
 */
export function translate(lang: Language, key: MessageKey, vars?: Vars): string {
  return fill(lang, dictionaries[lang][key], vars);
}

/** A message a page's <title> may show: meta reads these from the root's data, in the browser too. */
export type TitleKey = Extract<MessageKey, `${string}.title`>;

/**
 * What the root loader sends a page: its language and only that language's messages, or, for a
 * page sent without scripts, only its titles (its body is rendered on the server, from the
 * server's dictionaries: encoding every message it would never send cost ~4.5 ms a request).
 */
export type PageLanguage = { lang: Language; messages?: Dictionary; titles?: Partial<Record<TitleKey, string>> };

export function translator(lang: Language, messages: Dictionary): Translate {
  return (key, vars) => fill(lang, messages[key], vars);
}

/**
 * On the server only (entry.server.tsx): every dictionary, and the language for a page the root
 * loader never reached (no route matched, or the root's middleware failed). Such a page, like
 * every page given only its titles, is sent without scripts, so the client never needs this.
 */
export const ServerLanguages = createContext<{ lang: Language; dictionaries: Record<Language, Dictionary> } | undefined>(undefined);

/** The page's language and messages: the root loader's, else the server's own. */
export function usePageLanguage(): { lang: Language; messages: Dictionary } {
  const root = useRouteLoaderData<PageLanguage>("root");
  const server = useContext(ServerLanguages);
  const lang = root?.lang ?? server?.lang;
  const messages = root?.messages ?? (lang ? server?.dictionaries[lang] : undefined);
  if (!lang || !messages) throw new Error("No page language: the root loader sent no messages and no server dictionary was provided.");
  return { lang, messages };
}

/** The page's language, decided once by the root loader. */
export function useLang(): Language {
  return usePageLanguage().lang;
}

export function useT(): Translate {
  const { lang, messages } = usePageLanguage();
  return translator(lang, messages);
}

export function localize(text: Localized, lang: Language): string {
  return text[lang];
}

/** "5 minutes ago", "3 days ago" in the reader's language. */
export function formatElapsed(lang: Language, fromIso: string, toIso: string): string {
  const seconds = Math.max(0, (Date.parse(toIso) - Date.parse(fromIso)) / 1000);
  const rtf = cached(`r:${lang}`, () => new Intl.RelativeTimeFormat(lang, { numeric: "always", style: "short" }));
  if (seconds < 3600) return rtf.format(-Math.max(1, Math.round(seconds / 60)), "minute");
  if (seconds < 86400 * 2) return rtf.format(-Math.round(seconds / 3600), "hour");
  return rtf.format(-Math.round(seconds / 86400), "day");
}

/** A duration such as "2 h 5 min" for time to first response. */
export function formatDuration(lang: Language, fromIso: string, toIso: string): string {
  const minutes = Math.max(0, Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 60000));
  const unit = (value: number, u: "day" | "hour" | "minute") => numberFormat(lang, u).format(value);
  if (minutes < 60) return unit(minutes, "minute");
  if (minutes < 60 * 48) return `${unit(Math.floor(minutes / 60), "hour")} ${unit(minutes % 60, "minute")}`;
  return unit(Math.round(minutes / 1440), "day");
}

export function formatDateTime(lang: Language, iso: string): string {
  return cached(
    `d:${lang}`,
    () => new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short", timeZone: KAZAKHSTAN_TIME_ZONE }),
  ).format(new Date(iso));
}

const titleCache = new Map<Dictionary, PageLanguage["titles"]>();
/** A dictionary's page titles alone (kept per dictionary: the same few hundred bytes every time). */
export function titlesOf(messages: Dictionary): NonNullable<PageLanguage["titles"]> {
  let titles = titleCache.get(messages);
  if (!titles) titleCache.set(messages, (titles = Object.fromEntries(Object.entries(messages).filter(([k]) => k.endsWith(".title")))));
  return titles!;
}
