import { sql } from "kysely";
import { caseModel } from "~/content/case-models";
import type { CaseModel, CaseStatus } from "../../../db/schema";
import { logAccess, logAccessMany } from "../audit/access-log.server";
import {
  casesEditableBy,
  casesVisibleTo,
  may,
  referralsVisibleTo,
  reportsVisibleTo,
  type Actor,
  type CaseAccess,
} from "../policy/policy.server";
import { waitsPastAnswerDate } from "../referrals/referrals.server";
import { defaultCaseModel } from "./case-opening.server";
import { assignableStaff } from "./case-tasks.server";
import { parsePersonSnapshot, type PersonSnapshot } from "./person-snapshot";

// What the case pages read: the school's list, a report's case links, one case in full. Each
// read that names a child is written to the access log.

/** How many staff are on the actor's school's anti-bullying team. */
export async function schoolTeamSize(actor: Actor): Promise<number> {
  const row = await actor.db
    .selectFrom("school_team_members")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("school_id", "=", actor.user.school_id!)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export type CaseListFilter = { status?: CaseStatus | "active" };

/**
 * The school's cases, active ones first (screening, open, monitoring), each with its open
 * tasks, next due date and referrals waiting past their answer date. The list names the
 * targets, so each listed case gets an access-log row.
 */
export async function listCases(actor: Actor, today: string, filter: CaseListFilter = {}) {
  let q = casesEditableBy(actor)
    .select([
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
    ])
    .select((eb) =>
      eb
        .selectFrom("referrals")
        .select(eb.fn.countAll<number>().as("n"))
        .whereRef("referrals.case_id", "=", "cases.id")
        .where(waitsPastAnswerDate(today))
        .as("overdue_referrals"),
    );
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
      .where(waitsPastAnswerDate(today))
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
