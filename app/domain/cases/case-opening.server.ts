import type { Kysely } from "kysely";
import type { CaseModel, Database } from "../../../db/schema";
import { logAccess } from "../audit/access-log.server";
import { schoolNowIso } from "../calendar/local-date";
import { currentSchoolYear, schoolPlan } from "../lessons/lessons.server";
import { may, reportsVisibleTo, type Actor } from "../policy/policy.server";
import { recordCaseEvent } from "./case-events.server";
import { editableCase } from "./case-lifecycle.server";
import { fail, ok, type CaseProblem, type CaseResult } from "./case-result";

// How a case comes to be: from the school's anonymous reports or from a concern staff heard of,
// and which reports it holds (each report belongs to one case at most).

/** A request's database or the transaction a change runs in. */
type Db = Kysely<Database>;

/** KiVa where the actor's school runs it this year, ДосболLIKE (national, in every school) otherwise. */
export async function defaultCaseModel(actor: Actor, today: string): Promise<CaseModel> {
  const plan = await schoolPlan(actor.db, actor.user.school_id!, currentSchoolYear(today).id);
  return plan.some((p) => p.programmeId === "kiva") ? "kiva" : "dosbol";
}

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
