import { sha256 } from "@oslojs/crypto/sha2";
import {
  decodeBase32IgnorePadding,
  encodeBase32LowerCaseNoPadding,
  encodeBase32UpperCaseNoPadding,
  encodeHexLowerCase,
} from "@oslojs/encoding";
import { createTOTPKeyURI, generateHOTP, verifyHOTP } from "@oslojs/otp";
import type { ExpressionBuilder } from "kysely";
import type { RegionDb } from "../../../db/regions.server";
import type { Database, StaffRole } from "../../../db/schema";
import type { StaffSession } from "./sessions.server";

// TOTP as RFC 6238 and every authenticator app know it: SHA-1, 30-second steps, 6 digits.
// A code is accepted for the step before and after the server's (clocks drift), and once only.
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
export const RECOVERY_CODE_COUNT = 10;
const ISSUER = "Senim";

/** Everyone who can see a child's name or a school's cases needs a second factor; teachers may add one. */
export function twoFactorRequired(role: StaffRole): boolean {
  return role !== "teacher";
}

export function totpStep(at: Date): number {
  return Math.floor(at.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

/** The code an authenticator app shows during this step. */
export function totpCodeAt(secret: Uint8Array, step: number, digits = TOTP_DIGITS): string {
  return generateHOTP(secret, BigInt(step), digits);
}

/**
 * The step (previous, current or next) whose code this is, if that step is newer than the
 * last one used: a code seen once, or an older one, is refused.
 */
export function acceptedStep(secret: Uint8Array, code: string, at: Date, lastUsedStep: number, digits = TOTP_DIGITS): number | undefined {
  if (!new RegExp(`^\\d{${digits}}$`).test(code)) return undefined;
  const now = totpStep(at);
  for (const step of [now - 1, now, now + 1]) {
    if (step > lastUsedStep && verifyHOTP(secret, BigInt(step), digits, code)) return step;
  }
  return undefined;
}

/**
 * A TOTP secret as the database keeps it: base64 text, which the sealed-columns plugin seals
 * (db/sealed-columns.server.ts). Rows written before sealing hold the raw bytes; both are read.
 */
export function storedTotpSecret(secret: Uint8Array): string {
  return Buffer.from(secret).toString("base64");
}

export function totpSecretOf(stored: Uint8Array | string): Uint8Array {
  return typeof stored === "string" ? new Uint8Array(Buffer.from(stored, "base64")) : new Uint8Array(stored);
}

export function newTotpSecret(): Uint8Array {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return bytes;
}

/** Accepts what people copy: spaces, dashes, lower case. Undefined when it is not base32. */
export function decodeTotpSecret(base32: string): Uint8Array | undefined {
  try {
    return decodeBase32IgnorePadding(base32.replace(/[\s-]/g, "").toUpperCase());
  } catch {
    return undefined;
  }
}

/** The secret as people type it into an app: base32 in groups of four. */
export function formatTotpSecret(secret: Uint8Array): string {
  return encodeBase32UpperCaseNoPadding(secret).replace(/(.{4})(?=.)/g, "$1 ");
}

/** The otpauth:// address authenticator apps import (shown as text; no QR library needed). */
export function totpKeyUri(email: string, secret: Uint8Array): string {
  return createTOTPKeyURI(ISSUER, email, secret, TOTP_PERIOD_SECONDS, TOTP_DIGITS);
}

/** Recovery codes: 80 random bits each, so a fast hash is enough; shown as four groups of four. */
export function newRecoveryCode(): string {
  const bytes = new Uint8Array(10);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes).replace(/(.{4})(?=.)/g, "$1-");
}

export function normalizeRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[^a-z2-7]/g, "");
}

export function hashRecoveryCode(code: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(normalizeRecoveryCode(code))));
}

export function looksLikeTotpCode(input: string): boolean {
  return /^\d{6}$/.test(input.replace(/\s/g, ""));
}

export type TwoFactorState = {
  enabled: boolean;
  /** An enrolment this session started that waits for its first code: the secret to show again. */
  pending: Uint8Array | undefined;
  recoveryCodesLeft: number;
};

/** What a session's own account page works on: the account, and the session an enrolment belongs to. */
type OwnSession = Pick<StaffSession, "db" | "user" | "sessionId">;

export async function twoFactorState({ db, user: { id: userId }, sessionId }: OwnSession): Promise<TwoFactorState> {
  const credentials = await db
    .selectFrom("totp_credentials")
    .select(["secret", "confirmed_at", "session_id"])
    .where("user_id", "=", userId)
    .orderBy("id", "desc")
    .execute();
  const left = await db
    .selectFrom("recovery_codes")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("user_id", "=", userId)
    .where("used_at", "is", null)
    .executeTakeFirstOrThrow();
  const pending = credentials.find((c) => c.confirmed_at === null && c.session_id === sessionId);
  return {
    enabled: credentials.some((c) => c.confirmed_at !== null),
    pending: pending ? totpSecretOf(pending.secret) : undefined,
    recoveryCodesLeft: Number(left.n),
  };
}

