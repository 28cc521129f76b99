import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { dataKeys } from "../../../db/data-keys.server";
import type { RegionDb } from "../../../db/regions.server";
import { singleton } from "../../../db/singleton";

/**
 * The signed, single-use token every public form carries (hidden field `formToken`). It holds
 * no identity and sets no cookie: only a random id, the minute it expires and what form it is
 * for, signed with a secret derived from the data keys. A scripted flood must therefore fetch a
 * page for every report. Spent ids are recorded in the region database (shared by the workers)
 * until expiry. Real time, not the school clock: every worker must agree on it.
 */
export const FORM_TOKEN_FIELD = "formToken";
/** Long enough for a slow child who opened the form and came back to it. */
export const FORM_TOKEN_LIFETIME_MS = 2 * 3_600_000;
const MINUTE = 60_000;

const secretOf = (key: Buffer) => createHmac("sha256", key).update("senim form token v1").digest();
const mac = (secret: Buffer, payload: string) => createHmac("sha256", secret).update(payload).digest("base64url").slice(0, 27);

/** A fresh token for a form (`purpose`, e.g. "r:AK7K3M"). */
export function issueFormToken(purpose: string, now = Date.now()): string {
  const id = randomBytes(12).toString("base64url");
  const expires = Math.ceil((now + FORM_TOKEN_LIFETIME_MS) / MINUTE).toString(36);
  return `${id}.${expires}.${mac(secretOf(dataKeys()[0]!.key), `${purpose}|${id}|${expires}`)}`;
}

export type TokenCheck = { valid: true; id: string; expiresAt: string } | { valid: false };

/** Signature, purpose and expiry; whether it was already spent is `spendFormToken`'s to say. */
export function checkFormToken(token: string | undefined, purpose: string, now = Date.now()): TokenCheck {
  const match = /^([\w-]{16})\.([0-9a-z]{1,10})\.([\w-]{27})$/.exec(token ?? "");
  if (!match) return { valid: false };
  const [, id, expires, given] = match as unknown as [string, string, string, string];
  const expiresMs = parseInt(expires, 36) * MINUTE;
  if (!(expiresMs > now) || expiresMs > now + FORM_TOKEN_LIFETIME_MS + MINUTE) return { valid: false };
  // Every key in force: a token issued just before a key rotation still works.
  const ok = dataKeys().some((k) => {
    const expected = Buffer.from(mac(secretOf(k.key), `${purpose}|${id}|${expires}`));
    return timingSafeEqual(expected, Buffer.from(given));
  });
  return ok ? { valid: true, id, expiresAt: new Date(expiresMs).toISOString() } : { valid: false };
}

const lastPrune = singleton("form-token-prune", () => new WeakMap<RegionDb, number>());

/** Whether a token was already spent; the report's own insert spends it (app/domain/reports/intake.server.ts). */
export async function isSpent(db: RegionDb, id: string): Promise<boolean> {
  return (await db.selectFrom("spent_form_tokens").select("id").where("id", "=", id).executeTakeFirst()) !== undefined;
}

/** Expired ids can never be presented again (checkFormToken refuses them): at most once a minute per process. */
export async function pruneSpentTokens(db: RegionDb, now = Date.now()): Promise<void> {
  if ((lastPrune.get(db) ?? 0) > now - MINUTE) return;
  lastPrune.set(db, now);
  await db.deleteFrom("spent_form_tokens").where("expires_at", "<=", new Date(now).toISOString()).execute();
}
