import { Form } from "react-router";
import { StepRecordForm } from "~/components/case-step-form";
import { useT } from "~/i18n/i18n";
import type { CasePageData } from "~/routes/school/cases/$caseId/index";
import { FormError, type CaseActionResult } from "./case-form-error";

/** The open tasks of the round: write each step down, or give it to someone else. */
export function CaseTasks({ page, result }: { page: CasePageData; result: CaseActionResult | undefined }) {
  const t = useT();
  return (
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
                {task.overdue ? <strong className="badge danger">{t("cases.overdue")}</strong> : null}{" "}
                {t("cases.dueOn", { date: task.due })} · {t("cases.owner", { name: task.owner })} ·{" "}
                {t("cases.roundShort", { round: task.round })}
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
  );
}
