import { sql } from "kysely";
import type { RegionDb } from "../../../db/regions.server";
import { localDateOf, localHourOf } from "../calendar/local-date";
import { waitsPastAnswerDate } from "../referrals/referrals.server";
import { actorFor, may, referralsVisibleTo, reportsVisibleTo, tasksVisibleTo, type Actor } from "../policy/policy.server";
import { translate } from "~/i18n/i18n";
import { siteUrl } from "../site-url";
import type { Channel } from "../../../db/schema";
import { queueDeliveries } from "./deliveries.server";

/**
 * The daily digest: each morning, every school's staff member with something waiting gets one
 * line of counts — their overdue case tasks, reports unanswered for a day, referrals the
 * services have not answered in time — in the app and by email. Counts only: no child's words,
 * no name, no school but their own.
 */
export const DIGEST_LOCAL_HOUR = 7;
const UNANSWERED_AFTER_MS = 24 * 3_600_000;
const SCHOOL_ROLES = ["psychologist", "teacher", "school_admin"] as const;

export type DigestCounts = { overdueTasks: number; unansweredReports: number; overdueReferrals: number };

/** What waits for one staff member on `day`, as the policy lets them see it. */
export async function digestCounts(actor: Actor, now: Date): Promise<DigestCounts> {
  const day = localDateOf(now);
  const count = sql<number>`count(*)`.as("n");
  const [tasks, reports, referrals] = await Promise.all([
    tasksVisibleTo(actor).select(count).where("case_tasks.done_at", "is", null).where("case_tasks.due_on", "<", day).executeTakeFirst(),
    may(actor, "read:report:school")
      ? reportsVisibleTo(actor)
          .select(count)
          .where("reports.status", "=", "new")
          .where("reports.first_response_at", "is", null)
          .where("reports.submitted_at", "<", new Date(now.getTime() - UNANSWERED_AFTER_MS).toISOString())
          .executeTakeFirst()
      : undefined,
    may(actor, "work:case:school") ? referralsVisibleTo(actor).select(count).where(waitsPastAnswerDate(day)).executeTakeFirst() : undefined,
  ]);
  return { overdueTasks: Number(tasks?.n ?? 0), unansweredReports: Number(reports?.n ?? 0), overdueReferrals: Number(referrals?.n ?? 0) };
}

const waiting = (c: DigestCounts) => c.overdueTasks + c.unansweredReports + c.overdueReferrals > 0;

/**
 * Writes today's digests once the school day has begun (07:00 in Kazakhstan): one per person
 * and day, kept by a unique constraint, so the timer may call this every tick and after a
 * restart. A digest with something in it also goes to the outbox on `channels` (`queueMail`:
 * e-mail alone) the person chose; never by SMS, which is for what cannot wait.
 */
export async function prepareDailyDigests(
  { db, region }: { db: RegionDb; region: string },
  now: Date,
  { queueMail = false, channels = queueMail ? ["email"] : [] }: { queueMail?: boolean; channels?: readonly Channel[] } = {},
): Promise<number> {
  if (localHourOf(now) < DIGEST_LOCAL_HOUR) return 0;
  const day = localDateOf(now);
  const people = await db
    .selectFrom("users")
    .leftJoin("digests", (j) => j.onRef("digests.user_id", "=", "users.id").on("digests.day", "=", day))
    .selectAll("users")
    .where("users.role", "in", SCHOOL_ROLES)
    .where("users.school_id", "is not", null)
    .where("users.password_set_at", "is not", null)
    .where("digests.id", "is", null)
    .execute();
  let written = 0;
  for (const user of people) {
    const counts = await digestCounts(await actorFor(user, region, db), now);
    const at = now.toISOString();
    await db.transaction().execute(async (tx) => {
      const inserted = await tx
        .insertInto("digests")
        .values({
          user_id: user.id,
          day,
          overdue_tasks: counts.overdueTasks,
          unanswered_reports: counts.unansweredReports,
          overdue_referrals: counts.overdueReferrals,
          created_at: at,
        })
        .onConflict((oc) => oc.doNothing())
        .returning("id")
        .executeTakeFirst();
      if (!inserted) return;
      written++;
      if (!waiting(counts)) return;
      await queueDeliveries(tx, { digestId: inserted.id, user, message: digestMail(user.language, counts), channels, now });
    });
  }
  return written;
}

export function digestMail(lang: Actor["user"]["language"], c: DigestCounts) {
  const link = siteUrl("/staff").toString();
  return {
    subject: translate(lang, "digest.mail.subject"),
    body: translate(lang, "digest.mail.body", { tasks: c.overdueTasks, reports: c.unansweredReports, referrals: c.overdueReferrals, link }),
  };
}

/** The actor's digest of today, if it has anything in it. */
export async function todaysDigest(actor: Actor, now: Date): Promise<DigestCounts | undefined> {
  const row = await actor.db
    .selectFrom("digests")
    .selectAll()
    .where("user_id", "=", actor.user.id)
    .where("day", "=", localDateOf(now))
    .executeTakeFirst();
  if (!row) return undefined;
  const counts = { overdueTasks: row.overdue_tasks, unansweredReports: row.unanswered_reports, overdueReferrals: row.overdue_referrals };
  return waiting(counts) ? counts : undefined;
}
