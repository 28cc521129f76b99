import { stepRecordSchema } from "~/domain/cases/case-input";
import { recordStep } from "~/domain/cases/case-tasks.server";
import type { CaseProblem } from "~/domain/cases/case-result";
import type { Actor } from "~/domain/policy/policy.server";
import type { MessageKey } from "~/i18n/dictionary";
import { idField, notFound, parseForm } from "./form.server";

/** What a case page or "My tasks" tells the person a change was refused for. */
export const caseProblemKey: Record<Exclude<CaseProblem, "not_found">, MessageKey> = {
  status: "cases.error.status",
  report_taken: "cases.error.reportTaken",
  date: "cases.error.heldOn",
  result: "cases.error.result",
  review_by: "cases.error.reviewBy",
  owner: "cases.error.owner",
  task_done: "cases.error.taskDone",
};

/**
 * The step form (components/case-step-form.tsx) posted from a case page (`inCase`: only that
 * case's tasks) or from "My tasks": parsed, written down, or refused with the message for the
 * form. A task the actor may not see answers 404, like a missing one.
 */
export async function recordStepFromForm(actor: Actor, form: FormData, inCase?: number): Promise<{ taskId: number; error?: MessageKey }> {
  const taskId = idField(form, "taskId");
  const parsed = parseForm(form, stepRecordSchema, "cases.error.invalid");
  if (!parsed.ok) return { taskId, error: parsed.error };
  const { taskId: _, ...record } = parsed.data;
  const result = await recordStep(actor, taskId, record, inCase);
  if (result.ok) return { taskId };
  if (result.problem === "not_found") throw notFound();
  return { taskId, error: caseProblemKey[result.problem] };
}
