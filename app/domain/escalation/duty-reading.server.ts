import { logAccess } from "../audit/access-log.server";
import { urgentReportsReadableOnDuty, type Actor } from "../policy/policy.server";

/**
 * One urgent report as its duty psychologist reads it: the words, the categories, the contact
 * the child asked for, the school. Every reading goes to the access log. Undefined when the
 * policy says no (not called for it, another report, or off duty), alike for all.
 */
export async function openReportOnDuty(actor: Actor, reportId: number, now: Date) {
  const report = await urgentReportsReadableOnDuty(actor, now)
    .innerJoin("schools", "schools.id", "reports.school_id")
    .select([
      "reports.id",
      "reports.submitted_at",
      "reports.description",
      "reports.location",
      "reports.frequency",
      "reports.since",
      "reports.grade",
      "reports.reporter_role",
      "reports.contact_requested",
      "reports.contact_name",
      "reports.contact_class",
      "schools.code as school_code",
      "schools.name_kk",
      "schools.name_ru",
      "schools.name_en",
    ])
    .where("reports.id", "=", reportId)
    .executeTakeFirst();
  if (!report) return undefined;
  const categories = (await actor.db.selectFrom("report_categories").select("category").where("report_id", "=", reportId).execute()).map(
    (c) => c.category,
  );
  await logAccess(actor, "view", "report", reportId);
  return { ...report, categories };
}
