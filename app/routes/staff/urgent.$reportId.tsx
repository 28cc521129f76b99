import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Link, useActionData, useLoaderData } from "react-router";
import { Acknowledgement } from "~/components/acknowledgement";
import { CallList } from "~/components/call-list";
import { reportOptions, type ReportOption } from "~/content/content";
import { schoolNow } from "~/domain/calendar/local-date";
import { openReportOnDuty } from "~/domain/escalation/duty-reading.server";
import { acknowledgeUrgentReport, acknowledgementView, lifeSafetyLabels } from "~/domain/escalation/escalation.server";
import { callListFor } from "~/domain/escalation/phones.server";
import { formatSchoolCode } from "~/domain/schools/school-code";
import { formString, idParam, notFound, readForm } from "~/http/form.server";
import { requireActor } from "~/http/staff-session.server";
import { formatDateTime, localize, useLang, useT } from "~/i18n/i18n";
import { resolveLanguage } from "~/i18n/language";
import { titleMeta } from "~/i18n/meta";

// The duty psychologist's view of one urgent report the ladder called them for, while on duty.
export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "ladder.step.duty");

// Not called for it, off duty, another school's or missing: one answer (404).

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireActor(context);
  const id = idParam(params, "reportId");
  const now = schoolNow();
  const report = await openReportOnDuty(actor, id, now);
  if (!report) throw notFound();
  const lang = resolveLanguage(request, actor.user.language);
  return {
    report: {
      ...report,
      school: `${localize({ kk: report.name_kk, ru: report.name_ru, en: report.name_en }, lang)} (${formatSchoolCode(report.school_code)})`,
      kind: lifeSafetyLabels(report.categories, lang),
      submitted: formatDateTime(lang, report.submitted_at),
    },
    acknowledgement: await acknowledgementView(actor, id, lang),
    calls: await callListFor(actor, id, now.toISOString()),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireActor(context);
  const id = idParam(params, "reportId");
  const form = await readForm(request);
  if (formString(form, "intent") !== "acknowledge") throw new Response(null, { status: 400 });
  const outcome = await acknowledgeUrgentReport(actor, id);
  if (!outcome) throw notFound();
  return { acknowledged: outcome };
}

export default function DutyReport() {
  const { report, acknowledgement, calls } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const lang = useLang();
  const label = (list: ReportOption[], id: string | null) => {
    const o = list.find((x) => x.id === id);
    return o ? localize(o.label, lang) : (id ?? "");
  };
  return (
    <>
      <p>
        <Link to="/staff/notifications">← {t("ladder.report.back")}</Link>
      </p>
      <section className="card urgent" aria-labelledby="duty-report">
        <h1 id="duty-report">
          <span className="badge danger">{t("inbox.urgent")}</span> {t("ladder.report.title", { id: String(report.id) })}
        </h1>
        <p>{t("ladder.report.intro")}</p>
        <dl className="facts">
          <dt>{t("ladder.report.school")}</dt>
          <dd>{report.school}</dd>
          <dt>{t("ladder.report.kind")}</dt>
          <dd>{report.kind}</dd>
          <dt>{t("reportView.submitted")}</dt>
          <dd>{report.submitted}</dd>
          <dt>{t("report.who")}</dt>
          <dd>{label(reportOptions.reporterRoles, report.reporter_role)}</dd>
          <dt>{t("report.what")}</dt>
          <dd>
            <ul className="plain">
              {report.categories.map((c) => (
                <li key={c}>{label(reportOptions.categories, c)}</li>
              ))}
            </ul>
          </dd>
          <dt>{t("report.where")}</dt>
          <dd>{label(reportOptions.locations, report.location)}</dd>
          <dt>{t("report.howOften")}</dt>
          <dd>{label(reportOptions.frequencies, report.frequency)}</dd>
          <dt>{t("report.grade")}</dt>
          <dd>{report.grade ?? t("report.gradeNone")}</dd>
          <dt>{t("reportView.contact")}</dt>
          <dd>
            {report.contact_requested
              ? t("reportView.contactYes", { name: report.contact_name, class: report.contact_class || "—" })
              : t("reportView.contactNo")}
          </dd>
        </dl>
        <h2>{t("ladder.report.words")}</h2>
        <p className="body" data-words="">
          {report.description || t("reportView.noDescription")}
        </p>
        <p className="hint">{t("ladder.report.logged")}</p>
      </section>
      {acknowledgement && <Acknowledgement view={acknowledgement} outcome={result?.acknowledged} />}
      <section className="card" aria-labelledby="duty-calls">
        <h2 id="duty-calls">{t("ladder.report.handoff")}</h2>
        {calls && <CallList list={calls} id="duty" />}
        <p>{t("ladder.report.handoffText")}</p>
        <p>
          <a className="button" href="tel:111">
            111
          </a>{" "}
          <a className="button" href="tel:112">
            112
          </a>
        </p>
      </section>
    </>
  );
}
