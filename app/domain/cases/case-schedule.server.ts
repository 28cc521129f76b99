import type { Kysely } from "kysely";
import { caseModel } from "~/content/case-models";
import type { Case, Database } from "../../../db/schema";
import { schoolNowIso } from "../calendar/local-date";
import { homeroomOfTargets, planRound, tasksForAddedPerson, type PersonForPlanning, type PlannedTask } from "./case-workflow";

// The case's steps written as tasks with an owner and a due date: case-workflow.ts decides
// them without a database, this module stores them and ends them when a change makes them moot.

/** A request's database or the transaction a change runs in. */
type Db = Kysely<Database>;

export async function insertTasks(db: Db, caseId: number, tasks: PlannedTask[]): Promise<void> {
  if (tasks.length === 0) return;
  const now = schoolNowIso();
  await db
    .insertInto("case_tasks")
    .values(
      tasks.map((t) => ({
        case_id: caseId,
        step_id: t.stepId,
        person_id: t.personId,
        round: t.round,
        owner_id: t.ownerId,
        due_on: t.dueOn,
        created_at: now,
      })),
    )
    .execute();
}

/**
 * Tasks a change made unnecessary (the case closed, escalated, or a person's role changed) are
 * no longer open: they are marked done by the event that ended them, so every list reads
 * "open" as simply `done_at is null`.
 */
export async function endOpenTasks(
  db: Db,
  caseId: number,
  eventId: number,
  only?: { exceptStepId?: string; personId?: number; stepIds?: string[] },
) {
  let q = db
    .updateTable("case_tasks")
    .set({ done_at: schoolNowIso(), event_id: eventId })
    .where("case_id", "=", caseId)
    .where("done_at", "is", null);
  if (only?.exceptStepId) q = q.where("step_id", "!=", only.exceptStepId);
  if (only?.personId !== undefined) q = q.where("person_id", "=", only.personId);
  if (only?.stepIds) q = q.where("step_id", "in", only.stepIds.length ? only.stepIds : ["-"]);
  await q.execute();
}

/**
 * Who owns a round's steps: the person who screened the case, or who opened it, or the one
 * acting, whoever of them still works at the case's school (a case may have moved); else the
 * school's team coordinator.
 */
export async function defaultOwner(db: Db, c: Case, actingUserId: number | null): Promise<number> {
  const screener = await db
    .selectFrom("case_events")
    .select("user_id")
    .where("case_id", "=", c.id)
    .where("kind", "=", "screened")
    .where("user_id", "is not", null)
    .orderBy("id", "desc")
    .executeTakeFirst();
  const candidates = [screener?.user_id ?? null, c.opened_by, actingUserId].filter((id): id is number => id !== null);
  const inSchool = await db.selectFrom("users").select("id").where("id", "in", candidates).where("school_id", "=", c.school_id).execute();
  const first = candidates.find((id) => inSchool.some((u) => u.id === id));
  if (first !== undefined) return first;
  const coordinator = await db
    .selectFrom("school_team_members")
    .select("user_id")
    .where("school_id", "=", c.school_id)
    .orderBy("coordinator", "desc")
    .executeTakeFirst();
  return coordinator?.user_id ?? c.opened_by;
}

/** The day the current round began: screening, the last escalation or the reopening. */
async function roundStartOn(db: Db, caseId: number, fallback: string): Promise<string> {
  const row = await db
    .selectFrom("case_events")
    .select("held_on")
    .where("case_id", "=", caseId)
    .where("kind", "in", ["screened", "escalated", "reopened"])
    .orderBy("id", "desc")
    .executeTakeFirst();
  return row?.held_on ?? fallback;
}

/** Creates the tasks of one round of the case's programme steps, for the people in the case now. */
export async function scheduleRound(db: Db, c: Case, round: number, startOn: string, ownerId: number): Promise<void> {
  const [people, classes] = await Promise.all([
    db.selectFrom("case_people").select(["id", "role", "class_label"]).where("case_id", "=", c.id).orderBy("id").execute(),
    db.selectFrom("classes").select(["grade", "letter", "teacher_id"]).where("school_id", "=", c.school_id).execute(),
  ]);
  const forPlanning = people.map((p) => ({ id: p.id, role: p.role, classLabel: p.class_label }));
  const homeroom = homeroomOfTargets(
    forPlanning,
    classes.map((k) => ({ grade: k.grade, letter: k.letter, teacherId: k.teacher_id })),
  );
  await insertTasks(db, c.id, planRound(caseModel(c.model), { round, startOn, people: forPlanning, ownerId, homeroom }));
}

/** A person's steps of the current round (just added, or in a new role), except those they already have a task for. */
export async function scheduleForPerson(db: Db, c: Case, person: PersonForPlanning, userId: number, today: string) {
  const planned = tasksForAddedPerson(caseModel(c.model), {
    round: c.round,
    startOn: await roundStartOn(db, c.id, today),
    ownerId: await defaultOwner(db, c, userId),
    person,
    today,
  });
  const existing = await db
    .selectFrom("case_tasks")
    .select("step_id")
    .where("case_id", "=", c.id)
    .where("person_id", "=", person.id)
    .where("round", "=", c.round)
    .execute();
  await insertTasks(
    db,
    c.id,
    planned.filter((t) => !existing.some((e) => e.step_id === t.stepId)),
  );
}
