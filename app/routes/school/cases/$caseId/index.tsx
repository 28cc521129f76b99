import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "react-router";
import { Link, useActionData, useLoaderData } from "react-router";
import { CaseChronology, CaseAccessLog } from "~/components/case/case-chronology";
import { CaseClosing, CaseNote, CaseReopening } from "~/components/case/case-closing";
import type { CaseActionResult } from "~/components/case/case-form-error";
import { CasePeople } from "~/components/case/case-people";
import { CaseScreening } from "~/components/case/case-screening";
import { CaseSummary } from "~/components/case/case-summary";
import { CaseTasks } from "~/components/case/case-tasks";
import { caseContent, caseStep } from "~/content/case-models";
import { accessLogFor } from "~/domain/audit/access-log.server";
import { localToday } from "~/domain/calendar/local-date";
import {
  assignSchema,
  closeSchema,
  linkReportSchema,
  noteSchema,
  personSchema,
  reopenSchema,
  screeningSchema,
} from "~/domain/cases/case-input";
import { assignTask } from "~/domain/cases/case-tasks.server";
import { caseTimeline, optionLabel } from "~/domain/cases/case-timeline";
import { formatLocalDate, isOverdue } from "~/domain/cases/case-workflow";
import { caseDetail } from "~/domain/cases/case-detail.server";
import { addCaseNote, closeCase, reopenCaseByTeam, screenCase } from "~/domain/cases/case-lifecycle.server";
import { linkReportToCase } from "~/domain/cases/case-opening.server";
import { addPerson, updatePerson } from "~/domain/cases/case-people.server";
import type { CaseResult } from "~/domain/cases/case-result";
import { requireCase, requireEditableCase } from "~/http/case-request.server";
import { caseProblemKey, recordStepFromForm } from "~/http/case-step.server";
import { formString, idField, notFound, parseForm, readForm } from "~/http/form.server";
import { requireActor } from "~/http/staff-session.server";
import type { MessageKey } from "~/i18n/dictionary";
import { formatDateTime, localize, translate, useT } from "~/i18n/i18n";
import { resolveLanguage } from "~/i18n/language";
import { titleMeta } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "cases.case.title");

type Detail = NonNullable<Awaited<ReturnType<typeof caseDetail>>>;

