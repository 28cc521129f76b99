import type { Language } from "../../../db/schema";
import { isStorageFailure } from "../../../db/storage.server";
import { limits } from "../rate-limit/rate-limit.server";
import type { SchoolInRegion } from "../schools/schools.server";
import { checkFormToken, isSpent, pruneSpentTokens } from "./form-token.server";
import { screenWords } from "../screening/screening.server";
import { asStored, isLifeSafety, parseReport, type ReportField, type ReportFormValues } from "./report-input";
import { submitReport, type SubmittedReport } from "./reports.server";
import type { MessageKey } from "~/i18n/dictionary";

export type Reception =
  | { kind: "stored"; receipt: SubmittedReport }
  | { kind: "spam" }
  | { kind: "invalid"; errors: Partial<Record<ReportField, MessageKey>> }
  /** An ordinary report whose form token is missing, expired or forged: sent again from a fresh form. */
  | { kind: "badToken" }
  /** The form's token was spent already (a refresh after sending, a restored tab): nothing stored twice. */
  | { kind: "already" }
  | { kind: "limited" }
  /** The storage failed (read-only, full, damaged): nothing was stored, so no receipt may be shown. */
  | { kind: "unsaved" };

/** The form a report token is for: one school's report form. */
export const reportFormPurpose = (schoolCode: string) => `r:${schoolCode}`;

/**
 * Everything between a posted report form and a stored report: the honeypot, validation, the
 * form token and the rate limits, in that order. A life-safety report (a box ticked, or words the
 * screen matched) is never refused by any of them: with a filled honeypot or a bad token it is stored and flagged (form_token_invalid),
 * and no limit counts it. A re-sent token stores nothing, life-safety or not.
 */
export async function receiveReport(
  target: SchoolInRegion,
  values: ReportFormValues,
  proofs: { honeypot: string; formToken: string | undefined },
  clientKey: string,
  language: Language,
): Promise<Reception> {
  // A child who ticked nothing but wrote "I want to die" is as much in danger as one who ticked it.
  // Screened once, as the words will be stored, so the offsets mark the stored text.
  const screen = screenWords(asStored(values.description ?? ""));
  const lifeSafety = isLifeSafety(values.categories) || screen.length > 0;
  // Bots fill every field; people never see this one.
  if (proofs.honeypot !== "" && !lifeSafety) return { kind: "spam" };
  const parsed = parseReport(values, lifeSafety);
  if (!parsed.success) return { kind: "invalid", errors: parsed.errors };
  const token = checkFormToken(proofs.formToken, reportFormPurpose(target.school.code));
  if (!token.valid && !lifeSafety) return { kind: "badToken" };
  void pruneSpentTokens(target.db).catch(() => undefined);
  // Before the limits: a refresh after the 20th report is told it arrived, not to wait.
  if (token.valid && (await isSpent(target.db, token.id))) return { kind: "already" };
  if (!lifeSafety) {
    // The client first: a client already refused must not use up the school's allowance.
    if (!limits.reportsPerClient.attempt(clientKey)) return { kind: "limited" };
    if (!limits.reportsPerSchool.attempt(target.school.code)) return { kind: "limited" };
  }
  const proof = { spend: token.valid ? token : undefined, flagged: !token.valid || proofs.honeypot !== "" };
  try {
    const receipt = await submitReport(target, parsed.data, language, proof, screen);
    return receipt === "spent" ? { kind: "already" } : { kind: "stored", receipt };
  } catch (e) {
    if (isStorageFailure(e)) return { kind: "unsaved" };
    throw e;
  }
}
