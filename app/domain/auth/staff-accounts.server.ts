import { normalizeSchoolCode } from "~/domain/schools/school-code";
import { SCHOOL_STAFF_ROLES } from "./invite-input";
import { logAccess } from "../audit/access-log.server";
import { findRegion } from "~/content/content";
import { openExistingRegions, openRegions } from "../../../db/regions.server";
import { setUpRegion } from "../schools/region-db.server";
import type { AccountLinkPurpose, Language, StaffRole } from "../../../db/schema";
import { may, staffManagedBy, type Actor } from "../policy/policy.server";
import { createAccountLink } from "./one-time-links.server";
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, NO_PASSWORD, passwordProblem, verifyPassword } from "./passwords.server";
import { invalidateAllSessions, markSecondFactorGiven, type StaffSession } from "./sessions.server";
import { clearFailedAttempts, isLocked, recordFailedAttempt } from "./sign-in-throttle.server";
import { hasConfirmedTwoFactor } from "./two-factor.server";
import {
  confirmEnrolment,
  looksLikeTotpCode,
  normalizeRecoveryCode,
  removeTwoFactor,
  twoFactorRequired,
  useSecondFactor,
} from "./two-factor.server";

export const STAFF_ROLES = [
  "psychologist",
  "teacher",
  "school_admin",
  "district_official",
  "region_admin",
  "service",
  "national",
] as const satisfies readonly StaffRole[];
/** The roles a school admin may give: the people who work in a school. */

export type NewStaff = {
  region: string;
  email: string;
  /** Left out for an invitation: the person sets one through the link. */
  password?: string;
  role: StaffRole;
  displayName: string;
  schoolCode?: string;
  districtId?: number;
  /** The service (from the region's directory) a `service` account answers referrals for. */
  serviceId?: number;
  language?: Language;
  /**
   * A psychologist's right to read children's words. Operator-made accounts (CLI, demo) are
   * confirmed; one a school admin invites waits for the district's confirmation (four eyes).
   */
  readingConfirmed?: boolean;
};

export function isEmailAddress(email: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) && email.length <= 254;
}

/** The region that already has an account with this email; sign-in finds accounts by email across regions. */
async function regionHoldingEmail(email: string): Promise<string | undefined> {
  await openExistingRegions();
  for (const { code, db } of await openRegions()) {
    const taken = await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirst();
    if (taken) return code;
  }
  return undefined;
}

