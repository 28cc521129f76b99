import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { regionDb, type RegionDb } from "../../db/regions.server";
import { seedDemoRegion } from "../../scripts/seed-demo";
import { schoolNow, schoolNowIso } from "~/domain/calendar/local-date";
import { anonymiseExpired } from "~/domain/retention/retention.server";
import { receiptCodeFrom, signIn, startTestApp, validReport, type TestApp } from "../support/app";

let app: TestApp;
let db: RegionDb;
let psychologist = "";
const as = (path: string, form?: Record<string, string>) =>
  app.request(path, { headers: { cookie: psychologist }, ...(form ? { form } : {}) });
const monthsAgo = (n: number) => {
  const d = schoolNow();
  d.setUTCMonth(d.getUTCMonth() - n);
  return d.toISOString();
};

async function sendReport(description: string) {
  const res = await app.request("/r/AK7K3M", {
    form: { ...validReport, description, contactRequested: "yes", contactName: "Айгерім", contactClass: "7Б" },
  });
  expect(res.status).toBe(200);
  const code = receiptCodeFrom(await res.text());
  const id = (await db.selectFrom("reports").select("id").orderBy("id", "desc").executeTakeFirstOrThrow()).id;
  return { id, code };
}

const lookUp = async (code: string) =>
  (await (await app.request("/status", { form: { intent: "open", code } })).text()).includes('class="conversation"');

const reports = { old: { id: 0, code: "" }, recent: { id: 0, code: "" }, inCase: { id: 0, code: "" }, open: { id: 0, code: "" } };
let oldCase = 0;

beforeAll(async () => {
  app = await startTestApp();
  await seedDemoRegion();
  db = (await regionDb("akmola"))!;
  psychologist = await signIn(app, "psychologist@demo.senim.kz");
  for (const key of Object.keys(reports) as Array<keyof typeof reports>) {
    reports[key] = await sendReport(`Retention probe ${key}`);
    expect((await as(`/school/reports/${reports[key].id}`, { intent: "reply", body: `Reply to ${key}` })).status).toBe(200);
  }
  for (const key of ["old", "recent"] as const) {
    expect(
      (await as(`/school/reports/${reports[key].id}`, { intent: "status", status: "closed", reason: "resolved", note: `Closed ${key}` }))
        .status,
    ).toBe(200);
  }
  const opened = await as("/school/cases", { intent: "from-reports", reportIds: String(reports.inCase.id), model: "kiva" });
  oldCase = Number(/\/school\/cases\/(\d+)/.exec(opened.headers.get("location")!)![1]);
  await as(`/school/cases/${oldCase}`, {
    intent: "person-add",
    role: "target",
    name: "Дамир Сапаров",
    classLabel: "7Б",
    notes: "Боится столовой",
  });
  await as(`/school/cases/${oldCase}`, { intent: "screen", result: "conflict", note: "Разовая ссора" });
  // An evidence file of the case, as an upload would leave it.
  const storage = "0123456789abcdef0123456789abcdef";
  fs.mkdirSync(path.join(app.dataDir, "evidence", "akmola"), { recursive: true });
  fs.writeFileSync(path.join(app.dataDir, "evidence", "akmola", storage), "%PDF-1.4 screenshot");
  await db
    .insertInto("case_evidence")
    .values({
      case_id: oldCase,
      file_name: "чат.pdf",
      media_type: "application/pdf",
      size_bytes: 19,
      sha256: "0".repeat(64),
      storage_name: storage,
      description: "Скрин",
      user_id: 1,
      at: schoolNowIso(),
    })
    .execute();
  // Closed long ago: the old report and the case; the recent report closed last month.
  await db
    .updateTable("reports")
    .set({ closed_at: monthsAgo(40) })
    .where("id", "=", reports.old.id)
    .execute();
  await db
    .updateTable("reports")
    .set({ closed_at: monthsAgo(1) })
    .where("id", "=", reports.recent.id)
    .execute();
  await db
    .updateTable("cases")
    .set({ closed_at: monthsAgo(37) })
    .where("id", "=", oldCase)
    .execute();
  await db
    .updateTable("report_messages")
    .set({ created_at: monthsAgo(38) })
    .where("report_id", "in", [reports.old.id, reports.inCase.id])
    .execute();
});
afterAll(() => app.stop());

