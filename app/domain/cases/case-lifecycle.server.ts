import type { Kysely } from "kysely";
import { caseModel } from "~/content/case-models";
import type { RegionDb } from "../../../db/regions.server";
import type { Case, CaseStatus, Database } from "../../../db/schema";
import { logAccess } from "../audit/access-log.server";
import { addDays, localToday, schoolNowIso } from "../calendar/local-date";
import { casesEditableBy, type Actor } from "../policy/policy.server";
import { recordCaseEvent } from "./case-events.server";
import type { ScreeningInput } from "./case-input";
import { fail, ok, type CaseResult } from "./case-result";
import { defaultOwner, endOpenTasks, insertTasks, scheduleRound } from "./case-schedule.server";
import { entersMonitoring, firstMonitoringDue, recurringStep, type PlannedTask } from "./case-workflow";

// What happens to a case once it is open: screening, notes, closing or observing it, and the
// new rounds that escalation and reopening start. Opening is in case-opening.server.ts.

/** A request's database or the transaction a change runs in. */
type Db = Kysely<Database>;

/** A case the actor works on (not one their school only keeps the record of). */
export function editableCase(actor: Actor, caseId: number) {
  return casesEditableBy(actor).selectAll("cases").where("cases.id", "=", caseId).executeTakeFirst();
}

// ---- Screening and notes ----

/**
 * Bullying (repeated, a power imbalance, intent to harm) starts the programme's steps; a
 * conflict or a fight goes to the ordinary behaviour policy and the case closes.
 */
export async function screenCase(actor: Actor, caseId: number, screening: ScreeningInput): Promise<CaseResult> {
  const c = await editableCase(actor, caseId);
  if (!c) return fail("not_found");
  if (c.status !== "screening") return fail("status");
  const today = localToday();
  await actor.db.transaction().execute(async (tx) => {
    await recordCaseEvent(tx, {
      caseId,
      kind: "screened",
      userId: actor.user.id,
      heldOn: today,
      // The criteria found, as option ids: the screening's "who/what was considered".
      participants: screening.criteria.join(","),
      content: screening.note,
      result: screening.result,
    });
    await tx
      .updateTable("cases")
      .set({ screening_result: screening.result, screened_at: schoolNowIso() })
      .where("id", "=", caseId)
      .execute();
    if (screening.result === "bullying") {
      await tx.updateTable("cases").set({ status: "open" }).where("id", "=", caseId).execute();
      await scheduleRound(tx, { ...c, status: "open" }, c.round, today, actor.user.id);
    } else {
      await finishCase(tx, c, { outcome: screening.result, note: screening.note, userId: actor.user.id, today });
    }
  });
  await logAccess(actor, "update", "case", caseId);
  return ok(undefined);
}

/** A free note in the chronology: anything learnt or done outside the steps. */
export async function addCaseNote(actor: Actor, caseId: number, content: string): Promise<CaseResult> {
  const c = await editableCase(actor, caseId);
  if (!c) return fail("not_found");
  await recordCaseEvent(actor.db, { caseId, kind: "note", userId: actor.user.id, content, heldOn: localToday() });
  await logAccess(actor, "update", "case", caseId);
  return ok(undefined);
}

// ---- Closing and observing ----

/**
 * Closes a case with its outcome and a note. A ДосболLIKE case that stopped or decreased goes
 * under observation first; closing a case under observation ends it ("close now").
 */
export async function closeCase(actor: Actor, caseId: number, closing: { outcome: string; note: string }): Promise<CaseResult<CaseStatus>> {
  const c = await editableCase(actor, caseId);
  if (!c) return fail("not_found");
  if (c.status === "closed") return fail("status");
  const today = localToday();
  const monitor = c.status === "open" && entersMonitoring(caseModel(c.model), closing.outcome);
  await actor.db.transaction().execute(async (tx) => {
    if (monitor) await startMonitoring(tx, c, { ...closing, userId: actor.user.id, today });
    else await finishCase(tx, c, { ...closing, userId: actor.user.id, today });
  });
  await logAccess(actor, "update", "case", caseId);
  return ok(monitor ? "monitoring" : "closed");
}

/** Closes a case for good: the outcome, the note, the reporter's check-in date, and no open tasks left. */
async function finishCase(
  db: Db,
  c: Case,
  closing: { outcome: string; note: string; userId: number | null; today: string },
): Promise<void> {
  const eventId = await recordCaseEvent(db, {
    caseId: c.id,
    kind: "closed",
    userId: closing.userId,
    content: closing.note,
    result: closing.outcome,
  });
  await endOpenTasks(db, c.id, eventId);
  const linked = await db.selectFrom("case_reports").select("report_id").where("case_id", "=", c.id).executeTakeFirst();
  await db
    .updateTable("cases")
    .set({
      status: "closed",
      outcome: closing.outcome,
      closure_note: closing.note,
      closed_at: schoolNowIso(),
      monitoring_until: null,
      // The reporter is asked later, through /status, whether it really stopped.
      ...(linked ? { checkin_on: addDays(closing.today, caseModel(c.model).checkinAfterDays), checkin_answer: null } : {}),
    })
    .where("id", "=", c.id)
    .execute();
}

