import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { useLoaderData } from "react-router";
import { localToday } from "~/domain/calendar/local-date";
import { currentSchoolYear } from "~/domain/lessons/lessons.server";
import { referralDelays } from "~/domain/referrals/referrals.server";
import { formatSchoolCode } from "~/domain/schools/school-code";
import { requireActor } from "~/http/staff-session.server";
import { localize, useLang, useT } from "~/i18n/i18n";
import { titleMeta } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "referrals.delays.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(context);
  const today = localToday();
  // Aggregates only: school names and counts, no case, child or referral text, no drill-down.
  const schools = await referralDelays(actor, today);
  if (!schools) throw new Response(null, { status: 403 });
  return { year: currentSchoolYear(today).id, schools, withOverdue: schools.filter((s) => s.totals.overdue > 0).length };
}

export default function DistrictReferrals() {
  const { year, schools, withOverdue } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  return (
    <section className="card wide">
      <h1>{t("referrals.delays.title")}</h1>
      <p className="hint">{t("referrals.delays.intro")}</p>
      <p>
        {t("referrals.delays.year", { year })} · {t("referrals.delays.withOverdue", { count: withOverdue, total: schools.length })}
      </p>
      {schools.length === 0 ? (
        <p>{t("referrals.delays.empty")}</p>
      ) : (
        <table className="table delays">
          <caption className="hint">{t("referrals.delays.caption")}</caption>
          <colgroup>
            <col />
            <col className="count" />
            <col className="count" />
            <col className="count" />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">{t("referrals.delays.school")}</th>
              <th scope="col">{t("referrals.delays.overdue")}</th>
              <th scope="col">{t("referrals.delays.late")}</th>
              <th scope="col">{t("referrals.delays.inTime")}</th>
            </tr>
          </thead>
          {schools.map((s) => (
            <tbody key={s.schoolId}>
              <tr className={s.totals.overdue > 0 ? "behind-row" : undefined} data-school={s.code}>
                <th scope="row">
                  {s.totals.overdue > 0 && <span className="badge danger">{t("referrals.overdue")}</span>} {localize(s.name, lang)}{" "}
                  <span className="code">{formatSchoolCode(s.code)}</span>
                  <br />
                  <span className="hint">{localize(s.district, lang)}</span>
                </th>
                <td className={s.totals.overdue > 0 ? "behind" : undefined}>{s.totals.overdue}</td>
                <td>{s.totals.late}</td>
                <td>{s.totals.inTime}</td>
              </tr>
              {s.services.map((v) => (
                <tr key={v.serviceId} className="service-row">
                  <th scope="row" className="small">
                    {localize(v.name, lang)}
                  </th>
                  <td>{v.overdue}</td>
                  <td>{v.late}</td>
                  <td>{v.inTime}</td>
                </tr>
              ))}
            </tbody>
          ))}
        </table>
      )}
    </section>
  );
}
