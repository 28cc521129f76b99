import { logAccess } from "../audit/access-log.server";
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import { findRegion } from "~/content/content";
import { regionDb, type RegionDb } from "../../../db/regions.server";
import type { AccountLinkPurpose } from "../../../db/schema";
import { hashPassword, passwordProblem } from "./passwords.server";
import { invalidateAllSessions } from "./sessions.server";
import { clearFailedAttempts } from "./sign-in-throttle.server";

// Invitations and password resets: a random token in the link, only its SHA-256 stored,
// good once and for a short time; a newer link of the same purpose replaces the older one.
// Like the session cookie, the token carries its region so a link opens one database only.
const HOUR_MS = 60 * 60_000;
export const LINK_LIFETIME_MS: Record<AccountLinkPurpose, number> = { invite: 72 * HOUR_MS, reset: 1 * HOUR_MS };

function tokenHashOf(secret: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(secret)));
}

function parseToken(token: string): { region: string; secret: string } | undefined {
  const dot = token.indexOf(".");
  if (dot < 1) return undefined;
  const region = token.slice(0, dot);
  const secret = token.slice(dot + 1);
  if (!findRegion(region) || !/^[a-z2-7]{32}$/.test(secret)) return undefined;
  return { region, secret };
}

export function accountLinkPath(token: string): string {
  return `/staff/link/${token}`;
}

/** Makes a link for the account and returns its token (to put in /staff/link/<token>); earlier unused links of the purpose stop working. */
export async function createAccountLink(
  region: string,
  db: RegionDb,
  link: { userId: number; purpose: AccountLinkPurpose; createdBy: number | null },
  now = new Date(),
): Promise<{ token: string; expiresAt: string }> {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  const secret = encodeBase32LowerCaseNoPadding(bytes);
  const expiresAt = new Date(now.getTime() + LINK_LIFETIME_MS[link.purpose]).toISOString();
  await db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom("account_links")
      .where("user_id", "=", link.userId)
      .where("purpose", "=", link.purpose)
      .where("used_at", "is", null)
      .execute();
    await trx
      .insertInto("account_links")
      .values({
        user_id: link.userId,
        purpose: link.purpose,
        token_hash: tokenHashOf(secret),
        created_by: link.createdBy,
        created_at: now.toISOString(),
        expires_at: expiresAt,
      })
      .execute();
  });
  return { token: `${region}.${secret}`, expiresAt };
}

export type LinkState =
  | { state: "valid"; purpose: AccountLinkPurpose; email: string; displayName: string; language: string }
  | { state: "expired" | "used" | "unknown" };

/** What a link is good for, without using it. */
export async function inspectAccountLink(token: string, now = new Date()): Promise<LinkState> {
  const parsed = parseToken(token);
  const db = parsed && (await regionDb(parsed.region));
  if (!parsed || !db) return { state: "unknown" };
  const row = await db
    .selectFrom("account_links")
    .innerJoin("users", "users.id", "account_links.user_id")
    .select([
      "account_links.purpose",
      "account_links.expires_at",
      "account_links.used_at",
      "users.email",
      "users.display_name",
      "users.language",
    ])
    .where("account_links.token_hash", "=", tokenHashOf(parsed.secret))
    .executeTakeFirst();
  if (!row) return { state: "unknown" };
  if (row.used_at !== null) return { state: "used" };
  if (row.expires_at <= now.toISOString()) return { state: "expired" };
  return { state: "valid", purpose: row.purpose, email: row.email, displayName: row.display_name, language: row.language };
}

export type LinkUse = { ok: true; email: string } | { ok: false; problem: "expired" | "used" | "unknown" | "short" | "long" | "mismatch" };

/**
 * Sets the account's password through a link and uses the link up. The account is signed out
 * everywhere and its lock lifted; its second factor, if any, stays (a reset clears that only
 * when the admin asked for it, at the time the link was made).
 */
export async function setPasswordWithLink(token: string, password: string, repeated: string, now = new Date()): Promise<LinkUse> {
  const before = await inspectAccountLink(token, now);
  if (before.state !== "valid") return { ok: false, problem: before.state };
  const problem = passwordProblem(password, repeated);
  if (problem) return { ok: false, problem };
  const parsed = parseToken(token)!;
  const db = (await regionDb(parsed.region))!;
  const passwordHash = await hashPassword(password);
  const at = now.toISOString();
  const userId = await db.transaction().execute(async (trx) => {
    // Used up in the same statement that checks it, so two tabs cannot both use one link.
    const used = await trx
      .updateTable("account_links")
      .set({ used_at: at })
      .where("token_hash", "=", tokenHashOf(parsed.secret))
      .where("used_at", "is", null)
      .where("expires_at", ">", at)
      .returning("user_id")
      .executeTakeFirst();
    if (!used) return undefined;
    await trx.updateTable("users").set({ password_hash: passwordHash, password_set_at: at }).where("id", "=", used.user_id).execute();
    // An invitation accepted also ends any reset link still around, and the other way round.
    await trx.deleteFrom("account_links").where("user_id", "=", used.user_id).where("used_at", "is", null).execute();
    return used.user_id;
  });
  if (userId === undefined) return { ok: false, problem: "used" };
  await invalidateAllSessions(db, userId);
  await clearFailedAttempts(db, userId);
  await logAccess({ db, user: { id: userId } }, "link_used", "account", userId);
  return { ok: true, email: before.email };
}
