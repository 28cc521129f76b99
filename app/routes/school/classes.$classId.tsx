import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { Link, useLoaderData } from "react-router";
import { CoverageBar } from "~/components/coverage";
import { findLesson } from "~/content/programmes";
import { classProgress } from "~/domain/lessons/lessons.server";
import { coverageShare, summarize } from "~/domain/lessons/lesson-plan";
import { idParam, notFound } from "~/http/form.server";
import { requireActor } from "~/http/staff-session.server";
import { localize, useLang, useT } from "~/i18n/i18n";
import { titleMeta } from "~/i18n/meta";
import { localToday } from "~/domain/calendar/local-date";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "classes.title");

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireActor(context);
  const today = localToday();
  const progress = await classProgress(actor, idParam(params, "classId"), today);
  if (!progress) throw notFound();
  return {
    cls: { grade: progress.cls.grade, letter: progress.cls.letter, pupils: progress.cls.pupil_count },
    units: progress.units.map((u) => {
      const coverage = summarize(u.lessons, today);
      return {
        id: u.unit.id,
        programme: u.programme.name,
        name: u.unit.name,
        coverage,
        share: coverageShare(coverage),
        lessons: u.lessons.map((l) => ({ ...l, title: findLesson(l.lessonId)?.lesson.title ?? null })),
      };
    }),
    entries: progress.entries.map((e) => ({
      ...e,
      title: findLesson(e.lesson_id)?.lesson.title ?? null,
      own: e.teacher_id === actor.user.id,
    })),
  };
}

export default function ClassProgress() {
  const { cls, units, entries } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  return (
    <>
      <p>
        <Link to="/school/classes">← {t("classes.title")}</Link>
      </p>
      <section className="card wide">
        <h1>
          {t("classes.classTitle", { class: `${cls.grade}${cls.letter}` })} · {t("lessons.pupils", { count: cls.pupils })}
        </h1>
        {units.length === 0 && <p>{t("classes.noProgrammes")}</p>}
        {units.map((u) => (
          <section key={u.id}>
            <h2>
              {localize(u.programme, lang)} · {localize(u.name, lang)}
            </h2>
            <p>
              <CoverageBar coverage={u.coverage} share={u.share} />
            </p>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("lessons.lesson")}</th>
                  <th scope="col">{t("classes.dueBy")}</th>
                  <th scope="col">{t("classes.status")}</th>
                </tr>
              </thead>
              <tbody>
                {u.lessons.map((l) => (
                  <tr key={`${l.lessonId}-${l.round}`} className={`status-${l.status}`}>
                    <td>
                      {l.title ? localize(l.title, lang) : l.lessonId}
                      {l.round > 1 && ` (${t("classes.round", { round: l.round })})`}
                    </td>
                    <td>{l.dueOn}</td>
                    <td>{t(`classes.lessonStatus.${l.status}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))}
      </section>
      <section className="card">
        <h2>{t("classes.log")}</h2>
        {entries.length === 0 ? (
          <p>{t("lessons.noRecent")}</p>
        ) : (
          <ul className="plain entries">
            {entries.map((e) => (
              <li key={e.id}>
                {e.taught_on} · {e.title ? localize(e.title, lang) : e.lesson_id} · {e.display_name} ·{" "}
                {t("classes.minutesShort", { minutes: e.minutes })}
                {e.pupils_present !== null && ` · ${t("lessons.pupils", { count: e.pupils_present })}`}
                {e.own && (
                  <>
                    {" · "}
                    <Link to={`/school/lessons/${e.id}`}>{t("classes.edit")}</Link>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
