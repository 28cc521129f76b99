import crypto from "node:crypto";
import Database from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import { describe, expect, it } from "vitest";
import { reloadDataKeys } from "../../db/data-keys.server";
import type { RegionDb } from "../../db/regions.server";
import { DEMO_TOTP_SECRET } from "../../scripts/seed-demo";
import {
  isLocked,
  isUnknownAddressLocked,
  LOCK_MS,
  MAX_FAILED_ATTEMPTS,
  recordUnknownAddressFailure,
} from "~/domain/auth/sign-in-throttle.server";
import {
  acceptedStep,
  decodeTotpSecret,
  formatTotpSecret,
  hashRecoveryCode,
  newRecoveryCode,
  newTotpSecret,
  normalizeRecoveryCode,
  totpCodeAt,
  totpKeyUri,
  totpStep,
  twoFactorRequired,
} from "~/domain/auth/two-factor.server";

// RFC 6238, Appendix B: the SHA-1 seed and its 8-digit codes.
const rfcSecret = new TextEncoder().encode("12345678901234567890");
const rfcVectors: Array<[seconds: number, code: string]> = [
  [59, "94287082"],
  [1111111109, "07081804"],
  [1111111111, "14050471"],
  [1234567890, "89005924"],
  [2000000000, "69279037"],
  [20000000000, "65353130"],
];
const at = (seconds: number) => new Date(seconds * 1000);

describe("TOTP (RFC 6238, SHA-1, 30-second steps)", () => {
  it("matches the RFC's test vectors", () => {
    for (const [seconds, code] of rfcVectors) {
      expect(totpCodeAt(rfcSecret, totpStep(at(seconds)), 8), String(seconds)).toBe(code);
      expect(acceptedStep(rfcSecret, code, at(seconds), 0, 8), String(seconds)).toBe(totpStep(at(seconds)));
      // Six digits are the same truncation, modulo 10^6.
      expect(totpCodeAt(rfcSecret, totpStep(at(seconds))), String(seconds)).toBe(code.slice(2));
    }
  });

  it("accepts the step before and after the server's, and nothing further", () => {
    const now = at(1111111111);
    const step = totpStep(now);
    for (const offset of [-1, 0, 1])
      expect(acceptedStep(rfcSecret, totpCodeAt(rfcSecret, step + offset), now, 0), String(offset)).toBe(step + offset);
    for (const offset of [-3, -2, 2, 3])
      expect(acceptedStep(rfcSecret, totpCodeAt(rfcSecret, step + offset), now, 0), String(offset)).toBeUndefined();
  });

  it("refuses a code once its step (or a later one) has been used: no replay", () => {
    const now = at(1234567890);
    const step = totpStep(now);
    const current = totpCodeAt(rfcSecret, step);
    expect(acceptedStep(rfcSecret, current, now, step - 1)).toBe(step);
    expect(acceptedStep(rfcSecret, current, now, step)).toBeUndefined();
    // After the next step's code was used, the current (older) one is refused too.
    expect(acceptedStep(rfcSecret, current, now, step + 1)).toBeUndefined();
    expect(acceptedStep(rfcSecret, totpCodeAt(rfcSecret, step + 1), now, step)).toBe(step + 1);
  });

  it("refuses anything that is not six digits", () => {
    const now = at(59);
    const code = totpCodeAt(rfcSecret, totpStep(now));
    for (const bad of ["", "12345", "1234567", ` ${code}`, `${code}x`, "abcdef", "٠١٢٣٤٥"])
      expect(acceptedStep(rfcSecret, bad, now, 0), bad).toBeUndefined();
  });

  it("shows a secret in groups of four and reads it back however it is typed", () => {
    const secret = newTotpSecret();
    expect(secret).toHaveLength(20);
    const shown = formatTotpSecret(secret);
    expect(shown).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
    expect(decodeTotpSecret(shown)).toEqual(secret);
    expect(decodeTotpSecret(shown.toLowerCase().replace(/ /g, "-"))).toEqual(secret);
    expect(decodeTotpSecret("not base32!")).toBeUndefined();
    const uri = totpKeyUri("psychologist@demo.senim.kz", secret);
    expect(uri).toMatch(/^otpauth:\/\/totp\/Senim:psychologist%40demo\.senim\.kz\?/);
    expect(uri).toContain(`secret=${shown.replace(/ /g, "")}`);
    expect(uri).toContain("period=30");
    expect(uri).toContain("digits=6");
  });

  it("publishes a well-formed demo secret", () => {
    expect(decodeTotpSecret(DEMO_TOTP_SECRET)).toHaveLength(20);
  });

  it("requires a second factor of everyone but teachers", () => {
    for (const role of ["psychologist", "school_admin", "district_official", "region_admin", "service"] as const)
      expect(twoFactorRequired(role), role).toBe(true);
    expect(twoFactorRequired("teacher")).toBe(false);
  });
});

