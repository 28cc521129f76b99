import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeAllRegions, requireRegionDb } from "../../db/regions.server";
import type { NewReport } from "../../db/schema";
import { seedDemoRegion } from "../../scripts/seed-demo";
import { insertReportDurably } from "~/domain/reports/intake.server";
import { hashReceiptCode } from "~/domain/reports/receipt-code.server";

// Group commit on a real region file: reports arriving together share one transaction.
let dataDir: string;
beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "senim-intake-"));
  process.env.DATA_DIR = dataDir;
  await seedDemoRegion();
});
afterAll(async () => {
  await closeAllRegions();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const report = (schoolId: number, n: number): NewReport => ({
  school_id: schoolId,
  receipt_hash: hashReceiptCode(String(1e15 + n)),
  reporter_role: "self",
  location: "classroom",
  frequency: "weekly",
  since: "weeks",
  grade: null,
  description: `batch ${n}`,
  contact_requested: 0,
  contact_name: "",
  contact_class: "",
  urgent: 0,
  language: "kk",
  status: "new",
  submitted_at: "2026-11-23T10:00:00.000Z",
});

describe("group commit", () => {
  it("stores every report of a batch, with its categories, and answers each with its own id", async () => {
    const db = await requireRegionDb("akmola");
    const school = await db.selectFrom("schools").select("id").where("code", "=", "AK7K3M").executeTakeFirstOrThrow();
    const ids = await Promise.all(Array.from({ length: 25 }, (_, n) => insertReportDurably(db, report(school.id, n), ["verbal", "cyber"])));
    expect(new Set(ids).size).toBe(25);
    const rows = await db
      .selectFrom("report_categories")
      .select("report_id")
      .where("report_id", "in", ids as number[])
      .execute();
    expect(rows).toHaveLength(50);
  });

  it("fails only the report that cannot be stored, not the others committed with it", async () => {
    const db = await requireRegionDb("akmola");
    const school = await db.selectFrom("schools").select("id").where("code", "=", "AK7K3M").executeTakeFirstOrThrow();
    const results = await Promise.allSettled([
      insertReportDurably(db, report(school.id, 100), ["verbal"]),
      insertReportDurably(db, report(999_999, 101), ["verbal"]), // no such school: a foreign-key failure
      insertReportDurably(db, report(school.id, 102), ["physical"]),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    // The description is sealed in the database: compare what the rows open to, not in SQL.
    const stored = (await db.selectFrom("reports").select("description").execute()).map((r) => r.description);
    expect(stored.filter((d) => ["batch 100", "batch 101", "batch 102"].includes(d)).sort()).toEqual(["batch 100", "batch 102"]);
  });

  it("reports a repeated receipt hash as not stored, so the caller draws a new code", async () => {
    const db = await requireRegionDb("akmola");
    const school = await db.selectFrom("schools").select("id").where("code", "=", "AK7K3M").executeTakeFirstOrThrow();
    const first = await insertReportDurably(db, report(school.id, 200), ["verbal"]);
    const again = await insertReportDurably(db, { ...report(school.id, 200), description: "other" }, ["verbal"]);
    expect(first).toBeTypeOf("number");
    expect(again).toBeUndefined();
  });
});
