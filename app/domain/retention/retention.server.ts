import { sql, type ExpressionBuilder, type Transaction } from "kysely";
import { openExistingRegions, openRegions, type RegionDb } from "../../../db/regions.server";
import type { Database } from "../../../db/schema";
import { schoolNow } from "../calendar/local-date";
import { removeEvidenceFile } from "../cases/evidence.server";

/**
 * Retention: a closed report or case keeps its words and names for `RETENTION_MONTHS` (default
 * 36) after closing; then they are removed and only what the aggregates count stays (school,
 * categories, urgency, grade, dates, statuses, outcome, people's roles). Personal data of minors
 * is deleted on schedule (Law "On personal data and their protection").
 */
export const DEFAULT_RETENTION_MONTHS = 36;

export type RetentionRun = { cutoff: string; reports: number; cases: number; evidenceFiles: number };

export function retentionMonths(): number {
  const configured = Number(process.env.RETENTION_MONTHS);
  return Number.isInteger(configured) && configured >= 1 ? configured : DEFAULT_RETENTION_MONTHS;
}

/** The moment before which a closing is old enough. */
export function retentionCutoff(now: Date, months: number): string {
  const cutoff = new Date(now);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - months);
  return cutoff.toISOString();
}

/**
 * Anonymises every case closed before the cutoff (with the reports in it), and every report
 * closed before the cutoff that belongs to no case still kept. Idempotent; one transaction per
 * case or report, so a crash leaves each either whole or anonymised.
 */
export async function anonymiseExpired(
  db: RegionDb,
  region: string,
  { now = schoolNow(), months = retentionMonths() } = {},
): Promise<RetentionRun> {
  const cutoff = retentionCutoff(now, months);
  const at = now.toISOString();
  const run: RetentionRun = { cutoff, reports: 0, cases: 0, evidenceFiles: 0 };

  const cases = await db
    .selectFrom("cases")
    .select("id")
    .where("status", "=", "closed")
    .where("closed_at", "<", cutoff)
    .where("anonymised_at", "is", null)
    .where(noConversationSince(cutoff))
    .execute();
  for (const { id } of cases) {
    const files = await db.transaction().execute(async (tx) => {
      // Checked again inside the transaction: a case reopened since the list above is kept.
      const still = await tx
        .updateTable("cases")
        .set({ summary: "", closure_note: "", anonymised_at: at })
        .where("id", "=", id)
        .where("status", "=", "closed")
        .where("closed_at", "<", cutoff)
        .where("anonymised_at", "is", null)
        .where(noConversationSince(cutoff))
        .executeTakeFirst();
      if (Number(still.numUpdatedRows) === 0) return undefined;
      await tx.updateTable("case_people").set({ name: "", notes: "", class_label: "" }).where("case_id", "=", id).execute();
      await tx.updateTable("case_events").set({ content: "", participants: "" }).where("case_id", "=", id).execute();
      await tx.updateTable("case_transfers").set({ note: "" }).where("case_id", "=", id).execute();
      await tx
        .updateTable("referrals")
        .set({ guardian_consent: "", child_voice: "", danger_reason: "", summary: "", decline_reason: "", action_taken: "", outcome: "" })
        .where("case_id", "=", id)
        .execute();
      const evidence = await tx.selectFrom("case_evidence").select("storage_name").where("case_id", "=", id).execute();
      await tx.deleteFrom("case_evidence").where("case_id", "=", id).execute();
      const reports = await tx.selectFrom("case_reports").select("report_id").where("case_id", "=", id).execute();
      run.reports += await anonymiseReports(
        tx,
        reports.map((r) => r.report_id),
        at,
      );
      return evidence.map((e) => e.storage_name);
    });
    if (!files) continue;
    // After the commit: a crash in between leaves an orphan file, never a row without its file.
    for (const name of files) await removeEvidenceFile(region, name);
    run.evidenceFiles += files.length;
    run.cases++;
  }

  // Reports in no case, or in a case that is kept, follow their own closing date only when they
  // are in no case: a case keeps its reports for as long as it is kept.
  const lone = await db
    .selectFrom("reports")
    .select("id")
    .where("status", "=", "closed")
    .where("closed_at", "<", cutoff)
    .where("anonymised_at", "is", null)
    .where("id", "not in", db.selectFrom("case_reports").select("report_id"))
    .execute();
  for (const { id } of lone) run.reports += await db.transaction().execute((tx) => anonymiseReports(tx, [id], at, cutoff));
  return run;
}

/**
 * A case waits while its reporter still talks: a message on any of its reports since the cutoff
 * (a child writing "it started again" long after the case closed) keeps the whole case.
 */
function noConversationSince(cutoff: string) {
  return (eb: ExpressionBuilder<Database, "cases">) =>
    eb.not(
      eb.exists(
        eb
          .selectFrom("case_reports")
          .innerJoin("report_messages", "report_messages.report_id", "case_reports.report_id")
          .select("report_messages.id")
          .whereRef("case_reports.case_id", "=", "cases.id")
          .where("report_messages.created_at", ">=", cutoff),
      ),
    );
}

/**
 * Anonymises the reports of an expired case, or (with `closedBefore`) a report of no case, checked
 * again inside the transaction: one reopened since the list was made is kept.
 */
async function anonymiseReports(tx: Transaction<Database>, candidates: number[], at: string, closedBefore?: string): Promise<number> {
  if (candidates.length === 0) return 0;
  let still = tx.selectFrom("reports").select("id").where("id", "in", candidates).where("anonymised_at", "is", null);
  if (closedBefore) still = still.where("status", "=", "closed").where("closed_at", "<", closedBefore);
  const ids = (await still.execute()).map((r) => r.id);
  if (ids.length === 0) return 0;
  await tx.deleteFrom("report_messages").where("report_id", "in", ids).execute();
  const result = await tx
    .updateTable("reports")
    // The receipt code stops working: "retired-<id>" is no SHA-256 of any code.
    // The screen's marks and the reason it was lowered go with the words they were about.
    .set({
      description: "",
      contact_name: "",
      contact_class: "",
      closure_note: "",
      screen_matches: null,
      screen_lowered_reason: null,
      receipt_hash: sql`'retired-' || id`,
      anonymised_at: at,
    })
    .where("id", "in", ids)
    .where("anonymised_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Retention over every region database in the data directory. */
export async function anonymiseExpiredEverywhere(
  options: { now?: Date; months?: number } = {},
): Promise<Array<{ region: string } & RetentionRun>> {
  await openExistingRegions();
  const runs = [];
  for (const { code, db } of await openRegions()) runs.push({ region: code, ...(await anonymiseExpired(db, code, options)) });
  return runs;
}

const DAY_MS = 86_400_000;

/**
 * Runs retention now and then once a day, in the one process that runs schedules. The timer
 * holds no state: a restart simply runs it again, and a run finds only what is still due.
 */
export function scheduleRetention(log: (line: string) => void = console.log): () => void {
  const once = async () => {
    try {
      for (const r of await anonymiseExpiredEverywhere()) {
        if (r.reports + r.cases > 0)
          log(`Retention (${r.region}): anonymised ${r.reports} reports and ${r.cases} cases closed before ${r.cutoff}.`);
      }
    } catch (e) {
      console.error("Retention failed; it runs again tomorrow.", e);
    }
  };
  void once();
  const timer = setInterval(() => void once(), DAY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
