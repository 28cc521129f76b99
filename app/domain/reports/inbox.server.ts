import { schoolNowIso } from "~/domain/calendar/local-date";
import { sql } from "kysely";
import { z } from "zod";
import { reportOptions } from "~/content/content";
import { recordId } from "~/domain/input/record-id";
import { highlightSegments } from "../screening/screen";
import { matchesOf } from "../screening/screening.server";
import { logAccess, logAccessMany } from "../audit/access-log.server";
import { may, reportsTriageableBy, reportsVisibleTo, type Actor } from "../policy/policy.server";

export const INBOX_VIEWS = ["open", "urgent", "new", "in_progress", "closed", "not_genuine"] as const;
export type InboxView = (typeof INBOX_VIEWS)[number];
export type InboxFilter = { status?: InboxView; category?: string; page?: number };
export const INBOX_PAGE_SIZE = 50;

/** The inbox's address: an unknown view, category or page falls back to the default, never an error. */
export const inboxFilterSchema = z.object({
  status: z.enum(INBOX_VIEWS).optional().catch(undefined),
  category: z
    .string()
    .refine((c) => reportOptions.categories.some((o) => o.id === c))
    .optional()
    .catch(undefined),
  page: z.coerce.number().int().min(1).max(1_000_000).optional().catch(undefined),
}) satisfies z.ZodType<InboxFilter>;

type Counts = Record<InboxView | "all", number>;

const selection = z.array(recordId, { error: "error.400" }).max(INBOX_PAGE_SIZE * 2, { error: "error.400" });
/** The inbox's one form: the ticked reports, or the whole page's, set aside as not genuine or restored. */
export const genuineSelectionSchema = z
  .object({
    intent: z.enum(["set_aside", "restore", "set_aside_page", "restore_page"], { error: "error.400" }),
    ids: selection,
    pageIds: selection,
  })
  .transform(({ intent, ids, pageIds }) => ({
    reportIds: intent.endsWith("_page") ? pageIds : ids,
    genuine: intent.startsWith("restore"),
  }));

// An urgent report nobody has acknowledged or answered yet: one expression, so the inbox's order,
// its "urgent" view and its count agree. Its ladder is looked up only for the urgent unanswered
// (AND stops at the first false), not for every report of the school.
const urgentWaiting = sql<number>`(reports.urgent = 1 and reports.status <> 'closed' and reports.first_response_at is null
  and not exists (select 1 from escalations e where e.report_id = reports.id and e.acknowledged_at is not null))`;

function filtered(actor: Actor, filter: InboxFilter, { view = true } = {}) {
  let q = reportsVisibleTo(actor);
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
  if (!view) return q;
  // Set-aside reports leave every view but their own, and its counts.
  if (filter.status === "not_genuine") return q.where("reports.not_genuine_at", "is not", null);
  q = q.where("reports.not_genuine_at", "is", null);
  if (filter.status === "open") return q.where("reports.status", "!=", "closed");
  if (filter.status === "urgent") return q.where(urgentWaiting, "=", 1);
  if (filter.status) return q.where("reports.status", "=", filter.status);
  return q;
}

/**
 * How many reports each view holds: two grouped queries over the school's index range, never a
 * query per report, and never capped.
 */
async function inboxCounts(actor: Actor, filter: InboxFilter): Promise<Counts> {
  const [byStatus, urgent] = await Promise.all([
    filtered(actor, filter, { view: false })
      .select(["reports.status", sql<number>`reports.not_genuine_at is not null`.as("set_aside"), sql<number>`count(*)`.as("n")])
      .groupBy(["reports.status", sql`reports.not_genuine_at is not null`])
      .execute(),
    filtered(actor, { ...filter, status: "urgent" })
      .select(sql<number>`count(*)`.as("n"))
      .executeTakeFirst(),
  ]);
  const counts: Counts = { all: 0, open: 0, urgent: Number(urgent?.n ?? 0), new: 0, in_progress: 0, closed: 0, not_genuine: 0 };
  for (const row of byStatus) {
    const n = Number(row.n);
    if (row.set_aside) {
      counts.not_genuine += n;
      continue;
    }
    counts.all += n;
    counts[row.status] += n;
    if (row.status !== "closed") counts.open += n;
  }
  return counts;
}

/**
 * One page of the school's reports, with the count of every view. Every view puts the urgent
 * reports nobody acknowledged first, newest first (in a flood the latest is the one a real child
 * may just have sent). Then "new" is newest first, so a new report is on its first page however
 * many wait; the other views put the unanswered first, oldest first, then the rest newest first,
 * closed last. The page's ids come first (index and ladder only), then the rows of those ids.
 */
