import { z } from "zod";
import { schoolNowIso } from "~/domain/calendar/local-date";
import { sql, type Transaction } from "kysely";
import type { Database } from "../../../db/schema";
import { logAccess } from "../audit/access-log.server";
import { casesEditableBy, incomingTransfersFor, type Actor, type CaseAccess } from "../policy/policy.server";
import { normalizeSchoolCode, regionOfSchoolCode } from "../schools/school-code";
import { withDistrictNames } from "../schools/schools.server";
import { recordCaseEvent } from "./case-events.server";

export const MAX_TRANSFER_NOTE_CHARS = 2000;
export const MAX_DECLINE_REASON_CHARS = 1000;

/** The receiving school's answer "not ours", with the reason the sending school will read. */
export const declineTransferSchema = z.object({
  reason: z
    .string()
    .trim()
    .min(1, { error: "caseRecords.incoming.error.reason" })
    .max(MAX_DECLINE_REASON_CHARS, { error: "caseRecords.incoming.error.reasonLong" }),
});

/** The request as the sending school posts it: the other school's code and a note for it. */
export const transferSchema = z.object({
  school: z.string().trim().min(1, { error: "caseRecords.transfer.error.school" }).max(20, { error: "caseRecords.transfer.error.school" }),
  note: z
    .string()
    .trim()
    .min(1, { error: "caseRecords.transfer.error.note" })
    .max(MAX_TRANSFER_NOTE_CHARS, { error: "caseRecords.transfer.error.noteLong" }),
});

/** A region has a few hundred schools; more than this on one page is a search, not a choice. */
const MAX_TARGETS_LISTED = 300;

/**
 * What the sending school's transfer page shows: the case in short, a request waiting for an
 * answer, earlier requests and their answers. Written to the access log.
 */
export async function transferPage(actor: Actor, access: CaseAccess) {
  const { caseId } = access;
  const schoolId = actor.user.school_id!;
  const [kase, transfers, linkedReports] = await Promise.all([
    actor.db.selectFrom("cases").select(["id", "model", "status"]).where("id", "=", caseId).executeTakeFirstOrThrow(),
    actor.db
      .selectFrom("case_transfers")
      .innerJoin("schools", "schools.id", "case_transfers.to_school_id")
      .innerJoin("users", "users.id", "case_transfers.requested_by")
      .select([
        "case_transfers.id",
        "case_transfers.state",
        "case_transfers.note",
        "case_transfers.requested_at",
        "case_transfers.answered_at",
        "schools.code as to_code",
        "schools.name_kk as to_name_kk",
        "schools.name_ru as to_name_ru",
        "schools.name_en as to_name_en",
        "users.display_name as requested_by",
        // The reason lives in the chronology, written at the moment of the answer.
        sql<string | null>`(select e.content from case_events e where e.case_id = case_transfers.case_id
          and e.kind = 'transfer_declined' and e.at = case_transfers.answered_at order by e.id limit 1)`.as("decline_reason"),
      ])
      .where("case_transfers.case_id", "=", caseId)
      .where("case_transfers.from_school_id", "=", schoolId)
      .orderBy("case_transfers.id", "desc")
      .execute(),
    actor.db
      .selectFrom("case_reports")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("case_id", "=", caseId)
      .executeTakeFirstOrThrow(),
  ]);
  await logAccess(actor, "view", "case", caseId);
  return {
    access,
    case: kase,
    pending: transfers.find((t) => t.state === "pending"),
    history: transfers.filter((t) => t.state !== "pending"),
    linkedReports: Number(linkedReports.n),
  };
}

