import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "react-router";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "react-router";
import { Conversation } from "~/components/conversation";
import { describedBy, FieldError } from "~/components/fields";
import { LocalizedOptions, StatusOptions } from "~/components/options";
import { reportOptions, type ReportOption } from "~/content/content";
import { accessLogFor } from "~/domain/audit/access-log.server";
import { caseContent } from "~/content/case-models";
import { localToday, schoolNowIso } from "~/domain/calendar/local-date";
import { reportCaseLinks } from "~/domain/cases/case-detail.server";
import { acknowledgeUrgentReport, acknowledgementView } from "~/domain/escalation/escalation.server";
import { Acknowledgement } from "~/components/acknowledgement";
import { CallList } from "~/components/call-list";
import { callListFor } from "~/domain/escalation/phones.server";
import { changeReportStatus, openReport, replyToReporter, statusChangeSchema } from "~/domain/reports/inbox.server";
import { lowerScreenedReport, lowerUrgencySchema, REASON_MAX } from "~/domain/screening/screening.server";
import { messageFormSchema } from "~/domain/reports/report-input";
import { formString, idParam, notFound, parseForm, readForm } from "~/http/form.server";
import { requireActor } from "~/http/staff-session.server";
import type { MessageKey } from "~/i18n/dictionary";
import { formatDateTime, formatDuration, localize, useLang, useT } from "~/i18n/i18n";
import { LANGUAGE_NAMES, resolveLanguage } from "~/i18n/language";
import { titleMeta } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "reportView.title");

// Another school's report and a report that does not exist answer alike: 404.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireActor(context);
  const id = idParam(params, "reportId");
  const report = await openReport(actor, id);
  if (!report) throw notFound();
  const accessLog = await accessLogFor(actor, "report", id);
  const caseLinks = await reportCaseLinks(actor, id, localToday());
  // Times are worded here, not in the browser: every browser's Intl data differs, the server's is known.
  const lang = resolveLanguage(request, actor.user.language);
  const now = schoolNowIso();
  const acknowledgement = report.urgent ? await acknowledgementView(actor, id, lang) : undefined;
  return {
    acknowledgement,
    calls: report.urgent ? ((await callListFor(actor, id, now)) ?? null) : null,
    report: {
      ...report,
      submitted: formatDateTime(lang, report.submitted_at),
      firstResponseAfter: report.first_response_at ? formatDuration(lang, report.submitted_at, report.first_response_at) : null,
      waitingFor: formatDuration(lang, report.submitted_at, now),
      messages: report.messages.map((m) => ({ ...m, at: formatDateTime(lang, m.created_at) })),
      screen: report.screen && {
        ...report.screen,
        messages: report.screen.messages.map((m) => ({ ...m, at: formatDateTime(lang, m.at) })),
        lowered: report.screen.lowered && { ...report.screen.lowered, at: formatDateTime(lang, report.screen.lowered.at) },
        // Constants reach the page through the loader: the browser bundle must not import a .server module.
        reasonMax: REASON_MAX,
      },
    },
    accessLog: accessLog.map((a) => ({ ...a, at: formatDateTime(lang, a.at) })),
    caseLinks,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireActor(context);
  const id = idParam(params, "reportId");
  const form = await readForm(request);
  const intent = formString(form, "intent");
  if (intent === "acknowledge") {
    const outcome = await acknowledgeUrgentReport(actor, id);
    if (!outcome) throw notFound();
    return { replyError: undefined, statusError: undefined, acknowledged: outcome };
  }
  if (intent === "reply") {
    const reply = parseForm(form, messageFormSchema, "status.error.messageEmpty");
    if (!reply.ok) return data({ replyError: reply.error, statusError: undefined }, 400);
    if (!(await replyToReporter(actor, id, reply.data.body))) throw notFound();
    return { replyError: undefined, statusError: undefined };
  }
  if (intent === "status") {
    const change = parseForm(form, statusChangeSchema, "error.400");
    if (!change.ok) return data({ replyError: undefined, statusError: change.error }, 400);
    if (!(await changeReportStatus(actor, id, change.data))) throw notFound();
    return { replyError: undefined, statusError: undefined };
  }
  if (intent === "lower") {
    const lower = parseForm(form, lowerUrgencySchema, "screen.lower.error");
    if (!lower.ok) return data({ replyError: undefined, statusError: undefined, lowerError: lower.error }, 400);
    if (!(await lowerScreenedReport(actor, id, lower.data.reason))) throw notFound();
    return { replyError: undefined, statusError: undefined };
  }
  return data({ replyError: undefined, statusError: "error.400" as MessageKey }, 400);
}

/** Words with the screen's matches marked (a <mark> is announced as such by screen readers). */
function Marked({ segments }: { segments: Array<{ text: string; hit: boolean }> }) {
  return segments.map((segment, i) => (segment.hit ? <mark key={i}>{segment.text}</mark> : <span key={i}>{segment.text}</span>));
}

