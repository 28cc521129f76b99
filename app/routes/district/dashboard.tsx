import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { Form, useLoaderData } from "react-router";
import { Chart } from "~/components/chart";
import { chartValue, dashboardTables, displayValue, percent, type DashTable } from "~/components/dashboard-tables";
import { LANGUAGES_OF_INSTRUCTION, filtersToQuery, SORT_COLUMNS, type SortColumn } from "~/domain/dashboards/dashboard-filters";
import { dashboardChoices, orderSchools } from "~/domain/dashboards/dashboard.server";
import { loadDashboard } from "~/http/dashboard-request.server";
import { formatSchoolCode } from "~/domain/schools/school-code";
import { localize, translate, useLang, useT } from "~/i18n/i18n";
import { titleMeta } from "~/i18n/meta";
import type { MessageKey } from "~/i18n/dictionary";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "dash.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor, lang, dashboard, filters, order } = await loadDashboard(request, context);
  const choices = await dashboardChoices(actor);
  const monthName = new Intl.DateTimeFormat(lang, { month: "long", year: "numeric", timeZone: "UTC" });
  const monthLabel = (m: string) => monthName.format(new Date(`${m}-15T00:00:00Z`));
  const d = dashboard;
  const minutes = d.response.medianMinutes;
  return {
    filters,
    order,
    query: filtersToQuery(filters),
    choices,
    schoolYear: d.schoolYear,
    summary: translate(lang, "dash.summary", {
      schools: d.schoolCount,
      pupils: d.pupils,
      from: monthLabel(d.period.from),
      to: monthLabel(d.period.to),
    }),
    reportsTotal: translate(lang, "dash.reportsTotal", { count: displayValue(d.reports, lang) }),
    survey: {
      title: translate(lang, "dash.survey.title", { year: d.survey.yearId }),
      lines:
        d.survey.victims === null
          ? [translate(lang, "dash.survey.respondents", { count: d.survey.respondents }), translate(lang, "dash.survey.tooFew")]
          : [
              translate(lang, "dash.survey.respondents", { count: d.survey.respondents }),
              translate(lang, "dash.survey.victims", {
                percent: percent(lang, d.survey.victims, 1),
                baseline: percent(lang, d.survey.baseline, 1),
              }),
              translate(lang, "dash.survey.bullies", { percent: percent(lang, d.survey.bullies, 1) }),
              translate(lang, "dash.survey.trusted", { percent: percent(lang, d.survey.trustedAdult) }),
            ],
    },
    urgentShare: d.urgent.share === null ? null : translate(lang, "dash.urgent.share", { percent: percent(lang, d.urgent.share) }),
    responseShares:
      d.response.share24h === null
        ? null
        : translate(lang, "dash.response.shares", { day: percent(lang, d.response.share24h), week: percent(lang, d.response.share7d) }),
    median:
      minutes === null
        ? translate(lang, "dash.response.noMedian")
        : minutes > 10080
          ? translate(lang, "dash.response.medianOverWeek")
          : translate(lang, "dash.response.median", { time: medianText(lang, minutes) }),
    followUpShare:
      d.followUps.shareOnTime === null
        ? null
        : translate(lang, "dash.followUps.share", { percent: percent(lang, d.followUps.shareOnTime) }),
    answersShare:
      d.referralAnswers.shareInTime === null
        ? null
        : translate(lang, "dash.answers.share", { percent: percent(lang, d.referralAnswers.shareInTime) }),
    // Worded on the server: the browser's Intl data for Kazakh varies.
    tables: dashboardTables(d, lang).map((table) => ({
      ...table,
      rows: table.rows.map((r) => ({ label: r.label, shown: r.values.map((v) => displayValue(v, lang)), chart: chartValue(r.values[0]!) })),
    })),
    schools: orderSchools(d.schools, order, (s) => s.name[lang]).map((s) => ({
      id: s.id,
      code: s.code,
      name: s.name,
      district: s.district,
      pupils: new Intl.NumberFormat(lang).format(s.pupils),
      reports: displayValue(s.reports, lang),
      per1000: s.per1000 === null ? "–" : new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(s.per1000),
      coverage: percent(lang, s.coverageShare),
      behind: s.classesBehind,
      attention: s.attention,
      unanswered: s.unansweredOverWeek,
    })),
  };
}

