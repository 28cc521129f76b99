import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "react-router";
import { Form, Link, useActionData, useLoaderData } from "react-router";
import { StepRecordForm } from "~/components/case-step-form";
import { caseContent, caseStep } from "~/content/case-models";
import type { Localized } from "~/content/content";
import { accessLogFor } from "~/domain/audit/access-log.server";
import { localToday } from "~/domain/calendar/local-date";
import {
  assignSchema,
  CASE_LIMITS,
  closeSchema,
  firstProblem,
  linkReportSchema,
  noteSchema,
  personSchema,
  recordId,
  reopenSchema,
  screeningSchema,
  stepRecordSchema,
} from "~/domain/cases/case-input";
import { assignTask, recordStep } from "~/domain/cases/case-tasks.server";
import { formatLocalDate, isOverdue } from "~/domain/cases/case-workflow";
import {
  addCaseNote,
  addPerson,
  caseDetail,
  closeCase,
  linkReportToCase,
  parsePersonSnapshot,
  reopenCaseByTeam,
  screenCase,
  updatePerson,
  type CaseProblem,
  type CaseResult,
} from "~/domain/cases/cases.server";
import { requireCase, requireEditableCase } from "~/http/case-request.server";
import { formString, readForm } from "~/http/form.server";
import { requireActor } from "~/http/staff-session.server";
import { dictionaries, type MessageKey } from "~/i18n/dictionary";
import { formatDateTime, localize, translate, useLang, useT } from "~/i18n/i18n";
import { resolveLanguage } from "~/i18n/language";
import { titleMeta } from "~/i18n/meta";
import type { Language } from "../../../../../db/schema";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "cases.case.title");

// Another school's case and a case that does not exist answer alike: 404.
const notFound = () => new Response(null, { status: 404 });

const labelOf = (list: ReadonlyArray<{ id: string; label: Localized }>, id: string | null, lang: Language) => {
  const found = list.find((o) => o.id === id);
  return found ? localize(found.label, lang) : id ?? "";
};

type Detail = NonNullable<Awaited<ReturnType<typeof caseDetail>>>;

