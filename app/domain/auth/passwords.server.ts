import { hash, verify } from "@node-rs/argon2";

// OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane).
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 10;
/** Long passphrases are welcome; the cap only keeps argon2 from hashing megabytes. */
export const MAX_PASSWORD_LENGTH = 200;

/** What password_hash holds for an account whose person has not set a password yet (invited, or access reset). */
export const NO_PASSWORD = "";

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  if (passwordHash === NO_PASSWORD) {
    // Same work as a real check, so an invited account answers as slowly as any other.
    await verifyAgainstDecoy(password);
    return false;
  }
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Verifying against a real hash when there is no account (or no password) keeps the answer
// time the same, so sign-in does not reveal which addresses have accounts.
let decoyHash: Promise<string> | undefined;

export async function verifyAgainstDecoy(password: string): Promise<void> {
  decoyHash ??= hashPassword("decoy password for timing");
  try {
    await verify(await decoyHash, password);
  } catch {
    // the answer is always "no"
  }
}

/** Why a new password cannot be used, or undefined when it can. */
export function passwordProblem(password: string, repeated: string): "short" | "long" | "mismatch" | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return "short";
  if (password.length > MAX_PASSWORD_LENGTH) return "long";
  if (password !== repeated) return "mismatch";
  return undefined;
}
