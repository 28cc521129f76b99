import type { RouterContextProvider } from "react-router";
import { localToday } from "~/domain/calendar/local-date";
import { parseDashboardQuery } from "~/domain/dashboards/dashboard-filters";
import { dashboardFor } from "~/domain/dashboards/dashboard.server";
import { translate } from "~/i18n/i18n";
import { resolveLanguage } from "~/i18n/language";
import { requireActor } from "./staff-session.server";

/** The dashboard the query string asks for, or the 4xx it deserves; shared with the CSV download. */
export async function loadDashboard(request: Request, context: Readonly<RouterContextProvider>) {
  const actor = requireActor(context);
  const today = localToday();
  const url = new URL(request.url);
  const parsed = parseDashboardQuery(url.searchParams, today);
  const lang = resolveLanguage(request, actor.user.language);
  if (!parsed) throw new Response(translate(lang, "dash.badFilters"), { status: 400 });
  const dashboard = await dashboardFor(actor, parsed.filters, today);
  if (dashboard === undefined) throw new Response(null, { status: 403 });
  // Another district's or school's id answers exactly like a missing one.
  if (dashboard === "not-found") throw new Response(null, { status: 404 });
  return { actor, lang, dashboard, ...parsed };
}