/** One chronology entry worded for the reader: every field the event has, in their language. */
function timelineEntry(e: Detail["events"][number], round: number, detail: Detail, lang: Language) {
  const tr = (key: MessageKey, vars?: Record<string, string | number>) => translate(lang, key, vars);
  const kindKey = `cases.event.${e.kind}`;
  const step = e.step_id ? caseStep(detail.case.model, e.step_id) : undefined;
  const who = e.display_name ?? (e.user_id === null && e.kind === "checkin" ? tr("cases.timeline.reporter") : tr("cases.timeline.system"));
  let person = e.person_name ? `${e.person_name}${e.person_role ? ` (${labelOf(caseContent.personRoles, e.person_role, lang)})` : ""}` : null;
  let participants = e.participants;
  let participantsLabel: MessageKey = "cases.timeline.participants";
  let content = e.content;
  let result: string | null = e.result;
  let resultLabel: MessageKey = "cases.timeline.result";
  let reportId: number | null = null;
  switch (e.kind) {
    case "opened":
      resultLabel = "cases.origin";
      result = e.result === "report" ? tr("cases.origin.report") : labelOf(caseContent.concernSources, e.result, lang);
      break;
    case "report_linked": {
      // A link, so the reporter's conversation stays one click away (when this school may read it).
      const id = /^\d+$/.test(e.content) ? Number(e.content) : null;
      const readable = id !== null && detail.reports.some((r) => r.report_id === id && r.status !== null);
      reportId = readable ? id : null;
      content = readable ? "" : tr("cases.reportNumber", { id: e.content });
      break;
    }
    case "screened":
      participants = e.participants
        .split(",")
        .filter(Boolean)
        .map((id) => labelOf(caseContent.screeningCriteria, id, lang))
        .join("; ");
      participantsLabel = "cases.timeline.criteria";
      result = labelOf(caseContent.screeningResults, e.result, lang);
      break;
    case "person_added":
    case "person_updated": {
      const snapshot = parsePersonSnapshot(e.content);
      if (snapshot) {
        person = `${snapshot.name}${snapshot.classLabel ? `, ${snapshot.classLabel}` : ""} (${labelOf(caseContent.personRoles, snapshot.role, lang)})`;
        content = snapshot.notes;
      }
      result = null;
      break;
    }
    case "step":
      if (step?.records === "plan") {
        resultLabel = "cases.record.reviewBy";
        result = e.result && /^\d{4}-\d{2}-\d{2}$/.test(e.result) ? formatLocalDate(lang, e.result) : e.result;
      } else result = e.result ? labelOf(caseContent.followUpResults, e.result, lang) : null;
      break;
    case "task_assigned":
      participantsLabel = "cases.timeline.owner";
      resultLabel = "cases.assign.dueOn";
      result = e.result && /^\d{4}-\d{2}-\d{2}$/.test(e.result) ? formatLocalDate(lang, e.result) : e.result;
      break;
    case "escalated":
    case "reopened":
      resultLabel = "cases.round";
      result = String(round);
      break;
    case "monitoring_started":
    case "closed":
      resultLabel = "cases.outcome";
      result = labelOf(caseContent.outcomes, e.result, lang);
      break;
    case "checkin":
      result = e.result === "stopped" || e.result === "started_again" ? tr(`cases.checkin.${e.result}`) : e.result;
      break;
  }
  return {
    id: e.id,
    label: kindKey in dictionaries[lang] ? tr(kindKey as MessageKey) : e.kind,
    who,
    when: formatDateTime(lang, e.at),
    step: step ? localize(step.label, lang) : null,
    heldOn: e.held_on && e.kind !== "monitoring_started" ? formatLocalDate(lang, e.held_on) : null,
    until: e.kind === "monitoring_started" && e.held_on ? formatLocalDate(lang, e.held_on) : null,
    person,
    participants,
    participantsLabel,
    content,
    result,
    resultLabel,
    reportId,
  };
}

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
  let round = 1;
  const timeline = detail.events.map((e) => {
    if (e.kind === "escalated" || e.kind === "reopened") round += 1;
    return timelineEntry(e, round, detail, lang);
  });
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
      origin: c.origin === "report" ? translate(lang, "cases.origin.report") : labelOf(caseContent.concernSources, c.concern_source, lang),
      summary: c.summary,
      screeningResult: c.screening_result ? labelOf(caseContent.screeningResults, c.screening_result, lang) : null,
      outcome: c.outcome ? labelOf(caseContent.outcomes, c.outcome, lang) : null,
      outcomeId: c.outcome,
      closureNote: c.closure_note,
      monitoringUntil: day(c.monitoring_until),
      checkinOn: day(c.checkin_on),
      closedAt: c.closed_at ? formatDateTime(lang, c.closed_at) : null,
    },
    reports: detail.reports.map((r) => ({ id: r.report_id, visible: r.status !== null })),
    teamWarning: detail.teamSize < detail.model.teamMinimum ? { size: detail.teamSize, minimum: detail.model.teamMinimum } : null,
    peerSupporterWarning: peerSupporterWarning(detail),
    overdueReferrals: detail.overdueReferrals,
    people: detail.people.map((p) => ({ ...p, roleLabel: labelOf(caseContent.personRoles, p.role, lang) })),
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
              roleLabel: labelOf(caseContent.personRoles, task.person_role, lang),
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
    linkableReports: detail.linkableReports.map((r) => ({ id: r.id, submitted: formatDateTime(lang, r.submitted_at) })),
    timeline,
  };
}

type ActionResult = { form: string; error: MessageKey; taskId?: number; personId?: number };

