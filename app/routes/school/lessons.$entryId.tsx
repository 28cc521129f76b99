import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "react-router";
import { Form, Link, useActionData, useLoaderData } from "react-router";
import { findLesson } from "~/content/programmes";
import { correctLessonSchema, lessonProblemKey } from "~/domain/lessons/lesson-input";
import { correctLessonEntry, deleteLessonEntry, ownLessonEntry } from "~/domain/lessons/lessons.server";
import { formString, idParam, notFound, parseForm, readForm } from "~/http/form.server";
import { requireActor } from "~/http/staff-session.server";
import { localize, useLang, useT } from "~/i18n/i18n";
import { titleMeta } from "~/i18n/meta";
import { localToday } from "~/domain/calendar/local-date";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "lessonEntry.title");

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireActor(context);
  const entry = await ownLessonEntry(actor, idParam(params, "entryId"));
  if (!entry) throw notFound();
  return { entry, title: findLesson(entry.lesson_id)?.lesson.title ?? null, today: localToday() };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireActor(context);
  const id = idParam(params, "entryId");
  const form = await readForm(request);
  if (formString(form, "intent") === "delete") {
    if (!(await deleteLessonEntry(actor, id))) throw notFound();
    return redirect("/school/lessons");
  }
  const parsed = parseForm(form, correctLessonSchema, "lessons.error.minutes");
  if (!parsed.ok) return data({ error: parsed.error }, 400);
  const outcome = await correctLessonEntry(actor, id, parsed.data, localToday());
  if (outcome === "not-found") throw notFound();
  if (outcome !== "ok") return data({ error: lessonProblemKey[outcome] }, 400);
  return redirect("/school/lessons");
}

export default function LessonEntry() {
  const { entry, title, today } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const lang = useLang();
  return (
    <section className="card">
      <p>
        <Link to="/school/lessons">← {t("lessons.title")}</Link>
      </p>
      <h1>
        {entry.grade}
        {entry.letter} · {title ? localize(title, lang) : entry.lesson_id}
      </h1>
      {result?.error && (
        <p className="problem" role="alert">
          {t(result.error)}
        </p>
      )}
      <Form method="post">
        <label htmlFor="taughtOn">{t("lessons.date")}</label>
        <input id="taughtOn" name="taughtOn" type="date" required defaultValue={entry.taught_on} max={today} />
        <label htmlFor="minutes">{t("lessons.minutes")}</label>
        <input id="minutes" name="minutes" inputMode="numeric" required defaultValue={entry.minutes} />
        <label htmlFor="pupilsPresent">{t("lessons.present")}</label>
        <input id="pupilsPresent" name="pupilsPresent" inputMode="numeric" defaultValue={entry.pupils_present ?? ""} />
        <label htmlFor="note">{t("lessons.note")}</label>
        <textarea id="note" name="note" rows={2} maxLength={500} defaultValue={entry.note} />
        <button type="submit" className="button">
          {t("lessonEntry.save")}
        </button>
      </Form>
      <Form method="post">
        <input type="hidden" name="intent" value="delete" />
        <button type="submit" className="button secondary">
          {t("lessonEntry.delete")}
        </button>
      </Form>
    </section>
  );
}
