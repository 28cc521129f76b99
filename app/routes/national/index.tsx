import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { Form, useLoaderData } from "react-router";
import { Chart } from "~/components/chart";
import { displayValue, percent } from "~/components/dashboard-tables";
import { reportOptions } from "~/content/content";
import { localToday } from "~/domain/calendar/local-date";
import { parseDashboardQuery } from "~/domain/dashboards/dashboard-filters";
import { nationalOverview } from "~/domain/dashboards/national.server";
import { currentSchoolYear } from "~/domain/lessons/lessons.server";
import { requireActor } from "~/http/staff-session.server";
import { formatDateTime, localize, translate, useT } from "~/i18n/i18n";
import { resolveLanguage } from "~/i18n/language";
import { titleMeta } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "national.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(context);
  const today = localToday();
  const lang = resolveLanguage(request, actor.user.language);
  const parsed = parseDashboardQuery(new URL(request.url).searchParams, today);
  if (!parsed) throw new Response(translate(lang, "dash.badFilters"), { status: 400 });
  const period = { from: parsed.filters.from, to: parsed.filters.to };
  const n = nationalOverview(actor, period, currentSchoolYear(today).id);
  if (!n) throw new Response(null, { status: 403 });
  if (n.missing) return { period, missing: true as const };
  const num = (v: number | null, digits = 1) =>
    v === null ? "–" : new Intl.NumberFormat(lang, { maximumFractionDigits: digits }).format(v);
  const monthName = new Intl.DateTimeFormat(lang, { month: "short", year: "numeric", timeZone: "UTC" });
  // Worded on the server, as the dashboards are.
  return {
    period,
    missing: false as const,
    intro: translate(lang, "national.intro", { at: n.rolledUpAt ? formatDateTime(lang, n.rolledUpAt) : "–" }),
    victimsHeading: translate(lang, "national.victims", { baseline: percent(lang, n.baseline, 1) }),
    regions: n.regions.map((r) => ({
      region: r.region,
      name: localize(r.name, lang),
      schools: num(r.schools, 0),
      pupils: num(r.pupils, 0),
      reports: displayValue(r.reports, lang),
      per1000: num(r.per1000),
      cases: displayValue(r.cases, lang),
      urgent: percent(lang, r.urgentShare),
      answered24h: percent(lang, r.answered24hShare),
      victims: percent(lang, r.victims, 1),
    })),
    monthly: n.monthly.map((m) => ({
      label: monthName.format(new Date(`${m.month}-15T00:00:00Z`)),
      reports: displayValue(m.reports, lang),
      per1000: num(m.per1000, 2),
      chart: m.per1000,
    })),
    categories: n.categories.map((c) => ({
      label: reportOptions.categories.find((o) => o.id === c.id)!.label[lang],
      reports: displayValue(c.reports, lang),
      chart: c.reports.kind === "shown" ? c.reports.value : null,
    })),
  };
}

export default function National() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <section className="card wide">
      <h1>{t("national.title")}</h1>
      <Form method="get" className="dash-filters" aria-label={t("dash.filters")}>
        <label>
          {t("dash.from")}
          <input type="month" name="from" defaultValue={data.period.from} required />
        </label>
        <label>
          {t("dash.to")}
          <input type="month" name="to" defaultValue={data.period.to} required />
        </label>
        <button type="submit">{t("dash.apply")}</button>
      </Form>
      {data.missing ? (
        <p>{t("national.missing")}</p>
      ) : (
        <>
          <p className="hint">{data.intro}</p>
          <div className="table-scroll">
            <table className="table" id="regions">
              <caption className="hint">{t("dash.legendSmall")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("national.region")}</th>
                  <th scope="col" className="num">
                    {t("national.schools")}
                  </th>
                  <th scope="col" className="num">
                    {t("national.pupils")}
                  </th>
                  <th scope="col" className="num">
                    {t("national.reports")}
                  </th>
                  <th scope="col" className="num">
                    {t("national.per1000")}
                  </th>
                  <th scope="col" className="num">
                    {t("national.urgent")}
                  </th>
                  <th scope="col" className="num">
                    {t("national.answered24h")}
                  </th>
                  <th scope="col" className="num">
                    {t("national.cases")}
                  </th>
                  <th scope="col" className="num">
                    {data.victimsHeading}
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.regions.map((r) => (
                  <tr key={r.region} data-region={r.region}>
                    <th scope="row">{r.name}</th>
                    <td className="num">{r.schools}</td>
                    <td className="num">{r.pupils}</td>
                    <td className="num reports">{r.reports}</td>
                    <td className="num">{r.per1000}</td>
                    <td className="num">{r.urgent}</td>
                    <td className="num">{r.answered24h}</td>
                    <td className="num">{r.cases}</td>
                    <td className="num">{r.victims}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="dash-grid">
            <section aria-labelledby="national-monthly">
              <h2 id="national-monthly">{t("dash.monthly.title")}</h2>
              <Chart
                type="line"
                labels={data.monthly.map((m) => m.label)}
                values={data.monthly.map((m) => m.chart)}
                label={t("dash.monthly.per1000")}
              />
              <table className="table">
                <caption className="hint">{t("dash.table")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("dash.monthly.month")}</th>
                    <th scope="col" className="num">
                      {t("dash.monthly.per1000")}
                    </th>
                    <th scope="col" className="num">
                      {t("dash.monthly.reports")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.monthly.map((m) => (
                    <tr key={m.label}>
                      <th scope="row">{m.label}</th>
                      <td className="num">{m.per1000}</td>
                      <td className="num">{m.reports}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
            <section aria-labelledby="national-categories">
              <h2 id="national-categories">{t("dash.categories.title")}</h2>
              <Chart
                type="bar"
                labels={data.categories.map((c) => c.label)}
                values={data.categories.map((c) => c.chart)}
                label={t("dash.count")}
              />
              <table className="table">
                <caption className="hint">{t("dash.categories.note")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("dash.categories.category")}</th>
                    <th scope="col" className="num">
                      {t("dash.count")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.categories.map((c) => (
                    <tr key={c.label}>
                      <th scope="row">{c.label}</th>
                      <td className="num">{c.reports}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          </div>
        </>
      )}
    </section>
  );
}
