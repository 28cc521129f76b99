import { caseModel } from "~/content/case-models";
import { logAccess } from "../audit/access-log.server";
import { localToday, schoolNowIso } from "../calendar/local-date";
import type { Actor } from "../policy/policy.server";
import { recordCaseEvent } from "./case-events.server";
import type { PersonInput } from "./case-input";
import { editableCase } from "./case-lifecycle.server";
import { fail, ok, type CaseResult } from "./case-result";
import { endOpenTasks, scheduleForPerson } from "./case-schedule.server";
import { personSnapshot } from "./person-snapshot";

// The people in a case, each in their own role. Every add and correction is written to the
// chronology as a snapshot (person-snapshot.ts), so an old record shows them as they were.

/** Someone involved, in their own role; while the case is open their steps of the current round are scheduled. */
export async function addPerson(actor: Actor, caseId: number, person: PersonInput): Promise<CaseResult<number>> {
  const c = await editableCase(actor, caseId);
  if (!c) return fail("not_found");
  if (c.status === "closed") return fail("status");
  const today = localToday();
  const personId = await actor.db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto("case_people")
      .values({
        case_id: caseId,
        role: person.role,
        name: person.name,
        class_label: person.classLabel,
        notes: person.notes,
        added_at: schoolNowIso(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordCaseEvent(tx, {
      caseId,
      kind: "person_added",
      userId: actor.user.id,
      personId: row.id,
      content: personSnapshot(person),
      result: person.role,
    });
    if (c.status === "open")
      await scheduleForPerson(tx, c, { id: row.id, role: person.role, classLabel: person.classLabel }, actor.user.id, today);
    return row.id;
  });
  await logAccess(actor, "update", "case", caseId);
  return ok(personId);
}

/** Corrects a person; a new role ends the steps of the old one and schedules those of the new one. */
export async function updatePerson(actor: Actor, caseId: number, personId: number, person: PersonInput): Promise<CaseResult> {
  const c = await editableCase(actor, caseId);
  if (!c) return fail("not_found");
  const before = await actor.db
    .selectFrom("case_people")
    .selectAll()
    .where("id", "=", personId)
    .where("case_id", "=", caseId)
    .executeTakeFirst();
  if (!before) return fail("not_found");
  const today = localToday();
  await actor.db.transaction().execute(async (tx) => {
    await tx
      .updateTable("case_people")
      .set({ role: person.role, name: person.name, class_label: person.classLabel, notes: person.notes })
      .where("id", "=", personId)
      .execute();
    const eventId = await recordCaseEvent(tx, {
      caseId,
      kind: "person_updated",
      userId: actor.user.id,
      personId,
      content: personSnapshot(person),
      result: person.role,
    });
    if (before.role === person.role || c.status !== "open") return;
    const model = caseModel(c.model);
    const oldRoleSteps = model.steps.filter((s) => s.forRole === before.role).map((s) => s.id);
    await endOpenTasks(tx, caseId, eventId, { personId, stepIds: oldRoleSteps });
    await scheduleForPerson(tx, c, { id: personId, role: person.role, classLabel: person.classLabel }, actor.user.id, today);
  });
  await logAccess(actor, "update", "case", caseId);
  return ok(undefined);
}
