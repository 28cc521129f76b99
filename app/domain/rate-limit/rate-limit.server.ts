import { createHmac, randomBytes } from "node:crypto";
import { singleton } from "../../../db/singleton";

// Keys are hashed with a salt that lives only in this process: the limiter can tell two
// requests from one client apart without ever holding an address that could be read back.
const salt = singleton("rate-limit-salt", () => randomBytes(32));

export function hashClientKey(address: string): string {
  return createHmac("sha256", salt).update(networkOf(address)).digest("base64url").slice(0, 22);
}

/** One IPv6 client owns a whole /64, so rotating addresses inside it must not reset its limits. */
export function networkOf(address: string): string {
  const v4 = /^(?:::ffff:)?(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (v4) return v4[1]!;
  if (!address.includes(":")) return address;
  const [head = "", tail = ""] = address.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = address.includes("::") ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
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
  /**
   * A few reports in a row (forgotten details, or a class on one school Wi-Fi), not a flood.
   * Ordinary reports only: no limit counts or refuses a life-safety report (receive-report.server.ts).
   */
  reportsPerClient: new RateLimiter(20 * scale, 10 * MINUTE),
  /**
   * Spam against one school; far above what a real school sends in an hour. Life-safety
   * reports are never refused by it, or a flood could silence a child in danger.
   */
  reportsPerSchool: new RateLimiter(60 * scale, 60 * MINUTE),
  /**
   * Failed receipt-code lookups only: a real code is always served, even to a client over the
   * limit (one school's NAT is many children). Guessing stays hopeless because of the 10^16
   * codes, not this limit; it sheds the load of a guessing script and slows a mistyper.
   */
  receiptLookupsPerClient: new RateLimiter(20 * scale, 10 * MINUTE),
  signInsPerClient: new RateLimiter(10 * scale, 15 * MINUTE),
}));
