import { findRegion } from "~/content/content";
import { openExistingRegions, openRegions, requireRegionDb } from "../../../db/regions.server";
import type { Language, StaffRole } from "../../../db/schema";
import type { Actor } from "../policy/policy.server";
import { hashPassword, MIN_PASSWORD_LENGTH } from "./passwords.server";

export const STAFF_ROLES = ["psychologist", "teacher", "school_admin", "district_official", "region_admin", "service"] as const satisfies readonly StaffRole[];

export type NewStaff = {
  region: string;
  email: string;
  password: string;
  role: StaffRole;
  displayName: string;
  schoolCode?: string;
  districtId?: number;
  /** The service (from the region's directory) a `service` account answers referrals for. */
  serviceId?: number;
  language?: Language;
};

/** Creates a staff account; its scope (school or district) must match its role. */
export async function createStaffAccount(s: NewStaff): Promise<number> {
  if (!findRegion(s.region)) throw new Error(`Unknown region: ${s.region}`);
  if (s.password.length < MIN_PASSWORD_LENGTH) throw new Error(`The password needs at least ${MIN_PASSWORD_LENGTH} characters`);
  const email = s.email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new Error(`Not an email address: ${s.email}`);
  const db = await requireRegionDb(s.region);
  // Sign-in finds an account by email across regions, so an email may exist in one region only.
  await openExistingRegions();
  for (const other of await openRegions()) {
    if (other.code === s.region) continue;
    const taken = await other.db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirst();
    if (taken) throw new Error(`${email} already has an account in region ${other.code}`);
  }
  let schoolId: number | null = null;
  let districtId: number | null = null;
  const schoolRole = s.role === "psychologist" || s.role === "teacher" || s.role === "school_admin";
  if (schoolRole) {
    if (!s.schoolCode) throw new Error(`Role ${s.role} needs --school`);
    const school = await db.selectFrom("schools").select(["id", "district_id"]).where("code", "=", s.schoolCode).executeTakeFirst();
    if (!school) throw new Error(`No school with code ${s.schoolCode} in region ${s.region}`);
    schoolId = school.id;
    districtId = school.district_id;
  } else if (s.role === "district_official") {
    if (s.districtId === undefined) throw new Error("Role district_official needs --district");
    const district = await db.selectFrom("districts").select("id").where("id", "=", s.districtId).executeTakeFirst();
    if (!district) throw new Error(`No district ${s.districtId} in region ${s.region}`);
    districtId = district.id;
  } else if (s.role === "service") {
    if (s.serviceId === undefined) throw new Error("Role service needs --service");
    const service = await db.selectFrom("services").select("id").where("id", "=", s.serviceId).executeTakeFirst();
    if (!service) throw new Error(`No service ${s.serviceId} in region ${s.region}`);
  }
  const row = await db
    .insertInto("users")
    .values({
      email,
      password_hash: await hashPassword(s.password),
      role: s.role,
      display_name: s.displayName,
      school_id: schoolId,
      district_id: districtId,
      language: s.language ?? "kk",
      service_id: s.role === "service" ? s.serviceId! : null,
      created_at: new Date().toISOString(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function rememberLanguage(actor: Actor, language: Language): Promise<void> {
  await actor.db.updateTable("users").set({ language }).where("id", "=", actor.user.id).execute();
}
