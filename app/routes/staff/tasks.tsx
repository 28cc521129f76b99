import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "react-router";
import { Link, useActionData, useLoaderData, useSearchParams } from "react-router";
import { StepRecordForm } from "~/components/case-step-form";
import { caseContent, caseStep } from "~/content/case-models";
import { localToday } from "~/domain/calendar/local-date";
import { myOpenTasks } from "~/domain/cases/case-tasks.server";
import { formatLocalDate, isOverdue } from "~/domain/cases/case-workflow";
import { may } from "~/domain/policy/policy.server";
import { recordStepFromForm } from "~/http/case-step.server";
import { formString, readForm } from "~/http/form.server";
import { requireActor } from "~/http/staff-session.server";
import type { MessageKey } from "~/i18n/dictionary";
import { localize, useT } from "~/i18n/i18n";
import { resolveLanguage } from "~/i18n/language";
import { titleMeta } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "cases.tasks.title");

// A teacher outside the case team sees only what their task needs: the step, its hint, the
// due date, the case number and the person it concerns; never the rest of the case.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(context);
  if (!may(actor, "do:task:school")) throw new Response(null, { status: 403 });
  const today = localToday();
  const tasks = await myOpenTasks(actor);
  const lang = resolveLanguage(request, actor.user.language);
  const onTeam = may(actor, "work:case:school");
  return {
    today,
    onTeam,
    tasks: tasks.map((task) => {
      const step = caseStep(task.model, task.step_id);
      const role = caseContent.personRoles.find((r) => r.id === task.person_role);
      return {
        id: task.id,
        caseId: task.case_id,
        step: step ? localize(step.label, lang) : task.step_id,
        hint: step ? localize(step.hint, lang) : "",
        records: step?.records ?? "note",
        due: formatLocalDate(lang, task.due_on),
        overdue: isOverdue(task.due_on, today),
        person: task.person_name
          ? {
              name: task.person_name,
              classLabel: task.person_class ?? "",
              role: task.person_role,
              roleLabel: onTeam && role ? localize(role.label, lang) : null,
            }
          : null,
      };
    }),
  };
}

type ActionResult = { taskId: number; error: MessageKey };

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(context);
  if (!may(actor, "do:task:school")) throw new Response(null, { status: 403 });
  const form = await readForm(request);
  if (formString(form, "intent") !== "record") return data({ taskId: 0, error: "cases.error.invalid" as MessageKey }, 400);
  const recorded = await recordStepFromForm(actor, form);
  if (!recorded.error) return redirect("/staff/tasks?recorded=1");
  return data<ActionResult>({ taskId: recorded.taskId, error: recorded.error }, 400);
}

export default function MyTasks() {
  const { today, onTeam, tasks } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  return (
    <section className="card">
      <h1>{t("cases.tasks.title")}</h1>
      {params.get("recorded") && (
        <p className="notice" role="status">
          {t("cases.tasks.recorded")}
        </p>
      )}
      {result && !tasks.some((task) => task.id === result.taskId) && (
        <p className="problem" role="alert">
          {t(result.error)}
        </p>
      )}
      {tasks.length === 0 ? (
        <p>{t("cases.tasks.empty")}</p>
      ) : (
        <ol className="plain entries">
          {tasks.map((task) => (
            <li key={task.id} className={task.overdue ? "task overdue" : "task"}>
              <h2>{task.step}</h2>
              <p className="small">
                {task.overdue && <strong className="badge danger">{t("cases.overdue")}</strong>} {t("cases.dueOn", { date: task.due })} ·{" "}
                {onTeam ? (
                  <Link to={`/school/cases/${task.caseId}`}>{t("cases.caseNumber", { id: task.caseId })}</Link>
                ) : (
                  t("cases.caseNumber", { id: task.caseId })
                )}
              </p>
              {task.person && (
                <p>
                  {t("cases.tasks.concerns")} <strong>{task.person.name}</strong>
                  {task.person.classLabel && `, ${task.person.classLabel}`}
                  {task.person.roleLabel && ` (${task.person.roleLabel})`}
                </p>
              )}
              <p className="hint">{task.hint}</p>
              <details open={result?.taskId === task.id}>
                <summary>{t("cases.record.title")}</summary>
                <StepRecordForm
                  taskId={task.id}
                  records={task.records}
                  personRole={task.person?.role ?? null}
                  today={today}
                  error={result?.taskId === task.id ? result.error : undefined}
                />
              </details>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
