import { isRouteErrorResponse, useLocation, useRouteError } from "react-router";
import { HelpCard } from "./help-numbers";
import { isStaffPath } from "~/http/paths";
import { errorMessageKey, unavailableMessageKey } from "~/i18n/errors";
import { useLang, useT } from "~/i18n/i18n";
import { withLang } from "~/i18n/language";

/** What every layout's ErrorBoundary shows: the error in the reader's words, and the way home. */
export function RouteErrorPage() {
  const error = useRouteError();
  const t = useT();
  const lang = useLang();
  const { pathname } = useLocation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const staff = isStaffPath(pathname);
  // A psychologist waiting for the district's confirmation is told why, not just "forbidden".
  const awaitingReading =
    isRouteErrorResponse(error) && status === 403 && (error.data as { reason?: string } | null)?.reason === "reading-unconfirmed";
  return (
    <>
      <section className="card">
        <h1>{t(status === 503 ? unavailableMessageKey(staff) : errorMessageKey(status))}</h1>
        {awaitingReading && (
          <p className="notice" role="status" data-reading-unconfirmed>
            {t("readingRights.awaiting")}
          </p>
        )}
        <p>
          <a href={withLang(staff ? "/staff" : "/", lang)}>{t(staff ? "nav.staff" : "nav.home")}</a>
        </p>
      </section>
      {status === 503 && <HelpCard />}
    </>
  );
}
