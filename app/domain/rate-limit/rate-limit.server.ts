import { createHmac, randomBytes } from "node:crypto";
import { singleton } from "../../../db/singleton";

// Keys are hashed with a salt that lives only in this process: the limiter can tell two
// requests from one client apart without ever holding an address that could be read back.
const salt = singleton("rate-limit-salt", () => randomBytes(32));

export function hashClientKey(raw: string): string {
  return createHmac("sha256", salt).update(raw).digest("base64url").slice(0, 22);
}

/** Fixed-window counter, in memory only. */
export class RateLimiter {
  private readonly hits = new Map<string, { count: number; resetAt: number }>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one attempt; false once the key has used up its window. */
  attempt(key: string): boolean {
    const now = this.now();
    const entry = this.hits.get(key);
    if (!entry || entry.resetAt <= now) {
      if (this.hits.size > 100_000) this.sweep(now);
      this.hits.set(key, { count: 1, resetAt: now + this.windowMs });
      return true;
    }
    entry.count++;
    return entry.count <= this.limit;
  }

  private sweep(now: number) {
    for (const [key, entry] of this.hits) if (entry.resetAt <= now) this.hits.delete(key);
  }
}

const MINUTE = 60_000;
// Benchmarks load the server from one address; they raise the limits rather than switch them off.
const scale = Math.max(1, Number(process.env.RATE_LIMIT_MULTIPLIER ?? 1) || 1);

export const limits = singleton("rate-limits", () => ({
  /** A child may send a few reports in a row (forgotten details), not a flood. */
  reportsPerClient: new RateLimiter(10 * scale, 10 * MINUTE),
  /** Spam against one school; far above what a real school sends in an hour. */
  reportsPerSchool: new RateLimiter(60 * scale, 60 * MINUTE),
  /** Receipt-code lookups: with 10^16 codes, 20 guesses per 10 minutes makes guessing hopeless. */
  receiptLookupsPerClient: new RateLimiter(20 * scale, 10 * MINUTE),
  signInsPerClient: new RateLimiter(10 * scale, 15 * MINUTE),
}));
