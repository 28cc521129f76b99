import { addDays, localDateOf, schoolNowIso } from "~/domain/calendar/local-date";
import { recordCaseEvent } from "~/domain/cases/case-events.server";
import { currentSchoolYear } from "~/domain/lessons/lessons.server";
import type { ExpressionBuilder } from "kysely";
import type { Database, Language, ReferralStatus } from "../../../db/schema";
import { logAccess } from "../audit/access-log.server";
import { casesEditableBy, may, referralsVisibleTo, type Actor, type CaseAccess } from "../policy/policy.server";

/**
 * A date some working days (Monday to Friday) after another. Public holidays are not skipped:
 * they differ by year and are not in the content yet, and a day early is the safe error for a child.
 */
export function addWorkingDays(date: string, days: number): string {
  let day = date;
  for (let added = 0; added < days;) {
    day = addDays(day, 1);
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    if (weekday !== 0 && weekday !== 6) added++;
  }
  return day;
}

/** A calendar day (YYYY-MM-DD) written out in the reader's language. */
export function formatDay(lang: Language, day: string): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeZone: "UTC" }).format(new Date(`${day}T00:00:00Z`));
}

/** Not accepted or declined by the day the service was given. */
export function isOverdue(r: { status: ReferralStatus; respond_by: string }, today: string): boolean {
  return r.status === "sent" && r.respond_by < today;
}

/** isOverdue as a query condition, for the counts on the case list, the case page, the inbox and the digest. */
export function waitsPastAnswerDate(today: string) {
  return (eb: ExpressionBuilder<Database, "referrals">) =>
    eb.and([eb("referrals.status", "=", "sent"), eb("referrals.respond_by", "<", today)]);
}

