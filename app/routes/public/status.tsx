import { data, type ActionFunctionArgs, type MetaFunction } from "react-router";
import { useActionData } from "react-router";
import { Conversation } from "~/components/conversation";
import { HelpNumbers } from "~/components/help-numbers";
import { answerCheckin, checkinAnswerSchema, checkinIsDue, type CheckinAnswer } from "~/domain/cases/reporter-checkin.server";
import { limits } from "~/domain/rate-limit/rate-limit.server";
import { formatReceiptCode, normalizeReceiptCode } from "~/domain/reports/receipt-code.server";
import { messageFormSchema } from "~/domain/reports/report-input";
import { addReporterMessage, findReportByReceipt, reporterView, schoolOpenNow } from "~/domain/reports/reports.server";
import { randomUUID } from "node:crypto";
import { clientKeyOf, formString, parseForm, readForm } from "~/http/form.server";
import type { MessageKey } from "~/i18n/dictionary";
import { formatDateTime, localize, useLang, useT } from "~/i18n/i18n";
import { withLang } from "~/i18n/language";
import { titleMeta } from "~/i18n/meta";
import { reportOptions } from "~/content/content";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "status.title");

// The code travels only in POST bodies, never in a URL, so it stays out of browser history and logs.
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const rawCode = formString(form, "code");
  // A real code is always served, whatever the client (a school's Wi-Fi, a carrier's NAT) sent
  // before: only failed lookups count, and only they are refused once there are too many.
  const found = await findReportByReceipt(rawCode);
  if (!found) {
    if (!limits.receiptLookupsPerClient.attempt(clientKeyOf(context))) {
      return data({ error: "status.error.tooMany" as MessageKey, code: "" }, 429);
    }
    if (!normalizeReceiptCode(rawCode)) return data({ error: "status.error.format" as MessageKey, code: rawCode }, 400);
    return data({ error: "status.error.notFound" as MessageKey, code: rawCode }, 404);
  }

  let messageError: MessageKey | undefined;
  let draft = "";
  let sent = false;
  let checkinThanks: CheckinAnswer | undefined;
  let checkinError: MessageKey | undefined;
  if (formString(form, "intent") === "checkin") {
    const answer = parseForm(form, checkinAnswerSchema, "caseRecords.checkin.notAsked");
    const outcome = answer.ok ? await answerCheckin(found, answer.data.answer) : { kind: "not_asked" as const };
    if (outcome.kind === "not_asked") checkinError = "caseRecords.checkin.notAsked";
    else checkinThanks = outcome.answer;
  }
  if (formString(form, "intent") === "message") {
    const parsed = parseForm(form, messageFormSchema, "status.error.messageEmpty");
    if (parsed.ok) {
      // A re-sent form (refresh, restored tab) is thanked like the first and stores nothing.
      await addReporterMessage(found, parsed.data.body, formString(form, "idempotencyKey"));
      sent = true;
    } else {
      messageError = parsed.error;
      draft = formString(form, "body");
    }
  }
  const [view, checkinDue] = await Promise.all([reporterView(found), checkinIsDue(found)]);
  return data(
    {
      report: view,
      schoolOpen: schoolOpenNow(found.region),
      // Fresh for every form shown: the next message is a new one, a re-sent form is not.
      idempotencyKey: randomUUID(),
      code: formatReceiptCode(normalizeReceiptCode(rawCode)!),
      messageError,
      draft,
      sent,
      checkinDue,
      checkinThanks,
      checkinError,
    },
    messageError || checkinError ? 400 : 200,
  );
}

const statusKey = { new: "status.state.new", in_progress: "status.state.in_progress", closed: "status.state.closed" } as const;

/** The one status the reporter is shown; for an urgent report still "new", whether a person has seen it. */
function stateKey(report: { urgent: boolean; acknowledged: boolean; status: keyof typeof statusKey }) {
  if (!report.urgent || report.status !== "new") return statusKey[report.status];
  return report.acknowledged ? "escalation.status.seen" : "escalation.status.notYet";
}

/** Who reads a report nobody has answered yet, and when: the receipt's promise, as of now. */
function truthKey(urgent: boolean, schoolOpen: boolean) {
  if (urgent) return schoolOpen ? "intake.truth.urgentOpen" : "intake.truth.urgentClosed";
  return schoolOpen ? "intake.truth.calmOpen" : "intake.truth.calmClosed";
}

