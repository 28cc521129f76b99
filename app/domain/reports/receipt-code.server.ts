import { randomInt } from "node:crypto";
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

export function hashReceiptCode(code: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(code)));
}

/** "1234 5678 9012 3456": easier to copy onto paper. */
export function formatReceiptCode(code: string): string {
  return code.replace(/(\d{4})(?=\d)/g, "$1 ");
}
