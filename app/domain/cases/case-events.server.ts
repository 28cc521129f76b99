import { schoolNowIso } from "~/domain/calendar/local-date";
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../../db/schema";

export type CaseEventKind =
  | "opened"
  | "report_linked"
  | "screened"
  | "person_added"
  | "person_updated"
  | "step"
  | "note"
  | "task_assigned"
  | "escalated"
  | "monitoring_started"
  | "closed"
  | "reopened"
  | "checkin"
  | "evidence_added"
  | "referral_sent"
  | "referral_accepted"
  | "referral_declined"
  | "referral_completed"
  | "transfer_requested"
  | "transfer_accepted"
  | "transfer_declined";

export type CaseEventInput = {
  caseId: number;
  kind: CaseEventKind;
  /** Null for what the system or the anonymous reporter did. */
  userId: number | null;
  stepId?: string | null;
  personId?: number | null;
  heldOn?: string | null;
  participants?: string;
  content?: string;
  result?: string | null;
};

/**
 * Adds one entry to a case's chronology. Entries are never edited or deleted, so the timeline
 * stays the record of what was done and when. Pass the transaction that makes the change itself.
 */
export async function recordCaseEvent(db: Kysely<Database> | Transaction<Database>, event: CaseEventInput): Promise<number> {
  const row = await db
    .insertInto("case_events")
    .values({
      case_id: event.caseId,
      kind: event.kind,
      step_id: event.stepId ?? null,
      person_id: event.personId ?? null,
      held_on: event.heldOn ?? null,
      participants: event.participants ?? "",
      content: event.content ?? "",
      result: event.result ?? null,
      user_id: event.userId,
      at: schoolNowIso(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}
