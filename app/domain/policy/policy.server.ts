import { sql } from "kysely";
import type { RegionDb } from "../../../db/regions.server";
import type { StaffRole, User } from "../../../db/schema";

/** Who is asking: a signed-in staff member, in the region database their account lives in. */
export type Actor = { user: User; region: string; db: RegionDb };

export type Permission = "read:report:school" | "reply:report:school" | "update:report:school";

// Reports carry children's words: only the school psychologist reads them. Officials get
// aggregates (never rows); teachers and admins get the casework tasks given to them.
const grants: Record<StaffRole, readonly Permission[]> = {
  psychologist: ["read:report:school", "reply:report:school", "update:report:school"],
  teacher: [],
  school_admin: [],
  district_official: [],
  region_admin: [],
};

export function may(actor: Actor, permission: Permission): boolean {
  if (permission.endsWith(":school") && actor.user.school_id === null) return false;
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

export function staffHome(role: StaffRole): string {
  return role === "psychologist" ? "/school/reports" : "/staff";
}
