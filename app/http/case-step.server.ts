import { firstProblem, recordId, stepRecordSchema } from "~/domain/cases/case-input";
import { recordStep } from "~/domain/cases/case-tasks.server";
import type { CaseProblem } from "~/domain/cases/case-result";
import type { Actor } from "~/domain/policy/policy.server";
import type { MessageKey } from "~/i18n/dictionary";
import { formString } from "./form.server";

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
  const field = (name: string) => formString(form, name);
  const taskId = recordId.safeParse(field("taskId"));
  if (!taskId.success) throw new Response(null, { status: 404 });
  const parsed = stepRecordSchema.safeParse({
    taskId: field("taskId"),
    heldOn: field("heldOn"),
    participants: field("participants"),
    content: field("content"),
    result: field("result"),
    reviewBy: field("reviewBy"),
  });
  if (!parsed.success) return { taskId: taskId.data, error: firstProblem(parsed.error) };
  const { taskId: _, ...record } = parsed.data;
  const result = await recordStep(actor, taskId.data, record, inCase);
  if (result.ok) return { taskId: taskId.data };
  if (result.problem === "not_found") throw new Response(null, { status: 404 });
  return { taskId: taskId.data, error: caseProblemKey[result.problem] };
}
