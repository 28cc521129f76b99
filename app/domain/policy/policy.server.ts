import { sql } from "kysely";
import type { RegionDb } from "../../../db/regions.server";
import type { StaffRole, User } from "../../../db/schema";
import { ladderFor } from "~/content/escalation";
import { onDutyWithGrace } from "../escalation/duty-roster";

/**
 * Who is asking: a signed-in staff member, in the region database their account lives in.
 * `caseTeam` says whether they are on their school's anti-bullying team (the school admin keeps that list).
 */
export type Actor = { user: User; region: string; db: RegionDb; caseTeam: boolean };

/** The actor for a user, with their team membership looked up once per request. */
export async function actorFor(user: User, region: string, db: RegionDb): Promise<Actor> {
  const member =
    user.school_id !== null &&
    (await db
      .selectFrom("school_team_members")
      .select("user_id")
      .where("school_id", "=", user.school_id)
      .where("user_id", "=", user.id)
      .executeTakeFirst()) !== undefined;
  return { user, region, db, caseTeam: member };
}

export const PERMISSIONS = [
  "read:report:school",
  "reply:report:school",
  "update:report:school",
  "log:lesson:school",
  "read:lessons:school",
  "manage:school:school",
  "read:coverage:district",
  "read:coverage:region",
  "work:case:school",
  "do:task:school",
  "answer:referral:service",
  "manage:services:region",
  "read:referral-delays:district",
  "read:referral-delays:region",
  "manage:staff:school",
  "read:audit:school",
  "read:audit:region",
  "acknowledge:urgent:school",
  "manage:duty:district",
  "read:urgent:district",
  "read:urgent:region",
  "handoff:urgent:region",
  "manage:schools:region",
  "read:dashboard:district",
  "read:dashboard:region",
  "open:survey:school",
  "read:national",
  "confirm:reading:district",
  "confirm:reading:region",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

// Reports carry children's words: only the school psychologist reads them. Officials get
// aggregates (never rows); teachers and admins get the lesson log and the school's setup.
// Cases carry children's names: the psychologist and the school's anti-bullying team work on
// them; other staff see only the tasks given to them; services only the referrals sent to them.
const grants: Record<StaffRole, readonly Permission[]> = {
  psychologist: [
    "read:report:school",
    "reply:report:school",
    "update:report:school",
    "log:lesson:school",
    "read:lessons:school",
    "work:case:school",
    "do:task:school",
    "acknowledge:urgent:school",
    "open:survey:school",
  ],
  teacher: ["log:lesson:school", "read:lessons:school", "do:task:school"],
  school_admin: [
    "log:lesson:school",
    "read:lessons:school",
    "manage:school:school",
    "do:task:school",
    "manage:staff:school",
    "read:audit:school",
  ],
  district_official: [
    "read:coverage:district",
    "read:referral-delays:district",
    "manage:duty:district",
    "read:urgent:district",
    "read:dashboard:district",
    "confirm:reading:district",
  ],
  region_admin: [
    "read:coverage:region",
    "manage:services:region",
    "read:referral-delays:region",
    "read:audit:region",
    "read:urgent:region",
    "handoff:urgent:region",
    "manage:schools:region",
    "read:dashboard:region",
    "confirm:reading:region",
  ],
  service: ["answer:referral:service"],
  // The ministry: the national roll-up's aggregates of every region, nothing of any one region's records.
  national: ["read:national"],
};

/** Team members who are not psychologists work on cases too; that is data, not a role. */
const grantedByTeamMembership: readonly Permission[] = ["work:case:school"];

// Four eyes on children's words (#13): a psychologist's right to read starts only when someone
// outside the school (the district's official or the region admin) confirms it, so a school admin
// cannot hand themselves the reports by inviting an account for an address they control.
const readingPermissions: readonly Permission[] = [
  "read:report:school",
  "reply:report:school",
  "update:report:school",
  "work:case:school",
  "acknowledge:urgent:school",
];

/** A psychologist whose right to read waits for confirmation by the district: they read nothing yet. */
export function awaitsReadingConfirmation(user: Pick<User, "role" | "reading_confirmed_at">): boolean {
  return user.role === "psychologist" && user.reading_confirmed_at === null;
}

export function may(actor: Actor, permission: Permission): boolean {
  if (awaitsReadingConfirmation(actor.user) && readingPermissions.includes(permission)) return false;
  if (permission.endsWith(":school") && actor.user.school_id === null) return false;
  if (permission.endsWith(":district") && actor.user.district_id === null) return false;
  if (permission.endsWith(":service") && actor.user.service_id === null) return false;
  if (actor.caseTeam && grantedByTeamMembership.includes(permission) && ["teacher", "school_admin"].includes(actor.user.role)) return true;
  return grants[actor.user.role].includes(permission);
}

/**
 * The reports this actor may see, as a query every report loader starts from, so no loader
 * can forget the school filter. An actor with no right gets a query that matches nothing.
 */
export function reportsVisibleTo(actor: Actor) {
  const query = actor.db.selectFrom("reports");
  if (!may(actor, "read:report:school")) return query.where(sql<boolean>`0`);
  return query.where("reports.school_id", "=", actor.user.school_id!);
}

/**
 * Reports the actor may set aside as not genuine in a flood, or restore: only the school's
 * psychologists, only their school's reports.
 */
export function reportsTriageableBy(actor: Actor) {
  const query = actor.db.selectFrom("reports");
  if (!may(actor, "update:report:school") || actor.user.role !== "psychologist") return query.where(sql<boolean>`0`);
  return query.where("reports.school_id", "=", actor.user.school_id!);
}

/** Classes whose lesson log this actor may read (their school's) or log lessons for. */
export function classesVisibleTo(actor: Actor) {
  const query = actor.db.selectFrom("classes");
  if (!may(actor, "read:lessons:school")) return query.where(sql<boolean>`0`);
  return query.where("classes.school_id", "=", actor.user.school_id!);
}

/** Lesson entries this actor may correct or delete: only their own, in their school. */
export function lessonEntriesEditableBy(actor: Actor) {
  const query = actor.db.selectFrom("lesson_entries");
  if (!may(actor, "log:lesson:school")) return query.where(sql<boolean>`0`);
  return query
    .where("lesson_entries.teacher_id", "=", actor.user.id)
    .where("lesson_entries.class_id", "in", classesVisibleTo(actor).select("classes.id"));
}

/**
 * Urgent reports the actor may acknowledge ("I have seen it and I am acting"): every urgent
 * report of a psychologist's school, and any urgent report the ladder notified them of. Only
 * the report's id and school come out of this; acknowledging shows nobody the child's words.
 */
export function urgentReportsAcknowledgeableBy(actor: Actor) {
  const query = actor.db.selectFrom("reports").where("reports.urgent", "=", 1);
  // Acknowledging stops the ladder: only someone who can read the words may say they act on them.
  if (awaitsReadingConfirmation(actor.user)) return query.where(sql<boolean>`0`);
  if (may(actor, "acknowledge:urgent:school")) return query.where("reports.school_id", "=", actor.user.school_id!);
  return query.where(
    "reports.id",
    "in",
    actor.db.selectFrom("notifications").select("notifications.report_id").where("notifications.user_id", "=", actor.user.id),
  );
}

/**
 * Urgent reports a duty psychologist may read, words included: only those the ladder called
 * them for (the "duty" step), and only while the region's roster has them on duty (plus its
 * grace minutes). Nothing else of any school: no inbox, no other report, no case.
 */
export function urgentReportsReadableOnDuty(actor: Actor, now: Date) {
  const query = actor.db.selectFrom("reports").where("reports.urgent", "=", 1);
  const reader = (actor.user.role === "psychologist" && !awaitsReadingConfirmation(actor.user)) || actor.user.role === "service";
  if (!reader || !onDutyWithGrace(ladderFor(actor.region), actor.user.email, now)) return query.where(sql<boolean>`0`);
  return query.where(
    "reports.id",
    "in",
    actor.db
      .selectFrom("notifications")
      .select("notifications.report_id")
      .where("notifications.user_id", "=", actor.user.id)
      .where("notifications.rung", "=", "duty"),
  );
}

/** Schools whose urgent-report response times the actor may see: the district's or the region's. */
export function urgentStatsSchoolsOf(actor: Actor) {
  const query = actor.db.selectFrom("schools");
  if (may(actor, "read:urgent:region")) return query;
  if (may(actor, "read:urgent:district")) return query.where("schools.district_id", "=", actor.user.district_id!);
  return query.where(sql<boolean>`0`);
}

/** Schools whose aggregates this actor may see: their own, their district's, or the region's. */
export function schoolsVisibleTo(actor: Actor) {
  const query = actor.db.selectFrom("schools");
  if (may(actor, "read:coverage:region")) return query;
  if (may(actor, "read:coverage:district")) return query.where("schools.district_id", "=", actor.user.district_id!);
  if (may(actor, "read:lessons:school")) return query.where("schools.id", "=", actor.user.school_id!);
  return query.where(sql<boolean>`0`);
}

/**
 * Schools whose dashboard aggregates an official may see: their district's, or the region's.
 * Unlike `schoolsVisibleTo`, school staff get none: dashboards are for officials.
 */
export function dashboardSchoolsVisibleTo(actor: Actor) {
  const query = actor.db.selectFrom("schools");
  if (may(actor, "read:dashboard:region")) return query;
  if (may(actor, "read:dashboard:district")) return query.where("schools.district_id", "=", actor.user.district_id!);
  return query.where(sql<boolean>`0`);
}

/** Cases the actor works on: their school's, if they are on its case team. */
export function casesEditableBy(actor: Actor) {
  const query = actor.db.selectFrom("cases");
  if (!may(actor, "work:case:school")) return query.where(sql<boolean>`0`);
  return query.where("cases.school_id", "=", actor.user.school_id!);
}

/**
 * Cases the actor may read: the ones they work on, and the read-only record of cases their
 * school transferred to another school.
 */
export function casesVisibleTo(actor: Actor) {
  const query = actor.db.selectFrom("cases");
  if (!may(actor, "work:case:school")) return query.where(sql<boolean>`0`);
  const schoolId = actor.user.school_id!;
  return query.where((eb) =>
    eb.or([
      eb("cases.school_id", "=", schoolId),
      eb(
        "cases.id",
        "in",
        eb
          .selectFrom("case_transfers")
          .select("case_transfers.case_id")
          .where("case_transfers.from_school_id", "=", schoolId)
          .where("case_transfers.state", "=", "accepted"),
      ),
    ]),
  );
}

/** One case the actor may use, and how: what the case pages' domain calls take instead of a bare id. */
export type CaseAccess = { caseId: number } & ({ mode: "edit" } | { mode: "read"; until: string });

/**
 * How the actor may use one case: work on it, or read the record their school kept when the
 * case moved (events up to `until`, the moment the other school accepted it). Undefined: not at all.
 */
export async function caseAccess(actor: Actor, caseId: number): Promise<CaseAccess | undefined> {
  if (!may(actor, "work:case:school")) return undefined;
  const own = await casesEditableBy(actor).select("cases.id").where("cases.id", "=", caseId).executeTakeFirst();
  if (own) return { caseId, mode: "edit" };
  const transfer = await actor.db
    .selectFrom("case_transfers")
    .select("answered_at")
    .where("case_id", "=", caseId)
    .where("from_school_id", "=", actor.user.school_id!)
    .where("state", "=", "accepted")
    .orderBy("id", "desc")
    .executeTakeFirst();
  return transfer?.answered_at ? { caseId, mode: "read", until: transfer.answered_at } : undefined;
}

/** Case transfers waiting for the actor's school to accept or decline. */
export function incomingTransfersFor(actor: Actor) {
  const query = actor.db.selectFrom("case_transfers");
  if (!may(actor, "work:case:school")) return query.where(sql<boolean>`0`);
  return query.where("case_transfers.to_school_id", "=", actor.user.school_id!).where("case_transfers.state", "=", "pending");
}

/**
 * Case tasks the actor may see and complete: every task of the cases they work on, and any
 * task given to them by name in their own school (a teacher sees only those, not the case).
 */
export function tasksVisibleTo(actor: Actor) {
  const query = actor.db.selectFrom("case_tasks");
  if (!may(actor, "do:task:school")) return query.where(sql<boolean>`0`);
  const schoolId = actor.user.school_id!;
  const ownSchoolCases = actor.db.selectFrom("cases").select("cases.id").where("cases.school_id", "=", schoolId);
  const inSchool = query.where("case_tasks.case_id", "in", ownSchoolCases);
  return may(actor, "work:case:school") ? inSchool : inSchool.where("case_tasks.owner_id", "=", actor.user.id);
}

/** Referrals the actor may read: those sent to their service, or those of cases they may read. */
export function referralsVisibleTo(actor: Actor) {
  const query = actor.db.selectFrom("referrals");
  if (may(actor, "answer:referral:service")) return query.where("referrals.service_id", "=", actor.user.service_id!);
  if (may(actor, "work:case:school")) return query.where("referrals.case_id", "in", casesVisibleTo(actor).select("cases.id"));
  return query.where(sql<boolean>`0`);
}

/** Staff accounts the actor manages (invite, reset access): their own school's, if they are its admin. */
export function staffManagedBy(actor: Actor) {
  const query = actor.db.selectFrom("users");
  if (!may(actor, "manage:staff:school")) return query.where(sql<boolean>`0`);
  return query.where("users.school_id", "=", actor.user.school_id!);
}

/**
 * Access-log entries the actor may audit: the whole region's for its admin; for a school admin,
 * every entry about the school's reports, cases (as they stand now), their referrals and its
 * staff accounts, and everything the school's own staff did.
 */
export function accessLogVisibleTo(actor: Actor) {
  const query = actor.db.selectFrom("access_log");
  if (may(actor, "read:audit:region")) return query;
  if (!may(actor, "read:audit:school")) return query.where(sql<boolean>`0`);
  const schoolId = actor.user.school_id!;
  const { db } = actor;
  const schoolCases = db.selectFrom("cases").select("cases.id").where("cases.school_id", "=", schoolId);
  const schoolStaff = db.selectFrom("users").select("users.id").where("users.school_id", "=", schoolId);
  return query.where((eb) =>
    eb.or([
      eb("access_log.user_id", "in", schoolStaff),
      eb.and([
        eb("access_log.entity", "=", "report"),
        eb("access_log.entity_id", "in", db.selectFrom("reports").select("reports.id").where("reports.school_id", "=", schoolId)),
      ]),
      eb.and([eb("access_log.entity", "=", "case"), eb("access_log.entity_id", "in", schoolCases)]),
      eb.and([
        eb("access_log.entity", "=", "referral"),
        eb("access_log.entity_id", "in", db.selectFrom("referrals").select("referrals.id").where("referrals.case_id", "in", schoolCases)),
      ]),
      eb.and([eb("access_log.entity", "=", "account"), eb("access_log.entity_id", "in", schoolStaff)]),
    ]),
  );
}

/**
 * Psychologist accounts whose right to read the actor may confirm or revoke: the district
 * official's district's schools, the region admin's region. Never the school's own staff.
 */
export function readingRightsManagedBy(actor: Actor) {
  const query = actor.db.selectFrom("users").innerJoin("schools", "schools.id", "users.school_id").where("users.role", "=", "psychologist");
  if (may(actor, "confirm:reading:region")) return query;
  if (may(actor, "confirm:reading:district")) return query.where("schools.district_id", "=", actor.user.district_id!);
  return query.where(sql<boolean>`0`);
}

/** The psychologist accounts of the actor's school waiting for confirmation: news for its confirmed psychologists. */
export function pendingReadersAtSchoolOf(actor: Actor) {
  const query = actor.db.selectFrom("users").where("users.role", "=", "psychologist").where("users.reading_confirmed_at", "is", null);
  if (!may(actor, "read:report:school")) return query.where(sql<boolean>`0`);
  return query.where("users.school_id", "=", actor.user.school_id!).where("users.id", "!=", actor.user.id);
}

export function staffHome(role: StaffRole): string {
  if (role === "psychologist") return "/school/reports";
  if (role === "teacher") return "/school/lessons";
  if (role === "school_admin") return "/school/programmes";
  if (role === "service") return "/service/referrals";
  if (role === "national") return "/national";
  // Officials start where they see in a minute where bullying rises and who does not answer.
  return "/district/dashboard";
}
