import { SCHOOL_STAFF_ROLES } from "~/domain/auth/invite-input";
import { sql } from "kysely";
import { caseStep } from "~/content/case-models";
import { logAccess, logAccessMany } from "../audit/access-log.server";
import { addDays, localDateOf, localToday, schoolNowIso } from "../calendar/local-date";
import { casesEditableBy, may, tasksVisibleTo, type Actor } from "../policy/policy.server";
import { recordCaseEvent } from "./case-events.server";
import type { StepRecordInput } from "./case-input";
import { continueOrEndMonitoring, escalateCase } from "./case-lifecycle.server";
import type { CaseProblem, CaseResult } from "./case-result";
import { escalates, nextRepeatDue } from "./case-workflow";

// A case's steps as tasks with an owner and a due date. Everyone at a school sees the open
// tasks given to them; the case team sees every task of its cases. Open means `done_at is null`:
// closing or escalating a case marks what it no longer needs as done by that event.

/** The open tasks the actor owns, overdue (earliest due) first, with what the task page may show of the case. */
export async function myOpenTasks(actor: Actor) {
  const tasks = await tasksVisibleTo(actor)
    .innerJoin("cases", "cases.id", "case_tasks.case_id")
    .leftJoin("case_people", "case_people.id", "case_tasks.person_id")
    .select([
      "case_tasks.id",
      "case_tasks.case_id",
      "case_tasks.step_id",
      "case_tasks.round",
      "case_tasks.due_on",
      "cases.model",
      "case_people.name as person_name",
      "case_people.class_label as person_class",
      "case_people.role as person_role",
    ])
    .where("case_tasks.owner_id", "=", actor.user.id)
    .where("case_tasks.done_at", "is", null)
    .orderBy("case_tasks.due_on")
    .orderBy("case_tasks.id")
    .limit(500)
    .execute();
  // A task names a child of the case: the page is a view of that case.
  await logAccessMany(
    actor,
    "view",
    "case",
    tasks.map((t) => t.case_id),
  );
  return tasks;
}

/** How many of the actor's open tasks are past their due date, and how many are due today. */
export async function dueTaskCounts(actor: Actor, today: string): Promise<{ overdue: number; dueToday: number }> {
  const row = await tasksVisibleTo(actor)
    .select([
      sql<number>`coalesce(sum(case_tasks.due_on < ${today}), 0)`.as("overdue"),
      sql<number>`coalesce(sum(case_tasks.due_on = ${today}), 0)`.as("due_today"),
    ])
    .where("case_tasks.owner_id", "=", actor.user.id)
    .where("case_tasks.done_at", "is", null)
    .where("case_tasks.due_on", "<=", today)
    .executeTakeFirstOrThrow();
  return { overdue: Number(row.overdue), dueToday: Number(row.due_today) };
}

/** A case task can be given to the people who work in the school. */
function isSchoolStaffRole(role: string): boolean {
  return (SCHOOL_STAFF_ROLES as readonly string[]).includes(role);
}

/** Staff of the actor's school a case task can be given to. */
export async function assignableStaff(actor: Actor) {
  if (!may(actor, "work:case:school")) return [];
  return actor.db
    .selectFrom("users")
    .select(["id", "display_name", "role"])
    .where("school_id", "=", actor.user.school_id!)
    .where("role", "in", SCHOOL_STAFF_ROLES)
    .orderBy("display_name")
    .execute();
}

/** Gives an open task to another staff member of the school and/or moves its due date (case team only). */
export async function assignTask(
  actor: Actor,
  caseId: number,
  taskId: number,
  change: { ownerId: number; dueOn: string },
): Promise<CaseResult<number>> {
  if (!may(actor, "work:case:school")) return { ok: false, problem: "not_found" };
  const task = await tasksVisibleTo(actor)
    .innerJoin("cases", "cases.id", "case_tasks.case_id")
    .select(["case_tasks.id", "case_tasks.case_id", "case_tasks.step_id", "case_tasks.person_id", "case_tasks.done_at", "cases.opened_at"])
    .where("case_tasks.id", "=", taskId)
    .where("case_tasks.case_id", "=", caseId)
    .where("case_tasks.case_id", "in", casesEditableBy(actor).select("cases.id"))
    .executeTakeFirst();
  if (!task) return { ok: false, problem: "not_found" };
  if (task.done_at !== null) return { ok: false, problem: "task_done" };
  const today = localToday();
  if (change.dueOn < localDateOf(task.opened_at) || change.dueOn > addDays(today, 366)) return { ok: false, problem: "date" };
  const owner = await actor.db
    .selectFrom("users")
    .select(["id", "display_name", "role"])
    .where("id", "=", change.ownerId)
    .where("school_id", "=", actor.user.school_id!)
    .executeTakeFirst();
  if (!owner || !isSchoolStaffRole(owner.role)) return { ok: false, problem: "owner" };
  await actor.db.transaction().execute(async (tx) => {
    await tx.updateTable("case_tasks").set({ owner_id: owner.id, due_on: change.dueOn }).where("id", "=", taskId).execute();
    // Who now owns it (as named then) and the new due date.
    await recordCaseEvent(tx, {
      caseId: task.case_id,
      kind: "task_assigned",
      userId: actor.user.id,
      stepId: task.step_id,
      personId: task.person_id,
      participants: owner.display_name,
      result: change.dueOn,
    });
  });
  await logAccess(actor, "update", "case", task.case_id);
  return { ok: true, value: task.case_id };
}