/** The region's other schools a case may go to, by district; `query` matches a code or part of a name. */
export async function transferTargets(actor: Actor, query: string) {
  if (actor.user.school_id === null) return { schools: [], more: false };
  const all = await withDistrictNames(actor.db.selectFrom("schools"))
    .where("schools.id", "!=", actor.user.school_id)
    .orderBy("districts.name_ru")
    .orderBy("schools.name_ru")
    .execute();
  const needle = query.trim().toLocaleLowerCase("ru");
  const code = normalizeSchoolCode(needle);
  // SQLite's lower() folds only ASCII, so Cyrillic names are matched here.
  const matching = needle
    ? all.filter((s) => s.code === code || [s.name_kk, s.name_ru, s.name_en].some((n) => n.toLocaleLowerCase("ru").includes(needle)))
    : all;
  return { schools: matching.slice(0, MAX_TARGETS_LISTED), more: matching.length > MAX_TARGETS_LISTED };
}

export type TransferRequest = { schoolCode: string; note: string };
export type TransferProblem = "not_found" | "read_only" | "school" | "same_school" | "pending";

/** Rolls a transaction back with a reason the caller turns into an answer. */
class Refused extends Error {
  constructor(readonly problem: TransferProblem) {
    super(problem);
  }
}

/**
 * Asks another school of the region to take a case over. One request waits at a time; the case
 * stays with the sending school until the other school accepts.
 */