export async function hasTwoFactor(db: RegionDb, userId: number): Promise<boolean> {
  const row = await db
    .selectFrom("totp_credentials")
    .select("id")
    .where("user_id", "=", userId)
    .where("confirmed_at", "is not", null)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * A new secret for this session, waiting for its first code. A confirmed one keeps working
 * until then, so moving to a new phone never leaves the account without a second factor.
 */
export async function startEnrolment(session: OwnSession, now: Date): Promise<Uint8Array> {
  const secret = newTotpSecret();
  await session.db.transaction().execute(async (trx) => {
    await cancelEnrolment({ ...session, db: trx });
    await trx
      .insertInto("totp_credentials")
      .values({ user_id: session.user.id, secret: storedTotpSecret(secret), created_at: now.toISOString(), session_id: session.sessionId })
      .execute();
  });
  return secret;
}

export async function cancelEnrolment({ db, user, sessionId }: OwnSession): Promise<void> {
  await db
    .deleteFrom("totp_credentials")
    .where("user_id", "=", user.id)
    .where("session_id", "=", sessionId)
    .where("confirmed_at", "is", null)
    .execute();
}

/**
 * The first code proves the app holds the secret: the enrolment then replaces any earlier
 * one, and the account gets new recovery codes, returned once. Undefined: wrong code.
 */
export async function confirmEnrolment(
  db: RegionDb,
  userId: number,
  sessionId: string,
  code: string,
  now: Date,
): Promise<string[] | undefined> {
  const pending = await db
    .selectFrom("totp_credentials")
    .select(["id", "secret"])
    .where("user_id", "=", userId)
    .where("session_id", "=", sessionId)
    .where("confirmed_at", "is", null)
    .orderBy("id", "desc")
    .executeTakeFirst();
  if (!pending) return undefined;
  const step = acceptedStep(totpSecretOf(pending.secret), code.replace(/\s/g, ""), now, 0);
  if (step === undefined) return undefined;
  return db.transaction().execute(async (trx) => {
    await trx.deleteFrom("totp_credentials").where("user_id", "=", userId).where("id", "<>", pending.id).execute();
    // Detached from the session, or signing out would delete the confirmed secret with it.
    await trx
      .updateTable("totp_credentials")
      .set({ confirmed_at: now.toISOString(), last_used_step: step, session_id: null })
      .where("id", "=", pending.id)
      .execute();
    return replaceRecoveryCodesIn(trx, userId, now);
  });
}

/** Enrols a known secret without asking for a code: for the demo accounts' published secret only. */
export async function enrolKnownSecret(db: RegionDb, userId: number, secret: Uint8Array, now: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom("totp_credentials").where("user_id", "=", userId).execute();
    await trx
      .insertInto("totp_credentials")
      .values({ user_id: userId, secret: storedTotpSecret(secret), created_at: now.toISOString(), confirmed_at: now.toISOString() })
      .execute();
  });
}

/** Ten new recovery codes, shown once; every earlier one stops working. */
export async function replaceRecoveryCodes({ db, user }: Pick<StaffSession, "db" | "user">, now: Date): Promise<string[]> {
  return db.transaction().execute((trx) => replaceRecoveryCodesIn(trx, user.id, now));
}

async function replaceRecoveryCodesIn(db: RegionDb, userId: number, now: Date): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await db.deleteFrom("recovery_codes").where("user_id", "=", userId).execute();
  await db
    .insertInto("recovery_codes")
    .values(codes.map((c) => ({ user_id: userId, code_hash: hashRecoveryCode(c), created_at: now.toISOString() })))
    .execute();
  return codes;
}

/** Removes the authenticator and the recovery codes (a reset by the school admin, or a teacher turning it off). */
export async function removeTwoFactor(db: RegionDb, userId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom("totp_credentials").where("user_id", "=", userId).execute();
    await trx.deleteFrom("recovery_codes").where("user_id", "=", userId).execute();
  });
}

/**
 * Checks a six-digit code or a recovery code and uses it up. The conditional updates make a
 * code good for one sign-in even when two arrive at once.
 */
export async function useSecondFactor(db: RegionDb, userId: number, input: string, now: Date): Promise<"totp" | "recovery" | undefined> {
  const trimmed = input.replace(/\s/g, "");
  if (looksLikeTotpCode(trimmed)) {
    const credential = await db
      .selectFrom("totp_credentials")
      .select(["id", "secret", "last_used_step"])
      .where("user_id", "=", userId)
      .where("confirmed_at", "is not", null)
      .executeTakeFirst();
    if (!credential) return undefined;
    const step = acceptedStep(totpSecretOf(credential.secret), trimmed, now, credential.last_used_step);
    if (step === undefined) return undefined;
    const used = await db
      .updateTable("totp_credentials")
      .set({ last_used_step: step })
      .where("id", "=", credential.id)
      .where("last_used_step", "<", step)
      .executeTakeFirst();
    return used.numUpdatedRows > 0n ? "totp" : undefined;
  }
  const normalized = normalizeRecoveryCode(trimmed);
  if (normalized.length !== 16) return undefined;
  const used = await db
    .updateTable("recovery_codes")
    .set({ used_at: now.toISOString() })
    .where("user_id", "=", userId)
    .where("code_hash", "=", hashRecoveryCode(normalized))
    .where("used_at", "is", null)
    .executeTakeFirst();
  return used.numUpdatedRows > 0n ? "recovery" : undefined;
}

/** Whether the user row in the query has a confirmed authenticator, as a column of a users query. */
export function hasConfirmedTwoFactor(eb: ExpressionBuilder<Database, "users">) {
  return eb.exists(
    eb
      .selectFrom("totp_credentials")
      .select("totp_credentials.id")
      .whereRef("totp_credentials.user_id", "=", "users.id")
      .where("totp_credentials.confirmed_at", "is not", null),
  );
}
