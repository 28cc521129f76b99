import { openExistingRegions, openRegions, type RegionDb } from "../../../db/regions.server";
import type { User } from "../../../db/schema";
import { verifyAgainstDecoy, verifyPassword } from "./passwords.server";
import { markSecondFactorGiven, type StaffSession } from "./sessions.server";
import {
  clearFailedAttempts,
  isLocked,
  isUnknownAddressLocked,
  recordFailedAttempt,
  recordUnknownAddressFailure,
} from "./sign-in-throttle.server";
import { confirmEnrolment, hasTwoFactor, startEnrolment, twoFactorRequired, twoFactorState, useSecondFactor } from "./two-factor.server";

export type PasswordStep =
  { ok: true; region: string; db: RegionDb; user: User; needsSecondFactor: boolean } | { ok: false; problem: "invalid" | "locked" };

/**
 * The password step: the staff member with this email and password, in whichever open region
 * holds the account. Unknown addresses take as long, and lock as soon, as real ones.
 * A right password alone does not clear earlier failures when a code must follow, or guessing
 * codes could go on forever between correct passwords.
 */
export async function authenticate(email: string, password: string, now = new Date()): Promise<PasswordStep> {
  const normalized = email.trim().toLowerCase();
  await openExistingRegions(); // a region added by the CLI since start-up
  // In code order, so every worker counts unknown addresses in the same region's database.
  const all = (await openRegions()).sort((a, b) => a.code.localeCompare(b.code));
  for (const { code, db } of all) {
    const user = await db.selectFrom("users").selectAll().where("email", "=", normalized).executeTakeFirst();
    if (!user) continue;
    if (isLocked(user, now)) {
      await verifyAgainstDecoy(password);
      return { ok: false, problem: "locked" };
    }
    if (!(await verifyPassword(user.password_hash, password))) {
      await recordFailedAttempt(db, user.id, now);
      return { ok: false, problem: "invalid" };
    }
    const needsSecondFactor = twoFactorRequired(user.role) || (await hasTwoFactor(db, user.id));
    if (!needsSecondFactor) await clearFailedAttempts(db, user.id);
    return { ok: true, region: code, db, user, needsSecondFactor };
  }
  const counting = all[0]?.db;
  await verifyAgainstDecoy(password);
  if (!counting) return { ok: false, problem: "invalid" };
  if (await isUnknownAddressLocked(counting, normalized, now)) return { ok: false, problem: "locked" };
  await recordUnknownAddressFailure(counting, normalized, now);
  return { ok: false, problem: "invalid" };
}

export type SecondFactorResult = { ok: true; method: "totp" | "recovery" } | { ok: false; problem: "invalid" | "locked" };

/** The second step of a pending session: a six-digit code or a recovery code, each good once. */
export async function giveSecondFactor(session: StaffSession, input: string, now = new Date()): Promise<SecondFactorResult> {
  if (isLocked(session.user, now)) return { ok: false, problem: "locked" };
  const method = await useSecondFactor(session.db, session.user.id, input, now);
  if (!method) {
    await recordFailedAttempt(session.db, session.user.id, now);
    return { ok: false, problem: "invalid" };
  }
  await clearFailedAttempts(session.db, session.user.id);
  await markSecondFactorGiven(session, now);
  return { ok: true, method };
}

/**
 * First-time enrolment at sign-in, for an account that must have a second factor and has none:
 * the first code from the new app completes the sign-in. Returns the recovery codes to show once.
 */
export async function enrolAtSignIn(session: StaffSession, code: string, now = new Date()): Promise<string[] | undefined> {
  // With an authenticator already set up, only it (or a recovery code) may complete a sign-in.
  if (session.twoFactorEnabled || (await hasTwoFactor(session.db, session.user.id))) return undefined;
  const codes = await confirmEnrolment(session.db, session.user.id, session.sessionId, code, now);
  if (!codes) return undefined;
  await clearFailedAttempts(session.db, session.user.id);
  await markSecondFactorGiven(session, now);
  return codes;
}

/**
 * What the second-factor page asks this session for: a code, or (for an account that must have
 * a second factor and has none) a first-time enrolment with this session's own new secret.
 */
export async function secondFactorStep(
  session: StaffSession,
  now = new Date(),
): Promise<{ mode: "verify" } | { mode: "enrol"; secret: Uint8Array }> {
  const state = await twoFactorState(session);
  if (state.enabled) return { mode: "verify" };
  return { mode: "enrol", secret: state.pending ?? (await startEnrolment(session, now)) };
}
