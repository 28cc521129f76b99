import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "react-router";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "react-router";
import { findLesson } from "~/content/programmes";
import { classesOf, currentSchoolYear, logLesson, ownSchoolPlan, recentOwnEntries, unitsForGrade } from "~/domain/lessons/lessons.server";
import { lessonProblemKey, logLessonSchema } from "~/domain/lessons/lesson-input";
import { may } from "~/domain/policy/policy.server";
import { parseForm, readForm } from "~/http/form.server";
import { requireActor } from "~/http/staff-session.server";
import { localize, useLang, useT } from "~/i18n/i18n";
import { titleMeta } from "~/i18n/meta";
import { localToday } from "~/domain/calendar/local-date";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "lessons.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(context);
  if (!may(actor, "log:lesson:school")) throw new Response(null, { status: 403 });
  const today = localToday();
  const year = currentSchoolYear(today);
  const [classes, plan, recent] = await Promise.all([classesOf(actor), ownSchoolPlan(actor, year.id), recentOwnEntries(actor)]);
  // Only the units some class of this school is taught, in the plan's order.
  const units = new Map<string, ReturnType<typeof unitsForGrade>[number]>();
  for (const c of classes) for (const u of unitsForGrade(plan, c.grade)) units.set(u.unit.id, u);
  return {
    today,
    classes: classes.map((c) => ({ ...c, mine: c.teacher_id === actor.user.id })),
    units: [...units.values()].map(({ programme, unit }) => ({
      programme: programme.name,
      name: unit.name,
      grades: unit.grades,
      minutes: unit.minutes,
      lessons: unit.lessons.map((l, i) => ({ id: l.id, number: i + 1, title: l.title })),
    })),
    recent: recent.map((e) => ({ ...e, title: findLesson(e.lesson_id)?.lesson.title ?? null })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(context);
  const form = await readForm(request);
  const parsed = parseForm(form, logLessonSchema, "lessons.error.lesson");
  if (!parsed.ok) return data({ error: parsed.error }, 400);
  const { classIds, lessonId, taughtOn, minutes, pupilsPresent, note } = parsed.data;
  const unitMinutes = findLesson(lessonId)?.unit.minutes ?? 45;
  const result = await logLesson(
    actor,
    { classIds, lessonId, taughtOn, minutes: minutes ?? unitMinutes, pupilsPresent, note },
    localToday(),
  );
  if (!result.ok) return data({ error: lessonProblemKey[result.problem] }, 400);
  return redirect(`/school/lessons?logged=${result.ids.length}`);
}

export default function LogLesson() {
  const { today, classes, units, recent } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const lang = useLang();
  const logged = Number(params.get("logged") ?? 0);
  const mine = classes.filter((c) => c.mine);
  const others = classes.filter((c) => !c.mine);
  const classBox = (c: (typeof classes)[number]) => (
    <label key={c.id} className="choice">
      <input type="checkbox" name="classIds" value={c.id} />
      {c.grade}
      {c.letter} · {t("lessons.pupils", { count: c.pupil_count })}
    </label>
  );
  return (
    <>
      <section className="card">
        <h1>{t("lessons.title")}</h1>
        {logged > 0 && (
          <p className="notice" role="status">
            {t("lessons.logged", { count: logged })}
          </p>
        )}
        {result?.error && (
          <p className="problem" role="alert">
            {t(result.error)}
          </p>
        )}
        {classes.length === 0 ? (
          <p>{t("lessons.noClasses")}</p>
        ) : (
          <Form method="post">
            <fieldset>
              <legend>{t("lessons.classes")}</legend>
              <p className="hint">{t("lessons.classesHint")}</p>
              {(mine.length ? mine : others).map(classBox)}
              {mine.length > 0 && others.length > 0 && (
                <details>
                  <summary>{t("lessons.otherClasses")}</summary>
                  {others.map(classBox)}
                </details>
              )}
            </fieldset>
            <label htmlFor="lessonId">{t("lessons.lesson")}</label>
            <select id="lessonId" name="lessonId" required defaultValue="">
              <option value="">{t("report.choose")}</option>
              {units.map((u) => (
                <optgroup key={u.lessons[0]?.id} label={`${localize(u.programme, lang)} · ${localize(u.name, lang)}`}>
                  {u.lessons.map((l) => (
                    <option key={l.id} value={l.id}>
                      {l.number}. {localize(l.title, lang)}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
            <label htmlFor="taughtOn">{t("lessons.date")}</label>
            <input id="taughtOn" name="taughtOn" type="date" required defaultValue={today} max={today} />
            <label htmlFor="minutes">{t("lessons.minutes")}</label>
            <p className="hint" id="minutes-hint">
              {t("lessons.minutesHint")}
            </p>
            <input id="minutes" name="minutes" inputMode="numeric" aria-describedby="minutes-hint" />
            <label htmlFor="pupilsPresent">{t("lessons.present")}</label>
            <input id="pupilsPresent" name="pupilsPresent" inputMode="numeric" />
            <label htmlFor="note">{t("lessons.note")}</label>
            <textarea id="note" name="note" rows={2} maxLength={500} />
            <button type="submit" className="button">
              {t("lessons.save")}
            </button>
          </Form>
        )}
      </section>
      <section className="card">
        <h2>{t("lessons.recent")}</h2>
        {recent.length === 0 ? (
          <p>{t("lessons.noRecent")}</p>
        ) : (
          <ul className="plain entries">
            {recent.map((e) => (
              <li key={e.id}>
                <Link to={`/school/lessons/${e.id}`}>
                  {e.taught_on} · {e.grade}
                  {e.letter} · {e.title ? localize(e.title, lang) : e.lesson_id}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