/** How many referrals of the cases the actor's school works on wait past their answer date. */
export async function overdueReferralCount(actor: Actor, today: string): Promise<number> {
  if (!may(actor, "work:case:school")) return 0;
  const row = await referralsVisibleTo(actor)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("referrals.case_id", "in", casesEditableBy(actor).select("cases.id"))
    .where(waitsPastAnswerDate(today))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export type ConsentRecord =
  { basis: "consent"; guardianConsent: string; childVoice: string } | { basis: "immediate_danger"; dangerReason: string };

export type NewReferral = { serviceId: number; consent: ConsentRecord; summary: string };
export type SendProblem = "case" | "service";

/** A service's name in one language, for the chronology entry a person writes in theirs. */
const nameIn = (s: { name_kk: string; name_ru: string; name_en: string }, lang: Language) =>
  lang === "kk" ? s.name_kk : lang === "ru" ? s.name_ru : s.name_en;

/**
 * Sends the case on to a service with the summary the psychologist reviewed, so the family
 * need not tell it all again. Only the team working on the case may; the service must take
 * new referrals. The service has `response_days` working days to accept or decline.
 */
export async function sendReferral(
  actor: Actor,
  access: CaseAccess,
  referral: NewReferral,
  today: string,
): Promise<{ ok: true; id: number } | { ok: false; problem: SendProblem }> {
  if (access.mode !== "edit") return { ok: false, problem: "case" };
  const { caseId } = access;
  const service = await actor.db
    .selectFrom("services")
    .select(["id", "response_days", "name_kk", "name_ru", "name_en"])
    .where("id", "=", referral.serviceId)
    .where("active", "=", 1)
    .executeTakeFirst();
  if (!service) return { ok: false, problem: "service" };
  const c = referral.consent;
  const id = await actor.db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto("referrals")
      .values({
        case_id: caseId,
        service_id: service.id,
        consent_basis: c.basis,
        guardian_consent: c.basis === "consent" ? c.guardianConsent : "",
        child_voice: c.basis === "consent" ? c.childVoice : "",
        danger_reason: c.basis === "immediate_danger" ? c.dangerReason : "",
        summary: referral.summary,
        status: "sent",
        sent_by: actor.user.id,
        sent_at: schoolNowIso(),
        respond_by: addWorkingDays(today, service.response_days),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordCaseEvent(tx, {
      caseId,
      kind: "referral_sent",
      userId: actor.user.id,
      participants: nameIn(service, actor.user.language),
      content: c.basis === "consent" ? `${c.guardianConsent}\n${c.childVoice}` : c.dangerReason,
    });
    return row.id;
  });
  // After the commit: the log shares the one connection the transaction held.
  await logAccess(actor, "update", "referral", id);
  return { ok: true, id };
}

/**
 * The referrals of one case as the school sees them. A school that transferred the case away
 * keeps the record as it stood when the other school accepted it: later referrals and answers
 * belong to the new school.
 */
export async function caseReferrals(actor: Actor, access: CaseAccess) {
  const rows = await referralsVisibleTo(actor)
    .innerJoin("services", "services.id", "referrals.service_id")
    .innerJoin("users as sender", "sender.id", "referrals.sent_by")
    .selectAll("referrals")
    .select(["services.name_kk", "services.name_ru", "services.name_en", "services.kind", "sender.display_name as sender_name"])
    .where("referrals.case_id", "=", access.caseId)
    .orderBy("referrals.id", "desc")
    .execute();
  if (access.mode === "edit") return rows;
  const until = access.until;
  return rows
    .filter((r) => r.sent_at <= until)
    .map((r) => {
      if (r.answered_at !== null && r.answered_at > until)
        return {
          ...r,
          status: "sent" as const,
          answered_at: null,
          answered_by: null,
          decline_reason: "",
          action_taken: "",
          outcome: "",
          completed_at: null,
        };
      if (r.completed_at !== null && r.completed_at > until)
        return { ...r, status: "accepted" as const, action_taken: "", outcome: "", completed_at: null };
      return r;
    });
}

/** The school a referral came from, by name: all a service learns of the school beyond the summary. */
function withSchool(actor: Actor) {
  return referralsVisibleTo(actor)
    .innerJoin("cases", "cases.id", "referrals.case_id")
    .innerJoin("schools", "schools.id", "cases.school_id")
    .innerJoin("users as sender", "sender.id", "referrals.sent_by")
    .select([
      "schools.name_kk as school_kk",
      "schools.name_ru as school_ru",
      "schools.name_en as school_en",
      "sender.display_name as sender_name",
    ]);
}

/** A service's referrals: the new ones first, then those being worked on, then the closed ones. */
export async function serviceReferrals(actor: Actor) {
  if (!may(actor, "answer:referral:service")) return undefined;
  const rows = await withSchool(actor)
    .select([
      "referrals.id",
      "referrals.status",
      "referrals.sent_at",
      "referrals.respond_by",
      "referrals.answered_at",
      "referrals.completed_at",
    ])
    .orderBy("referrals.id", "desc")
    .execute();
  const rank: Record<ReferralStatus, number> = { sent: 0, accepted: 1, declined: 2, completed: 2 };
  return rows.sort(
    (a, b) => rank[a.status] - rank[b.status] || (a.status === "sent" ? a.respond_by.localeCompare(b.respond_by) : 0) || b.id - a.id,
  );
}

/**
 * One referral for the service it was sent to, with the reviewed summary and the consent.
 * Another service's referral is undefined, as a missing one; each view is logged.
 */
export async function openServiceReferral(actor: Actor, referralId: number) {
  if (!may(actor, "answer:referral:service")) return undefined;
  const referral = await withSchool(actor)
    .innerJoin("services", "services.id", "referrals.service_id")
    .selectAll("referrals")
    .select(["services.name_kk", "services.name_ru", "services.name_en"])
    .where("referrals.id", "=", referralId)
    .executeTakeFirst();
  if (!referral) return undefined;
  await logAccess(actor, "view", "referral", referralId);
  return referral;
}

export type ReferralAnswer =
  { kind: "accept" } | { kind: "decline"; reason: string } | { kind: "complete"; actionTaken: string; outcome: string };
export type AnswerProblem = "not_found" | "state";

const transitions = {
  accept: { from: "sent", to: "accepted", event: "referral_accepted" },
  decline: { from: "sent", to: "declined", event: "referral_declined" },
  complete: { from: "accepted", to: "completed", event: "referral_completed" },
} as const;

/**
 * The service's answer: accept or decline a new referral (a decline gives its reason), then
 * report what was done and the outcome. Each answer is written into the case's chronology, so
 * the school reads it there; the service itself never sees the case.
 */
export async function answerReferral(
  actor: Actor,
  referralId: number,
  answer: ReferralAnswer,
): Promise<{ ok: true } | { ok: false; problem: AnswerProblem }> {
  if (!may(actor, "answer:referral:service")) return { ok: false, problem: "not_found" };
  const referral = await referralsVisibleTo(actor)
    .innerJoin("services", "services.id", "referrals.service_id")
    .select(["referrals.id", "referrals.case_id", "referrals.status", "services.name_kk", "services.name_ru", "services.name_en"])
    .where("referrals.id", "=", referralId)
    .executeTakeFirst();
  if (!referral) return { ok: false, problem: "not_found" };
  const step = transitions[answer.kind];
  if (referral.status !== step.from) return { ok: false, problem: "state" };
  const now = schoolNowIso();
  const changes =
    answer.kind === "accept"
      ? { status: step.to, answered_by: actor.user.id, answered_at: now }
      : answer.kind === "decline"
        ? { status: step.to, answered_by: actor.user.id, answered_at: now, decline_reason: answer.reason }
        : { status: step.to, action_taken: answer.actionTaken, outcome: answer.outcome, completed_at: now };
  const content =
    answer.kind === "decline" ? answer.reason : answer.kind === "complete" ? `${answer.actionTaken}\n\n${answer.outcome}` : "";
  const done = await actor.db.transaction().execute(async (tx) => {
    // The status in the where clause: of two answers sent at once, only the first counts.
    const updated = await tx
      .updateTable("referrals")
      .set(changes)
      .where("id", "=", referralId)
      .where("status", "=", step.from)
      .executeTakeFirst();
    if (updated.numUpdatedRows === 0n) return false;
    await recordCaseEvent(tx, {
      caseId: referral.case_id,
      kind: step.event,
      userId: actor.user.id,
      participants: nameIn(referral, actor.user.language),
      content,
    });
    return true;
  });
  if (!done) return { ok: false, problem: "state" };
  await logAccess(actor, "update", "referral", referralId);
  return { ok: true };
}

export type DelayCounts = { overdue: number; late: number; inTime: number };
export type SchoolDelays = {
  schoolId: number;
  code: string;
  name: { kk: string; ru: string; en: string };
  district: { kk: string; ru: string; en: string };
  totals: DelayCounts;
  services: Array<{ serviceId: number; name: { kk: string; ru: string; en: string } } & DelayCounts>;
};

/**
 * How promptly services answer each school's referrals: per school and service, how many wait
 * past their respond-by day now, and how many due this school year were answered late or in
 * time. Counts only, never a case, a child or a referral's text. A district official sees their
 * district's schools, the region admin all; anyone else gets undefined.
 */
export async function referralDelays(actor: Actor, today: string): Promise<SchoolDelays[] | undefined> {
  const regionWide = may(actor, "read:referral-delays:region");
  if (!regionWide && !may(actor, "read:referral-delays:district")) return undefined;
  const year = currentSchoolYear(today);
  let query = actor.db
    .selectFrom("referrals")
    .innerJoin("cases", "cases.id", "referrals.case_id")
    .innerJoin("schools", "schools.id", "cases.school_id")
    .innerJoin("districts", "districts.id", "schools.district_id")
    .innerJoin("services", "services.id", "referrals.service_id")
    .select([
      "schools.id as school_id",
      "schools.code",
      "schools.name_kk",
      "schools.name_ru",
      "schools.name_en",
      "districts.name_kk as d_kk",
      "districts.name_ru as d_ru",
      "districts.name_en as d_en",
      "services.id as service_id",
      "services.name_kk as s_kk",
      "services.name_ru as s_ru",
      "services.name_en as s_en",
      "referrals.status",
      "referrals.respond_by",
      "referrals.answered_at",
    ])
    // Still waiting (whenever sent), or due within this school year.
    .where((eb) =>
      eb.or([
        eb("referrals.status", "=", "sent"),
        eb.and([eb("referrals.respond_by", ">=", year.start), eb("referrals.respond_by", "<=", year.end)]),
      ]),
    );
  if (!regionWide) query = query.where("schools.district_id", "=", actor.user.district_id!);
  const rows = await query.execute();

  const schools = new Map<number, SchoolDelays>();
  for (const r of rows) {
    let school = schools.get(r.school_id);
    if (!school) {
      school = {
        schoolId: r.school_id,
        code: r.code,
        name: { kk: r.name_kk, ru: r.name_ru, en: r.name_en },
        district: { kk: r.d_kk, ru: r.d_ru, en: r.d_en },
        totals: { overdue: 0, late: 0, inTime: 0 },
        services: [],
      };
      schools.set(r.school_id, school);
    }
    let service = school.services.find((s) => s.serviceId === r.service_id);
    if (!service) {
      service = { serviceId: r.service_id, name: { kk: r.s_kk, ru: r.s_ru, en: r.s_en }, overdue: 0, late: 0, inTime: 0 };
      school.services.push(service);
    }
    const which: keyof DelayCounts | undefined =
      r.status === "sent"
        ? r.respond_by < today
          ? "overdue"
          : undefined
        : r.answered_at === null
          ? undefined
          : localDateOf(r.answered_at) > r.respond_by
            ? "late"
            : "inTime";
    if (!which) continue;
    service[which]++;
    school.totals[which]++;
  }
  return [...schools.values()]
    .filter((s) => s.totals.overdue + s.totals.late + s.totals.inTime > 0)
    .map((s) => ({
      ...s,
      services: s.services
        .filter((x) => x.overdue + x.late + x.inTime > 0)
        .sort((a, b) => b.overdue - a.overdue || b.late - a.late || a.serviceId - b.serviceId),
    }))
    .sort((a, b) => b.totals.overdue - a.totals.overdue || b.totals.late - a.totals.late || a.code.localeCompare(b.code));
}
