import { z } from "zod";
import type { Transaction } from "kysely";
import type { Database } from "../../../db/schema";
import { dictionaries } from "~/i18n/dictionary";
import { LANGUAGES } from "~/i18n/language";
import { localToday } from "../calendar/local-date";
import { minuteNow, type ReportByReceipt } from "../reports/reports.server";
import { recordCaseEvent } from "./case-events.server";
import { reopenCase } from "./case-lifecycle.server";

// Some weeks after a case closes, the child who reported it is asked on /status whether the
// bullying really stopped: the one way a school hears it started again without the child
// having to report everything anew. The reporter sees the question and nothing of the case.

export const CHECKIN_ANSWERS = ["stopped", "started_again"] as const;
/** The child's answer to "has it stopped?" on /status. */
export const checkinAnswerSchema = z.object({ answer: z.enum(CHECKIN_ANSWERS, { error: "caseRecords.checkin.notAsked" }) });
export type CheckinAnswer = (typeof CHECKIN_ANSWERS)[number];

/** Written once into the chronology as the reason the case opened again, for staff of any language. */
const REOPEN_REASON = LANGUAGES.map((lang) => dictionaries[lang]["caseRecords.checkin.reopenReason"]).join(" / ");

/** The case of this report whose check-in question is open today, if any. */
async function caseAwaitingCheckin(db: ReportByReceipt["db"] | Transaction<Database>, reportId: number) {
  return db
    .selectFrom("case_reports")
    .innerJoin("cases", "cases.id", "case_reports.case_id")
    .select(["cases.id", "cases.status", "cases.checkin_on", "cases.checkin_answer"])
    .where("case_reports.report_id", "=", reportId)
    .executeTakeFirst();
}

function isDue(kase: { status: string; checkin_on: string | null; checkin_answer: string | null }): boolean {
  return kase.status === "closed" && kase.checkin_on !== null && kase.checkin_on <= localToday() && kase.checkin_answer === null;
}

/** Whether the reporter should be asked now: their report's case is closed, the day has come, and nobody answered yet. */
export async function checkinIsDue({ db, report }: ReportByReceipt): Promise<boolean> {
  const kase = await caseAwaitingCheckin(db, report.id);
  return kase !== undefined && isDue(kase);
}

export type CheckinOutcome =
  { kind: "recorded"; answer: CheckinAnswer } | { kind: "already"; answer: CheckinAnswer } | { kind: "not_asked" };

/**
 * Stores the reporter's answer once: a second answer (a double tap, the back button) changes
 * nothing and is thanked like the first. "Started again" reopens the case and puts the report
 * back in the psychologist's inbox, as a new message from the reporter would.
 */
export async function answerCheckin({ db, report }: ReportByReceipt, answer: CheckinAnswer): Promise<CheckinOutcome> {
  const outcome = await db.transaction().execute(async (tx): Promise<CheckinOutcome & { caseId?: number }> => {
    const kase = await caseAwaitingCheckin(tx, report.id);
    if (!kase) return { kind: "not_asked" };
    if (kase.checkin_answer !== null) return { kind: "already", answer: kase.checkin_answer };
    if (!isDue(kase)) return { kind: "not_asked" };
    const updated = await tx
      .updateTable("cases")
      .set({ checkin_answer: answer })
      .where("id", "=", kase.id)
      .where("checkin_answer", "is", null)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return { kind: "not_asked" };
    const eventId = await recordCaseEvent(tx, { caseId: kase.id, kind: "checkin", userId: null, result: answer });
    // Kept to the minute like everything the reporter does: a precise stamp could be matched to a network log.
    await tx.updateTable("case_events").set({ at: minuteNow() }).where("id", "=", eventId).execute();
    if (answer === "started_again") {
      await tx
        .updateTable("reports")
        .set({ status: "in_progress", closed_at: null, closure_reason: null })
        .where("id", "=", report.id)
        .where("status", "=", "closed")
        .execute();
    }
    return { kind: "recorded", answer, caseId: kase.id };
  });
  if (outcome.kind === "recorded" && outcome.answer === "started_again") {
    await reopenCase(db, outcome.caseId!, { userId: null, reason: REOPEN_REASON });
  }
  return outcome.kind === "not_asked" ? outcome : { kind: outcome.kind, answer: outcome.answer };
}