describe("recovery codes", () => {
  it("are ten-byte random codes in four groups, never repeating", () => {
    const codes = Array.from({ length: 200 }, newRecoveryCode);
    for (const c of codes) expect(c).toMatch(/^[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}$/);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it("are stored as a SHA-256 of the normalised code, whatever the case, spaces or dashes", () => {
    const code = newRecoveryCode();
    const hash = hashRecoveryCode(code);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(normalizeRecoveryCode(code));
    expect(hashRecoveryCode(code.toUpperCase().replace(/-/g, " "))).toBe(hash);
    expect(hashRecoveryCode(` ${code.replace(/-/g, "")} `)).toBe(hash);
    expect(hashRecoveryCode(newRecoveryCode())).not.toBe(hash);
  });
});

describe("lock-out", () => {
  it("reads an account's lock from its locked_until time", () => {
    const now = new Date("2026-11-23T10:00:00Z");
    expect(isLocked({ locked_until: null }, now)).toBe(false);
    expect(isLocked({ locked_until: "2026-11-23T10:10:00.000Z" }, now)).toBe(true);
    expect(isLocked({ locked_until: "2026-11-23T09:59:59.000Z" }, now)).toBe(false);
  });

  it("locks an unknown address after the same number of failures as a real account, and lets it go later", async () => {
    const db = await missesDb();
    const email = `nobody-${Math.random()}@example.kz`;
    const start = new Date("2026-11-23T10:00:00Z");
    for (let i = 0; i < MAX_FAILED_ATTEMPTS - 1; i++) await recordUnknownAddressFailure(db, email, new Date(start.getTime() + i * 1000));
    expect(await isUnknownAddressLocked(db, email, start)).toBe(false);
    await recordUnknownAddressFailure(db, email, new Date(start.getTime() + 10_000));
    expect(await isUnknownAddressLocked(db, email, new Date(start.getTime() + 11_000))).toBe(true);
    expect(await isUnknownAddressLocked(db, email, new Date(start.getTime() + 10_000 + LOCK_MS + 1))).toBe(false);
    // Only a keyed hash of the address is stored.
    const stored = await db.selectFrom("sign_in_misses").select("key").execute();
    expect(stored.map((r) => r.key).join()).not.toContain("example.kz");
  });

  it("forgets failures older than the 15-minute window, and prunes their rows", async () => {
    const db = await missesDb();
    const email = `slow-${Math.random()}@example.kz`;
    const start = new Date("2026-11-23T10:00:00Z");
    const last = MAX_FAILED_ATTEMPTS + 2;
    for (let i = 0; i <= last; i++) await recordUnknownAddressFailure(db, email, new Date(start.getTime() + i * 16 * 60_000));
    expect(await isUnknownAddressLocked(db, email, new Date(start.getTime() + last * 16 * 60_000 + 1000))).toBe(false);
    await recordUnknownAddressFailure(db, "other@example.kz", new Date(start.getTime() + (last + 2) * 16 * 60_000));
    expect((await db.selectFrom("sign_in_misses").select("key").execute()).length).toBe(1);
  });
});

/** The sign_in_misses table as migration 0019 makes it, on an in-memory SQLite. */
async function missesDb(): Promise<RegionDb> {
  process.env.SENIM_DATA_KEYS ??= `t1:${crypto.randomBytes(32).toString("base64")}`;
  reloadDataKeys();
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: new Database(":memory:") }) });
  await db.schema
    .createTable("sign_in_misses")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("failures", "integer", (c) => c.notNull())
    .addColumn("since", "text", (c) => c.notNull())
    .addColumn("locked_until", "text")
    .execute();
  return db as RegionDb;
}