const problemKey: Record<Exclude<CaseProblem, "not_found">, MessageKey> = {
  status: "cases.error.status",
  report_taken: "cases.error.reportTaken",
  date: "cases.error.heldOn",
  result: "cases.error.result",
  review_by: "cases.error.reviewBy",
  owner: "cases.error.owner",
  task_done: "cases.error.taskDone",
};

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = requireActor(context);
  const { caseId } = requireEditableCase(context);
  const form = await readForm(request);
  const field = (name: string) => formString(form, name);
  const intent = field("intent");
  const invalid = (r: Omit<ActionResult, "error"> & { error: MessageKey }) => data<ActionResult>(r, 400);
  const done = <T,>(result: CaseResult<T>, r: Omit<ActionResult, "error">, anchor: string, dateKey: MessageKey = "cases.error.heldOn") => {
    if (result.ok) return redirect(`/school/cases/${caseId}#${anchor}`);
    if (result.problem === "not_found") throw notFound();
    return invalid({ ...r, error: result.problem === "date" ? dateKey : problemKey[result.problem] });
  };

  switch (intent) {
    case "person-add": {
      const p = personSchema.safeParse({ role: field("role"), name: field("name"), classLabel: field("classLabel"), notes: field("notes") });
      if (!p.success) return invalid({ form: intent, error: firstProblem(p.error) });
      return done(await addPerson(actor, caseId, p.data), { form: intent }, "people");
    }
    case "person-update": {
      const personId = recordId.safeParse(field("personId"));
      if (!personId.success) throw notFound();
      const p = personSchema.safeParse({ role: field("role"), name: field("name"), classLabel: field("classLabel"), notes: field("notes") });
      if (!p.success) return invalid({ form: intent, personId: personId.data, error: firstProblem(p.error) });
      return done(await updatePerson(actor, caseId, personId.data, p.data), { form: intent, personId: personId.data }, "people");
    }
    case "screen": {
      const s = screeningSchema.safeParse({ criteria: form.getAll("criteria"), result: field("result"), note: field("note") });
      if (!s.success) return invalid({ form: intent, error: firstProblem(s.error) });
      return done(await screenCase(actor, caseId, s.data), { form: intent }, "tasks");
    }
    case "record": {
      const r = stepRecordSchema.safeParse({
        taskId: field("taskId"),
        heldOn: field("heldOn"),
        participants: field("participants"),
        content: field("content"),
        result: field("result"),
        reviewBy: field("reviewBy"),
      });
      const taskId = recordId.safeParse(field("taskId"));
      if (!taskId.success) throw notFound();
      if (!r.success) return invalid({ form: intent, taskId: taskId.data, error: firstProblem(r.error) });
      const { taskId: _, ...record } = r.data;
      return done(await recordStep(actor, taskId.data, record, caseId), { form: intent, taskId: taskId.data }, "chronology");
    }
    case "assign": {
      const a = assignSchema.safeParse({ taskId: field("taskId"), ownerId: field("ownerId"), dueOn: field("dueOn") });
      const taskId = recordId.safeParse(field("taskId"));
      if (!taskId.success) throw notFound();
      if (!a.success) return invalid({ form: intent, taskId: taskId.data, error: firstProblem(a.error) });
      return done(
        await assignTask(actor, caseId, taskId.data, { ownerId: a.data.ownerId, dueOn: a.data.dueOn }),
        { form: intent, taskId: taskId.data },
        "tasks",
        "cases.error.dueOn"
      );
    }
    case "note": {
      const n = noteSchema.safeParse({ content: field("content") });
      if (!n.success) return invalid({ form: intent, error: firstProblem(n.error) });
      return done(await addCaseNote(actor, caseId, n.data.content), { form: intent }, "chronology");
    }
    case "link-report": {
      const l = linkReportSchema.safeParse({ reportId: field("reportId") });
      if (!l.success) return invalid({ form: intent, error: "cases.error.reports" });
      return done(await linkReportToCase(actor, caseId, l.data.reportId), { form: intent }, "reports");
    }
    case "close": {
      const cl = closeSchema.safeParse({ outcome: field("outcome"), note: field("note") });
      if (!cl.success) return invalid({ form: intent, error: firstProblem(cl.error) });
      return done(await closeCase(actor, caseId, cl.data), { form: intent }, "top");
    }
    case "reopen": {
      const ro = reopenSchema.safeParse({ reason: field("reason") });
      if (!ro.success) return invalid({ form: intent, error: firstProblem(ro.error) });
      return done(await reopenCaseByTeam(actor, caseId, ro.data.reason), { form: intent }, "tasks");
    }
    default:
      return invalid({ form: "", error: "cases.error.invalid" });
  }
}

function FormError({ result, form, taskId, personId }: { result: ActionResult | undefined; form: string; taskId?: number; personId?: number }) {
  const t = useT();
  if (!result || result.form !== form || result.taskId !== taskId || result.personId !== personId) return null;
  return (
    <p className="field-error" role="alert">
      {t(result.error)}
    </p>
  );
}

