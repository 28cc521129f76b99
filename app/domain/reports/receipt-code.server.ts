import { randomInt } from "node:crypto";
import { keyedHash, keyedHashes } from "../../../db/data-keys.server";
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";

export const RECEIPT_CODE_DIGITS = 16;

/**
 * 16 random digits (~53 bits). With lookups rate-limited per client, guessing any one of a
 * region's codes takes billions of attempts.
 */
export function generateReceiptCode(): string {
  let code = "";
  for (let i = 0; i < RECEIPT_CODE_DIGITS; i++) code += String(randomInt(10));
  return code;
}

/** Accepts what people type: spaces, dashes, full-width digits. Undefined when not 16 digits. */
export function normalizeReceiptCode(input: string): string | undefined {
  const digits = input.normalize("NFKC").replace(/[\s\-–—.]/g, "");
  return /^\d{16}$/.test(digits) ? digits : undefined;
}

/**
 * The stored form of a code: an HMAC-SHA-256 with a secret derived from the data keys. A stolen
 * database or backup without the key file gives no way to test a code; a plain SHA-256 of 16
 * digits fell to brute force in about 12 GPU-days.
 */
export function hashReceiptCode(code: string): string {
  return keyedHash(RECEIPT_PURPOSE, code);
}

const RECEIPT_PURPOSE = "receipt-code";

/** What a code may be stored as: its keyed hash under each key in force, then the plain SHA-256 written before keyed hashes. */
export function receiptHashCandidates(code: string): string[] {
  return [...keyedHashes(RECEIPT_PURPOSE, code), legacyReceiptHash(code)];
}

export function legacyReceiptHash(code: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(code)));
}

/** "1234 5678 9012 3456": easier to copy onto paper. */
export function formatReceiptCode(code: string): string {
  return code.replace(/(\d{4})(?=\d)/g, "$1 ");
}
