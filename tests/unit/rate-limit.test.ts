import { describe, expect, it } from "vitest";
import { hashClientKey, networkOf, RateLimiter } from "~/domain/rate-limit/rate-limit.server";

describe("rate limiter", () => {
  it("allows the limit within a window, refuses more, and forgets after the window", () => {
    let now = 1_000;
    const limiter = new RateLimiter(3, 60_000, () => now);
    expect([1, 2, 3, 4].map(() => limiter.attempt("a"))).toEqual([true, true, true, false]);
    expect(limiter.attempt("b")).toBe(true);
    now += 60_000;
    expect(limiter.attempt("a")).toBe(true);
  });

  it("keys clients by a salted hash that never contains the address", () => {
    const key = hashClientKey("203.0.113.7");
    expect(key).not.toContain("203.0.113.7");
    expect(hashClientKey("203.0.113.7")).toBe(key);
    expect(hashClientKey("203.0.113.8")).not.toBe(key);
  });
});

describe("client networks", () => {
  it("key IPv6 clients by their /64 and IPv4 by address", () => {
    expect(networkOf("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(networkOf("2001:0db8:0001:0002:ffff:1:2:3")).toBe("2001:db8:1:2::/64");
    expect(networkOf("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(networkOf("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(networkOf("203.0.113.7")).toBe("203.0.113.7");
    expect(hashClientKey("2001:db8:1:2::5")).toBe(hashClientKey("2001:db8:1:2:ffff::9"));
  });
});
