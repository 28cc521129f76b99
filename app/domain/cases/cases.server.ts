import { sql, type Kysely } from "kysely";
import { caseModel } from "~/content/case-models";
import type { RegionDb } from "../../../db/regions.server";
import type { Case, CaseModel, CaseStatus, Database } from "../../../db/schema";
import { logAccess, logAccessMany } from "../audit/access-log.server";
import { addDays, localToday, schoolNowIso } from "../calendar/local-date";
import { currentSchoolYear, schoolPlan } from "../lessons/lessons.server";
import {
  casesEditableBy,
  casesVisibleTo,
  may,
  referralsVisibleTo,
  reportsVisibleTo,
  type Actor,
  type CaseAccess,
} from "../policy/policy.server";
import { recordCaseEvent } from "./case-events.server";
import type { PersonInput, ScreeningInput } from "./case-input";
import { parsePersonSnapshot, personSnapshot, type PersonSnapshot } from "./person-snapshot";
import {
  entersMonitoring,
  firstMonitoringDue,
  homeroomOfTargets,
  planRound,
  recurringStep,
  tasksForAddedPerson,
  type PlannedTask,
} from "./case-workflow";

/** A request's database or the transaction a change runs in. */
type Db = Kysely<Database>;

export type CaseProblem = "not_found" | "status" | "report_taken" | "date" | "result" | "review_by" | "owner" | "task_done";
export type CaseResult<T = undefined> = { ok: true; value: T } | { ok: false; problem: CaseProblem };

const ok = <T>(value: T): CaseResult<T> => ({ ok: true, value });
const fail = (problem: CaseProblem): { ok: false; problem: CaseProblem } => ({ ok: false, problem });

/** Staff roles a case task can be given to: the people who work in the school. */
const SCHOOL_STAFF_ROLES = ["psychologist", "teacher", "school_admin"] as const;

/** KiVa where the actor's school runs it this year, ДосболLIKE (national, in every school) otherwise. */
export async function defaultCaseModel(actor: Actor, today: string): Promise<CaseModel> {
  const plan = await schoolPlan(actor.db, actor.user.school_id!, currentSchoolYear(today).id);
  return plan.some((p) => p.programmeId === "kiva") ? "kiva" : "dosbol";
}

