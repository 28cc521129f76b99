import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { useLoaderData } from "react-router";
import { localToday } from "~/domain/calendar/local-date";
import { urgentResponseTimes, type ResponseTimes } from "~/domain/escalation/response-times.server";
import { formatSchoolCode } from "~/domain/schools/school-code";
import { requireActor } from "~/http/staff-session.server";
import { formatDateTime, formatDuration, localize, useLang, useT } from "~/i18n/i18n";
import { resolveLanguage, type Language } from "~/i18n/language";
import { titleMeta } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "escalation.dashboard.title");

const worded = (lang: Language, t: ResponseTimes) => ({
  urgent: t.urgent,
  waiting: t.waiting,
  median: t.medianMs === null ? "—" : formatDuration(lang, new Date(0).toISOString(), new Date(t.medianMs).toISOString()),
  slowest: t.slowestMs === null ? "—" : formatDuration(lang, new Date(0).toISOString(), new Date(t.slowestMs).toISOString()),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(context);
  const lang = resolveLanguage(request, actor.user.language);
  // Times, counts and report numbers only: officials never see what a child wrote.
  const stats = await urgentResponseTimes(actor, localToday());
  if (!stats) throw new Response(null, { status: 403 });
  const when = (iso: string | null) => (iso ? formatDateTime(lang, iso) : "—");
  return {
    year: stats.year,
    districts: stats.districts.map((d) => ({
      ...d,
      totals: worded(lang, d.totals),
      schools: d.schools.map((s) => ({ ...s, times: worded(lang, s.times) })),
    })),
    topRung: stats.topRung.map((r) => ({
      ...r,
      submittedAt: when(r.submittedAt),
      topReachedAt: when(r.topReachedAt),
      acknowledgedAt: when(r.acknowledgedAt),
      handoffAt: when(r.handoffAt),
    })),
  };
}

export default function DistrictUrgent() {
  const { year, districts, topRung } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  return (
    <>
      <section className="card wide">
        <h1>{t("escalation.dashboard.title")}</h1>
        <p className="hint">{t("escalation.dashboard.intro")}</p>
        <p>{t("referrals.delays.year", { year })}</p>
        {districts.length === 0 ? (
          <p>{t("escalation.dashboard.empty")}</p>
        ) : (
          <table className="table delays">
            <thead>
              <tr>
                <th scope="col">{t("escalation.dashboard.school")}</th>
                <th scope="col">{t("escalation.dashboard.count")}</th>
                <th scope="col">{t("escalation.dashboard.median")}</th>
                <th scope="col">{t("escalation.dashboard.slowest")}</th>
                <th scope="col">{t("escalation.dashboard.waiting")}</th>
              </tr>
            </thead>
            {districts.map((d) => (
              <tbody key={d.id}>
                <tr data-district={d.id}>
                  <th scope="row">
                    {localize(d.name, lang)}
                    <br />
                    <span className="hint">{t("escalation.dashboard.districtTotal")}</span>
                  </th>
                  <td>{d.totals.urgent}</td>
                  <td>{d.totals.median}</td>
                  <td>{d.totals.slowest}</td>
                  <td className={d.totals.waiting > 0 ? "behind" : undefined}>{d.totals.waiting}</td>
                </tr>
                {d.schools.map((s) => (
                  <tr key={s.id} data-school={s.code} className="service-row">
                    <th scope="row" className="small">
                      {localize(s.name, lang)} <span className="code">{formatSchoolCode(s.code)}</span>
                    </th>
                    <td>{s.times.urgent}</td>
                    <td>{s.times.median}</td>
                    <td>{s.times.slowest}</td>
                    <td className={s.times.waiting > 0 ? "behind" : undefined}>{s.times.waiting}</td>
                  </tr>
                ))}
              </tbody>
            ))}
          </table>
        )}
      </section>
      <section className="card wide">
        <h2>{t("escalation.dashboard.top")}</h2>
        {topRung.length === 0 ? (
          <p>{t("escalation.dashboard.topEmpty")}</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("escalation.dashboard.report")}</th>
                <th scope="col">{t("escalation.dashboard.arrived")}</th>
                <th scope="col">{t("escalation.dashboard.topAt")}</th>
                <th scope="col">{t("escalation.dashboard.acknowledgedAt")}</th>
                <th scope="col">{t("escalation.dashboard.handoffAt")}</th>
              </tr>
            </thead>
            <tbody>
              {topRung.map((r) => (
                <tr key={r.reportId} data-top-report={r.reportId}>
                  <th scope="row">
                    {t("inbox.reportNumber", { id: String(r.reportId) })}
                    <br />
                    <span className="small">
                      {localize(r.school, lang)} <span className="code">{formatSchoolCode(r.schoolCode)}</span>
                    </span>
                  </th>
                  <td>{r.submittedAt}</td>
                  <td>{r.topReachedAt}</td>
                  <td>{r.acknowledgedAt}</td>
                  <td>{r.handoffAt}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
