import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import { findRegion } from "~/content/content";
import { openExistingRegions, openRegions, regionDb, type RegionDb } from "../../../db/regions.server";
import type { User } from "../../../db/schema";
import { hashPassword, verifyPassword } from "./passwords.server";

// Sessions the Lucia way: a random token in the cookie, only its SHA-256 in the database,
// expiry pushed forward while the session is used.
const SESSION_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export type StaffSession = { region: string; db: RegionDb; user: User; sessionId: string; expiresAt: Date };

function sessionIdOf(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

function newToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

/** The cookie value carries the region so a request opens only its own region's database. */
export async function createSession(region: string, db: RegionDb, userId: number) {
  const token = newToken();
  const expiresAt = new Date(Date.now() + SESSION_DAYS * DAY_MS);
  await db
    .insertInto("sessions")
    .values({ id: sessionIdOf(token), user_id: userId, expires_at: expiresAt.toISOString() })
    .execute();
  return { cookieValue: `${region}.${token}`, expiresAt };
}

export async function validateSession(cookieValue: string): Promise<StaffSession | undefined> {
  const dot = cookieValue.indexOf(".");
  if (dot < 1) return undefined;
  const region = cookieValue.slice(0, dot);
  const token = cookieValue.slice(dot + 1);
  if (!findRegion(region) || !/^[a-z2-7]{32}$/.test(token)) return undefined;
  const db = await regionDb(region);
  if (!db) return undefined;
  const sessionId = sessionIdOf(token);
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .selectAll("users")
    .select(["sessions.expires_at as session_expires_at"])
    .where("sessions.id", "=", sessionId)
    .executeTakeFirst();
  if (!row) return undefined;
  const { session_expires_at, ...user } = row;
  let expiresAt = new Date(session_expires_at);
  if (Date.now() >= expiresAt.getTime()) {
    await db.deleteFrom("sessions").where("id", "=", sessionId).execute();
    return undefined;
  }
  if (Date.now() >= expiresAt.getTime() - (SESSION_DAYS / 2) * DAY_MS) {
    expiresAt = new Date(Date.now() + SESSION_DAYS * DAY_MS);
    await db.updateTable("sessions").set({ expires_at: expiresAt.toISOString() }).where("id", "=", sessionId).execute();
  }
  return { region, db, user, sessionId, expiresAt };
}

export async function invalidateSession(session: StaffSession): Promise<void> {
  await session.db.deleteFrom("sessions").where("id", "=", session.sessionId).execute();
}

// Verifying against a real hash when the email is unknown keeps the answer time the same,
// so sign-in does not reveal which addresses have accounts.
let decoyHash: Promise<string> | undefined;

/** The staff member with this email and password, in whichever open region holds the account. */
export async function authenticate(email: string, password: string) {
  const normalized = email.trim().toLowerCase();
  await openExistingRegions(); // a region added by the CLI since start-up
  for (const { code, db } of await openRegions()) {
    const user = await db.selectFrom("users").selectAll().where("email", "=", normalized).executeTakeFirst();
    if (user) return (await verifyPassword(user.password_hash, password)) ? { region: code, db, user } : undefined;
  }
  decoyHash ??= hashPassword("decoy password for timing");
  await verifyPassword(await decoyHash, password);
  return undefined;
}
