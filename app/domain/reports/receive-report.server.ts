import type { Language } from "../../../db/schema";
import { isStorageFailure } from "../../../db/storage.server";
import { limits } from "../rate-limit/rate-limit.server";
import type { SchoolInRegion } from "../schools/schools.server";
import { isLifeSafety, parseReport, type ReportField, type ReportFormValues } from "./report-input";
import { submitReport, type SubmittedReport } from "./reports.server";
import type { MessageKey } from "~/i18n/dictionary";

export type Reception =
  | { kind: "stored"; receipt: SubmittedReport }
  | { kind: "spam" }
  | { kind: "invalid"; errors: Partial<Record<ReportField, MessageKey>> }
  | { kind: "limited" }
  /** The storage failed (read-only, full, damaged): nothing was stored, so no receipt may be shown. */
  | { kind: "unsaved" };

/**
 * Everything between a posted report form and a stored report: the honeypot, validation and
 * the rate limits, in that order. A life-safety report is never refused by the school's limit.
 */
export async function receiveReport(
  target: SchoolInRegion,
  values: ReportFormValues,
  honeypot: string,
  clientKey: string,
  language: Language,
): Promise<Reception> {
  // Bots fill every field; people never see this one.
  if (honeypot !== "") return { kind: "spam" };
  const parsed = parseReport(values);
  if (!parsed.success) return { kind: "invalid", errors: parsed.errors };
  // The client first: a client already refused must not use up the school's allowance.
  if (!limits.reportsPerClient.attempt(clientKey)) return { kind: "limited" };
  const schoolFlooded = !limits.reportsPerSchool.attempt(target.school.code) && !isLifeSafety(parsed.data.categories);
  if (schoolFlooded) return { kind: "limited" };
  try {
    return { kind: "stored", receipt: await submitReport(target, parsed.data, language) };
  } catch (e) {
    if (isStorageFailure(e)) return { kind: "unsaved" };
    throw e;
  }
}