function medianText(lang: string, minutes: number): string {
  const unit = (value: number, u: "hour" | "minute" | "day") =>
    new Intl.NumberFormat(lang, { style: "unit", unit: u, unitDisplay: "short", maximumFractionDigits: 1 }).format(value);
  if (minutes < 60) return unit(minutes, "minute");
  if (minutes < 48 * 60) return unit(Math.round(minutes / 6) / 10, "hour");
  return unit(Math.round(minutes / 144) / 10, "day");
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

const columnKeys: Record<SortColumn, MessageKey> = {
  name: "dash.schools.school",
  pupils: "dash.schools.pupils",
  reports: "dash.schools.reports",
  per1000: "dash.schools.per1000",
  coverage: "dash.schools.coverage",
  behind: "dash.schools.behind",
  attention: "dash.schools.attention",
};

export default function DistrictDashboard() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const tables = Object.fromEntries(data.tables.map((x) => [x.id, x])) as Record<DashTable["id"], Data["tables"][number]>;
  return (
    <section className="card wide">
      <h1>{t("dash.title")}</h1>
      <p className="hint">{t("dash.intro")}</p>
      <Filters data={data} />
      <p>
        <strong>{data.summary}</strong>
      </p>
      <p>{data.reportsTotal}</p>
      <section aria-labelledby="survey-heading" className="survey-summary">
        <h2 id="survey-heading">{data.survey.title}</h2>
        <ul>
          {data.survey.lines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        <p className="hint">{t("dash.survey.note")}</p>
      </section>
      <p className="hint">
        {t("dash.legendSmall")} {t("dash.legendHidden")}
      </p>
      <div className="dash-grid">
        <ChartTable table={tables.monthly} query={data.query} />
        <ChartTable table={tables.categories} query={data.query} />
        <ChartTable table={tables.urgent} query={data.query} extra={data.urgentShare} />
        <ChartTable table={tables.response} query={data.query} extra={data.responseShares} extra2={data.median} />
        <ChartTable table={tables.outcomes} query={data.query} />
        <ChartTable table={tables.followUps} query={data.query} extra={data.followUpShare} />
        <ChartTable table={tables.referrals} query={data.query} />
        <ChartTable table={tables.answers} query={data.query} extra={data.answersShare} />
      </div>
      <SchoolsTable data={data} />
    </section>
  );
}

function Filters({ data }: { data: Data }) {
  const t = useT();
  const lang = useLang();
  const f = data.filters;
  return (
    <Form method="get" className="dash-filters" aria-label={t("dash.filters")}>
      <label>
        {t("dash.from")}
        <input type="month" name="from" defaultValue={f.from} required />
      </label>
      <label>
        {t("dash.to")}
        <input type="month" name="to" defaultValue={f.to} required />
      </label>
      {data.choices.districts.length > 1 && (
        <label>
          {t("dash.district")}
          <select name="district" defaultValue={f.districtId ?? ""}>
            <option value="">{t("dash.allDistricts")}</option>
            {data.choices.districts.map((d) => (
              <option key={d.id} value={d.id}>
                {localize(d.name, lang)}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        {t("dash.school")}
        <select name="school" defaultValue={f.schoolId ?? ""}>
          <option value="">{t("dash.allSchools")}</option>
          {data.choices.schools.map((s) => (
            <option key={s.id} value={s.id}>
              {formatSchoolCode(s.code)} · {localize(s.name, lang)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("dash.band")}
        <select name="band" defaultValue={f.band ?? ""}>
          <option value="">{t("dash.band.all")}</option>
          <option value="primary">{t("dash.band.primary")}</option>
          <option value="lower">{t("dash.band.lower")}</option>
          <option value="upper">{t("dash.band.upper")}</option>
        </select>
      </label>
      <label>
        {t("dash.locality")}
        <select name="locality" defaultValue={f.locality ?? ""}>
          <option value="">{t("dash.locality.all")}</option>
          <option value="urban">{t("dash.locality.urban")}</option>
          <option value="rural">{t("dash.locality.rural")}</option>
        </select>
      </label>
      <label>
        {t("dash.language")}
        <select name="language" defaultValue={f.language ?? ""}>
          <option value="">{t("dash.language.all")}</option>
          {LANGUAGES_OF_INSTRUCTION.map((l) => (
            <option key={l} value={l}>
              {t(`dash.language.${l}`)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">{t("dash.apply")}</button>
      <p className="hint">{t("dash.filtersNote")}</p>
    </Form>
  );
}

function ChartTable({
  table,
  query,
  extra,
  extra2,
}: {
  table: Data["tables"][number];
  query: Record<string, string>;
  extra?: string | null;
  extra2?: string;
}) {
  const t = useT();
  const csv = `/district/dashboard.csv?${new URLSearchParams({ ...query, table: table.id })}`;
  const headingId = `chart-${table.id}`;
  return (
    <section aria-labelledby={headingId} data-table={table.id}>
      <h2 id={headingId}>{table.title}</h2>
      {table.note && <p className="hint">{table.note}</p>}
      {extra && <p>{extra}</p>}
      {extra2 && <p>{extra2}</p>}
      <Chart type={table.chart} labels={table.rows.map((r) => r.label)} values={table.rows.map((r) => r.chart)} label={table.columns[0]!} />
      <div className="table-scroll">
        <table className="table">
          <caption className="hint">{t("dash.table")}</caption>
          <thead>
            <tr>
              <td />
              {table.columns.map((c) => (
                <th key={c} scope="col" className="num">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((r) => (
              <tr key={r.label}>
                <th scope="row">{r.label}</th>
                {r.shown.map((v, i) => (
                  <td key={i} className="num">
                    {v}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        <a href={csv} download>
          {t("dash.csv")}
        </a>
      </p>
    </section>
  );
}

function SchoolsTable({ data }: { data: Data }) {
  const t = useT();
  const lang = useLang();
  const link = (column: SortColumn) => {
    const dir = data.order.sort === column ? (data.order.dir === "asc" ? "desc" : "asc") : column === "name" ? "asc" : "desc";
    return `?${new URLSearchParams({ ...data.query, sort: column, dir })}`;
  };
  return (
    <section aria-labelledby="schools-heading">
      <h2 id="schools-heading">{t("dash.schools.title")}</h2>
      {data.schools.length === 0 ? (
        <p>{t("dash.schools.empty")}</p>
      ) : (
        <div className="table-scroll">
          <table className="table" id="schools">
            <caption className="hint">{t("dash.schools.caption")}</caption>
            <thead>
              <tr>
                {SORT_COLUMNS.map((c) => {
                  const sorted = data.order.sort === c;
                  const label = c === "coverage" ? t("dash.schools.coverage", { year: data.schoolYear }) : t(columnKeys[c]);
                  return (
                    <th key={c} scope="col" aria-sort={sorted ? (data.order.dir === "asc" ? "ascending" : "descending") : undefined}>
                      <a href={`${link(c)}#schools`}>
                        {label}
                        {sorted && <span aria-hidden="true">{data.order.dir === "asc" ? " ▲" : " ▼"}</span>}
                      </a>
                    </th>
                  );
                })}
              </tr>
            </thead>
            <tbody>
              {data.schools.map((s) => (
                <tr key={s.id} className={s.attention ? "behind-row" : undefined} data-school={s.code}>
                  <th scope="row">
                    {localize(s.name, lang)} <span className="code">{formatSchoolCode(s.code)}</span>
                    <br />
                    <span className="hint">{localize(s.district, lang)}</span>
                  </th>
                  <td className="num">{s.pupils}</td>
                  <td className="num">{s.reports}</td>
                  <td className="num">{s.per1000}</td>
                  <td className="num">{s.coverage}</td>
                  <td className="num">{s.behind}</td>
                  <td>
                    {s.attention && <span className="badge danger">{t("dash.schools.needsAttention")}</span>}
                    {s.unanswered && (
                      <>
                        <br />
                        <span className="small">{t("dash.schools.unanswered")}</span>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
