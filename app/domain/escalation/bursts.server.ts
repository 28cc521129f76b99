import { sql, type Kysely, type Transaction } from "kysely";
import { ladderFor } from "~/content/escalation";
import { siteUrl } from "~/domain/site-url";
import { translate } from "~/i18n/i18n";
import type { Database, Language } from "../../../db/schema";

// A flood of urgent reports at one school (issue #12): past a threshold in content/escalation.json
// (`burst`), the ladders of its reports notify each person once, with a grouped alert that sends
// them to the inbox, where the unacknowledged urgent reports are listed first, newest first.

type Db = Kysely<Database> | Transaction<Database>;
const minutes = (n: number) => n * 60_000;

/** At most this many notifications reach one person for one burst (its first reports' own included). */
export const BURST_NOTIFICATIONS_PER_PERSON = 3;

/**
 * Finds the schools in a burst at `now` (enough genuine urgent reports arrived within the window)
 * and ties the climbing ladders of those reports to the school's current burst, opening one when
 * none is active. Runs every tick before any rung fires, so a burst's reports notify through it.
 */
export async function groupBursts(db: Kysely<Database>, region: string, now: Date): Promise<void> {
  const { urgentReports, withinMinutes } = ladderFor(region).burst;
  const nowIso = now.toISOString();
  const since = new Date(now.getTime() - minutes(withinMinutes)).toISOString();
  const busy = await db
    .selectFrom("reports")
    .select(["reports.school_id", sql<string>`min(reports.submitted_at)`.as("first"), sql<string>`max(reports.submitted_at)`.as("last")])
    // A literal, not a parameter, so SQLite uses the partial index reports_urgent_arrival.
    .where(sql<boolean>`reports.urgent = 1`)
    .where("reports.submitted_at", ">", since)
    .where("reports.submitted_at", "<=", nowIso)
    .where("reports.not_genuine_at", "is", null)
    .groupBy("reports.school_id")
    .having(sql<number>`count(*)`, ">=", urgentReports)
    .execute();
  for (const school of busy) {
    await db.transaction().execute(async (tx) => {
      const active = await activeBurst(tx, region, school.school_id, now);
      const burstId = active
        ? active.id
        : Number(
            (
              await tx
                .insertInto("bursts")
                .values({ school_id: school.school_id, started_at: school.first, last_report_at: school.last })
                .returning("id")
                .executeTakeFirstOrThrow()
            ).id,
          );
      if (active && active.last_report_at < school.last)
        await tx.updateTable("bursts").set({ last_report_at: school.last }).where("id", "=", burstId).execute();
      await tx
        .updateTable("escalations")
        .set({ burst_id: burstId })
        .where("school_id", "=", school.school_id)
        .where("burst_id", "is", null)
        .where("acknowledged_at", "is", null)
        .where("report_id", "in", (eb) =>
          eb
            .selectFrom("reports")
            .select("reports.id")
            .where(sql<boolean>`reports.urgent = 1`)
            .where("reports.school_id", "=", school.school_id)
            .where("reports.submitted_at", ">", since),
        )
        .execute();
    });
  }
}

/** The school's burst still going at `now` (a report of it arrived within the window), if any. */
export async function activeBurst(db: Db, region: string, schoolId: number, now: Date) {
  const since = new Date(now.getTime() - minutes(ladderFor(region).burst.withinMinutes)).toISOString();
  return db
    .selectFrom("bursts")
    .select(["id", "started_at", "last_report_at"])
    .where("school_id", "=", schoolId)
    .where("last_report_at", ">", since)
    .orderBy("id", "desc")
    .executeTakeFirst();
}

/** How many urgent reports a burst holds and over how many minutes they arrived (at least 1). */
export async function burstSize(db: Db, burstId: number): Promise<{ count: number; minutes: number }> {
  const burst = await db
    .selectFrom("bursts")
    .select([
      "started_at",
      "last_report_at",
      (eb) =>
        eb
          .selectFrom("escalations")
          .select(sql<number>`count(*)`.as("n"))
          .where("escalations.burst_id", "=", burstId)
          .as("count"),
    ])
    .where("id", "=", burstId)
    .executeTakeFirstOrThrow();
  return {
    count: Number(burst.count ?? 0),
    minutes: Math.max(1, Math.round((Date.parse(burst.last_report_at) - Date.parse(burst.started_at)) / 60_000)),
  };
}

/**
 * Whether a person may still be notified for a burst: not yet for this rung, and fewer than
 * BURST_NOTIFICATIONS_PER_PERSON notifications about its reports so far (individual ones sent
 * before the burst was recognised count too).
 */
export async function mayNotifyOfBurst(tx: Db, burstId: number, userId: number, rung: string, { capped = true } = {}): Promise<boolean> {
  const row = await tx
    .selectFrom("notifications")
    .select([
      sql<number>`count(*)`.as("n"),
      sql<number>`coalesce(sum(notifications.burst_id = ${burstId} and notifications.rung = ${rung}), 0)`.as("this_rung"),
    ])
    .where("notifications.user_id", "=", userId)
    .where((eb) =>
      eb.or([
        eb("notifications.burst_id", "=", burstId),
        eb(
          "notifications.report_id",
          "in",
          eb.selectFrom("escalations").select("escalations.report_id").where("escalations.burst_id", "=", burstId),
        ),
      ]),
    )
    .executeTakeFirst();
  return Number(row?.this_rung ?? 0) === 0 && (!capped || Number(row?.n ?? 0) < BURST_NOTIFICATIONS_PER_PERSON);
}

/** The grouped alert's words: how many, where, how fast, and where to look. No child's words. */
export function burstMail(lang: Language, size: { count: number; minutes: number }, schoolName: string, readsReports: boolean) {
  const link = siteUrl(readsReports ? "/school/reports?status=urgent" : "/staff/notifications").toString();
  const words = { count: String(size.count), minutes: String(size.minutes), school: schoolName, link };
  const subject = translate(lang, "flood.mail.subject", words);
  return { subject, body: translate(lang, "flood.mail.body", words), sms: `${subject} ${link}` };
}

/** The burst going on at the actor's school, for the inbox's banner; undefined when none. */
export async function activeBurstOf(actor: { db: Kysely<Database>; region: string; user: { school_id: number | null } }, now: Date) {
  if (actor.user.school_id === null) return undefined;
  const burst = await activeBurst(actor.db, actor.region, actor.user.school_id, now);
  return burst ? burstSize(actor.db, burst.id) : undefined;
}
