import { Form, Link } from "react-router";
import { useT } from "~/i18n/i18n";
import type { CasePageData } from "~/routes/school/cases/$caseId/index";
import { FormError, type CaseActionResult } from "./case-form-error";

/** The case at a glance: status, warnings, facts, linked reports and the pages about it. */
export function CaseSummary({ page, result }: { page: CasePageData; result: CaseActionResult | undefined }) {
  const t = useT();
  const { header, readOnly } = page;
  const active = page.header.status !== "closed";
  // An answer about a task no longer listed (written down a moment ago by someone else) has no form to sit by.
  const taskGone = result?.taskId !== undefined && !page.tasks.some((task) => task.id === result.taskId) ? result.error : undefined;
  return (
    <section className="card" id="top">
      <h1>
        {t("cases.caseNumber", { id: header.id })}{" "}
        {readOnly ? (
          <span className="badge">{t("cases.readOnly.badge")}</span>
        ) : (
          <span className={`badge case-${header.status}`}>{t(`cases.status.${header.status}`)}</span>
        )}
      </h1>
      {taskGone && (
        <p className="problem" role="alert">
          {t(taskGone)}
        </p>
      )}
      {readOnly && (
        <p className="notice" role="status">
          {t("cases.readOnly.notice", { when: page.transferredAt ?? "" })}
        </p>
      )}
      {page.overdueReferrals > 0 && (
        <p>
          <Link to={`/school/cases/${header.id}/referrals`} className="badge danger">
            {t("cases.referralsOverdue", { count: page.overdueReferrals })}
          </Link>
        </p>
      )}
      {page.teamWarning && !readOnly && (
        <p className="problem">
          {t("cases.teamWarning", {
            size: page.teamWarning.size,
            minimum: page.teamWarning.minimum,
          })}{" "}
          <Link to="/school/programmes">{t("cases.teamLink")}</Link>
        </p>
      )}
      {page.peerSupporterWarning && (
        <p className="notice">
          {t("cases.peerSupporterWarning", page.peerSupporterWarning)} <a href="#people">{t("cases.people")}</a>
        </p>
      )}
      <dl className="facts">
        <dt>{t("cases.model")}</dt>
        <dd>{header.model}</dd>
        {!readOnly && (
          <>
            <dt>{t("cases.round")}</dt>
            <dd>{header.round}</dd>
          </>
        )}
        <dt>{t("cases.opened")}</dt>
        <dd>{header.opened}</dd>
        <dt>{t("cases.origin")}</dt>
        <dd>{header.origin}</dd>
        {header.summary && (
          <>
            <dt>{t("cases.summary")}</dt>
            <dd className="body">{header.summary}</dd>
          </>
        )}
        <dt id="reports">{t("cases.reports")}</dt>
        <dd>
          {page.reports.length === 0 ? (
            t("cases.reportsNone")
          ) : (
            <ul className="plain">
              {page.reports.map((r) => (
                <li key={r.id}>
                  {r.visible ? (
                    <Link to={`/school/reports/${r.id}`}>{t("cases.reportNumber", { id: r.id })}</Link>
                  ) : (
                    t("cases.reportNumber", { id: r.id })
                  )}
                </li>
              ))}
            </ul>
          )}
        </dd>
        {!readOnly && header.screeningResult && (
          <>
            <dt>{t("cases.screeningResult")}</dt>
            <dd>{header.screeningResult}</dd>
          </>
        )}
        {!readOnly && header.outcome && (
          <>
            <dt>{t("cases.outcome")}</dt>
            <dd>
              {header.outcome}
              {header.closureNote && <span className="body small"> — {header.closureNote}</span>}
            </dd>
          </>
        )}
        {!readOnly && header.monitoringUntil && (
          <>
            <dt>{t("cases.monitoringUntil")}</dt>
            <dd>{header.monitoringUntil}</dd>
          </>
        )}
        {!readOnly && header.closedAt && (
          <>
            <dt>{t("cases.closedAt")}</dt>
            <dd>{header.closedAt}</dd>
          </>
        )}
        {!readOnly && header.checkinOn && header.status === "closed" && (
          <>
            <dt>{t("cases.checkinOn")}</dt>
            <dd>{header.checkinOn}</dd>
          </>
        )}
      </dl>
      <ul className="plain case-links">
        <li>
          <Link to={`/school/cases/${header.id}/evidence`}>{t("cases.link.evidence")}</Link>
        </li>
        <li>
          <Link to={`/school/cases/${header.id}/referrals`}>{t("cases.link.referrals")}</Link>
        </li>
        {!readOnly && (
          <li>
            <Link to={`/school/cases/${header.id}/transfer`}>{t("cases.link.transfer")}</Link>
          </li>
        )}
      </ul>
      {!readOnly && active && page.linkableReports.length > 0 && (
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="link-report" />
          <label htmlFor="link-report">{t("cases.linkReport")}</label>
          <select id="link-report" name="reportId" required defaultValue="">
            <option value="">{t("cases.choose")}</option>
            {page.linkableReports.map((r) => (
              <option key={r.id} value={r.id}>
                {t("cases.reportNumber", { id: r.id })} · {r.submitted}
              </option>
            ))}
          </select>
          <FormError result={result} form="link-report" />
          <button type="submit" className="button secondary">
            {t("cases.linkReportSubmit")}
          </button>
        </Form>
      )}
    </section>
  );
}