/** How many staff are on the actor's school's anti-bullying team. */
export async function schoolTeamSize(actor: Actor): Promise<number> {
  const row = await actor.db
    .selectFrom("school_team_members")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("school_id", "=", actor.user.school_id!)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A case the actor works on (not one their school only keeps the record of). */
function editableCase(actor: Actor, caseId: number) {
  return casesEditableBy(actor).selectAll("cases").where("cases.id", "=", caseId).executeTakeFirst();
}

// ---- Scheduling (shared by screening, escalation, reopening, people and tasks) ----

async function insertTasks(db: Db, caseId: number, tasks: PlannedTask[]): Promise<void> {
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
async function endOpenTasks(
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
async function defaultOwner(db: Db, c: Case, actingUserId: number | null): Promise<number> {
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
async function scheduleRound(db: Db, c: Case, round: number, startOn: string, ownerId: number): Promise<void> {
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

/**
 * The bullying goes on: the next round of the programme's steps starts today, and what was
 * still open of the last round gives way to it. A case under observation is open again.
 */
export async function escalateCase(db: Db, c: Case, userId: number | null, today: string): Promise<void> {
  const round = c.round + 1;
  const eventId = await recordCaseEvent(db, { caseId: c.id, kind: "escalated", userId, heldOn: today, result: String(round) });
  await endOpenTasks(db, c.id, eventId);
  await db
    .updateTable("cases")
    .set({ round, status: "open", monitoring_until: null, outcome: null, closure_note: "" })
    .where("id", "=", c.id)
    .execute();
  await scheduleRound(db, { ...c, round }, round, today, await defaultOwner(db, c, userId));
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

// ---- Opening ----

async function insertCase(
  db: Db,
  actor: Actor,
  fields: { model: CaseModel; origin: "report" | "concern"; concernSource: string | null; summary: string },
) {
  const row = await db
    .insertInto("cases")
    .values({
      school_id: actor.user.school_id!,
      model: fields.model,
      status: "screening",
      origin: fields.origin,
      concern_source: fields.concernSource,
      summary: fields.summary,
      opened_by: actor.user.id,
      opened_at: schoolNowIso(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await recordCaseEvent(db, {
    caseId: row.id,
    kind: "opened",
    userId: actor.user.id,
    content: fields.summary,
    result: fields.concernSource ?? "report",
  });
  return row.id;
}

async function linkReports(db: Db, actor: Actor, caseId: number, reportIds: number[]) {
  for (const reportId of reportIds) {
    await db.insertInto("case_reports").values({ case_id: caseId, report_id: reportId }).execute();
    await recordCaseEvent(db, { caseId, kind: "report_linked", userId: actor.user.id, content: String(reportId) });
  }
}

/** Reports the actor may read and that no case holds yet: "taken" when one already belongs to a case. */
async function checkReportsFree(actor: Actor, reportIds: number[]): Promise<CaseProblem | undefined> {
  const unique = [...new Set(reportIds)];
  const visible = await reportsVisibleTo(actor).select("reports.id").where("reports.id", "in", unique).execute();
  if (visible.length !== unique.length) return "not_found";
  const taken = await actor.db.selectFrom("case_reports").select("report_id").where("report_id", "in", unique).executeTakeFirst();
  return taken ? "report_taken" : undefined;
}

/** A case for one or more anonymous reports of the school; each report can belong to one case only. */
export async function openCaseFromReports(actor: Actor, input: { reportIds: number[]; model: CaseModel }): Promise<CaseResult<number>> {
  if (!may(actor, "work:case:school")) return fail("not_found");
  const reportIds = [...new Set(input.reportIds)];
  const problem = await checkReportsFree(actor, reportIds);
  if (problem) return fail(problem);
  const caseId = await actor.db.transaction().execute(async (tx) => {
    const id = await insertCase(tx, actor, { model: input.model, origin: "report", concernSource: null, summary: "" });
    await linkReports(tx, actor, id, reportIds);
    return id;
  });
  await logAccess(actor, "update", "case", caseId);
  return ok(caseId);
}

/** A case from what someone told staff in person (a teacher, a parent, a pupil) or staff saw. */
export async function openCaseFromConcern(
  actor: Actor,
  input: { source: string; summary: string; model: CaseModel },
): Promise<CaseResult<number>> {
  if (!may(actor, "work:case:school")) return fail("not_found");
  const caseId = await actor.db
    .transaction()
    .execute((tx) => insertCase(tx, actor, { model: input.model, origin: "concern", concernSource: input.source, summary: input.summary }));
  await logAccess(actor, "update", "case", caseId);
  return ok(caseId);
}

/** Adds another report about the same situation to a case still being worked on. */
export async function linkReportToCase(actor: Actor, caseId: number, reportId: number): Promise<CaseResult> {
  const c = await editableCase(actor, caseId);
  if (!c) return fail("not_found");
  const problem = await checkReportsFree(actor, [reportId]);
  if (problem) return fail(problem);
  if (c.status === "closed") return fail("status");
  await actor.db.transaction().execute((tx) => linkReports(tx, actor, caseId, [reportId]));
  await logAccess(actor, "update", "case", caseId);
  return ok(undefined);
}

// ---- People ----

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

async function scheduleForPerson(db: Db, c: Case, person: { id: number; role: string; classLabel: string }, userId: number, today: string) {
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

// ---- Screening, notes, closing, reopening ----

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

/**
 * It started again: a closed case (or one under observation) is open once more, in a new
 * round of the programme's steps from today. Called by the case team and by the reporter's
 * check-in on /status (userId null). Does nothing to a case that is not closed or monitored.
 */
export async function reopenCase(db: RegionDb, caseId: number, by: { userId: number | null; reason: string }): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const c = await tx.selectFrom("cases").selectAll().where("id", "=", caseId).executeTakeFirst();
    if (!c || (c.status !== "closed" && c.status !== "monitoring")) return;
    const today = localToday();
    const round = c.round + 1;
    const eventId = await recordCaseEvent(tx, {
      caseId,
      kind: "reopened",
      userId: by.userId,
      content: by.reason,
      heldOn: today,
      result: String(round),
    });
    await endOpenTasks(tx, caseId, eventId);
    await tx
      .updateTable("cases")
      .set({ status: "open", closed_at: null, outcome: null, monitoring_until: null, round })
      .where("id", "=", caseId)
      .execute();
    await scheduleRound(tx, { ...c, status: "open", round }, round, today, await defaultOwner(tx, c, by.userId));
  });
}

/** The case team reopens a case by hand, with the reason. */
export async function reopenCaseByTeam(actor: Actor, caseId: number, reason: string): Promise<CaseResult> {
  const c = await editableCase(actor, caseId);
  if (!c) return fail("not_found");
  if (c.status !== "closed" && c.status !== "monitoring") return fail("status");
  await reopenCase(actor.db, caseId, { userId: actor.user.id, reason });
  await logAccess(actor, "update", "case", caseId);
  return ok(undefined);
}

// ---- Reading ----

export type CaseListFilter = { status?: CaseStatus | "active" };

/**
 * The school's cases, active ones first (screening, open, monitoring), each with its open
 * tasks, next due date and referrals waiting past their answer date. The list names the
 * targets, so each listed case gets an access-log row.
 */
export async function listCases(actor: Actor, today: string, filter: CaseListFilter = {}) {
  let q = casesEditableBy(actor).select([
    "cases.id",
    "cases.model",
    "cases.status",
    "cases.round",
    "cases.origin",
    "cases.opened_at",
    "cases.monitoring_until",
    "cases.outcome",
    sql<number>`(select count(*) from case_tasks t where t.case_id = cases.id and t.done_at is null)`.as("open_tasks"),
    sql<string | null>`(select min(t.due_on) from case_tasks t where t.case_id = cases.id and t.done_at is null)`.as("next_due"),
    sql<number>`(select count(*) from case_reports r where r.case_id = cases.id)`.as("reports"),
    sql<number>`(select count(*) from referrals r where r.case_id = cases.id and r.status = 'sent' and r.respond_by < ${today})`.as(
      "overdue_referrals",
    ),
  ]);
  if (filter.status === "active") q = q.where("cases.status", "!=", "closed");
  else if (filter.status) q = q.where("cases.status", "=", filter.status);
  const rows = await q
    .orderBy(sql`case cases.status when 'screening' then 0 when 'open' then 1 when 'monitoring' then 2 else 3 end`)
    .orderBy(sql`next_due is null`)
    .orderBy(sql`next_due`)
    .orderBy("cases.id", "desc")
    .limit(500)
    .execute();
  await logAccessMany(
    actor,
    "list",
    "case",
    rows.map((c) => c.id),
  );
  // The targets' names are sealed one by one: joined in SQL they could not be opened.
  const targets =
    rows.length === 0
      ? []
      : await actor.db
          .selectFrom("case_people")
          .select(["case_id", "name"])
          .where("role", "=", "target")
          .where(
            "case_id",
            "in",
            rows.map((c) => c.id),
          )
          .orderBy("id")
          .execute();
  return rows.map((c) => {
    const names = targets.filter((t) => t.case_id === c.id).map((t) => t.name);
    return { ...c, targets: names.length > 0 ? names.join(", ") : null };
  });
}

/** The programmes of the school's cases under way (for the team size they ask). */
export async function activeCaseModels(actor: Actor): Promise<CaseModel[]> {
  const rows = await casesEditableBy(actor).select("cases.model").distinct().where("cases.status", "!=", "closed").execute();
  return rows.map((r) => r.model);
}

/** Cases the school handed to another school: kept as a read-only record. */
export async function casesTransferredAway(actor: Actor) {
  if (!may(actor, "work:case:school")) return [];
  return casesVisibleTo(actor)
    .select(["cases.id", "cases.model"])
    .where("cases.school_id", "!=", actor.user.school_id!)
    .orderBy("cases.id", "desc")
    .limit(100)
    .execute();
}

/** Open reports of the school no case holds yet, to open a case from. */
export async function reportsWithoutCase(actor: Actor) {
  return reportsVisibleTo(actor)
    .select(["reports.id", "reports.submitted_at", "reports.urgent", "reports.status"])
    .where("reports.status", "!=", "closed")
    .where((eb) =>
      eb.not(
        eb.exists(eb.selectFrom("case_reports").select("case_reports.report_id").whereRef("case_reports.report_id", "=", "reports.id")),
      ),
    )
    .orderBy("reports.id", "desc")
    .limit(50)
    .execute();
}

/** What the report page offers: the case the report is in, or the cases it could join. */
export async function reportCaseLinks(actor: Actor, reportId: number, today: string) {
  if (!may(actor, "work:case:school")) return null;
  const linked = await actor.db
    .selectFrom("case_reports")
    .select("case_id")
    .where("report_id", "=", reportId)
    .where("case_id", "in", casesVisibleTo(actor).select("cases.id"))
    .executeTakeFirst();
  if (linked) return { caseId: linked.case_id, openCases: [], defaultModel: null };
  const [openCases, defaultModel] = await Promise.all([
    casesEditableBy(actor)
      .select(["cases.id", "cases.status", "cases.model"])
      .where("cases.status", "!=", "closed")
      .orderBy("cases.id", "desc")
      .limit(100)
      .execute(),
    defaultCaseModel(actor, today),
  ]);
  return { caseId: null, openCases, defaultModel };
}

/**
 * Everything the case page shows, written to the access log; undefined when the case is gone.
 * A case the school transferred away is shown as it was when it left.
 */
export async function caseDetail(actor: Actor, access: CaseAccess, today: string) {
  const { caseId } = access;
  const c = await casesVisibleTo(actor).selectAll("cases").where("cases.id", "=", caseId).executeTakeFirst();
  if (!c) return undefined;
  const until = access.mode === "read" ? access.until : null;
  let eventsQuery = actor.db
    .selectFrom("case_events")
    .leftJoin("users", "users.id", "case_events.user_id")
    .leftJoin("case_people", "case_people.id", "case_events.person_id")
    .select([
      "case_events.id",
      "case_events.kind",
      "case_events.step_id",
      "case_events.person_id",
      "case_events.held_on",
      "case_events.participants",
      "case_events.content",
      "case_events.result",
      "case_events.user_id",
      "case_events.at",
      "users.display_name",
      "case_people.name as person_name",
      "case_people.role as person_role",
    ])
    .where("case_events.case_id", "=", caseId);
  if (until) eventsQuery = eventsQuery.where("case_events.at", "<=", until);
  const [events, reports, overdueReferrals, teamSize] = await Promise.all([
    eventsQuery.orderBy("case_events.id").execute(),
    actor.db
      .selectFrom("case_reports")
      .leftJoin(
        reportsVisibleTo(actor).select(["reports.id", "reports.status", "reports.submitted_at"]).as("r"),
        "r.id",
        "case_reports.report_id",
      )
      .select(["case_reports.report_id", "r.status", "r.submitted_at"])
      .where("case_reports.case_id", "=", caseId)
      .orderBy("case_reports.report_id")
      .execute(),
    referralsVisibleTo(actor)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("referrals.case_id", "=", caseId)
      .where("referrals.status", "=", "sent")
      .where("referrals.respond_by", "<", today)
      .executeTakeFirstOrThrow(),
    schoolTeamSize(actor),
  ]);
  // Snapshots keep the names a person had at each moment; a read-only record stops at the transfer.
  const snapshots = new Map<number, PersonSnapshot & { id: number }>();
  for (const e of events) {
    if ((e.kind === "person_added" || e.kind === "person_updated") && e.person_id !== null) {
      const s = parsePersonSnapshot(e.content);
      if (s) snapshots.set(e.person_id, { id: e.person_id, ...s });
    }
  }
  const people =
    access.mode === "read"
      ? [...snapshots.values()]
      : (
          await actor.db
            .selectFrom("case_people")
            .select(["id", "role", "name", "class_label", "notes"])
            .where("case_id", "=", caseId)
            .orderBy("id")
            .execute()
        ).map((p) => ({
          id: p.id,
          role: p.role,
          name: p.name,
          classLabel: p.class_label,
          notes: p.notes,
        }));
  const editable = access.mode === "edit";
  const [tasks, staff, linkableReports] = editable
    ? await Promise.all([
        actor.db
          .selectFrom("case_tasks")
          .innerJoin("users", "users.id", "case_tasks.owner_id")
          .leftJoin("case_people", "case_people.id", "case_tasks.person_id")
          .select([
            "case_tasks.id",
            "case_tasks.step_id",
            "case_tasks.person_id",
            "case_tasks.round",
            "case_tasks.owner_id",
            "case_tasks.due_on",
            "users.display_name as owner_name",
            "case_people.name as person_name",
            "case_people.role as person_role",
            "case_people.class_label as person_class",
          ])
          .where("case_tasks.case_id", "=", caseId)
          .where("case_tasks.done_at", "is", null)
          .orderBy("case_tasks.due_on")
          .orderBy("case_tasks.id")
          .execute(),
        assignableStaff(actor),
        c.status === "closed" ? Promise.resolve([]) : reportsWithoutCase(actor),
      ])
    : [[], [], []];
  await logAccess(actor, "view", "case", caseId);
  return {
    access,
    case: c,
    model: caseModel(c.model),
    people,
    // Names in the chronology as they were written then, not as corrected later.
    events: events.map((e) => {
      const snapshot = e.person_id !== null ? snapshots.get(e.person_id) : undefined;
      return {
        ...e,
        person_name: until ? (snapshot?.name ?? null) : e.person_name,
        person_role: until ? (snapshot?.role ?? null) : e.person_role,
      };
    }),
    reports,
    tasks,
    staff,
    linkableReports,
    overdueReferrals: Number(overdueReferrals.n),
    teamSize,
  };
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

export function isSchoolStaffRole(role: string): boolean {
  return (SCHOOL_STAFF_ROLES as readonly string[]).includes(role);
}
