import { Form } from "react-router";
import { caseContent } from "~/content/case-models";
import { CASE_LIMITS } from "~/domain/cases/case-input";
import { localize, useLang, useT } from "~/i18n/i18n";
import type { CasePageData } from "~/routes/school/cases/$caseId/index";
import { FormError, type CaseActionResult } from "./case-form-error";

/** Screening: bullying starts the programme's steps, anything else closes the case. */
export function CaseScreening({ page, result }: { page: CasePageData; result: CaseActionResult | undefined }) {
  const t = useT();
  const lang = useLang();
  return (
    <section className="card" id="screening" aria-labelledby="screening-title">
      <h2 id="screening-title">{t("cases.screening.title")}</h2>
      <p className="hint">{t("cases.screening.hint")}</p>
      <Form method="post">
        <input type="hidden" name="intent" value="screen" />
        <fieldset>
          <legend>{t("cases.screening.criteria")}</legend>
          {caseContent.screeningCriteria.map((c) => (
            <label key={c.id} className="choice">
              <input type="checkbox" name="criteria" value={c.id} />
              {localize(c.label, lang)}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t("cases.screening.result")}</legend>
          {caseContent.screeningResults.map((r) => (
            <label key={r.id} className="choice">
              <input type="radio" name="result" value={r.id} required />
              {localize(r.label, lang)}
            </label>
          ))}
        </fieldset>
        <label htmlFor="screening-note">{t("cases.screening.note")}</label>
        <p className="hint" id="screening-note-hint">
          {t("cases.screening.noteHint")}
        </p>
        <textarea id="screening-note" name="note" rows={3} maxLength={CASE_LIMITS.content} aria-describedby="screening-note-hint" />
        <FormError result={result} form="screen" />
        <button type="submit" className="button">
          {t("cases.screening.save")}
        </button>
      </Form>
    </section>
  );
}