/** A resolved ДосболLIKE case stays under observation: check-ins go on until monitoring_until. */
async function startMonitoring(db: Db, c: Case, closing: { outcome: string; note: string; userId: number; today: string }): Promise<void> {
  const model = caseModel(c.model);
  const until = addDays(closing.today, model.monitoringDays);
  const step = recurringStep(model);
  const eventId = await recordCaseEvent(db, {
    caseId: c.id,
    kind: "monitoring_started",
    userId: closing.userId,
    content: closing.note,
    result: closing.outcome,
    heldOn: until,
  });
  await endOpenTasks(db, c.id, eventId, step ? { exceptStepId: step.id } : undefined);
  await db
    .updateTable("cases")
    .set({ status: "monitoring", outcome: closing.outcome, closure_note: closing.note, monitoring_until: until })
    .where("id", "=", c.id)
    .execute();
  if (!step) return;
  const open = await db
    .selectFrom("case_tasks")
    .select("id")
    .where("case_id", "=", c.id)
    .where("step_id", "=", step.id)
    .where("done_at", "is", null)
    .executeTakeFirst();
  const due = firstMonitoringDue(model, closing.today, until);
  if (open || !due) return;
  await insertTasks(db, c.id, [
    { stepId: step.id, personId: null, round: c.round, ownerId: await defaultOwner(db, c, closing.userId), dueOn: due },
  ]);
}

/** After a monitoring check-in: the next one, or (the period over) the case closes with its outcome. */
export async function continueOrEndMonitoring(
  db: Db,
  c: Case,
  userId: number,
  today: string,
  next: PlannedTask | undefined,
): Promise<void> {
  if (next) return insertTasks(db, c.id, [next]);
  if (c.status === "monitoring") await finishCase(db, c, { outcome: c.outcome ?? "stopped", note: c.closure_note, userId, today });
}

// ---- New rounds ----

/** Closed or under observation: what a reopening (by the team or the reporter) can start again. */
function isReopenable(c: Case): boolean {
  return c.status === "closed" || c.status === "monitoring";
}

/**
 * What escalating and reopening share: the next round starts today, the last one's open tasks
 * end, the case is open again. The last closing's note and time go from the case (its events keep them).
 */
async function startNextRound(
  db: Db,
  c: Case,
  start: { kind: "escalated" | "reopened"; userId: number | null; reason?: string; today: string },
): Promise<void> {
  const round = c.round + 1;
  const eventId = await recordCaseEvent(db, {
    caseId: c.id,
    kind: start.kind,
    userId: start.userId,
    content: start.reason,
    heldOn: start.today,
    result: String(round),
  });
  await endOpenTasks(db, c.id, eventId);
  await db
    .updateTable("cases")
    .set({ round, status: "open", monitoring_until: null, outcome: null, closure_note: "", closed_at: null })
    .where("id", "=", c.id)
    .execute();
  await scheduleRound(db, { ...c, status: "open", round }, round, start.today, await defaultOwner(db, c, start.userId));
}

/**
 * The bullying goes on: the next round of the programme's steps starts today, and what was
 * still open of the last round gives way to it. A case under observation is open again.
 */
export async function escalateCase(db: Db, c: Case, userId: number | null, today: string): Promise<void> {
  await startNextRound(db, c, { kind: "escalated", userId, today });
}

/**
 * It started again: a closed case (or one under observation) is open once more, in a new
 * round of the programme's steps from today. Called by the case team and by the reporter's
 * check-in on /status (userId null). Does nothing to a case that is not closed or monitored.
 */
export async function reopenCase(db: RegionDb, caseId: number, by: { userId: number | null; reason: string }): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const c = await tx.selectFrom("cases").selectAll().where("id", "=", caseId).executeTakeFirst();
    if (!c || !isReopenable(c)) return;
    await startNextRound(tx, c, { kind: "reopened", userId: by.userId, reason: by.reason, today: localToday() });
  });
}

/** The case team reopens a case by hand, with the reason. */
export async function reopenCaseByTeam(actor: Actor, caseId: number, reason: string): Promise<CaseResult> {
  const c = await editableCase(actor, caseId);
  if (!c) return fail("not_found");
  if (!isReopenable(c)) return fail("status");
  await reopenCase(actor.db, caseId, { userId: actor.user.id, reason });
  await logAccess(actor, "update", "case", caseId);
  return ok(undefined);
}
