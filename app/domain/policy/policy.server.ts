import { sql } from "kysely";
import type { RegionDb } from "../../../db/regions.server";
import type { StaffRole, User } from "../../../db/schema";

/** Who is asking: a signed-in staff member, in the region database their account lives in. */
export type Actor = { user: User; region: string; db: RegionDb };

export type Permission =
  | "read:report:school"
  | "reply:report:school"
  | "update:report:school"
  | "log:lesson:school"
  | "read:lessons:school"
  | "manage:school:school"
  | "read:coverage:district"
  | "read:coverage:region";

// Reports carry children's words: only the school psychologist reads them. Officials get
// aggregates (never rows); teachers and admins get the lesson log and the school's setup.
const grants: Record<StaffRole, readonly Permission[]> = {
  psychologist: ["read:report:school", "reply:report:school", "update:report:school", "log:lesson:school", "read:lessons:school"],
  teacher: ["log:lesson:school", "read:lessons:school"],
  school_admin: ["log:lesson:school", "read:lessons:school", "manage:school:school"],
  district_official: ["read:coverage:district"],
  region_admin: ["read:coverage:region"],
};

export function may(actor: Actor, permission: Permission): boolean {
  if (permission.endsWith(":school") && actor.user.school_id === null) return false;
  if (permission.endsWith(":district") && actor.user.district_id === null) return false;
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

/** Schools whose aggregates this actor may see: their own, their district's, or the region's. */
export function schoolsVisibleTo(actor: Actor) {
  const query = actor.db.selectFrom("schools");
  if (may(actor, "read:coverage:region")) return query;
  if (may(actor, "read:coverage:district")) return query.where("schools.district_id", "=", actor.user.district_id!);
  if (may(actor, "read:lessons:school")) return query.where("schools.id", "=", actor.user.school_id!);
  return query.where(sql<boolean>`0`);
}

export function staffHome(role: StaffRole): string {
  if (role === "psychologist") return "/school/reports";
  if (role === "teacher") return "/school/lessons";
  if (role === "school_admin") return "/school/programmes";
  return "/district/lessons";
}
