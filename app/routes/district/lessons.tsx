import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { useLoaderData } from "react-router";
import { CoverageBar } from "~/components/coverage";
import { coverageBySchool } from "~/domain/lessons/school-coverage.server";
import { may } from "~/domain/policy/policy.server";
import { formatSchoolCode } from "~/domain/schools/school-code";
import { requireActor } from "~/http/staff-session.server";
import { localize, useLang, useT } from "~/i18n/i18n";
import { titleMeta } from "~/i18n/meta";
import { localToday } from "~/domain/calendar/local-date";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "district.title");

export async function loader({ context }: LoaderFunctionArgs) {
  const actor = await requireActor(context);
  if (!may(actor, "read:coverage:district") && !may(actor, "read:coverage:region")) throw new Response(null, { status: 403 });
  return coverageBySchool(actor, localToday());
}

export default function DistrictLessons() {
  const { year, rows, behind } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  return (
    <section className="card wide">
      <h1>{t("district.title")}</h1>
      <p>
        {t("programmes.year", { year })} · {t("district.behindCount", { count: behind, total: rows.length })}
      </p>
      <table className="table">
        <caption className="hint">{t("district.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("district.school")}</th>
            <th scope="col">{t("district.classes")}</th>
            <th scope="col">{t("classes.progress")}</th>
            <th scope="col">{t("district.classesBehind")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className={r.behind ? "behind-row" : undefined}>
              <th scope="row">
                {r.behind && <span className="badge danger">{t("district.behind")}</span>} {localize(r.name, lang)}{" "}
                <span className="code">{formatSchoolCode(r.code)}</span>
                <br />
                <span className="hint">{localize(r.district, lang)}</span>
              </th>
              <td>{r.classes}</td>
              <td>
                <CoverageBar coverage={r.coverage} share={r.share} />
              </td>
              <td>{r.classesBehind}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
