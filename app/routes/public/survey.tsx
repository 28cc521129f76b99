import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "react-router";
import { useActionData, useLoaderData } from "react-router";
import { findOpenSurvey, normalizeSurveyCode, recordSurveyAnswer, type OpenSurvey } from "~/domain/surveys/surveys.server";
import { BULLYING_FORMS, formatSurveyCode, FREQUENCIES, surveyAnswerSchema, TRUSTED_ADULT } from "~/domain/surveys/survey-input";
import { clientKeyOf, formString, parseForm, readForm } from "~/http/form.server";
import type { MessageKey } from "~/i18n/dictionary";
import { localize, useLang, useT } from "~/i18n/i18n";
import { withLang } from "~/i18n/language";
import { titleMeta } from "~/i18n/meta";

// Anonymous, like the report form: no JavaScript, no cookie, nothing about the phone stored.
// The class code is not a secret (the whole class hears it), so it may travel in the URL.
export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "survey.title");

const surveyView = (s: OpenSurvey) => ({ grade: s.grade, classLabel: s.classLabel, school: s.schoolName });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const input = new URL(request.url).searchParams.get("code") ?? "";
  if (!input) return data({ code: "", survey: null, error: null });
  const found = await findOpenSurvey(input, clientKeyOf(context));
  if (found === "too-many") return data({ code: input, survey: null, error: "survey.tooMany" as MessageKey }, 429);
  if (!found) return data({ code: input, survey: null, error: "survey.notFound" as MessageKey }, 404);
  return data({ code: formatSurveyCode(normalizeSurveyCode(input)!), survey: surveyView(found), error: null });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const code = formString(form, "code");
  const found = await findOpenSurvey(code, clientKeyOf(context));
  if (found === "too-many") return data({ ok: false as const, errors: {}, tooMany: true }, 429);
  if (!found) return data({ ok: false as const, errors: {}, notFound: true }, 404);
  const parsed = parseForm(form, surveyAnswerSchema, "error.400");
  if (!parsed.ok) {
    return data(
      {
        ok: false as const,
        errors: parsed.errors as Record<string, MessageKey>,
        previous: Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v)])),
        picked: form.getAll("forms").map(String),
      },
      400,
    );
  }
  if (!(await recordSurveyAnswer(found, parsed.data, clientKeyOf(context))))
    return data({ ok: false as const, errors: {}, tooMany: true }, 429);
  return data({ ok: true as const });
}

export default function Survey() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const lang = useLang();
  if (result?.ok) {
    return (
      <section className="card">
        <h1>{t("survey.title")}</h1>
        <p className="notice" role="status">
          {t("survey.thanks")}
        </p>
        <p>{t("survey.help")}</p>
        <p>
          <a className="button" href={withLang("/report", lang)}>
            {t("survey.report")}
          </a>
        </p>
      </section>
    );
  }
  const survey = loaded.survey;
  if (!survey || (result && ("notFound" in result || "tooMany" in result))) {
    const error = loaded.error ?? (result && "tooMany" in result ? "survey.tooMany" : result ? "survey.notFound" : null);
    return (
      <section className="card">
        <h1>{t("survey.title")}</h1>
        <p>{t("survey.intro")}</p>
        <form method="get" action="/survey">
          <input type="hidden" name="lang" value={lang} />
          <label htmlFor="code">{t("survey.codeLabel")}</label>
          <p className="hint" id="code-hint">
            {t("survey.codeHint")}
          </p>
          <input
            id="code"
            name="code"
            autoComplete="off"
            autoCapitalize="characters"
            defaultValue={loaded.code}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "code-hint code-error" : "code-hint"}
          />
          {error && (
            <p className="field-error" id="code-error" role="alert">
              {t(error as MessageKey)}
            </p>
          )}
          <button type="submit" className="button">
            {t("survey.start")}
          </button>
        </form>
      </section>
    );
  }
  const errors: Partial<Record<string, MessageKey>> = result && !result.ok ? result.errors : {};
  const previous: Record<string, string> = result && "previous" in result && result.previous ? result.previous : {};
  const picked = new Set(result && "picked" in result && result.picked ? result.picked : []);
  const who = survey.classLabel
    ? t("survey.forClass", { school: localize(survey.school, lang), class: survey.classLabel })
    : t("survey.forGrade", { school: localize(survey.school, lang), grade: survey.grade });
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <section className="card">
      <h1>{t("survey.title")}</h1>
      <p>{who}</p>
      <p className="hint">{t("survey.anonymous")}</p>
      {hasErrors && (
        <p className="problem" role="alert">
          {t("survey.errors")}
        </p>
      )}
      <form method="post" action={withLang(`/survey?code=${encodeURIComponent(loaded.code)}`, lang)}>
        <input type="hidden" name="code" value={loaded.code} />
        {(["beenBullied", "bulliedOthers"] as const).map((name) => (
          <fieldset key={name} aria-describedby={errors[name] ? `${name}-error` : undefined}>
            <legend>{t(`survey.${name}`)}</legend>
            {errors[name] && (
              <p className="field-error" id={`${name}-error`}>
                {t(errors[name]!)}
              </p>
            )}
            {FREQUENCIES.map((f) => (
              <label key={f} className="choice">
                <input type="radio" name={name} value={f} defaultChecked={previous[name] === f} /> {t(`survey.frequency.${f}`)}
              </label>
            ))}
          </fieldset>
        ))}
        <fieldset>
          <legend>{t("survey.forms")}</legend>
          {BULLYING_FORMS.map((f) => (
            <label key={f} className="choice">
              <input type="checkbox" name="forms" value={f} defaultChecked={picked.has(f)} /> {t(`survey.form.${f}`)}
            </label>
          ))}
        </fieldset>
        <fieldset aria-describedby={errors.trustedAdult ? "trustedAdult-error" : undefined}>
          <legend>{t("survey.trustedAdult")}</legend>
          {errors.trustedAdult && (
            <p className="field-error" id="trustedAdult-error">
              {t(errors.trustedAdult)}
            </p>
          )}
          {TRUSTED_ADULT.map((v) => (
            <label key={v} className="choice">
              <input type="radio" name="trustedAdult" value={v} defaultChecked={previous.trustedAdult === v} /> {t(`survey.trusted.${v}`)}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="button">
          {t("survey.submit")}
        </button>
      </form>
    </section>
  );
}
