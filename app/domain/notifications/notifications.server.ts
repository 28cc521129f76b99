import { sql } from "kysely";
import { burstSize } from "../escalation/bursts.server";
import type { Actor } from "../policy/policy.server";

/**
 * The actor's in-app notifications, newest first: which urgent report, which school, which
 * rung, whether someone has acknowledged it, and a burst's size. Never the child's words.
 */
export async function notificationsFor(actor: Actor) {
  const rows = await actor.db
    .selectFrom("notifications")
    .innerJoin("reports", "reports.id", "notifications.report_id")
    .innerJoin("schools", "schools.id", "reports.school_id")
    .leftJoin("escalations", "escalations.report_id", "notifications.report_id")
    .leftJoin("users as ack", "ack.id", "escalations.acknowledged_by")
    .select([
      "notifications.id",
      "notifications.report_id",
      "notifications.rung",
      "notifications.created_at",
      "notifications.burst_id",
      "reports.submitted_at",
      "schools.code as school_code",
      "schools.name_kk",
      "schools.name_ru",
      "schools.name_en",
      "escalations.acknowledged_at",
      "ack.display_name as acknowledged_by",
      "escalations.top_reached_at",
      "escalations.handoff_at",
      sql<string>`(select group_concat(category, ',') from report_categories rc where rc.report_id = reports.id)`.as("categories"),
    ])
    .where("notifications.user_id", "=", actor.user.id)
    .orderBy("notifications.id", "desc")
    .limit(200)
    .execute();
  return Promise.all(
    rows.map(async (r) => ({
      ...r,
      categories: r.categories ? r.categories.split(",") : [],
      burst: r.burst_id === null ? null : await burstSize(actor.db, r.burst_id),
    })),
  );
}

/** How many urgent reports the actor was called for still wait for someone to acknowledge them: the count in the staff menu. */
export async function waitingUrgentCount(actor: Actor): Promise<number> {
  const row = await actor.db
    .selectFrom("notifications")
    .innerJoin("escalations", "escalations.report_id", "notifications.report_id")
    .select(sql<number>`count(distinct notifications.report_id)`.as("n"))
    .where("notifications.user_id", "=", actor.user.id)
    .where("escalations.acknowledged_at", "is", null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
