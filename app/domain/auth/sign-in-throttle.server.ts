import { sql } from "kysely";
import type { RegionDb } from "../../../db/regions.server";
import type { User } from "../../../db/schema";
import { singleton } from "../../../db/singleton";
import { keyedHash } from "../../../db/data-keys.server";
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

// Unknown addresses get the same treatment, in a region database so every worker counts them
// alike: "locked" after five tries does not tell an attacker that an address has an account.
// The key is an HMAC with a secret derived from the data keys: no non-user's address is kept.
function keyOf(email: string): string {
  return keyedHash("sign-in-miss", email);
}

type Miss = { failures: number; since: string; locked_until: string | null };

async function missOf(db: RegionDb, email: string): Promise<Miss | undefined> {
  return db.selectFrom("sign_in_misses").select(["failures", "since", "locked_until"]).where("key", "=", keyOf(email)).executeTakeFirst();
}

export async function isUnknownAddressLocked(db: RegionDb, email: string, now: Date): Promise<boolean> {
  const miss = await missOf(db, email);
  return miss !== undefined && miss.locked_until !== null && miss.locked_until > now.toISOString();
}

/** As recordFailedAttempt: one statement counts, the fifth within the window locks; old rows go. */
export async function recordUnknownAddressFailure(db: RegionDb, email: string, now: Date): Promise<void> {
  const at = now.toISOString();
  const windowStart = new Date(now.getTime() - FAILURE_WINDOW_MS).toISOString();
  const key = keyOf(email);
  await db
    .deleteFrom("sign_in_misses")
    .where("since", "<=", windowStart)
    .where((eb) => eb.or([eb("locked_until", "is", null), eb("locked_until", "<=", at)]))
    .execute();
  const row = await db
    .insertInto("sign_in_misses")
    .values({ key, failures: 1, since: at, locked_until: null })
    .onConflict((oc) =>
      oc.column("key").doUpdateSet({
        failures: sql<number>`case when sign_in_misses.since <= ${windowStart} then 1 else sign_in_misses.failures + 1 end`,
        since: sql<string>`case when sign_in_misses.since <= ${windowStart} then ${at} else sign_in_misses.since end`,
      }),
    )
    .returning("failures")
    .executeTakeFirst();
  if (row && row.failures >= MAX_FAILED_ATTEMPTS) {
    await db
      .updateTable("sign_in_misses")
      .set({ locked_until: new Date(now.getTime() + LOCK_MS).toISOString(), failures: 0, since: at })
      .where("key", "=", key)
      .execute();
  }
}

const scale = Math.max(1, Number(process.env.RATE_LIMIT_MULTIPLIER ?? 1) || 1);

/**
 * Second-factor attempts per client, apart from password attempts so the staff of one school
 * behind one address can all sign in; the per-account lock is what stops code guessing.
 */
export const secondFactorsPerClient = singleton("second-factor-rate-limit", () => new RateLimiter(20 * scale, 15 * 60_000));