export async function listInbox(actor: Actor, filter: InboxFilter = {}) {
  const counts = await inboxCounts(actor, filter);
  const total = filter.category
    ? Number(
        (
          await filtered(actor, filter)
            .select(sql<number>`count(*)`.as("n"))
            .executeTakeFirst()
        )?.n ?? 0,
      )
    : counts[filter.status ?? "all"];
  const pages = Math.max(1, Math.ceil(total / INBOX_PAGE_SIZE));
  const page = Math.min(Math.max(1, filter.page ?? 1), pages);
  let order = filtered(actor, filter)
    .select("reports.id")
    .orderBy(sql`reports.status = 'closed'`)
    .orderBy(urgentWaiting, "desc")
    .orderBy(sql`case when ${urgentWaiting} then reports.submitted_at end`, "desc");
  if (filter.status !== "new") {
    order = order
      .orderBy(sql`reports.first_response_at is null`, "desc")
      .orderBy("reports.urgent", "desc")
      .orderBy(sql`case when reports.first_response_at is null then reports.submitted_at end`);
  }
  const ids = (
    await order
      .orderBy("reports.submitted_at", "desc")
      .orderBy("reports.id", "desc") // times are kept to the minute: the later id is the later report
      .limit(INBOX_PAGE_SIZE)
      .offset((page - 1) * INBOX_PAGE_SIZE)
      .execute()
  ).map((r) => r.id);
  const rows =
    ids.length === 0
      ? []
      : await actor.db
          .selectFrom("reports")
          .select([
            "reports.id",
            "reports.status",
            "reports.urgent",
            "reports.reporter_role",
            "reports.submitted_at",
            "reports.first_response_at",
            "reports.not_genuine_at",
            urgentWaiting.as("waiting"),
            sql<string>`(select group_concat(category, ',') from report_categories rc where rc.report_id = reports.id)`.as("categories"),
            sql<number>`(select count(*) from report_messages m where m.report_id = reports.id and m.author = 'reporter'
              and m.id > coalesce((select max(s.id) from report_messages s where s.report_id = reports.id and s.author = 'staff'), 0))`.as(
              "unread_from_reporter",
            ),
          ])
          .where("reports.id", "in", ids)
          .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return {
    counts,
    page,
    pages,
    total,
    reports: ids
      .map((id) => byId.get(id)!)
      .map((r) => ({
        ...r,
        urgent: r.urgent === 1,
        waiting: r.waiting === 1,
        notGenuine: r.not_genuine_at !== null,
        categories: r.categories ? r.categories.split(",") : [],
      })),
  };
}

/**
 * Sets a selection of the school's reports aside as not genuine (a flood), or restores them.
 * A set-aside report leaves the default views and counts and its ladder waits; restoring it
 * resumes the ladder where it stood. All or nothing: one id that is not the actor's refuses the
 * whole selection (undefined). Each report is written to the access log.
 */
export async function setGenuine(actor: Actor, reportIds: number[], genuine: boolean): Promise<number | undefined> {
  const ids = [...new Set(reportIds)];
  if (ids.length === 0) return 0;
  const mine = await reportsTriageableBy(actor).select("reports.id").where("reports.id", "in", ids).execute();
  if (mine.length !== ids.length) return undefined;
  const now = schoolNowIso();
  const changed = await actor.db
    .updateTable("reports")
    .set(genuine ? { not_genuine_at: null, not_genuine_by: null } : { not_genuine_at: now, not_genuine_by: actor.user.id })
    .where("id", "in", ids)
    .where("not_genuine_at", genuine ? "is not" : "is", null)
    .executeTakeFirst();
  await logAccessMany(actor, genuine ? "restore_genuine" : "not_genuine", "report", ids);
  return Number(changed.numUpdatedRows);
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
      .select([
        "report_messages.id",
        "author",
        "body",
        "report_messages.created_at",
        "users.display_name",
        "report_messages.screen_matches",
      ])
      .where("report_id", "=", reportId)
      .orderBy("report_messages.id")
      .execute(),
    report.poster_place_id === null
      ? undefined
      : actor.db.selectFrom("poster_places").select("label").where("id", "=", report.poster_place_id).executeTakeFirst(),
  ]);
  await logAccess(actor, "view", "report", reportId);
  const matches = matchesOf(report.screen_matches);
  const flaggedMessages = messages
    .map((m) => ({ id: m.id, at: m.created_at, body: m.body, matches: matchesOf(m.screen_matches) }))
    .filter((m) => m.matches.length > 0);
  const allMatches = [...matches, ...flaggedMessages.flatMap((m) => m.matches)];
  const loweredBy =
    report.screen_lowered_by === null
      ? undefined
      : await actor.db.selectFrom("users").select("display_name").where("id", "=", report.screen_lowered_by).executeTakeFirst();
  return {
    ...report,
    urgent: report.urgent === 1,
    categories: categories.map((c) => c.category),
    messages: messages.map(({ screen_matches: _, ...m }) => m),
    posterPlace: place?.label ?? null,
    // Why the screen flagged it: the words marked, the rules that matched, and any lowering.
    screen:
      allMatches.length === 0
        ? null
        : {
            raised: report.screen_raised === 1,
            description: matches.length > 0 ? highlightSegments(report.description, matches) : null,
            messages: flaggedMessages.map((m) => ({ id: m.id, at: m.at, segments: highlightSegments(m.body, m.matches) })),
            rules: [...new Map(allMatches.map((m) => [m.ruleId, { id: m.ruleId, kind: m.kind }])).values()],
            lowered: report.screen_lowered_at
              ? { at: report.screen_lowered_at, by: loweredBy?.display_name ?? "", reason: report.screen_lowered_reason ?? "" }
              : null,
          },
  };
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

export type StatusChange = { status: "new" | "in_progress" } | { status: "closed"; reason: string; note: string };

/** The report page's status form: closing needs a reason from the list and a note; reopening needs neither. */
export const statusChangeSchema = z
  .object({
    status: z.enum(["new", "in_progress", "closed"], { error: "error.400" }),
    reason: z.string(),
    note: z.string().trim(),
  })
  .superRefine((v, ctx) => {
    if (v.status !== "closed") return;
    if (!reportOptions.closureReasons.some((o) => o.id === v.reason))
      ctx.addIssue({ code: "custom", path: ["reason"], message: "reportView.error.reason" });
    if (!v.note || v.note.length > 2000) ctx.addIssue({ code: "custom", path: ["note"], message: "reportView.error.note" });
  })
  .transform((v): StatusChange => (v.status === "closed" ? v : { status: v.status }));

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