export default function ReportStatus() {
  const result = useActionData<typeof action>();
  const t = useT();
  const lang = useLang();
  if (result && "report" in result) {
    const { report, code } = result;
    const state = stateKey(report);
    const unanswered = report.status === "new" && !report.acknowledged && !report.messages.some((m) => m.author === "staff");
    return (
      <>
        {report.urgent ? (
          <section className="card urgent">
            {/* All the reporter learns of the ladder: whether a person has seen it, never who. */}
            <p>
              <strong data-acknowledged={report.acknowledged ? "" : undefined}>{t(state)}</strong>
            </p>
            {unanswered && <p>{t(truthKey(true, result.schoolOpen))}</p>}
            <p>{t("escalation.status.callNow")}</p>
            <HelpNumbers />
          </section>
        ) : (
          <HelpNumbers compact />
        )}
        <section className="card">
          <h1>{t("status.title")}</h1>
          <dl className="facts">
            <dt>{t("status.school")}</dt>
            <dd>{localize({ kk: report.school.name_kk, ru: report.school.name_ru, en: report.school.name_en }, lang)}</dd>
            <dt>{t("status.sent")}</dt>
            <dd>{formatDateTime(lang, report.submittedAt)}</dd>
            {/* An urgent report's status is the one at the top of the page, said once. */}
            {!report.urgent && (
              <>
                <dt>{t("status.state")}</dt>
                <dd>
                  <strong>{t(state)}</strong>
                </dd>
              </>
            )}
          </dl>
          {unanswered && !report.urgent && <p>{t(truthKey(false, result.schoolOpen))}</p>}
        </section>
        {result.checkinDue && (
          <section className="card" aria-labelledby="checkin-question">
            <h2 id="checkin-question">{t("caseRecords.checkin.question")}</h2>
            <p className="hint">{t("caseRecords.checkin.hint")}</p>
            <form method="post" action={withLang("/status", lang)} aria-labelledby="checkin-question">
              <input type="hidden" name="code" value={code} />
              <input type="hidden" name="intent" value="checkin" />
              <button type="submit" name="answer" value="stopped" className="button">
                {t("caseRecords.checkin.stopped")}
              </button>
              <button type="submit" name="answer" value="started_again" className="button secondary">
                {t("caseRecords.checkin.startedAgain")}
              </button>
            </form>
          </section>
        )}
        {(result.checkinThanks || result.checkinError) && (
          <section className="card">
            <p className={result.checkinError ? "problem" : "notice"} role={result.checkinError ? "alert" : "status"}>
              {result.checkinError
                ? t(result.checkinError)
                : t(result.checkinThanks === "stopped" ? "caseRecords.checkin.thanksStopped" : "caseRecords.checkin.thanksStartedAgain")}
            </p>
          </section>
        )}
        <section className="card">
          <h2>{t("status.conversation")}</h2>
          <Conversation
            empty={t("status.noMessages")}
            messages={report.messages.map((m) => ({
              ...m,
              who: t(m.author === "staff" ? "status.fromPsychologist" : "status.fromYou"),
              at: formatDateTime(lang, m.created_at),
            }))}
          />
          {result.sent && (
            <p className="notice" role="status">
              {t("status.sentNotice")}
            </p>
          )}
          <form method="post" action={withLang("/status", lang)}>
            <input type="hidden" name="code" value={code} />
            <input type="hidden" name="intent" value="message" />
            <input type="hidden" name="idempotencyKey" value={result.idempotencyKey} />
            <label htmlFor="body">{t("status.addMessage")}</label>
            <textarea
              id="body"
              name="body"
              rows={4}
              defaultValue={result.draft}
              aria-invalid={result.messageError ? true : undefined}
              aria-describedby={result.messageError ? "body-error" : undefined}
            />
            {result.messageError && (
              <p className="field-error" id="body-error">
                {t(result.messageError, { max: reportOptions.limits.messageMaxChars })}
              </p>
            )}
            <button type="submit" className="button">
              {t("status.send")}
            </button>
          </form>
          <p className="hint">{t("status.keepCode")}</p>
        </section>
      </>
    );
  }
  const error = result && "error" in result ? result.error : undefined;
  return (
    <section className="card">
      <h1>{t("status.title")}</h1>
      <p>{t("status.intro")}</p>
      <form method="post" action={withLang("/status", lang)}>
        <input type="hidden" name="intent" value="open" />
        <label htmlFor="code">{t("status.codeLabel")}</label>
        <input
          id="code"
          name="code"
          inputMode="numeric"
          autoComplete="off"
          defaultValue={result?.code ?? ""}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "code-error" : undefined}
        />
        {error && (
          <p className="field-error" id="code-error" role="alert">
            {t(error)}
          </p>
        )}
        <button type="submit" className="button">
          {t("status.open")}
        </button>
      </form>
    </section>
  );
}
