import { z } from "zod";
import { SCREEN_KINDS, screeningContent } from "~/content/screening";
import { schoolNowIso } from "~/domain/calendar/local-date";
import { logAccess } from "../audit/access-log.server";
import { may, reportsVisibleTo, type Actor } from "../policy/policy.server";
import { compileLexicon, screenText, type ScreenMatch } from "./screen";

/** The lexicon, compiled once per process. */
export const screeningLexicon = compileLexicon(screeningContent);

/** Where a child's words need a person now (empty: nowhere). */
export function screenWords(text: string): ScreenMatch[] {
  return screenText(text, screeningLexicon);
}

const storedMatches = z.array(
  z.object({ ruleId: z.string(), kind: z.enum(SCREEN_KINDS), start: z.number().int().min(0), end: z.number().int().min(0) }),
);

/** A report's stored matches (its screen_matches column); anything unreadable is none. */
export function matchesOf(json: string | null): ScreenMatch[] {
  if (!json) return [];
  try {
    return storedMatches.parse(JSON.parse(json));
  } catch {
    return [];
  }
}

/** The column value for a report's matches. */
export const storeMatches = (matches: ScreenMatch[]) => (matches.length > 0 ? JSON.stringify(matches) : null);

export const REASON_MAX = 1000;
export const lowerUrgencySchema = z.object({
  reason: z.string().trim().min(1, { error: "screen.lower.error" }).max(REASON_MAX, { error: "screen.lower.error" }),
});

/**
 * A psychologist lowers a report the screen made urgent: it leaves the urgent views and its
 * ladder stops. Only the screen's own raise can be lowered (a ticked life-safety box stays the
 * child's word), once, with a reason, written to the access log. False: not the actor's to lower.
 */
export async function lowerScreenedReport(actor: Actor, reportId: number, reason: string): Promise<boolean> {
  if (!may(actor, "update:report:school")) return false;
  const lowered = await actor.db
    .updateTable("reports")
    .set({ urgent: 0, screen_lowered_at: schoolNowIso(), screen_lowered_by: actor.user.id, screen_lowered_reason: reason })
    .where("id", "=", reportId)
    .where("id", "in", reportsVisibleTo(actor).select("reports.id"))
    .where("screen_raised", "=", 1)
    .where("screen_lowered_at", "is", null)
    .executeTakeFirst();
  if (Number(lowered.numUpdatedRows) === 0) return false;
  await logAccess(actor, "lower_urgency", "report", reportId);
  return true;
}
