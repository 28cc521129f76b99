import { createHmac, randomBytes } from "node:crypto";
import { sql } from "kysely";
import type { RegionDb } from "../../../db/regions.server";
import type { User } from "../../../db/schema";
import { singleton } from "../../../db/singleton";
import { RateLimiter } from "../rate-limit/rate-limit.server";

// Guessing a password or a six-digit code is slowed per account (the state is in the region
// database, so every server process sees it) and per client (in memory, app/domain/rate-limit).
export const MAX_FAILED_ATTEMPTS = 5;
export const FAILURE_WINDOW_MS = 15 * 60_000;
export const LOCK_MS = 15 * 60_000;

export function isLocked(user: Pick<User, "locked_until">, now: Date): boolean {
  return user.locked_until !== null && user.locked_until > now.toISOString();
}

/**
 * Counts one failed password or second-factor attempt; the fifth within 15 minutes locks the
 * account for 15 minutes. One statement, so two server processes cannot lose a count.
 */
export async function recordFailedAttempt(db: RegionDb, userId: number, now: Date): Promise<void> {
  const at = now.toISOString();
  const windowStart = new Date(now.getTime() - FAILURE_WINDOW_MS).toISOString();
  const fresh = sql<boolean>`failed_since is null or failed_since <= ${windowStart}`;
  const row = await db
    .updateTable("users")
    .set({
      failed_sign_ins: sql<number>`case when ${fresh} then 1 else failed_sign_ins + 1 end`,
      failed_since: sql<string>`case when ${fresh} then ${at} else failed_since end`,
    })
    .where("id", "=", userId)
    .returning("failed_sign_ins")
    .executeTakeFirst();
  if (row && row.failed_sign_ins >= MAX_FAILED_ATTEMPTS) {
    await db
      .updateTable("users")
      .set({ locked_until: new Date(now.getTime() + LOCK_MS).toISOString(), failed_sign_ins: 0, failed_since: null })
      .where("id", "=", userId)
      .execute();
  }
}

/** A full sign-in (or a new password) starts the count again. */
export async function clearFailedAttempts(db: RegionDb, userId: number): Promise<void> {
  await db.updateTable("users").set({ failed_sign_ins: 0, failed_since: null, locked_until: null }).where("id", "=", userId).execute();
}

// Unknown addresses get the same treatment in memory, so "locked" after five tries does not
// tell an attacker that an address has an account. The key is an HMAC: no address is kept.
const salt = singleton("sign-in-throttle-salt", () => randomBytes(32));
const unknownAddresses = singleton("unknown-address-failures", () => new Map<string, { count: number; since: number; lockedUntil: number }>());

function keyOf(email: string): string {
  return createHmac("sha256", salt).update(email).digest("base64url").slice(0, 22);
}

export function isUnknownAddressLocked(email: string, now: Date): boolean {
  const entry = unknownAddresses.get(keyOf(email));
  return entry !== undefined && entry.lockedUntil > now.getTime();
}

export function recordUnknownAddressFailure(email: string, now: Date): void {
  const t = now.getTime();
  if (unknownAddresses.size > 100_000) {
    for (const [k, e] of unknownAddresses) if (e.lockedUntil <= t && e.since <= t - FAILURE_WINDOW_MS) unknownAddresses.delete(k);
  }
  const key = keyOf(email);
  const entry = unknownAddresses.get(key);
  if (!entry || entry.since <= t - FAILURE_WINDOW_MS) {
    unknownAddresses.set(key, { count: 1, since: t, lockedUntil: entry?.lockedUntil ?? 0 });
    return;
  }
  entry.count++;
  if (entry.count >= MAX_FAILED_ATTEMPTS) unknownAddresses.set(key, { count: 0, since: 0, lockedUntil: t + LOCK_MS });
}

const scale = Math.max(1, Number(process.env.RATE_LIMIT_MULTIPLIER ?? 1) || 1);

/**
 * Second-factor attempts per client, apart from password attempts so the staff of one school
 * behind one address can all sign in; the per-account lock is what stops code guessing.
 */
export const secondFactorsPerClient = singleton("second-factor-rate-limit", () => new RateLimiter(20 * scale, 15 * 60_000));
