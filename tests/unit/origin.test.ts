import { describe, expect, it } from "vitest";
import { originVerdict } from "~/http/origin";

describe("origin check", () => {
  it("lets reads and same-site posts through, strips `null`, rejects other sites", () => {
    expect(originVerdict("GET", "https://evil.example", "senim.kz")).toBe("pass");
    expect(originVerdict("POST", undefined, "senim.kz")).toBe("pass");
    expect(originVerdict("POST", "https://senim.kz", "senim.kz")).toBe("pass");
    expect(originVerdict("POST", "http://localhost:3000", "localhost:3000")).toBe("pass");
    expect(originVerdict("POST", "null", "senim.kz")).toBe("strip");
    expect(originVerdict("POST", "https://evil.example", "senim.kz")).toBe("reject");
    expect(originVerdict("POST", "https://senim.kz.evil.example", "senim.kz")).toBe("reject");
    expect(originVerdict("POST", "garbage", "senim.kz")).toBe("reject");
    expect(originVerdict("POST", "https://senim.kz", undefined)).toBe("reject");
  });
});
