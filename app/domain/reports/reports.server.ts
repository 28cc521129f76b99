import { schoolNow } from "../calendar/local-date";
import { openRegions, type RegionDb } from "../../../db/regions.server";
import type { Language, Report } from "../../../db/schema";
import type { SchoolInRegion } from "../schools/schools.server";
import { insertReportDurably } from "./intake.server";
import { generateReceiptCode, hashReceiptCode, normalizeReceiptCode, receiptHashCandidates } from "./receipt-code.server";
import { isLifeSafety, type ReportInput } from "./report-input";

export type SubmittedReport = { receiptCode: string; urgent: boolean };

/**
 * Reporter-side times are kept to the minute: a millisecond stamp could be matched against a
 * proxy's or a network's log to tell who sent a report.
 */
export function minuteNow(): string {
  return new Date(Math.floor(schoolNow().getTime() / 60_000) * 60_000).toISOString();
}

/**
 * Stores a report and returns its receipt code. The insert commits with synchronous=FULL
 * (grouped with reports arriving at the same moment) before this resolves, so a code the student sees belongs to a report that survives a crash.
 * Nothing about the sender (address, browser, time zone) is accepted here, so none can be stored.
 */
export async function submitReport(
  { db, school }: SchoolInRegion,
  input: ReportInput,
  language: Language,
): Promise<SubmittedReport> {
  const urgent = isLifeSafety(input.categories);
  const place = input.place === null ? undefined : await db.selectFrom("poster_places").select("id").where("id", "=", input.place).where("school_id", "=", school.id).executeTakeFirst();
  for (;;) {
    const receiptCode = generateReceiptCode();
    const id = await insertReportDurably(
      db,
      {
        school_id: school.id,
        receipt_hash: hashReceiptCode(receiptCode),
        reporter_role: input.reporterRole,
        location: input.location,
        frequency: input.frequency,
        since: input.since,
        grade: input.grade,
        description: input.description,
        contact_requested: input.contactRequested ? 1 : 0,
        contact_name: input.contactRequested ? input.contactName : "",
        contact_class: input.contactRequested ? input.contactClass : "",
        urgent: urgent ? 1 : 0,
        language,
        status: "new",
        submitted_at: minuteNow(),
        poster_place_id: place?.id ?? null,
      },
      input.categories,
    );
    // A repeated code (one in ~10^16) is retried with a fresh one, never merged.
    if (id !== undefined) return { receiptCode, urgent };
  }
}

export type ReportByReceipt = { db: RegionDb; report: Report };

/** The report a receipt code belongs to, in whichever open region holds it. */
export async function findReportByReceipt(input: string): Promise<ReportByReceipt | undefined> {
  const code = normalizeReceiptCode(input);
  if (!code) return undefined;
  const [current, ...older] = receiptHashCandidates(code);
  for (const { db } of await openRegions()) {
    const report = await db.selectFrom("reports").selectAll().where("receipt_hash", "in", [current!, ...older]).executeTakeFirst();
    if (!report) continue;
    // A hash made with an older key, or the plain SHA-256 of before, is upgraded on use.
    if (report.receipt_hash !== current) {
      await db.updateTable("reports").set({ receipt_hash: current! }).where("id", "=", report.id).where("receipt_hash", "=", report.receipt_hash).execute();
      report.receipt_hash = current!;
    }
    return { db, report };
  }
  return undefined;
}

/** What the reporter may see of their own report: no staff names, no closing notes. */
export async function reporterView({ db, report }: ReportByReceipt) {
  const messages = await db
    .selectFrom("report_messages")
    .select(["id", "author", "body", "created_at"])
    .where("report_id", "=", report.id)
    .orderBy("id")
    .execute();
  // Read afresh: the reporter's own message may just have reopened it.
  const current = await db
    .selectFrom("reports")
    .innerJoin("schools", "schools.id", "reports.school_id")
    .select(["reports.status", "schools.name_kk", "schools.name_ru", "schools.name_en"])
    .where("reports.id", "=", report.id)
    .executeTakeFirstOrThrow();
  const { status, ...school } = current;
  return { status, urgent: report.urgent === 1, submittedAt: report.submitted_at, school, messages };
}

export async function addReporterMessage({ db, report }: ReportByReceipt, body: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto("report_messages")
      .values({ report_id: report.id, author: "reporter", staff_user_id: null, body, created_at: minuteNow() })
      .execute();
    // New words from the child deserve a fresh look even if the report was closed.
    if (report.status === "closed") {
      await tx
        .updateTable("reports")
        .set({ status: "in_progress", closed_at: null, closure_reason: null })
        .where("id", "=", report.id)
        .execute();
    }
  });
}
