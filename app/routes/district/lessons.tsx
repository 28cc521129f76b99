import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { useLoaderData } from "react-router";
import { CoverageBar } from "~/components/coverage";
import { coverageOfSchools, currentSchoolYear } from "~/domain/lessons/lessons.server";
import { may, schoolsVisibleTo } from "~/domain/policy/policy.server";
import { formatSchoolCode } from "~/domain/schools/school-code";
import { requireActor } from "~/http/staff-session.server";
import { localize, useLang, useT } from "~/i18n/i18n";
import { titleMeta } from "~/i18n/meta";
import { localToday } from "~/domain/calendar/local-date";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "district.title");

/** A school needs attention when it gave under 80 % of what was due or has a class far behind. */
const BEHIND_SHARE = 0.8;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(context);
  if (!may(actor, "read:coverage:district") && !may(actor, "read:coverage:region")) throw new Response(null, { status: 403 });
  const today = localToday();
  const [coverage, schools] = await Promise.all([
    coverageOfSchools(actor, today),
    schoolsVisibleTo(actor)
      .innerJoin("districts", "districts.id", "schools.district_id")
      .select([
        "schools.id",
        "schools.code",
        "schools.name_kk",
        "schools.name_ru",
        "schools.name_en",
        "districts.name_kk as d_kk",
        "districts.name_ru as d_ru",
        "districts.name_en as d_en",
      ])
      .execute(),
  ]);
  const byId = new Map(schools.map((s) => [s.id, s]));
  // Aggregates only: no class, no child, no report leaves this page.
  const rows = coverage
    .map((c) => {
      const s = byId.get(c.schoolId)!;
      return {
        id: c.schoolId,
        code: s.code,
        name: { kk: s.name_kk, ru: s.name_ru, en: s.name_en },
        district: { kk: s.d_kk, ru: s.d_ru, en: s.d_en },
        classes: c.classes.length,
        coverage: c.coverage,
        share: c.share,
        classesBehind: c.classesBehind,
        behind: c.share < BEHIND_SHARE || c.classesBehind > 0,
      };
    })
    .sort((a, b) => a.share - b.share || a.code.localeCompare(b.code));
  return { year: currentSchoolYear(today).id, rows, behind: rows.filter((r) => r.behind).length };
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
