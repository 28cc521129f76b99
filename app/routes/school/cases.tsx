import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "react-router";
import { Form, Link, useActionData, useLoaderData } from "react-router";
import { caseContent, caseModel } from "~/content/case-models";
import { localToday } from "~/domain/calendar/local-date";
import { CASE_LIMITS, caseListFilterSchema, chosenCaseSchema, concernSchema, openFromReportsSchema } from "~/domain/cases/case-input";
import { CASE_STATUS_ORDER, formatLocalDate, isOverdue } from "~/domain/cases/case-workflow";
import { activeCaseModels, casesTransferredAway, listCases, reportsWithoutCase, schoolTeamSize } from "~/domain/cases/case-detail.server";
import { defaultCaseModel, linkReportToCase, openCaseFromConcern, openCaseFromReports } from "~/domain/cases/case-opening.server";
import type { CaseResult } from "~/domain/cases/case-result";
import { may } from "~/domain/policy/policy.server";
import { formString, idField, notFound, parseForm, readForm } from "~/http/form.server";
import { forbidden } from "~/http/forbidden.server";
import { requireActor } from "~/http/staff-session.server";
import type { MessageKey } from "~/i18n/dictionary";
import { formatDateTime, localize, useLang, useT } from "~/i18n/i18n";
import { resolveLanguage } from "~/i18n/language";
import { titleMeta } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "cases.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(context);
  if (!may(actor, "work:case:school")) throw forbidden(actor);
  const filter = caseListFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const today = localToday();
  const [cases, defaultModel, teamSize, transferred, reports, activeModels] = await Promise.all([
    listCases(actor, today, filter),
    defaultCaseModel(actor, today),
    schoolTeamSize(actor),
    casesTransferredAway(actor),
    reportsWithoutCase(actor),
    activeCaseModels(actor),
  ]);
  // The team must be big enough for the school's programme and for every case under way.
  const models = new Set([defaultModel, ...activeModels]);
  const teamMinimum = Math.max(...[...models].map((m) => caseModel(m).teamMinimum));
  const lang = resolveLanguage(request, actor.user.language);
  return {
    filter,
    defaultModel,
    teamWarning: teamSize < teamMinimum ? { size: teamSize, minimum: teamMinimum } : null,
    cases: cases.map((c) => ({
      id: c.id,
      status: c.status,
      model: localize(caseModel(c.model).label, lang),
      round: c.round,
      targets: c.targets,
      reports: c.reports,
      opened: formatDateTime(lang, c.opened_at),
      openTasks: c.open_tasks,
      nextDue: c.next_due ? formatLocalDate(lang, c.next_due) : null,
      overdue: c.next_due !== null && isOverdue(c.next_due, today),
      overdueReferrals: Number(c.overdue_referrals),
      monitoringUntil: c.monitoring_until ? formatLocalDate(lang, c.monitoring_until) : null,
    })),
    transferred: transferred.map((c) => ({ id: c.id })),
    reports: reports.map((r) => ({ id: r.id, urgent: r.urgent === 1, submitted: formatDateTime(lang, r.submitted_at) })),
  };
}

type ActionResult = { form: "concern" | "reports" | "link"; error: MessageKey };

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(context);
  if (!may(actor, "work:case:school")) throw forbidden(actor);
  const form = await readForm(request);
  const intent = formString(form, "intent");
  const invalid = (r: ActionResult) => data<ActionResult>(r, 400);
  const opened = (result: CaseResult<number>, formName: ActionResult["form"]) => {
    if (result.ok) return redirect(`/school/cases/${result.value}`);
    if (result.problem === "not_found") throw notFound();
    return invalid({ form: formName, error: result.problem === "report_taken" ? "cases.error.reportTaken" : "cases.error.status" });
  };
  if (intent === "concern") {
    const parsed = parseForm(form, concernSchema, "cases.error.invalid");
    if (!parsed.ok) return invalid({ form: "concern", error: parsed.error });
    return opened(await openCaseFromConcern(actor, parsed.data), "concern");
  }
  if (intent === "from-reports") {
    const parsed = parseForm(form, openFromReportsSchema, "cases.error.invalid");
    if (!parsed.ok) return invalid({ form: "reports", error: parsed.error });
    return opened(await openCaseFromReports(actor, parsed.data), "reports");
  }
  if (intent === "link-report") {
    // From a report's page: "add to case N", where the case is chosen in the form.
    const reportId = idField(form, "reportId");
    const chosen = parseForm(form, chosenCaseSchema, "cases.error.chooseCase");
    if (!chosen.ok) return invalid({ form: "link", error: chosen.error });
    const { caseId } = chosen.data;
    const result = await linkReportToCase(actor, caseId, reportId);
    return opened(result.ok ? { ok: true, value: caseId } : result, "link");
  }
  return invalid({ form: "concern", error: "cases.error.invalid" });
}

