import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { regions } from "~/content/content";
import { formatReceiptCode, generateReceiptCode, hashReceiptCode, normalizeReceiptCode } from "~/domain/reports/receipt-code.server";
import {
  formatSchoolCode,
  normalizeSchoolCode,
  randomSchoolCode,
  regionOfSchoolCode,
  SCHOOL_CODE_ALPHABET,
} from "~/domain/schools/school-code";

// Hashing a receipt code creates the data-key file on first use: in a folder of the test's own,
// not in the working tree's data/.
beforeAll(() => {
  process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "senim-codes-"));
});

describe("receipt codes", () => {
  it("are 16 random digits, practically never repeated", () => {
    const codes = new Set(Array.from({ length: 20_000 }, generateReceiptCode));
    expect(codes.size).toBe(20_000);
    for (const code of [...codes].slice(0, 100)) expect(code).toMatch(/^\d{16}$/);
    // Every position uses every digit: no fixed prefix narrows the search space.
    const firstDigits = new Set([...codes].map((c) => c[0]));
    expect(firstDigits.size).toBe(10);
  });

  it("accept what people type and reject anything that is not 16 digits", () => {
    expect(normalizeReceiptCode("1234 5678 9012 3456")).toBe("1234567890123456");
    expect(normalizeReceiptCode("1234-5678-9012-3456")).toBe("1234567890123456");
    expect(normalizeReceiptCode("１２３４５６７８９０１２３４５６")).toBe("1234567890123456");
    expect(normalizeReceiptCode("123456789012345")).toBeUndefined();
    expect(normalizeReceiptCode("12345678901234567")).toBeUndefined();
    expect(normalizeReceiptCode("1234abcd90123456")).toBeUndefined();
    expect(normalizeReceiptCode("")).toBeUndefined();
  });

  it("are stored only as a keyed hash (HMAC-SHA-256 under a data key) that does not contain them", () => {
    const code = "0316807703817493";
    const hash = hashReceiptCode(code);
    expect(hash).toMatch(/^h1:[^:]+:[0-9a-f]{64}$/);
    expect(hash.split(":")[2]).not.toBe(createHash("sha256").update(code).digest("hex"));
    expect(hash).not.toContain(code);
    expect(hashReceiptCode(code)).toBe(hash);
    expect(hashReceiptCode("0316807703817494")).not.toBe(hash);
  });

  it("are shown in groups of four", () => {
    expect(formatReceiptCode("1234567890123456")).toBe("1234 5678 9012 3456");
  });
});

describe("school codes", () => {
  it("leave out characters that are misread on a poster", () => {
    for (const ch of "01OIL") expect(SCHOOL_CODE_ALPHABET).not.toContain(ch);
  });

  it("read what a child types, including Cyrillic look-alikes and dashes", () => {
    expect(normalizeSchoolCode("ak-7k3m")).toBe("AK7K3M");
    expect(normalizeSchoolCode(" AK 7K3M ")).toBe("AK7K3M");
    expect(normalizeSchoolCode("АК7К3М")).toBe("AK7K3M"); // Cyrillic А, К, М
    expect(normalizeSchoolCode("AK7K3")).toBeUndefined();
    expect(normalizeSchoolCode("AK7K3O")).toBeUndefined(); // O is never issued
    expect(normalizeSchoolCode("AK7K3M9")).toBeUndefined();
  });

  it("name their region by a prefix that belongs to exactly one region", () => {
    for (const region of regions) {
      const code = randomSchoolCode(region, (max) => Math.floor(Math.random() * max));
      expect(normalizeSchoolCode(code)).toBe(code);
      expect(regionOfSchoolCode(code)?.code).toBe(region.code);
    }
    expect(formatSchoolCode("AK7K3M")).toBe("AK-7K3M");
  });
});
