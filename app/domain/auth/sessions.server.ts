import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import { findRegion } from "~/content/content";
import { regionDb, type RegionDb } from "../../../db/regions.server";
import type { User } from "../../../db/schema";
import { hasConfirmedTwoFactor, twoFactorRequired } from "./two-factor.server";

// Sessions the Lucia way: a random token in the cookie, only its SHA-256 in the database,
// expiry pushed forward while the session is used. On shared school computers a session
// nobody has used for SESSION_IDLE_MINUTES (30 by default) is over.
const SESSION_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Last use is written at most this often, so reading a page stays a read. */
const LAST_USE_RESOLUTION_MS = 60_000;

export function sessionIdleMs(): number {
  const minutes = Number(process.env.SESSION_IDLE_MINUTES);
  return (Number.isFinite(minutes) && minutes > 0 ? minutes : 30) * 60_000;
}

export type StaffSession = {
  region: string;
  db: RegionDb;
  user: User;
  sessionId: string;
  expiresAt: Date;
  twoFactorEnabled: boolean;
  /** The password was right, but the account's second factor has not been given in this session yet. */
  secondFactorPending: boolean;
};

function sessionIdOf(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

function newToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

/** The cookie value carries the region so a request opens only its own region's database. */
export async function createSession({ region, db, user }: Pick<StaffSession, "region" | "db" | "user">, now = new Date()) {
  const token = newToken();
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * DAY_MS);
  await db
    .insertInto("sessions")
    .values({ id: sessionIdOf(token), user_id: user.id, expires_at: expiresAt.toISOString(), last_used_at: now.toISOString() })
    .execute();
  return { cookieValue: `${region}.${token}`, expiresAt };
}

export async function validateSession(cookieValue: string, now = new Date()): Promise<StaffSession | undefined> {
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
    .select([
      "sessions.expires_at as session_expires_at",
      "sessions.last_used_at as session_last_used_at",
      "sessions.two_factor_at as session_two_factor_at",
    ])
    .select((eb) => hasConfirmedTwoFactor(eb).as("two_factor_enabled"))
    .where("sessions.id", "=", sessionId)
    .executeTakeFirst();
  if (!row) return undefined;
  const { session_expires_at, session_last_used_at, session_two_factor_at, two_factor_enabled, ...user } = row;
  let expiresAt = new Date(session_expires_at);
  const lastUsed = Date.parse(session_last_used_at);
  if (now.getTime() >= expiresAt.getTime() || !(now.getTime() - lastUsed <= sessionIdleMs())) {
    await db.deleteFrom("sessions").where("id", "=", sessionId).execute();
    return undefined;
  }
  const renew = now.getTime() >= expiresAt.getTime() - (SESSION_DAYS / 2) * DAY_MS;
  if (renew) expiresAt = new Date(now.getTime() + SESSION_DAYS * DAY_MS);
  if (renew || now.getTime() - lastUsed >= LAST_USE_RESOLUTION_MS) {
    await db
      .updateTable("sessions")
      .set({ expires_at: expiresAt.toISOString(), last_used_at: now.toISOString() })
      .where("id", "=", sessionId)
      .execute();
  }
  const twoFactorEnabled = Boolean(two_factor_enabled);
  const secondFactorPending = session_two_factor_at === null && (twoFactorRequired(user.role) || twoFactorEnabled);
  return { region, db, user, sessionId, expiresAt, twoFactorEnabled, secondFactorPending };
}

/** The second factor was given in this session: it may now open what the account may open. */
export async function markSecondFactorGiven(session: Pick<StaffSession, "db" | "sessionId">, now = new Date()): Promise<void> {
  await session.db.updateTable("sessions").set({ two_factor_at: now.toISOString() }).where("id", "=", session.sessionId).execute();
}

export async function invalidateSession(session: Pick<StaffSession, "db" | "sessionId">): Promise<void> {
  await session.db.deleteFrom("sessions").where("id", "=", session.sessionId).execute();
}

/** Signs the account out on every device (or every device but one). */
export async function invalidateAllSessions(db: RegionDb, userId: number, exceptSessionId?: string): Promise<void> {
  let query = db.deleteFrom("sessions").where("user_id", "=", userId);
  if (exceptSessionId) query = query.where("id", "<>", exceptSessionId);
  await query.execute();
}