export default function Cases() {
  const { filter, defaultModel, teamWarning, cases, transferred, reports } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const lang = useLang();
  const modelSelect = (id: string) => (
    <>
      <label htmlFor={id}>{t("cases.model")}</label>
      <p className="hint" id={`${id}-hint`}>
        {t("cases.modelHint")}
      </p>
      <select id={id} name="model" defaultValue={defaultModel} aria-describedby={`${id}-hint`}>
        {caseContent.models.map((m) => (
          <option key={m.id} value={m.id}>
            {localize(m.label, lang)}
          </option>
        ))}
      </select>
    </>
  );
  const error = (form: ActionResult["form"]) =>
    result?.form === form ? (
      <p className="field-error" role="alert">
        {t(result.error)}
      </p>
    ) : null;
  return (
    <>
      <section className="card wide">
        <h1>{t("cases.title")}</h1>
        {teamWarning && (
          <p className="problem">
            {t("cases.teamWarning", { size: teamWarning.size, minimum: teamWarning.minimum })}{" "}
            <Link to="/school/programmes">{t("cases.teamLink")}</Link>
          </p>
        )}
        {error("link")}
        <Form method="get" className="filters">
          <label htmlFor="status">{t("cases.filterStatus")}</label>
          <select id="status" name="status" defaultValue={filter.status ?? ""}>
            <option value="">{t("cases.all")}</option>
            <option value="active">{t("cases.status.active")}</option>
            {CASE_STATUS_ORDER.map((s) => (
              <option key={s} value={s}>
                {t(`cases.status.${s}`)}
              </option>
            ))}
          </select>
          <button type="submit">{t("cases.apply")}</button>
        </Form>
        {cases.length === 0 ? (
          <p>{t("cases.empty")}</p>
        ) : (
          <ol className="inbox">
            {cases.map((c) => (
              <li key={c.id} className={c.overdue || c.overdueReferrals > 0 ? "urgent" : undefined}>
                <Link to={`/school/cases/${c.id}`}>
                  {t("cases.caseNumber", { id: c.id })}
                  {c.targets && <>: {c.targets}</>}
                </Link>
                <span className="meta">
                  <span className={`badge case-${c.status}`}>{t(`cases.status.${c.status}`)}</span> {c.model} ·{" "}
                  {t("cases.roundShort", { round: c.round })} · {t("cases.openTasks", { count: c.openTasks })}
                  {c.nextDue && (
                    <>
                      {" · "}
                      {c.overdue && <strong className="badge danger">{t("cases.overdue")}</strong>}{" "}
                      {t("cases.nextDue", { date: c.nextDue })}
                    </>
                  )}
                  {c.overdueReferrals > 0 && (
                    <>
                      {" · "}
                      <strong className="badge danger">{t("cases.referralsOverdue", { count: c.overdueReferrals })}</strong>
                    </>
                  )}
                  {c.monitoringUntil && c.status === "monitoring" && <> · {t("cases.monitoringUntilShort", { date: c.monitoringUntil })}</>}
                  {" · "}
                  {t("cases.openedOn", { date: c.opened })}
                  {c.reports > 0 && <> · {t("cases.reportCount", { count: c.reports })}</>}
                </span>
              </li>
            ))}
          </ol>
        )}
      </section>

      <section className="card" aria-labelledby="concern-title">
        <h2 id="concern-title">{t("cases.concern.title")}</h2>
        <p className="hint">{t("cases.concern.hint")}</p>
        <Form method="post">
          <input type="hidden" name="intent" value="concern" />
          <label htmlFor="concern-source">{t("cases.concern.source")}</label>
          <select id="concern-source" name="source" required defaultValue="">
            <option value="">{t("cases.choose")}</option>
            {caseContent.concernSources.map((s) => (
              <option key={s.id} value={s.id}>
                {localize(s.label, lang)}
              </option>
            ))}
          </select>
          <label htmlFor="concern-summary">{t("cases.concern.summary")}</label>
          <p className="hint" id="concern-summary-hint">
            {t("cases.concern.summaryHint")}
          </p>
          <textarea
            id="concern-summary"
            name="summary"
            rows={4}
            required
            maxLength={CASE_LIMITS.summary}
            aria-describedby="concern-summary-hint"
          />
          {modelSelect("concern-model")}
          {error("concern")}
          <button type="submit" className="button">
            {t("cases.concern.save")}
          </button>
        </Form>
      </section>

      {reports.length > 0 && (
        <section className="card" aria-labelledby="reports-title">
          <h2 id="reports-title">{t("cases.fromReports.title")}</h2>
          <Form method="post">
            <input type="hidden" name="intent" value="from-reports" />
            <fieldset>
              <legend>{t("cases.fromReports.choose")}</legend>
              {reports.map((r) => (
                <label key={r.id} className="choice">
                  <input type="checkbox" name="reportIds" value={r.id} />
                  <span>
                    {r.urgent && <strong className="badge danger">{t("cases.urgent")}</strong>} {t("cases.reportNumber", { id: r.id })} ·{" "}
                    {r.submitted}
                  </span>
                </label>
              ))}
            </fieldset>
            {modelSelect("reports-model")}
            {error("reports")}
            <button type="submit" className="button">
              {t("cases.fromReports.save")}
            </button>
          </Form>
        </section>
      )}

      {transferred.length > 0 && (
        <section className="card" aria-labelledby="transferred-title">
          <h2 id="transferred-title">{t("cases.transferred")}</h2>
          <ul className="plain">
            {transferred.map((c) => (
              <li key={c.id}>
                <Link to={`/school/cases/${c.id}`}>{t("cases.caseNumber", { id: c.id })}</Link>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
