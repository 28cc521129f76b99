import { ladderFor } from "~/content/escalation";
import { schoolNow } from "../calendar/local-date";
import { isSchoolHours } from "../escalation/school-hours";
import { openRegions, type RegionDb } from "../../../db/regions.server";
import { noteAcknowledged } from "../../../db/acknowledged.server";
import type { Language, Report } from "../../../db/schema";
import type { SchoolInRegion } from "../schools/schools.server";
import { insertReportDurably, type SpendableToken } from "./intake.server";
import { generateReceiptCode, hashReceiptCode, normalizeReceiptCode, receiptHashCandidates } from "./receipt-code.server";
import type { ScreenMatch } from "../screening/screen";
import { screenWords, storeMatches } from "../screening/screening.server";
import { isLifeSafety, type ReportInput } from "./report-input";

export type SubmittedReport = { receiptCode: string; urgent: boolean; schoolOpen: boolean };

/** Whether the school's psychologist is at work now, which is what the receipt promises. */
export function schoolOpenNow(regionCode: string): boolean {
  return isSchoolHours(ladderFor(regionCode), schoolNow());
}

/**
 * Reporter-side times are kept to the minute: a millisecond stamp could be matched against a
 * proxy's or a network's log to tell who sent a report.
 */
export function minuteNow(): string {
  return new Date(Math.floor(schoolNow().getTime() / 60_000) * 60_000).toISOString();
}

/**
 * Stores a report and returns its receipt code; "spent" (and nothing stored) when the form's
 * token was already used: the report it came with is stored already. The insert commits with synchronous=FULL
 * (grouped with reports arriving at the same moment) before this resolves, so a code the student sees belongs to a report that survives a crash.
 * Nothing about the sender (address, browser, time zone) is accepted here, so none can be stored.
 */
export async function submitReport(
  target: SchoolInRegion,
  input: ReportInput,
  language: Language,
  /** The valid form token to spend with the insert; flagged when it lacked one (or filled the honeypot). */
  proof: { spend?: SpendableToken; flagged: boolean },
  /** Where the life-safety screen matched the stored words (receiveReport screened them). */
  matches: ScreenMatch[],
): Promise<SubmittedReport | "spent"> {
  const { db, school } = target;
  const ticked = isLifeSafety(input.categories);
  const urgent = ticked || matches.length > 0;
  const place =
    input.place === null
      ? undefined
      : await db
          .selectFrom("poster_places")
          .select("id")
          .where("id", "=", input.place)
          .where("school_id", "=", school.id)
          .executeTakeFirst();
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
        screen_matches: storeMatches(matches),
        screen_raised: !ticked && matches.length > 0 ? 1 : 0,
        language,
        status: "new",
        submitted_at: minuteNow(),
        poster_place_id: place?.id ?? null,
        form_token_invalid: proof.flagged ? 1 : 0,
      },
      input.categories,
      proof.spend,
    );
    if (id === "spent") return id;
    // A repeated code (one in ~10^16) is retried with a fresh one, never merged.
    if (id !== undefined) {
      noteAcknowledged(db, id);
      return { receiptCode, urgent, schoolOpen: schoolOpenNow(target.region.code) };
    }
  }
}

export type ReportByReceipt = { db: RegionDb; report: Report; region: string };

/** The report a receipt code belongs to, in whichever open region holds it. */
export async function findReportByReceipt(input: string): Promise<ReportByReceipt | undefined> {
  const code = normalizeReceiptCode(input);
  if (!code) return undefined;
  const [current, ...older] = receiptHashCandidates(code);
  for (const { code: region, db } of await openRegions()) {
    const report = await db
      .selectFrom("reports")
      .selectAll()
      .where("receipt_hash", "in", [current!, ...older])
      .executeTakeFirst();
    if (!report) continue;
    // A hash made with an older key, or the plain SHA-256 of before, is upgraded on use.
    if (report.receipt_hash !== current) {
      await db
        .updateTable("reports")
        .set({ receipt_hash: current! })
        .where("id", "=", report.id)
        .where("receipt_hash", "=", report.receipt_hash)
        .execute();
      report.receipt_hash = current!;
    }
    return { db, report, region };
  }
  return undefined;
}

/**
 * What the reporter may see of their own report: no staff names, no closing notes; of the
 * urgent ladder only whether a person has acknowledged it.
 */
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
    .leftJoin("escalations", "escalations.report_id", "reports.id")
    .select(["reports.status", "schools.name_kk", "schools.name_ru", "schools.name_en", "escalations.acknowledged_at"])
    .where("reports.id", "=", report.id)
    .executeTakeFirstOrThrow();
  const { status, acknowledged_at, ...school } = current;
  const urgent = report.urgent === 1;
  return { status, urgent, acknowledged: urgent && acknowledged_at !== null, submittedAt: report.submitted_at, school, messages };
}

/**
 * Stores the reporter's message once per form: `idempotencyKey` comes from the form's hidden
 * field, so a refresh or a restored tab that sends the same form again stores nothing new
 * ("already"). A missing or malformed key never refuses the message; it only loses that guard.
 */
export async function addReporterMessage(
  { db, report }: ReportByReceipt,
  body: string,
  idempotencyKey?: string,
): Promise<"stored" | "already"> {
  const key = idempotencyKey && /^[\w-]{16,64}$/.test(idempotencyKey) ? idempotencyKey : null;
  const matches = screenWords(body);
  return db.transaction().execute(async (tx) => {
    const inserted = await tx
      .insertInto("report_messages")
      .values({
        report_id: report.id,
        author: "reporter",
        staff_user_id: null,
        body,
        created_at: minuteNow(),
        idempotency_key: key,
        screen_matches: storeMatches(matches),
      })
      .onConflict((oc) => oc.columns(["report_id", "idempotency_key"]).where("idempotency_key", "is not", null).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return "already";
    // New words from the child deserve a fresh look even if the report was closed.
    if (report.status === "closed") {
      await tx
        .updateTable("reports")
        .set({ status: "in_progress", closed_at: null, closure_reason: null })
        .where("id", "=", report.id)
        .execute();
    }
    // Words that need a person now make the report urgent, as on the first day: its ladder starts.
    if (matches.length > 0 && report.urgent === 0) {
      await tx
        .updateTable("reports")
        .set({ urgent: 1, screen_raised: 1, screen_lowered_at: null, screen_lowered_by: null, screen_lowered_reason: null })
        .where("id", "=", report.id)
        .execute();
    }
    return "stored";
  });
}