export async function requestTransfer(
  actor: Actor,
  access: CaseAccess,
  request: TransferRequest,
): Promise<{ ok: true; id: number } | { ok: false; problem: TransferProblem }> {
  if (access.mode !== "edit") return { ok: false, problem: "read_only" };
  const { caseId } = access;
  const code = normalizeSchoolCode(request.schoolCode);
  // A region's database holds only its own schools: another region's code is simply not found.
  if (!code || regionOfSchoolCode(code)?.code !== actor.region) return { ok: false, problem: "school" };
  const school = await actor.db.selectFrom("schools").select(["id", "code"]).where("code", "=", code).executeTakeFirst();
  if (!school) return { ok: false, problem: "school" };
  if (school.id === actor.user.school_id) return { ok: false, problem: "same_school" };
  try {
    const id = await actor.db.transaction().execute(async (tx) => {
      const editable = await casesEditableBy({ ...actor, db: tx })
        .select("cases.id")
        .where("cases.id", "=", caseId)
        .executeTakeFirst();
      if (!editable) throw new Refused("read_only");
      const waiting = await tx
        .selectFrom("case_transfers")
        .select("id")
        .where("case_id", "=", caseId)
        .where("state", "=", "pending")
        .executeTakeFirst();
      if (waiting) throw new Refused("pending");
      const row = await tx
        .insertInto("case_transfers")
        .values({
          case_id: caseId,
          from_school_id: actor.user.school_id!,
          to_school_id: school.id,
          note: request.note,
          state: "pending",
          requested_by: actor.user.id,
          requested_at: schoolNowIso(),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await recordCaseEvent(tx, { caseId, kind: "transfer_requested", userId: actor.user.id, content: request.note, result: school.code });
      return row.id;
    });
    return { ok: true, id };
  } catch (error) {
    if (error instanceof Refused) return { ok: false, problem: error.problem };
    throw error;
  }
}

/** How many transfers wait for the actor's school to answer: for the case list to point at. */
export async function countIncomingTransfers(actor: Actor): Promise<number> {
  const row = await incomingTransfersFor(actor)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Transfers waiting for the actor's school, with what it needs to decide: who sends it and why,
 * the programme, the case's stage, and each person's role and class. Names only after accepting.
 */
export async function listIncomingTransfers(actor: Actor) {
  const transfers = await incomingTransfersFor(actor)
    .innerJoin("cases", "cases.id", "case_transfers.case_id")
    .innerJoin("schools", "schools.id", "case_transfers.from_school_id")
    .innerJoin("users", "users.id", "case_transfers.requested_by")
    .select([
      "case_transfers.id",
      "case_transfers.case_id",
      "case_transfers.note",
      "case_transfers.requested_at",
      "cases.model",
      "cases.status",
      "cases.round",
      "cases.opened_at",
      "schools.code as from_code",
      "schools.name_kk as from_name_kk",
      "schools.name_ru as from_name_ru",
      "schools.name_en as from_name_en",
      "users.display_name as requested_by",
    ])
    .orderBy("case_transfers.id")
    .execute();
  const caseIds = transfers.map((t) => t.case_id);
  const people = caseIds.length
    ? await actor.db
        .selectFrom("case_people")
        .select(["case_id", "role", "class_label"])
        .where("case_id", "in", caseIds)
        .orderBy("id")
        .execute()
    : [];
  for (const t of transfers) await logAccess(actor, "view", "case", t.case_id);
  return transfers.map((t) => ({
    ...t,
    people: people.filter((p) => p.case_id === t.case_id).map(({ role, class_label }) => ({ role, classLabel: class_label })),
  }));
}

type AnswerResult = { ok: true; caseId: number } | { ok: false };

/**
 * The actor's school takes the case: it moves to the school, its open tasks to the person who
 * accepted, all in one transaction. The sending school keeps its record up to this moment.
 */
export async function acceptTransfer(actor: Actor, transferId: number): Promise<AnswerResult> {
  try {
    const caseId = await actor.db.transaction().execute(async (tx) => {
      const transfer = await transferToAnswer({ ...actor, db: tx }, transferId);
      const moved = await tx
        .updateTable("cases")
        .set({ school_id: transfer.to_school_id })
        .where("id", "=", transfer.case_id)
        .where("school_id", "=", transfer.from_school_id)
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) !== 1) throw new Refused("not_found");
      await tx
        .updateTable("case_tasks")
        .set({ owner_id: actor.user.id })
        .where("case_id", "=", transfer.case_id)
        .where("done_at", "is", null)
        .execute();
      await answer(tx, transfer.id, transfer.case_id, actor.user.id, "accepted", "");
      return transfer.case_id;
    });
    return { ok: true, caseId };
  } catch (error) {
    if (error instanceof Refused) return { ok: false };
    throw error;
  }
}

/** The actor's school says no, with a reason the sending school reads; the case stays where it is. */
export async function declineTransfer(actor: Actor, transferId: number, reason: string): Promise<AnswerResult> {
  try {
    const caseId = await actor.db.transaction().execute(async (tx) => {
      const transfer = await transferToAnswer({ ...actor, db: tx }, transferId);
      await answer(tx, transfer.id, transfer.case_id, actor.user.id, "declined", reason);
      return transfer.case_id;
    });
    return { ok: true, caseId };
  } catch (error) {
    if (error instanceof Refused) return { ok: false };
    throw error;
  }
}

/** The request waiting for the actor's school, read inside the answer's own transaction. */
async function transferToAnswer(actor: Actor, transferId: number) {
  const transfer = await incomingTransfersFor(actor)
    .selectAll("case_transfers")
    .where("case_transfers.id", "=", transferId)
    .executeTakeFirst();
  if (!transfer) throw new Refused("not_found");
  return transfer;
}

/**
 * Writes the answer and its chronology entry with the same moment, so the sending school's
 * record (which ends at `answered_at`) includes the answer itself.
 */
async function answer(
  tx: Transaction<Database>,
  transferId: number,
  caseId: number,
  userId: number,
  state: "accepted" | "declined",
  reason: string,
) {
  const eventId = await recordCaseEvent(tx, {
    caseId,
    kind: state === "accepted" ? "transfer_accepted" : "transfer_declined",
    userId,
    content: reason,
  });
  const { at } = await tx.selectFrom("case_events").select("at").where("id", "=", eventId).executeTakeFirstOrThrow();
  const updated = await tx
    .updateTable("case_transfers")
    .set({ state, answered_by: userId, answered_at: at })
    .where("id", "=", transferId)
    .where("state", "=", "pending")
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new Refused("not_found");
}