/** A KiVa case under way with fewer or more peer supporters than the programme asks for. */
function peerSupporterWarning(detail: Detail) {
  const range = detail.model.peerSupporters;
  if (!range || detail.access.mode === "read" || (detail.case.status !== "open" && detail.case.status !== "monitoring")) return null;
  const count = detail.people.filter((p) => p.role === "peer_supporter").length;
  return count < range.min || count > range.max ? { count, min: range.min, max: range.max } : null;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = requireActor(context);
  const today = localToday();
  const detail = await caseDetail(actor, requireCase(context), today);
  if (!detail) throw notFound();
  // Times are worded here, not in the browser: every browser's Intl data differs, the server's is known.
  const lang = resolveLanguage(request, actor.user.language);
  const c = detail.case;
  const day = (d: string | null) => (d ? formatLocalDate(lang, d) : null);
  const readableReports = new Set(detail.reports.filter((r) => r.status !== null).map((r) => r.report_id));
  const readOnly = detail.access.mode === "read";
  // Who opened the case, for the team working on it; lines in the case list stay in the log but would crowd this out.
  const accessLog = readOnly ? [] : await accessLogFor(actor, "case", c.id, ["list"]);
  return {
    accessLog: accessLog.map((a) => ({ at: formatDateTime(lang, a.at), who: a.display_name, action: a.action })),
    today,
    readOnly,
    transferredAt: detail.access.mode === "read" ? formatDateTime(lang, detail.access.until) : null,
    header: {
      id: c.id,
      model: localize(detail.model.label, lang),
      status: c.status,
      round: c.round,
      opened: formatDateTime(lang, c.opened_at),
      origin:
        c.origin === "report" ? translate(lang, "cases.origin.report") : optionLabel(caseContent.concernSources, c.concern_source, lang),
      summary: c.summary,
      screeningResult: c.screening_result ? optionLabel(caseContent.screeningResults, c.screening_result, lang) : null,
      outcome: c.outcome ? optionLabel(caseContent.outcomes, c.outcome, lang) : null,
      outcomeId: c.outcome,
      closureNote: c.closure_note,
      monitoringUntil: day(c.monitoring_until),
      checkinOn: day(c.checkin_on),
      closedAt: c.closed_at ? formatDateTime(lang, c.closed_at) : null,
    },
    reports: detail.reports.map((r) => ({
      id: r.report_id,
      visible: r.status !== null,
    })),
    teamWarning: detail.teamSize < detail.model.teamMinimum ? { size: detail.teamSize, minimum: detail.model.teamMinimum } : null,
    peerSupporterWarning: peerSupporterWarning(detail),
    overdueReferrals: detail.overdueReferrals,
    people: detail.people.map((p) => ({
      ...p,
      roleLabel: optionLabel(caseContent.personRoles, p.role, lang),
    })),
    tasks: detail.tasks.map((task) => {
      const step = caseStep(c.model, task.step_id);
      return {
        id: task.id,
        step: step ? localize(step.label, lang) : task.step_id,
        hint: step ? localize(step.hint, lang) : "",
        records: step?.records ?? "note",
        round: task.round,
        person: task.person_name
          ? {
              name: task.person_name,
              role: task.person_role,
              roleLabel: optionLabel(caseContent.personRoles, task.person_role, lang),
              classLabel: task.person_class ?? "",
            }
          : null,
        ownerId: task.owner_id,
        owner: task.owner_name,
        dueOn: task.due_on,
        due: formatLocalDate(lang, task.due_on),
        overdue: isOverdue(task.due_on, today),
      };
    }),
    staff: detail.staff.map((s) => ({ id: s.id, name: s.display_name })),
    linkableReports: detail.linkableReports.map((r) => ({
      id: r.id,
      submitted: formatDateTime(lang, r.submitted_at),
    })),
    timeline: caseTimeline(detail.events, c.model, readableReports, lang),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = requireActor(context);
  const { caseId } = requireEditableCase(context);
  const form = await readForm(request);
  const intent = formString(form, "intent");
  const parse = <S extends Parameters<typeof parseForm>[1]>(schema: S) => parseForm(form, schema, "cases.error.invalid");
  const invalid = (r: Omit<CaseActionResult, "error"> & { error: MessageKey }) => data<CaseActionResult>(r, 400);
  const done = <T,>(
    result: CaseResult<T>,
    r: Omit<CaseActionResult, "error">,
    anchor: string,
    dateKey: MessageKey = "cases.error.heldOn",
  ) => {
    if (result.ok) return redirect(`/school/cases/${caseId}#${anchor}`);
    if (result.problem === "not_found") throw notFound();
    return invalid({
      ...r,
      error: result.problem === "date" ? dateKey : caseProblemKey[result.problem],
    });
  };

  switch (intent) {
    case "person-add": {
      const p = parse(personSchema);
      if (!p.ok) return invalid({ form: intent, error: p.error });
      return done(await addPerson(actor, caseId, p.data), { form: intent }, "people");
    }
    case "person-update": {
      const personId = idField(form, "personId");
      const p = parse(personSchema);
      if (!p.ok) return invalid({ form: intent, personId, error: p.error });
      return done(await updatePerson(actor, caseId, personId, p.data), { form: intent, personId }, "people");
    }
    case "screen": {
      const s = parse(screeningSchema);
      if (!s.ok) return invalid({ form: intent, error: s.error });
      return done(await screenCase(actor, caseId, s.data), { form: intent }, "tasks");
    }
    case "record": {
      const recorded = await recordStepFromForm(actor, form, caseId);
      return recorded.error
        ? invalid({ form: intent, taskId: recorded.taskId, error: recorded.error })
        : redirect(`/school/cases/${caseId}#chronology`);
    }
    case "assign": {
      const taskId = idField(form, "taskId");
      const a = parse(assignSchema);
      if (!a.ok) return invalid({ form: intent, taskId, error: a.error });
      return done(
        await assignTask(actor, caseId, taskId, { ownerId: a.data.ownerId, dueOn: a.data.dueOn }),
        { form: intent, taskId },
        "tasks",
        "cases.error.dueOn",
      );
    }
    case "note": {
      const n = parse(noteSchema);
      if (!n.ok) return invalid({ form: intent, error: n.error });
      return done(await addCaseNote(actor, caseId, n.data.content), { form: intent }, "chronology");
    }
    case "link-report": {
      const l = parseForm(form, linkReportSchema, "cases.error.reports");
      if (!l.ok) return invalid({ form: intent, error: "cases.error.reports" });
      return done(await linkReportToCase(actor, caseId, l.data.reportId), { form: intent }, "reports");
    }
    case "close": {
      const cl = parse(closeSchema);
      if (!cl.ok) return invalid({ form: intent, error: cl.error });
      return done(await closeCase(actor, caseId, cl.data), { form: intent }, "top");
    }
    case "reopen": {
      const ro = parse(reopenSchema);
      if (!ro.ok) return invalid({ form: intent, error: ro.error });
      return done(await reopenCaseByTeam(actor, caseId, ro.data.reason), { form: intent }, "tasks");
    }
    default:
      return invalid({ form: "", error: "cases.error.invalid" });
  }
}

export type CasePageData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function CasePage() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const { header, readOnly } = page;
  const active = header.status !== "closed";
  return (
    <>
      <p>
        <Link to="/school/cases">← {t("cases.back")}</Link>
      </p>
      <CaseSummary page={page} result={result} />
      <CasePeople page={page} result={result} />
      {!readOnly && header.status === "screening" && <CaseScreening page={page} result={result} />}
      {!readOnly && (header.status === "open" || header.status === "monitoring") && <CaseTasks page={page} result={result} />}
      {!readOnly && <CaseNote result={result} />}
      {!readOnly && active && <CaseClosing page={page} result={result} />}
      {!readOnly && (header.status === "closed" || header.status === "monitoring") && <CaseReopening page={page} result={result} />}
      <CaseChronology page={page} />
      {page.accessLog.length > 0 && <CaseAccessLog page={page} />}
    </>
  );
}
