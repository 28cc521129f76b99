import type { LoaderFunctionArgs } from "react-router";
import { csvValue, dashboardTables, TABLE_IDS } from "~/components/dashboard-tables";
import { loadDashboard } from "~/http/dashboard-request.server";
import { requireSignedIn } from "~/http/staff-session.server";

const quote = (s: string) => (/[",\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

// Outside the staff layout (a file, not a page), so it asks for the actor itself.
export const middleware = [requireSignedIn];

/** One chart's numbers as CSV, with the same filters and the same suppression as the page. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { lang, dashboard, filters } = await loadDashboard(request, context);
  const id = new URL(request.url).searchParams.get("table");
  if (!TABLE_IDS.includes(id as (typeof TABLE_IDS)[number])) throw new Response(null, { status: 404 });
  const table = dashboardTables(dashboard, lang).find((x) => x.id === id)!;
  const lines = [["", ...table.columns], ...table.rows.map((r) => [r.label, ...r.values.map(csvValue)])];
  // A BOM so spreadsheet programs read Kazakh and Russian as UTF-8.
  const body = "\uFEFF" + lines.map((l) => l.map(quote).join(",")).join("\r\n") + "\r\n";
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="senim-${id}-${filters.from}-${filters.to}.csv"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
