import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { regionFile, requireRegionDb, sqliteOf, type RegionDb } from "../../db/regions.server";
import { seedDemoRegion } from "../../scripts/seed-demo";
import { signIn, startTestApp } from "../support/app";

// The national roll-up over two region files: Akmola from an online backup taken while the
// app holds it open, Kostanay read live, both read-only; then /national for the ministry only.

let app: Awaited<ReturnType<typeof startTestApp>>;
let akmola: RegionDb;
let kostanay: RegionDb;
const root = path.resolve(import.meta.dirname, "../..");
const secret = `rollup-words-${Date.now()}`;

async function report(db: RegionDb, school: number, at: string, v: { urgent?: boolean; answeredAfterMin?: number } = {}) {
  const row = await db
    .insertInto("reports")
    .values({
      school_id: school,
      receipt_hash: randomUUID(),
      reporter_role: "self",
      location: "classroom",
      frequency: "weekly",
      since: "weeks",
      grade: 6,
      description: secret,
      contact_requested: 0,
      contact_name: "",
      contact_class: "",
      urgent: v.urgent ? 1 : 0,
      language: "ru",
      status: "new",
      submitted_at: at,
      first_response_at: v.answeredAfterMin === undefined ? null : new Date(Date.parse(at) + v.answeredAfterMin * 60_000).toISOString(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db.insertInto("report_categories").values({ report_id: row.id, category: "verbal" }).execute();
}

beforeAll(async () => {
  app = await startTestApp();
  await seedDemoRegion();
  akmola = await requireRegionDb("akmola");
  kostanay = await requireRegionDb("kostanay");
  const school = (await akmola.selectFrom("schools").select("id").where("code", "=", "AK7K3M").executeTakeFirstOrThrow()).id;
  // Akmola, October 2026: 7 reports, 3 urgent, 5 answered within an hour; one case.
  for (let i = 0; i < 7; i++)
    await report(akmola, school, `2026-10-1${i}T05:00:00.000Z`, { urgent: i < 3, answeredAfterMin: i < 5 ? 60 : undefined });
  const opener = (await akmola.selectFrom("users").select("id").where("email", "=", "psychologist@demo.senim.kz").executeTakeFirstOrThrow())
    .id;
  await akmola
    .insertInto("cases")
    .values({
      school_id: school,
      model: "kiva",
      status: "open",
      origin: "concern",
      opened_by: opener,
      opened_at: "2026-10-20T05:00:00.000Z",
      summary: secret,
    })
    .execute();
  // Kostanay: one district, one school of 2 classes (50 pupils), 2 reports in October.
  const district = await kostanay
    .insertInto("districts")
    .values({ name_kk: "Қостанай", name_ru: "Костанай", name_en: "Kostanay" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const ks = await kostanay
    .insertInto("schools")
    .values({
      district_id: district.id,
      code: "KS7K3M",
      name_kk: "№1 мектеп",
      name_ru: "Школа №1",
      name_en: "School No. 1",
      locality: "urban",
      created_at: "2026-09-01T00:00:00.000Z",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await kostanay
    .insertInto("classes")
    .values([
      { school_id: ks.id, grade: 6, letter: "А", language: "ru", pupil_count: 25 },
      { school_id: ks.id, grade: 6, letter: "Б", language: "kk", pupil_count: 25 },
    ])
    .execute();
  for (let i = 0; i < 2; i++) await report(kostanay, ks.id, `2026-10-0${i + 1}T05:00:00.000Z`);
});

afterAll(async () => {
  await app.stop();
});

describe("the national roll-up", () => {
  it("reads a backup and a live file read-only and writes only aggregates", async () => {
    const backup = path.join(app.dataDir, "copies", "akmola-backup.sqlite");
    fs.mkdirSync(path.dirname(backup), { recursive: true });
    await sqliteOf(akmola).backup(backup); // online, while the app has it open
    const live = regionFile("kostanay");
    const liveBefore = fs.statSync(live).mtimeMs;
    const out = path.join(app.dataDir, "national.sqlite");
    const run = spawnSync(path.join(root, "node_modules/.bin/tsx"), ["scripts/rollup.ts", backup, live, "--out", out], {
      cwd: root,
      encoding: "utf8",
    });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("akmola: 7 reports");
    expect(run.stdout).toContain("kostanay: 2 reports");
    expect(fs.statSync(live).mtimeMs).toBe(liveBefore);

    const national = new SQLite(out, { readonly: true });
    const months = national.prepare("select * from national_months order by region, month").all();
    expect(months).toEqual([
      { region: "akmola", month: "2026-10", reports: 7, urgent: 3, answered_24h: 5, answered_7d: 5, unanswered: 2, cases: 1 },
      { region: "kostanay", month: "2026-10", reports: 2, urgent: 0, answered_24h: 0, answered_7d: 0, unanswered: 2, cases: 0 },
    ]);
    const regions = national.prepare("select region, schools, pupils from national_regions order by region").all();
    expect(regions).toEqual([
      {
        region: "akmola",
        schools: (await akmola.selectFrom("schools").select("id").execute()).length,
        pupils: Number(
          (
            await akmola
              .selectFrom("classes")
              .select((eb) => eb.fn.sum<number>("pupil_count").as("n"))
              .executeTakeFirstOrThrow()
          ).n,
        ),
      },
      { region: "kostanay", schools: 1, pupils: 50 },
    ]);
    // Nothing but counts: no text of any report or case reached the national file.
    expect(fs.readFileSync(out).includes(Buffer.from(secret))).toBe(false);
    national.close();

    // Run again: a region's rows are replaced, not doubled.
    const again = spawnSync(path.join(root, "node_modules/.bin/tsx"), ["scripts/rollup.ts", backup, "--out", out], {
      cwd: root,
      encoding: "utf8",
    });
    expect(again.status).toBe(0);
    const n = new SQLite(out, { readonly: true });
    expect(n.prepare("select sum(reports) as n from national_months where region = 'akmola'").get()).toEqual({ n: 7 });
    n.close();

    const bad = spawnSync(path.join(root, "node_modules/.bin/tsx"), ["scripts/rollup.ts", "--out", out], { cwd: root, encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("Usage");
    process.env.NATIONAL_DB = out;
  });

  it("shows /national to the national role only, with small counts suppressed", async () => {
    const cookie = await signIn(app, "national@demo.senim.kz");
    const res = await app.request("/national?from=2026-09&to=2026-11&lang=en", { headers: { cookie } });
    expect(res.status).toBe(200);
    const html = (await res.text()).replaceAll("\0", "");
    // Akmola 7 and Kostanay 2 in one line: 2 is small, and 7 is hidden so 9 − 7 cannot give it away.
    expect(html).toMatch(/data-region="akmola"[\s\S]*?class="num reports">×</);
    expect(html).toMatch(/data-region="kostanay"[\s\S]*?class="num reports">&lt;5</);
    expect(html).not.toContain(secret);
    for (const path of ["/district/dashboard", "/school/reports", "/district/lessons"]) {
      const other = await app.request(path, { headers: { cookie } });
      expect([403, 404], path).toContain(other.status);
    }
    const official = await signIn(app, "district@demo.senim.kz");
    expect((await app.request("/national", { headers: { cookie: official } })).status).toBe(403);
  });
});
