import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "react-router";
import { Form, useActionData, useLoaderData } from "react-router";
import { classesOf } from "~/domain/lessons/lessons.server";
import { may } from "~/domain/policy/policy.server";
import { closeSurvey, NATIONAL_VICTIM_BASELINE, openSurvey, schoolSurveys } from "~/domain/surveys/surveys.server";
import { formatSurveyCode, surveyTargetSchema } from "~/domain/surveys/survey-input";
import type { SurveyResult } from "~/domain/surveys/surveys.server";
import { formString, idField, notFound, parseForm, readForm } from "~/http/form.server";
import { requireActor } from "~/http/staff-session.server";
import type { MessageKey } from "~/i18n/dictionary";
import { useLang, useT } from "~/i18n/i18n";
import { titleMeta } from "~/i18n/meta";
import type { Language } from "~/i18n/language";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "surveys.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(context);
  if (!may(actor, "open:survey:school")) throw new Response(null, { status: 403 });
  const [classes, surveys] = await Promise.all([classesOf(actor), schoolSurveys(actor)]);
  return {
    address: `${new URL(request.url).origin}/survey`,
    baseline: NATIONAL_VICTIM_BASELINE,
    classes: classes.map((c) => ({ id: c.id, label: `${c.grade}${c.letter}`, grade: c.grade })),
    surveys: (surveys ?? []).map((s) => ({ ...s, code: formatSurveyCode(s.code) })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(context);
  if (!may(actor, "open:survey:school")) throw new Response(null, { status: 403 });
  const form = await readForm(request);
  if (formString(form, "intent") === "close") {
    if (!(await closeSurvey(actor, idField(form, "surveyId")))) throw notFound();
    return data({ opened: null, error: null });
  }
  const target = parseForm(form, surveyTargetSchema, "surveys.error.target");
  if (!target.ok) return data({ opened: null, error: target.error }, 400);
  const opened = await openSurvey(actor, target.data);
  if (!opened.ok) return data({ opened: null, error: "surveys.error.target" as MessageKey }, 400);
  return data({ opened: formatSurveyCode(opened.code), error: null });
}

function pct(lang: Language, share: number | null) {
  return share === null ? "–" : new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: 1 }).format(share);
}

export default function SchoolSurveys() {
  const { address, baseline, classes, surveys } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const lang = useLang();
  const grades = [...new Set(classes.map((c) => c.grade))].sort((a, b) => a - b);
  return (
    <section className="card wide">
      <h1>{t("surveys.title")}</h1>
      <p className="hint">{t("surveys.intro", { address })}</p>
      {result?.opened && (
        <p className="notice" role="status" data-code={result.opened}>
          <strong>{t("surveys.opened", { code: result.opened })}</strong>
        </p>
      )}
      <h2>{t("surveys.open")}</h2>
      <Form method="post">
        <input type="hidden" name="intent" value="open" />
        <label htmlFor="classId">{t("surveys.class")}</label>
        <select id="classId" name="classId" defaultValue="">
          <option value="">{t("surveys.chooseClass")}</option>
          {classes.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </select>
        <label htmlFor="grade">{t("surveys.grade")}</label>
        <select id="grade" name="grade" defaultValue="" aria-describedby={result?.error ? "target-error" : undefined}>
          <option value="">{t("surveys.chooseGrade")}</option>
          {grades.map((g) => (
            <option key={g} value={g}>
              {g}
            </option>
          ))}
        </select>
        {result?.error && (
          <p className="field-error" id="target-error" role="alert">
            {t(result.error)}
          </p>
        )}
        <button type="submit" className="button">
          {t("surveys.openButton")}
        </button>
      </Form>
      <h2>{t("surveys.list")}</h2>
      {surveys.length === 0 ? (
        <p>{t("surveys.none")}</p>
      ) : (
        <div className="table-scroll">
          <table className="table" id="surveys">
            <thead>
              <tr>
                <th scope="col">{t("surveys.code")}</th>
                <th scope="col">{t("surveys.who")}</th>
                <th scope="col">{t("surveys.respondents")}</th>
                <th scope="col">{t("surveys.victims")}</th>
                <th scope="col">{t("surveys.bullies")}</th>
                <th scope="col">{t("surveys.trustedAdult")}</th>
                <td />
              </tr>
            </thead>
            <tbody>
              {surveys.map((s) => (
                <tr key={s.id} data-survey={s.code}>
                  <th scope="row" className="code">
                    {s.code}
                  </th>
                  <td>
                    {s.letter ? t("surveys.classLabel", { class: `${s.grade}${s.letter}` }) : t("surveys.gradeLabel", { grade: s.grade })}
                  </td>
                  <td>{s.result.respondents}</td>
                  {s.result.victims === null ? (
                    <td colSpan={3}>{t("surveys.tooFew")}</td>
                  ) : (
                    <>
                      <td className="victims">
                        <strong>{pct(lang, s.result.victims)}</strong>
                        <br />
                        <span className="small">{t("surveys.baseline", { percent: pct(lang, baseline) })}</span>
                        <br />
                        <span className="small">{lastYear(t, lang, s.lastYear)}</span>
                      </td>
                      <td className="bullies">{pct(lang, s.result.bullies)}</td>
                      <td className="trusted">{pct(lang, s.result.trustedAdult)}</td>
                    </>
                  )}
                  <td>
                    {s.closed_at ? (
                      t("surveys.closed")
                    ) : (
                      <Form method="post">
                        <input type="hidden" name="intent" value="close" />
                        <input type="hidden" name="surveyId" value={s.id} />
                        <button type="submit" className="link">
                          {t("surveys.close")}
                        </button>
                      </Form>
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

function lastYear(t: ReturnType<typeof useT>, lang: Language, r: SurveyResult): string {
  return r.victims === null ? t("surveys.lastYearNone") : t("surveys.lastYear", { percent: pct(lang, r.victims) });
}