/** Creates a staff account; its scope (school or district) must match its role. */
export async function createStaffAccount(s: NewStaff): Promise<number> {
  if (!findRegion(s.region)) throw new Error(`Unknown region: ${s.region}`);
  if (s.password !== undefined && s.password.length < MIN_PASSWORD_LENGTH)
    throw new Error(`The password needs at least ${MIN_PASSWORD_LENGTH} characters`);
  const email = s.email.trim().toLowerCase();
  if (!isEmailAddress(email)) throw new Error(`Not an email address: ${s.email}`);
  const db = await setUpRegion(s.region);
  // Sign-in finds an account by email across regions, so an email may exist in one region only.
  const holder = await regionHoldingEmail(email);
  if (holder) throw new Error(`${email} already has an account in region ${holder}`);
  let schoolId: number | null = null;
  let districtId: number | null = null;
  const schoolRole = s.role === "psychologist" || s.role === "teacher" || s.role === "school_admin";
  if (schoolRole) {
    if (!s.schoolCode) throw new Error(`Role ${s.role} needs --school`);
    // As the web reads it ("ak-7k3m", Cyrillic look-alikes): a code that works on a poster works here.
    const code = normalizeSchoolCode(s.schoolCode);
    const school = code
      ? await db.selectFrom("schools").select(["id", "district_id"]).where("code", "=", code).executeTakeFirst()
      : undefined;
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
  const now = new Date().toISOString();
  const row = await db
    .insertInto("users")
    .values({
      email,
      password_hash: s.password === undefined ? NO_PASSWORD : await hashPassword(s.password),
      password_set_at: s.password === undefined ? null : now,
      role: s.role,
      display_name: s.displayName,
      school_id: schoolId,
      district_id: districtId,
      language: s.language ?? "kk",
      service_id: s.role === "service" ? s.serviceId! : null,
      created_at: now,
      reading_confirmed_at: s.role === "psychologist" && s.readingConfirmed !== false ? now : null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** An account without a password, and the invitation link (token) with which its person sets one. */
export async function inviteStaff(s: Omit<NewStaff, "password">, invitedBy: number | null = null) {
  const userId = await createStaffAccount({ ...s, password: undefined });
  const db = await setUpRegion(s.region);
  const link = await createAccountLink(s.region, db, { userId, purpose: "invite", createdBy: invitedBy });
  return { userId, ...link };
}

/** A reset link for an existing account, from the command line (e.g. for a school's only admin). */
export async function resetAccessByEmail(region: string, email: string, resetTwoFactor: boolean) {
  const db = await setUpRegion(region);
  const user = await db.selectFrom("users").select("id").where("email", "=", email.trim().toLowerCase()).executeTakeFirst();
  if (!user) throw new Error(`No account ${email} in region ${region}`);
  return resetAccess(region, db, user.id, { resetTwoFactor, createdBy: null });
}

export async function rememberLanguage(actor: Actor, language: Language): Promise<void> {
  await actor.db.updateTable("users").set({ language }).where("id", "=", actor.user.id).execute();
}

// ---- A school admin's staff page ----

export type AccessState = "active" | "invited" | "reset";

export async function listSchoolStaff(actor: Actor, now = new Date()) {
  const rows = await staffManagedBy(actor)
    .select([
      "users.id",
      "users.display_name",
      "users.email",
      "users.role",
      "users.password_hash",
      "users.password_set_at",
      "users.locked_until",
    ])
    .select((eb) => hasConfirmedTwoFactor(eb).as("two_factor"))
    .orderBy("users.display_name")
    .execute();
  return rows.map((u) => ({
    id: u.id,
    name: u.display_name,
    email: u.email,
    role: u.role,
    self: u.id === actor.user.id,
    twoFactor: Boolean(u.two_factor),
    twoFactorRequired: twoFactorRequired(u.role),
    locked: isLocked(u, now),
    access: (u.password_set_at === null
      ? "invited"
      : u.password_hash === NO_PASSWORD
        ? "reset"
        : "active") satisfies AccessState as AccessState,
  }));
}

export type SchoolInvite = { email: string; displayName: string; role: (typeof SCHOOL_STAFF_ROLES)[number]; language: Language };

export type Invitation = { ok: true; token: string; expiresAt: string } | { ok: false; problem: "email" | "taken" };

/** Invites a person to the admin's own school. */
export async function inviteToSchool(actor: Actor, invite: SchoolInvite): Promise<Invitation> {
  const school = await staffManagedBy(actor)
    .innerJoin("schools", "schools.id", "users.school_id")
    .select("schools.code")
    .where("users.id", "=", actor.user.id)
    .executeTakeFirst();
  return school ? inviteInto(actor, school.code, invite) : { ok: false, problem: "email" };
}

/** A school's first (or another) admin, invited by the region admin; undefined: no such school in the region. */
export async function inviteSchoolAdmin(
  actor: Actor,
  schoolId: number,
  invite: Omit<SchoolInvite, "role">,
): Promise<Invitation | undefined> {
  if (!may(actor, "manage:schools:region")) return undefined;
  const school = await actor.db.selectFrom("schools").select("code").where("id", "=", schoolId).executeTakeFirst();
  return school ? inviteInto(actor, school.code, { ...invite, role: "school_admin" }) : undefined;
}

/**
 * A new link for a school's admin, from the region admin: the invitation again when it was never
 * taken up (or ran out), otherwise a reset. Undefined: not a school admin of this region.
 */
export async function renewSchoolAdminLink(actor: Actor, userId: number) {
  if (!may(actor, "manage:schools:region")) return undefined;
  const admin = await actor.db
    .selectFrom("users")
    .select(["id", "display_name"])
    .where("id", "=", userId)
    .where("role", "=", "school_admin")
    .executeTakeFirst();
  if (!admin) return undefined;
  const link = await resetAccess(actor.region, actor.db, admin.id, { resetTwoFactor: false, createdBy: actor.user.id });
  await logAccess(actor, "reset", "account", admin.id);
  return { name: admin.display_name, ...link };
}

async function inviteInto(actor: Actor, schoolCode: string, invite: SchoolInvite): Promise<Invitation> {
  const email = invite.email.trim().toLowerCase();
  if (!isEmailAddress(email)) return { ok: false, problem: "email" };
  const school = { code: schoolCode };
  if (await regionHoldingEmail(email)) return { ok: false, problem: "taken" };
  let invited: Awaited<ReturnType<typeof inviteStaff>>;
  try {
    invited = await inviteStaff(
      {
        region: actor.region,
        email,
        role: invite.role,
        displayName: invite.displayName,
        schoolCode: school.code,
        language: invite.language,
        readingConfirmed: false,
      },
      actor.user.id,
    );
  } catch {
    // Two admins inviting one address at the same moment: the unique email decides.
    return { ok: false, problem: "taken" };
  }
  // A new reader of children's words stands out in the audit trail, apart from other invitations.
  await logAccess(actor, invite.role === "psychologist" ? "grant_reading" : "invite", "account", invited.userId);
  return { ok: true, token: invited.token, expiresAt: invited.expiresAt };
}

/**
 * A new link for one of the admin's staff: an invitation again if the person never set a
 * password, otherwise a reset. A reset stops the old password at once and signs the account
 * out everywhere; it removes the second factor only when asked (a lost phone).
 * Undefined: not a member of the admin's school (the page answers 404).
 */
export async function resetStaffAccess(actor: Actor, userId: number, options: { resetTwoFactor: boolean }, now = new Date()) {
  const target = await staffManagedBy(actor).select(["users.id", "users.display_name"]).where("users.id", "=", userId).executeTakeFirst();
  if (!target) return undefined;
  const link = await resetAccess(actor.region, actor.db, target.id, { ...options, createdBy: actor.user.id }, now);
  await logAccess(actor, "reset", "account", target.id);
  return { name: target.display_name, ...link };
}

async function resetAccess(
  region: string,
  db: Actor["db"],
  userId: number,
  options: { resetTwoFactor: boolean; createdBy: number | null },
  now = new Date(),
) {
  const user = await db.selectFrom("users").select(["id", "password_set_at"]).where("id", "=", userId).executeTakeFirstOrThrow();
  const purpose: AccountLinkPurpose = user.password_set_at === null ? "invite" : "reset";
  if (purpose === "reset") await db.updateTable("users").set({ password_hash: NO_PASSWORD }).where("id", "=", userId).execute();
  await invalidateAllSessions(db, userId);
  await clearFailedAttempts(db, userId);
  if (options.resetTwoFactor) await removeTwoFactor(db, userId);
  const link = await createAccountLink(region, db, { userId, purpose, createdBy: options.createdBy }, now);
  return { purpose, ...link };
}

// ---- One's own account ----

export type PasswordChange = { ok: true } | { ok: false; problem: "current" | "locked" | "short" | "long" | "mismatch" };

/** Changes one's password; every other session of the account is signed out. */
export async function changeOwnPassword(
  session: StaffSession,
  current: string,
  next: string,
  repeated: string,
  now = new Date(),
): Promise<PasswordChange> {
  const user = await session.db.selectFrom("users").selectAll().where("id", "=", session.user.id).executeTakeFirstOrThrow();
  if (isLocked(user, now)) return { ok: false, problem: "locked" };
  if (!(await verifyPassword(user.password_hash, current))) {
    // A borrowed session must not become a way to guess the password.
    await recordFailedAttempt(session.db, user.id, now);
    return { ok: false, problem: "current" };
  }
  const problem = passwordProblem(next, repeated);
  if (problem) return { ok: false, problem };
  await session.db
    .updateTable("users")
    .set({ password_hash: await hashPassword(next), password_set_at: now.toISOString() })
    .where("id", "=", user.id)
    .execute();
  await invalidateAllSessions(session.db, user.id, session.sessionId);
  await logAccess(session, "password", "account", user.id);
  return { ok: true };
}

/**
 * Sets up (or moves to a new phone) one's second factor with the enrolment this session
 * started; returns the new recovery codes to show once. This session counts as having given it.
 */
export async function enableOwnTwoFactor(session: StaffSession, code: string, now = new Date()): Promise<string[] | undefined> {
  const codes = await confirmEnrolment(session.db, session.user.id, session.sessionId, code, now);
  if (codes) {
    await markSecondFactorGiven(session, now);
    await logAccess(session, "two_factor", "account", session.user.id);
  }
  return codes;
}

/** Turns the second factor off, for a role that may sign in without one, after the password is confirmed. */
export async function turnOffOwnTwoFactor(
  session: StaffSession,
  password: string,
  now = new Date(),
): Promise<"ok" | "required" | "password" | "locked"> {
  if (twoFactorRequired(session.user.role)) return "required";
  const user = await session.db.selectFrom("users").selectAll().where("id", "=", session.user.id).executeTakeFirstOrThrow();
  if (isLocked(user, now)) return "locked";
  if (!(await verifyPassword(user.password_hash, password))) {
    await recordFailedAttempt(session.db, user.id, now);
    return "password";
  }
  await removeTwoFactor(session.db, user.id);
  await logAccess(session, "two_factor", "account", user.id);
  return "ok";
}

export type StepUp = "ok" | "missing" | "wrong" | "locked";

/**
 * Asks again before a session changes how its account signs in (a new authenticator, new
 * recovery codes): the password, or a current six-digit or recovery code. A session alone (left
 * open, or stolen) cannot take the second factor over. Wrong answers count toward the same
 * lock as sign-in, so this is no way to guess either.
 */
export async function stepUp(session: StaffSession, proof: string, now = new Date()): Promise<StepUp> {
  const given = proof.slice(0, MAX_PASSWORD_LENGTH);
  if (given.trim() === "") return "missing";
  const user = await session.db.selectFrom("users").selectAll().where("id", "=", session.user.id).executeTakeFirstOrThrow();
  if (isLocked(user, now)) return "locked";
  const code = given.replace(/\s/g, "");
  const byCode =
    (looksLikeTotpCode(code) || normalizeRecoveryCode(code).length === 16) &&
    (await useSecondFactor(session.db, user.id, code, now)) !== undefined;
  if (byCode || (await verifyPassword(user.password_hash, given))) return "ok";
  await recordFailedAttempt(session.db, user.id, now);
  return "wrong";
}

export async function signOutEverywhere(session: Pick<StaffSession, "db" | "user">): Promise<void> {
  await invalidateAllSessions(session.db, session.user.id);
  await logAccess(session, "sign_out_all", "account", session.user.id);
}
