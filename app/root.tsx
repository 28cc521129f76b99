import type { LinksFunction, LoaderFunctionArgs, ShouldRevalidateFunction } from "react-router";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useLocation, useMatches, useRouteLoaderData } from "react-router";
import type { ReactNode } from "react";
import { HelpNumbers } from "./components/help-numbers";
import { LanguageSwitch } from "./components/language-switch";
import { staffSessionContext, withoutScriptsContext } from "./http/request-context.server";
import { loadStaffSession } from "./http/staff-session.server";
import { isStaffPath } from "./http/paths";
import { dictionaries } from "./i18n/dictionary";
import { titlesOf, useLang, useT, type PageLanguage } from "./i18n/i18n";
import { resolveLanguage, withLang } from "./i18n/language";
import stylesUrl from "./styles.css?url";
import { useNonce } from "./http/content-security";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesUrl }];

// Only staff pages look at the session cookie; anonymous pages never read or set one.
export const middleware = [loadStaffSession];

// The page gets its one language's messages (useT reads them here); the other two stay on the server.
export async function loader({ request, context }: LoaderFunctionArgs): Promise<PageLanguage> {
  const lang = resolveLanguage(request, context.get(staffSessionContext)?.user.language);
  if (context.get(withoutScriptsContext)) return { lang, titles: titlesOf(dictionaries[lang]) };
  return { lang, messages: dictionaries[lang] };
}

// The messages are a page's largest data: fetched again only when the language may have changed
// (another ?lang=, or a form sent, such as a saved language or a sign-in), not for every link or filter.
export const shouldRevalidate: ShouldRevalidateFunction = ({ currentUrl, nextUrl, formMethod, defaultShouldRevalidate }) =>
  formMethod !== undefined && formMethod.toUpperCase() !== "GET"
    ? defaultShouldRevalidate
    : currentUrl.searchParams.get("lang") !== nextUrl.searchParams.get("lang") && defaultShouldRevalidate;

/**
 * Routes that must work on a cheap phone with no JavaScript say so: `handle = { hydrate: false }`.
 * A page that must not be left by a language link (it shows a receipt code once) says so too.
 */
export type RouteHandle = { hydrate?: boolean; hidesLanguageSwitch?: (data: unknown) => boolean };

function Document({ children }: { children: ReactNode }) {
  const lang = useLang();
  const t = useT();
  const { pathname, search } = useLocation();
  const matches = useMatches();
  // Without the root's data (no route matched, or its middleware failed) the page has no messages
  // to hydrate with: it is sent as the server rendered it (entry.server.tsx's fallback language).
  const hydrate =
    useRouteLoaderData("root") !== undefined && !matches.some((m) => (m.handle as RouteHandle | undefined)?.hydrate === false);
  const languageSwitch = !matches.some((m) => (m.handle as RouteHandle | undefined)?.hidesLanguageSwitch?.(m.data));
  const anonymous = !isStaffPath(pathname);
  const nonce = useNonce();
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="same-origin" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip" href="#main">
          {t("nav.skip")}
        </a>
        <header className="top">
          <a className="brand" href={withLang(anonymous ? "/" : "/staff", lang)}>
            Senim
          </a>
          {languageSwitch && <LanguageSwitch search={search} />}
        </header>
        <main id="main">{children}</main>
        {anonymous && (
          <footer className="bottom">
            <HelpNumbers compact />
          </footer>
        )}
        {hydrate && <ScrollRestoration nonce={nonce} />}
        {hydrate && <Scripts nonce={nonce} />}
      </body>
    </html>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  return <Document>{children}</Document>;
}

export default function App() {
  return <Outlet />;
}

// An error no area caught (an area's layout catches its own pages' errors, inside its frame).
export { RouteErrorPage as ErrorBoundary } from "./components/route-error-page";
