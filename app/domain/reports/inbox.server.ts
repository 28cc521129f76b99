import { schoolNowIso } from "~/domain/calendar/local-date";
import { sql } from "kysely";
import type { ReportStatus } from "../../../db/schema";
import { logAccess } from "../audit/access-log.server";
import { may, reportsVisibleTo, type Actor } from "../policy/policy.server";

export type InboxFilter = { status?: ReportStatus | "open"; category?: string };

/**
 * The school's reports: open urgent ones first, then the oldest unanswered, then the rest,
 * newest first. Closed reports last.
 */
export async function listInbox(actor: Actor, filter: InboxFilter = {}) {
  let q = reportsVisibleTo(actor).select([
    "reports.id",
    "reports.status",
    "reports.urgent",
    "reports.reporter_role",
    "reports.submitted_at",
    "reports.first_response_at",
    sql<string>`(select group_concat(category, ',') from report_categories rc where rc.report_id = reports.id)`.as(
      "categories",
    ),
    sql<number>`(select count(*) from report_messages m where m.report_id = reports.id and m.author = 'reporter'
      and m.id > coalesce((select max(s.id) from report_messages s where s.report_id = reports.id and s.author = 'staff'), 0))`.as(
      "unread_from_reporter",
    ),
  ]);
  if (filter.status === "open") q = q.where("reports.status", "!=", "closed");
  else if (filter.status) q = q.where("reports.status", "=", filter.status);
  if (filter.category) {
    const category = filter.category;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom("report_categories")
          .select("report_categories.report_id")
          .whereRef("report_categories.report_id", "=", "reports.id")
          .where("report_categories.category", "=", category),
      ),
    );
  }
  const rows = await q
    .orderBy(sql`reports.status = 'closed'`)
    .orderBy(sql`reports.urgent = 1 and reports.first_response_at is null`, "desc")
    .orderBy(sql`reports.first_response_at is null`, "desc")
    .orderBy("reports.urgent", "desc")
    .orderBy(sql`case when reports.first_response_at is null then reports.submitted_at end`)
    .orderBy("reports.submitted_at", "desc")
    .orderBy("reports.id") // times are kept to the minute
    .limit(500)
    .execute();
  return rows.map((r) => ({ ...r, urgent: r.urgent === 1, categories: r.categories ? r.categories.split(",") : [] }));
}

/** One report with its conversation, written to the access log; undefined when not the actor's to see. */
export async function openReport(actor: Actor, reportId: number) {
  const report = await reportsVisibleTo(actor).selectAll("reports").where("reports.id", "=", reportId).executeTakeFirst();
  if (!report) return undefined;
  const [categories, messages, place] = await Promise.all([
    actor.db.selectFrom("report_categories").select("category").where("report_id", "=", reportId).execute(),
    actor.db
      .selectFrom("report_messages")
      .leftJoin("users", "users.id", "report_messages.staff_user_id")
      .select(["report_messages.id", "author", "body", "report_messages.created_at", "users.display_name"])
      .where("report_id", "=", reportId)
      .orderBy("report_messages.id")
      .execute(),
    report.poster_place_id === null ? undefined : actor.db.selectFrom("poster_places").select("label").where("id", "=", report.poster_place_id).executeTakeFirst(),
  ]);
  await logAccess(actor, "view", "report", reportId);
  return { ...report, urgent: report.urgent === 1, categories: categories.map((c) => c.category), messages, posterPlace: place?.label ?? null };
}

function visibleReport(actor: Actor, reportId: number) {
  return reportsVisibleTo(actor)
    .select(["reports.id", "reports.status", "reports.first_response_at"])
    .where("reports.id", "=", reportId)
    .executeTakeFirst();
}

/** A reply from the school; the first one sets the time to first response and starts the work. */
export async function replyToReporter(actor: Actor, reportId: number, body: string): Promise<boolean> {
  if (!may(actor, "reply:report:school")) return false;
  const report = await visibleReport(actor, reportId);
  if (!report) return false;
  const now = schoolNowIso();
  await actor.db.transaction().execute(async (tx) => {
    await tx
      .insertInto("report_messages")
      .values({ report_id: reportId, author: "staff", staff_user_id: actor.user.id, body, created_at: now })
      .execute();
    await tx
      .updateTable("reports")
      .set({
        first_response_at: report.first_response_at ?? now,
        status: report.status === "new" ? "in_progress" : report.status,
      })
      .where("id", "=", reportId)
      .execute();
  });
  await logAccess(actor, "reply", "report", reportId);
  return true;
}

export type StatusChange =
  | { status: "new" | "in_progress" }
  | { status: "closed"; reason: string; note: string };

export async function changeReportStatus(actor: Actor, reportId: number, change: StatusChange): Promise<boolean> {
  if (!may(actor, "update:report:school")) return false;
  const report = await visibleReport(actor, reportId);
  if (!report) return false;
  const now = schoolNowIso();
  await actor.db
    .updateTable("reports")
    .set(
      change.status === "closed"
        ? { status: "closed", closure_reason: change.reason, closure_note: change.note, closed_at: now }
        : { status: change.status, closure_reason: null, closed_at: null },
    )
    .where("id", "=", reportId)
    .execute();
  await logAccess(actor, "status", "report", reportId);
  return true;
}
