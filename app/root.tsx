import type { LinksFunction, LoaderFunctionArgs } from "react-router";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useMatches,
} from "react-router";
import type { ReactNode } from "react";
import { HelpNumbers } from "./components/help-numbers";
import { LanguageSwitch } from "./components/language-switch";
import { staffSessionContext } from "./http/request-context.server";
import { loadStaffSession } from "./http/staff-session.server";
import { isStaffPath } from "./http/paths";
import { useLang, useT } from "./i18n/i18n";
import { resolveLanguage, withLang } from "./i18n/language";
import stylesUrl from "./styles.css?url";
import { useNonce } from "./http/content-security";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesUrl }];

// Only staff pages look at the session cookie; anonymous pages never read or set one.
export const middleware = [loadStaffSession];

export async function loader({ request, context }: LoaderFunctionArgs) {
  return { lang: resolveLanguage(request, context.get(staffSessionContext)?.user.language) };
}

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
  const hydrate = !matches.some((m) => (m.handle as RouteHandle | undefined)?.hydrate === false);
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