/**
 * Writes a step down (every discussion is) and completes its task. A follow-up that finds the
 * bullying continuing starts the next round; a recurring check-in schedules the next one, and
 * under observation the last one closes the case. Returns the case's id.
 */
export async function recordStep(actor: Actor, taskId: number, record: StepRecordInput, inCase?: number): Promise<CaseResult<number>> {
  let query = tasksVisibleTo(actor).selectAll("case_tasks").where("case_tasks.id", "=", taskId);
  // From a case's page, only that case's tasks.
  if (inCase !== undefined) query = query.where("case_tasks.case_id", "=", inCase);
  const task = await query.executeTakeFirst();
  if (!task) return { ok: false, problem: "not_found" };
  if (task.done_at !== null) return { ok: false, problem: "task_done" };
  const c = await actor.db.selectFrom("cases").selectAll().where("id", "=", task.case_id).executeTakeFirstOrThrow();
  if (c.status !== "open" && c.status !== "monitoring") return { ok: false, problem: "status" };
  const today = localToday();
  // A talk may come before the case was written down (the child came to the psychologist first); a year back catches typos.
  if (record.heldOn > today || record.heldOn < addDays(today, -366)) return { ok: false, problem: "date" };
  const step = caseStep(c.model, task.step_id);
  const isFollowUp = step?.records === "follow_up";
  if (isFollowUp && record.result === null) return { ok: false, problem: "result" };
  // A plan says by when: a day still ahead, within a year.
  const isPlan = step?.records === "plan";
  if (isPlan && (record.reviewBy === null || record.reviewBy <= today || record.reviewBy > addDays(today, 366)))
    return { ok: false, problem: "review_by" };
  const result = isFollowUp ? record.result : isPlan ? record.reviewBy : null;
  const problem = await actor.db
    .transaction()
    .execute(async (tx): Promise<CaseProblem | undefined> => {
      const eventId = await recordCaseEvent(tx, {
        caseId: c.id,
        kind: "step",
        userId: actor.user.id,
        stepId: task.step_id,
        personId: task.person_id,
        heldOn: record.heldOn,
        participants: record.participants,
        content: record.content,
        result,
      });
      const done = await tx
        .updateTable("case_tasks")
        .set({ done_at: schoolNowIso(), event_id: eventId })
        .where("id", "=", taskId)
        .where("done_at", "is", null)
        .executeTakeFirst();
      // Someone else wrote it down a moment ago: keep theirs, drop this one.
      if (Number(done.numUpdatedRows) !== 1) throw new TaskAlreadyDone();
      if (!step) return undefined;
      if (escalates(step, result)) {
        await escalateCase(tx, c, actor.user.id, today);
        return undefined;
      }
      if (step.repeatEveryDays) {
        const nextDue = nextRepeatDue(step, record.heldOn, today, c.status === "monitoring" ? c.monitoring_until : null);
        const next = nextDue
          ? { stepId: step.id, personId: task.person_id, round: task.round, ownerId: task.owner_id, dueOn: nextDue }
          : undefined;
        await continueOrEndMonitoring(tx, c, actor.user.id, today, next);
      }
      return undefined;
    })
    .catch((e: unknown) => {
      if (e instanceof TaskAlreadyDone) return "task_done" as const;
      throw e;
    });
  if (problem) return { ok: false, problem };
  await logAccess(actor, "update", "case", c.id);
  return { ok: true, value: c.id };
}

class TaskAlreadyDone extends Error {}