function PersonFields({ prefix, person }: { prefix: string; person?: { role: string; name: string; classLabel: string; notes: string } }) {
  const t = useT();
  const lang = useLang();
  return (
    <>
      <label htmlFor={`${prefix}-name`}>{t("cases.person.name")}</label>
      <input id={`${prefix}-name`} name="name" required maxLength={CASE_LIMITS.name} defaultValue={person?.name} autoComplete="off" />
      <label htmlFor={`${prefix}-role`}>{t("cases.person.role")}</label>
      <select id={`${prefix}-role`} name="role" required defaultValue={person?.role ?? ""}>
        <option value="">{t("cases.choose")}</option>
        {caseContent.personRoles.map((r) => (
          <option key={r.id} value={r.id}>
            {localize(r.label, lang)}
          </option>
        ))}
      </select>
      <label htmlFor={`${prefix}-class`}>{t("cases.person.class")}</label>
      <p className="hint" id={`${prefix}-class-hint`}>
        {t("cases.person.classHint")}
      </p>
      <input
        id={`${prefix}-class`}
        name="classLabel"
        maxLength={CASE_LIMITS.classLabel}
        defaultValue={person?.classLabel}
        aria-describedby={`${prefix}-class-hint`}
        autoComplete="off"
      />
      <label htmlFor={`${prefix}-notes`}>{t("cases.person.notes")}</label>
      <textarea id={`${prefix}-notes`} name="notes" rows={2} maxLength={CASE_LIMITS.notes} defaultValue={person?.notes} />
    </>
  );
}

const accessActionKey = (action: string): MessageKey =>
  action === "update" || action === "download" ? `cases.access.${action}` : "cases.access.view";

