import { Form } from "react-router";
import { caseContent, type CaseStep } from "~/content/case-models";
import { addDays } from "~/domain/calendar/local-date";
import { CASE_LIMITS } from "~/domain/cases/case-input";
import type { MessageKey } from "~/i18n/dictionary";
import { localize, useLang, useT } from "~/i18n/i18n";

/** What the main text of a written-down step is called: an initiator's discussion asks for their commitments. */
function contentLabel(records: CaseStep["records"], personRole: string | null): MessageKey {
  if (records === "discussion" && personRole === "initiator") return "cases.record.commitments";
  return `cases.record.content.${records}`;
}

/**
 * The form that writes a case step down and completes its task, on the case page and on
 * "My tasks" alike: the day it was held (not in the future), who took part, what was said or
 * agreed, and a follow-up's answer.
 */
export function StepRecordForm(props: {
  taskId: number;
  records: CaseStep["records"];
  personRole: string | null;
  today: string;
  error?: MessageKey;
}) {
  const t = useT();
  const lang = useLang();
  const id = (field: string) => `task-${props.taskId}-${field}`;
  const errorId = id("error");
  return (
    <Form method="post" className="step-form">
      <input type="hidden" name="intent" value="record" />
      <input type="hidden" name="taskId" value={props.taskId} />
      {props.error && (
        <p className="field-error" id={errorId} role="alert">
          {t(props.error)}
        </p>
      )}
      <label htmlFor={id("heldOn")}>{t("cases.record.heldOn")}</label>
      <input id={id("heldOn")} name="heldOn" type="date" required defaultValue={props.today} max={props.today} />
      <label htmlFor={id("participants")}>{t(props.records === "contact" ? "cases.record.contacted" : "cases.record.participants")}</label>
      <input id={id("participants")} name="participants" maxLength={CASE_LIMITS.participants} autoComplete="off" />
      {props.records === "follow_up" && (
        <fieldset>
          <legend>{t("cases.record.result")}</legend>
          {caseContent.followUpResults.map((r) => (
            <label key={r.id} className="choice">
              <input type="radio" name="result" value={r.id} required />
              {localize(r.label, lang)}
            </label>
          ))}
        </fieldset>
      )}
      {props.records === "plan" && (
        <>
          <label htmlFor={id("reviewBy")}>{t("cases.record.reviewBy")}</label>
          <p className="hint" id={id("reviewBy-hint")}>
            {t("cases.record.reviewByHint")}
          </p>
          <input
            id={id("reviewBy")}
            name="reviewBy"
            type="date"
            required
            min={addDays(props.today, 1)}
            aria-describedby={id("reviewBy-hint")}
          />
        </>
      )}
      <label htmlFor={id("content")}>{t(contentLabel(props.records, props.personRole))}</label>
      <textarea
        id={id("content")}
        name="content"
        rows={4}
        required
        maxLength={CASE_LIMITS.content}
        aria-describedby={props.error ? errorId : undefined}
        aria-invalid={props.error ? true : undefined}
      />
      <button type="submit" className="button">
        {t("cases.record.save")}
      </button>
    </Form>
  );
}
