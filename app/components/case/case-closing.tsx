import { Form } from "react-router";
import { caseContent } from "~/content/case-models";
import { CASE_LIMITS } from "~/domain/cases/case-input";
import { localize, useLang, useT } from "~/i18n/i18n";
import type { CasePageData } from "~/routes/school/cases/$caseId/index";
import { FormError, type CaseActionResult } from "./case-form-error";

/** A free note in the chronology. */
export function CaseNote({ result }: { result: CaseActionResult | undefined }) {
  const t = useT();
  return (
    <section className="card" aria-labelledby="note-title">
      <h2 id="note-title">{t("cases.note.title")}</h2>
      <Form method="post">
        <input type="hidden" name="intent" value="note" />
        <label htmlFor="note-content">{t("cases.note.content")}</label>
        <textarea id="note-content" name="content" rows={3} required maxLength={CASE_LIMITS.content} />
        <FormError result={result} form="note" />
        <button type="submit" className="button secondary">
          {t("cases.note.save")}
        </button>
      </Form>
    </section>
  );
}

/** Closing with an outcome (a ДосболLIKE case may go under monitoring first), or «close now» under monitoring. */
export function CaseClosing({ page, result }: { page: CasePageData; result: CaseActionResult | undefined }) {
  const t = useT();
  const lang = useLang();
  const { header } = page;
  return (
    <section className="card" id="close" aria-labelledby="close-title">
      <h2 id="close-title">{t(header.status === "monitoring" ? "cases.close.nowTitle" : "cases.close.title")}</h2>
      <p className="hint">{t(header.status === "monitoring" ? "cases.close.nowHint" : "cases.close.hint")}</p>
      <Form method="post">
        <input type="hidden" name="intent" value="close" />
        <label htmlFor="close-outcome">{t("cases.close.outcome")}</label>
        <select id="close-outcome" name="outcome" required defaultValue={header.outcomeId ?? ""}>
          <option value="">{t("cases.choose")}</option>
          {caseContent.outcomes.map((o) => (
            <option key={o.id} value={o.id}>
              {localize(o.label, lang)}
            </option>
          ))}
        </select>
        <label htmlFor="close-note">{t("cases.close.note")}</label>
        <textarea
          id="close-note"
          name="note"
          rows={3}
          required
          maxLength={CASE_LIMITS.content}
          defaultValue={header.status === "monitoring" ? header.closureNote : undefined}
        />
        <FormError result={result} form="close" />
        <button type="submit" className="button secondary">
          {t(header.status === "monitoring" ? "cases.close.now" : "cases.close.save")}
        </button>
      </Form>
    </section>
  );
}

/** Reopening a closed or monitored case, with the reason. */
export function CaseReopening({ page, result }: { page: CasePageData; result: CaseActionResult | undefined }) {
  const t = useT();
  return (
    <section className="card" aria-labelledby="reopen-title">
      <h2 id="reopen-title">{t("cases.reopen.title")}</h2>
      <Form method="post">
        <input type="hidden" name="intent" value="reopen" />
        <label htmlFor="reopen-reason">{t("cases.reopen.reason")}</label>
        <textarea id="reopen-reason" name="reason" rows={2} required maxLength={CASE_LIMITS.reason} />
        <FormError result={result} form="reopen" />
        <button type="submit" className="button secondary">
          {t("cases.reopen.save")}
        </button>
      </Form>
    </section>
  );
}