type Screen = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["report"]["screen"]>;

/** Why the life-safety screen flagged the words, and the psychologist's way to lower a raise it made. */
function ScreenExplanation({ screen, canLower, error }: { screen: Screen; canLower: boolean; error: MessageKey | undefined }) {
  const t = useT();
  const lang = useLang();
  const kindLabel = (kind: string) => {
    const c = reportOptions.categories.find((o) => o.id === kind);
    return c ? localize(c.label, lang) : kind;
  };
  return (
    <section className="screen" aria-labelledby="screen-title">
      <h3 id="screen-title">{t("screen.title")}</h3>
      <p>{t(screen.raised ? "screen.raised" : "screen.ticked")}</p>
      {screen.messages.map((m) => (
        <p key={m.id} className="body">
          <span className="hint">{t("screen.inMessage", { when: m.at })}: </span>
          <Marked segments={m.segments} />
        </p>
      ))}
      <ul>
        {screen.rules.map((r) => (
          <li key={r.id}>{t("screen.rule", { rule: r.id, kind: kindLabel(r.kind) })}</li>
        ))}
      </ul>
      {screen.lowered && (
        <p className="notice" role="status">
          {t("screen.lowered", { name: screen.lowered.by, when: screen.lowered.at, reason: screen.lowered.reason })}
        </p>
      )}
      {canLower && (
        <Form method="post">
          <input type="hidden" name="intent" value="lower" />
          <h4>{t("screen.lower.title")}</h4>
          <p className="hint" id="lower-reason-hint">
            {t("screen.lower.hint")}
          </p>
          <label htmlFor="lower-reason">{t("screen.lower.reason")}</label>
          <textarea
            id="lower-reason"
            name="reason"
            rows={2}
            required
            maxLength={screen.reasonMax}
            {...describedBy("lower-reason", { "lower-reason": error }, true)}
          />
          <FieldError id="lower-reason" error={error} />
          <button type="submit" className="button secondary">
            {t("screen.lower.submit")}
          </button>
        </Form>
      )}
    </section>
  );
}