describe("retention", () => {
  it("removes the words, names, messages and evidence of what closed before the period, and keeps what aggregates count", async () => {
    const before = await db
      .selectFrom("reports")
      .select(["id", "school_id", "urgent", "grade", "submitted_at", "status", "closure_reason"])
      .where("id", "=", reports.old.id)
      .executeTakeFirstOrThrow();
    const run = await anonymiseExpired(db, "akmola", { months: 36 });
    expect(run).toMatchObject({ reports: 2, cases: 1, evidenceFiles: 1 });

    const old = await db.selectFrom("reports").selectAll().where("id", "=", reports.old.id).executeTakeFirstOrThrow();
    expect(old).toMatchObject({ ...before, description: "", contact_name: "", contact_class: "", closure_note: "" });
    expect(old.anonymised_at).not.toBeNull();
    expect(
      await db.selectFrom("report_messages").select("id").where("report_id", "in", [reports.old.id, reports.inCase.id]).execute(),
    ).toEqual([]);
    expect(await db.selectFrom("report_categories").select("category").where("report_id", "=", reports.old.id).execute()).not.toEqual([]);

    const c = await db.selectFrom("cases").selectAll().where("id", "=", oldCase).executeTakeFirstOrThrow();
    expect(c).toMatchObject({ summary: "", closure_note: "", outcome: "conflict", status: "closed" });
    const people = await db
      .selectFrom("case_people")
      .select(["role", "name", "notes", "class_label"])
      .where("case_id", "=", oldCase)
      .execute();
    expect(people).toEqual([{ role: "target", name: "", notes: "", class_label: "" }]);
    const events = await db.selectFrom("case_events").select(["kind", "content", "participants"]).where("case_id", "=", oldCase).execute();
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.content === "" && e.participants === "")).toBe(true);
    expect(await db.selectFrom("case_evidence").select("id").where("case_id", "=", oldCase).execute()).toEqual([]);
    expect(fs.readdirSync(path.join(app.dataDir, "evidence", "akmola"))).toEqual([]);
  });

  it("keeps what closed within the period and what is still open, and their receipt codes", async () => {
    for (const key of ["recent", "open"] as const) {
      const r = await db
        .selectFrom("reports")
        .select(["description", "anonymised_at"])
        .where("id", "=", reports[key].id)
        .executeTakeFirstOrThrow();
      expect(r).toEqual({ description: `Retention probe ${key}`, anonymised_at: null });
      expect(await lookUp(reports[key].code), key).toBe(true);
    }
  });

  it("keeps a long-closed case while its reporter is still writing", async () => {
    const report = await sendReport("Retention probe reopened");
    const opened = await as("/school/cases", { intent: "from-reports", reportIds: String(report.id), model: "kiva" });
    const caseId = Number(/\/school\/cases\/(\d+)/.exec(opened.headers.get("location")!)![1]);
    expect((await as(`/school/cases/${caseId}`, { intent: "screen", result: "conflict", note: "Разовая ссора" })).status).toBe(302);
    await db
      .updateTable("cases")
      .set({ closed_at: monthsAgo(40) })
      .where("id", "=", caseId)
      .execute();
    // The reporter wrote again: the report is open although its case closed long ago.
    expect((await app.request("/status", { form: { intent: "message", code: report.code, body: "Снова началось" } })).status).toBe(200);
    expect((await db.selectFrom("reports").select("status").where("id", "=", report.id).executeTakeFirstOrThrow()).status).not.toBe(
      "closed",
    );
    expect(await anonymiseExpired(db, "akmola", { months: 36 })).toMatchObject({ reports: 0, cases: 0 });
    expect(
      (await db.selectFrom("cases").select("anonymised_at").where("id", "=", caseId).executeTakeFirstOrThrow()).anonymised_at,
    ).toBeNull();
    expect(await lookUp(report.code)).toBe(true);
    // The conversation fell silent long enough ago: now both go.
    await db
      .updateTable("report_messages")
      .set({ created_at: monthsAgo(37) })
      .where("report_id", "=", report.id)
      .execute();
    expect(await anonymiseExpired(db, "akmola", { months: 36 })).toMatchObject({ reports: 1, cases: 1 });
  });

  it("retires the receipt codes of what it anonymised, and finds nothing more on a second run", async () => {
    expect(await lookUp(reports.old.code)).toBe(false);
    expect(await lookUp(reports.inCase.code)).toBe(false);
    expect(await anonymiseExpired(db, "akmola", { months: 36 })).toMatchObject({ reports: 0, cases: 0, evidenceFiles: 0 });
  });
});