export default function CasePage() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const lang = useLang();
  const { header, readOnly } = page;
  const active = header.status !== "closed";
  // An answer about a task no longer listed (written down a moment ago by someone else) has no form to sit by.
  const taskGone = result?.taskId !== undefined && !page.tasks.some((task) => task.id === result.taskId) ? result.error : undefined;
  return (
    <>
      <p>
        <Link to="/school/cases">← {t("cases.back")}</Link>
      </p>
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
            {t("cases.teamWarning", { size: page.teamWarning.size, minimum: page.teamWarning.minimum })}{" "}
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
                    {r.visible ? <Link to={`/school/reports/${r.id}`}>{t("cases.reportNumber", { id: r.id })}</Link> : t("cases.reportNumber", { id: r.id })}
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

      <section className="card" id="people" aria-labelledby="people-title">
        <h2 id="people-title">{t("cases.people")}</h2>
        <p className="hint">{t("cases.peopleHint")}</p>
        {page.people.length === 0 ? (
          <p>{t("cases.peopleNone")}</p>
        ) : (
          <ul className="plain entries">
            {page.people.map((p) => (
              <li key={p.id}>
                <strong>{p.name}</strong>
                {p.classLabel && <>, {p.classLabel}</>} — {p.roleLabel}
                {p.notes && <p className="body small">{p.notes}</p>}
                {!readOnly && (
                  <details open={result?.form === "person-update" && result.personId === p.id}>
                    <summary>{t("cases.person.edit", { name: p.name })}</summary>
                    <Form method="post">
                      <input type="hidden" name="intent" value="person-update" />
                      <input type="hidden" name="personId" value={p.id} />
                      <PersonFields prefix={`person-${p.id}`} person={p} />
                      <FormError result={result} form="person-update" personId={p.id} />
                      <button type="submit" className="button secondary">
                        {t("cases.person.save")}
                      </button>
                    </Form>
                  </details>
                )}
              </li>
            ))}
          </ul>
        )}
        {!readOnly && active && (
          <details open={result?.form === "person-add" || page.people.length === 0}>
            <summary>{t("cases.person.add")}</summary>
            <Form method="post">
              <input type="hidden" name="intent" value="person-add" />
              <PersonFields prefix="new-person" />
              <FormError result={result} form="person-add" />
              <button type="submit" className="button">
                {t("cases.person.addSubmit")}
              </button>
            </Form>
          </details>
        )}
      </section>

      {!readOnly && header.status === "screening" && (
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
      )}

      {!readOnly && (header.status === "open" || header.status === "monitoring") && (
        <section className="card" id="tasks" aria-labelledby="tasks-title">
          <h2 id="tasks-title">{t("cases.tasks")}</h2>
          {page.tasks.length === 0 ? (
            <p>{t("cases.tasksNone")}</p>
          ) : (
            <ol className="plain entries">
              {page.tasks.map((task) => (
                <li key={task.id} className={task.overdue ? "task overdue" : "task"}>
                  <h3>
                    {task.step}
                    {task.person && (
                      <>
                        {" "}
                        · {task.person.name}
                        {task.person.classLabel && `, ${task.person.classLabel}`}
                      </>
                    )}
                  </h3>
                  <p className="small">
                    {task.overdue ? <strong className="badge danger">{t("cases.overdue")}</strong> : null} {t("cases.dueOn", { date: task.due })} ·{" "}
                    {t("cases.owner", { name: task.owner })} · {t("cases.roundShort", { round: task.round })}
                  </p>
                  <p className="hint">{task.hint}</p>
                  <details open={result?.form === "record" && result.taskId === task.id}>
                    <summary>{t("cases.record.title")}</summary>
                    <StepRecordForm
                      taskId={task.id}
                      records={task.records}
                      personRole={task.person?.role ?? null}
                      today={page.today}
                      error={result?.form === "record" && result.taskId === task.id ? result.error : undefined}
                    />
                  </details>
                  <details open={result?.form === "assign" && result.taskId === task.id}>
                    <summary>{t("cases.assign.title")}</summary>
                    <Form method="post">
                      <input type="hidden" name="intent" value="assign" />
                      <input type="hidden" name="taskId" value={task.id} />
                      <label htmlFor={`assign-${task.id}-owner`}>{t("cases.assign.owner")}</label>
                      <select id={`assign-${task.id}-owner`} name="ownerId" defaultValue={task.ownerId}>
                        {page.staff.map((s) => (
                          <option key={s.id} value={s.id}>
                            {s.name}
                          </option>
                        ))}
                      </select>
                      <label htmlFor={`assign-${task.id}-due`}>{t("cases.assign.dueOn")}</label>
                      <input id={`assign-${task.id}-due`} name="dueOn" type="date" required defaultValue={task.dueOn} />
                      <FormError result={result} form="assign" taskId={task.id} />
                      <button type="submit" className="button secondary">
                        {t("cases.assign.save")}
                      </button>
                    </Form>
                  </details>
                </li>
              ))}
            </ol>
          )}
        </section>
      )}

      {!readOnly && (
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
      )}

      {!readOnly && active && (
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
      )}

      {!readOnly && (header.status === "closed" || header.status === "monitoring") && (
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
      )}

      <section className="card" id="chronology" aria-labelledby="chronology-title">
        <h2 id="chronology-title">{t("cases.chronology")}</h2>
        <ol className="plain timeline">
          {page.timeline.map((e) => (
            <li key={e.id}>
              <p className="who">
                <strong>{e.label}</strong>
                {e.step && <> · {e.step}</>} · {e.when} · {e.who}
              </p>
              {(e.person || e.heldOn || e.until || e.participants || e.result) && (
                <dl className="facts small">
                  {e.person && (
                    <>
                      <dt>{t("cases.timeline.person")}</dt>
                      <dd>{e.person}</dd>
                    </>
                  )}
                  {e.heldOn && (
                    <>
                      <dt>{t("cases.timeline.heldOn")}</dt>
                      <dd>{e.heldOn}</dd>
                    </>
                  )}
                  {e.until && (
                    <>
                      <dt>{t("cases.monitoringUntil")}</dt>
                      <dd>{e.until}</dd>
                    </>
                  )}
                  {e.participants && (
                    <>
                      <dt>{t(e.participantsLabel)}</dt>
                      <dd>{e.participants}</dd>
                    </>
                  )}
                  {e.result && (
                    <>
                      <dt>{t(e.resultLabel)}</dt>
                      <dd>{e.result}</dd>
                    </>
                  )}
                </dl>
              )}
              {e.reportId !== null && (
                <p>
                  <Link to={`/school/reports/${e.reportId}`}>{t("cases.reportNumber", { id: e.reportId })}</Link>
                </p>
              )}
              {e.content && <p className="body">{e.content}</p>}
            </li>
          ))}
        </ol>
      </section>

      {page.accessLog.length > 0 && (
        <section className="card" aria-labelledby="access-title">
          <h2 id="access-title">{t("cases.access.title")}</h2>
          <ul className="plain small">
            {page.accessLog.map((a, i) => (
              <li key={i}>{`${a.at} · ${a.who} · ${t(accessActionKey(a.action))}`}</li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