export default function ReportView() {
  const { report, accessLog, caseLinks, acknowledgement, calls } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const lang = useLang();
  const label = (list: ReportOption[], id: string | null) => {
    const o = list.find((x) => x.id === id);
    return o ? localize(o.label, lang) : (id ?? "");
  };
  const allCategories: ReportOption[] = reportOptions.categories;
  return (
    <>
      <p>
        <Link to="/school/reports">← {t("reportView.back")}</Link>
      </p>
      <section className={report.urgent ? "card urgent" : "card"}>
        <h1>
          {report.urgent && <span className="badge danger">{t("inbox.urgent")}</span>} {t("inbox.reportNumber", { id: String(report.id) })}
        </h1>
        <dl className="facts">
          <dt>{t("reportView.status")}</dt>
          <dd>{t(`inbox.status.${report.status}`)}</dd>
          <dt>{t("reportView.submitted")}</dt>
          <dd>{report.submitted}</dd>
          <dt>{t("reportView.firstResponse")}</dt>
          <dd>{report.firstResponseAfter ?? t("reportView.waiting", { for: report.waitingFor })}</dd>
          <dt>{t("report.who")}</dt>
          <dd>{label(reportOptions.reporterRoles, report.reporter_role)}</dd>
          <dt>{t("report.what")}</dt>
          <dd>
            <ul className="plain">
              {report.categories.map((c) => (
                <li key={c}>{label(allCategories, c)}</li>
              ))}
            </ul>
          </dd>
          <dt>{t("report.where")}</dt>
          <dd>
            {label(reportOptions.locations, report.location)}
            {report.posterPlace && (
              <>
                <br />
                <span className="hint">{t("posters.fromPlace", { place: report.posterPlace })}</span>
              </>
            )}
          </dd>
          <dt>{t("report.howOften")}</dt>
          <dd>{label(reportOptions.frequencies, report.frequency)}</dd>
          <dt>{t("report.since")}</dt>
          <dd>{label(reportOptions.since, report.since)}</dd>
          <dt>{t("report.grade")}</dt>
          <dd>{report.grade ?? t("report.gradeNone")}</dd>
          <dt>{t("reportView.language")}</dt>
          <dd>{LANGUAGE_NAMES[report.language]}</dd>
          <dt>{t("reportView.contact")}</dt>
          <dd>
            {report.contact_requested
              ? t("reportView.contactYes", { name: report.contact_name, class: report.contact_class || "—" })
              : t("reportView.contactNo")}
          </dd>
        </dl>
        <h2>{t("report.description")}</h2>
        <p className="body">
          {report.screen?.description ? (
            <Marked segments={report.screen.description} />
          ) : (
            report.description || t("reportView.noDescription")
          )}
        </p>
        {report.screen && (
          <ScreenExplanation
            screen={report.screen}
            canLower={report.urgent && report.screen.raised && !report.screen.lowered}
            error={result && "lowerError" in result ? result.lowerError : undefined}
          />
        )}
        {report.status === "closed" && (
          <p>
            <strong>{t("reportView.closedAs", { reason: label(reportOptions.closureReasons, report.closure_reason) })}</strong>
            <br />
            <span className="body">{report.closure_note}</span>
          </p>
        )}
      </section>

      {acknowledgement && (
        <Acknowledgement view={acknowledgement} outcome={result && "acknowledged" in result ? result.acknowledged : undefined} />
      )}
      {calls && (
        <section className="card">
          <CallList list={calls} id="report" />
        </section>
      )}

      <section className="card">
        <h2>{t("reportView.conversation")}</h2>
        <Conversation
          empty={t("reportView.noMessages")}
          messages={report.messages.map((m) => ({ ...m, who: m.author === "staff" ? (m.display_name ?? "") : t("reportView.reporter") }))}
        />
        <Form method="post" key={report.messages.length}>
          <input type="hidden" name="intent" value="reply" />
          <label htmlFor="body">{t("reportView.reply")}</label>
          <p className="hint" id="body-hint">
            {t("reportView.replyHint")}
          </p>
          <textarea
            id="body"
            name="body"
            rows={4}
            aria-describedby={result?.replyError ? "body-hint body-error" : "body-hint"}
            aria-invalid={result?.replyError ? true : undefined}
          />
          {result?.replyError && (
            <p className="field-error" id="body-error">
              {t(result.replyError, { max: reportOptions.limits.messageMaxChars })}
            </p>
          )}
          <button type="submit" className="button" disabled={navigation.state === "submitting"}>
            {t("reportView.send")}
          </button>
        </Form>
      </section>

      {caseLinks && (
        <section className="card" aria-labelledby="case-title">
          <h2 id="case-title">{t("cases.report.title")}</h2>
          {caseLinks.caseId !== null ? (
            <p>
              <Link to={`/school/cases/${caseLinks.caseId}`}>{t("cases.report.inCase", { id: caseLinks.caseId })}</Link>
            </p>
          ) : (
            <>
              <Form method="post" action="/school/cases">
                <input type="hidden" name="intent" value="from-reports" />
                <input type="hidden" name="reportIds" value={report.id} />
                <label htmlFor="case-model">{t("cases.model")}</label>
                <select id="case-model" name="model" defaultValue={caseLinks.defaultModel ?? undefined}>
                  {caseContent.models.map((m) => (
                    <option key={m.id} value={m.id}>
                      {localize(m.label, lang)}
                    </option>
                  ))}
                </select>
                <button type="submit" className="button">
                  {t("cases.report.open")}
                </button>
              </Form>
              {caseLinks.openCases.length > 0 && (
                <Form method="post" action="/school/cases">
                  <input type="hidden" name="intent" value="link-report" />
                  <input type="hidden" name="reportId" value={report.id} />
                  <label htmlFor="case-to-join">{t("cases.report.addTo")}</label>
                  <select id="case-to-join" name="caseId" required defaultValue="">
                    <option value="">{t("cases.choose")}</option>
                    {caseLinks.openCases.map((c) => (
                      <option key={c.id} value={c.id}>
                        {t("cases.caseNumber", { id: c.id })} · {t(`cases.status.${c.status}`)}
                      </option>
                    ))}
                  </select>
                  <button type="submit" className="button secondary">
                    {t("cases.report.add")}
                  </button>
                </Form>
              )}
            </>
          )}
        </section>
      )}

      <section className="card">
        <h2>{t("reportView.changeStatus")}</h2>
        <Form method="post">
          <input type="hidden" name="intent" value="status" />
          <label htmlFor="new-status">{t("reportView.newStatus")}</label>
          <select id="new-status" name="status" defaultValue={report.status}>
            <StatusOptions />
          </select>
          <label htmlFor="reason">{t("reportView.reason")}</label>
          <select id="reason" name="reason" defaultValue={report.closure_reason ?? ""}>
            <option value="">{t("report.choose")}</option>
            <LocalizedOptions options={reportOptions.closureReasons} />
          </select>
          <label htmlFor="note">{t("reportView.note")}</label>
          <textarea id="note" name="note" rows={3} defaultValue={report.closure_note} />
          {result?.statusError && (
            <p className="field-error" role="alert">
              {t(result.statusError)}
            </p>
          )}
          <button type="submit" className="button secondary">
            {t("reportView.saveStatus")}
          </button>
        </Form>
      </section>

      <section className="card">
        <h2>{t("reportView.accessLog")}</h2>
        <ul className="plain small">
          {accessLog.map((a, i) => (
            <li key={i}>
              {a.at} · {a.display_name} · {t(`access.${a.action as "view" | "reply" | "status"}`)}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
