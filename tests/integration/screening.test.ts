import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { regionDb, type RegionDb } from "../../db/regions.server";
import { seedDemoRegion } from "../../scripts/seed-demo";
import { runEscalation } from "~/domain/escalation/escalation.server";
import { hashReceiptCode } from "~/domain/reports/receipt-code.server";
import { kk } from "~/i18n/kk";
import { ru } from "~/i18n/ru";
import { receiptCodeFrom, signIn, startTestApp, type TestApp } from "../support/app";

// Issue #17: words that need a person now make a report urgent when the child ticked no
// life-safety box; the psychologist sees why and may lower it, with a reason, logged.

let app: TestApp;
let db: RegionDb;
const SCHOOL = "AK7K3M";
const html = (s: string) => s.replace(/&/g, "&amp;").replace(/'/g, "&#x27;").replace(/"/g, "&quot;");
const DANGER = "мен бүгін өзімді өлтіргім келеді";

async function report(form: Record<string, string | string[]>) {
  const res = await app.request(`/r/${SCHOOL}?lang=kk`, { form });
  const page = await res.text();
  const row = await db
    .selectFrom("reports")
    .selectAll()
    .where("receipt_hash", "=", hashReceiptCode(receiptCodeFrom(page)))
    .executeTakeFirstOrThrow();
  return { res, page, row };
}
const psychologist = async () => ({ cookie: await signIn(app, "psychologist@demo.senim.kz") });

beforeAll(async () => {
  app = await startTestApp();
  await seedDemoRegion();
  db = (await regionDb("akmola"))!;
});
afterAll(() => app.stop());

describe("the life-safety screen on a report's words", () => {
  it("makes a report urgent when only 'verbal' is ticked, tells the child 111 / 112, and starts the ladder", async () => {
    const { res, page, row } = await report({ categories: ["verbal"], description: DANGER });
    expect(res.status).toBe(200);
    expect(page).toContain("111");
    expect(row).toMatchObject({ urgent: 1, screen_raised: 1 });
    expect(JSON.parse(row.screen_matches!)).toEqual([expect.objectContaining({ kind: "suicide_self_harm", start: 10, end: 25 })]);
    await runEscalation({ db, region: "akmola" }, new Date());
    const started = await db.selectFrom("escalations").select("report_id").where("report_id", "=", row.id).executeTakeFirst();
    expect(started?.report_id).toBe(row.id);
  });

  it("stores words in danger with nothing ticked at all, as 'something else', never an error", async () => {
    const { res, row } = await report({ description: "hochu umeret, vse nadoelo" });
    expect(res.status).toBe(200);
    expect(row.urgent).toBe(1);
    const categories = await db.selectFrom("report_categories").select("category").where("report_id", "=", row.id).execute();
    expect(categories.map((c) => c.category)).toEqual(["other"]);
  });

  it("gets through from an address that has just sent 40 reports, and without a form token", async () => {
    const client = "screening-flooder";
    let limited = 0;
    for (let i = 0; i < 40; i++) {
      const res = await app.request(`/r/${SCHOOL}?lang=ru`, { client, form: { categories: ["verbal"], description: `обзываются ${i}` } });
      if (res.status === 429) limited++;
    }
    expect(limited).toBeGreaterThan(0); // the address is being limited…
    const res = await app.request(`/r/${SCHOOL}?lang=ru`, { client, noFormToken: true, form: { description: "я хочу умереть" } });
    expect(res.status).toBe(200); // …and the child in danger still gets through
    const row = await db
      .selectFrom("reports")
      .select(["urgent", "form_token_invalid"])
      .where("receipt_hash", "=", hashReceiptCode(receiptCodeFrom(await res.text())))
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ urgent: 1, form_token_invalid: 1 });
  });

  it("leaves a funny film ordinary, and an ordinary report without words as it was", async () => {
    for (const description of ["кеше кинода өліп қалдым күлкіден, сосын олар мені мазақтады", ""]) {
      const { row } = await report({ categories: ["verbal"], description });
      expect(row).toMatchObject({ urgent: 0, screen_raised: 0, screen_matches: null });
    }
  });

  it("does not raise what the child ticked: a ticked box stays the child's word and cannot be lowered", async () => {
    const { row } = await report({ categories: ["suicide_self_harm"], description: DANGER });
    expect(row).toMatchObject({ urgent: 1, screen_raised: 0 });
    const headers = await psychologist();
    const lower = await app.request(`/school/reports/${row.id}`, { headers, form: { intent: "lower", reason: "шутка" } });
    expect(lower.status).toBe(404);
    expect((await db.selectFrom("reports").select("urgent").where("id", "=", row.id).executeTakeFirstOrThrow()).urgent).toBe(1);
  });
});

describe("the psychologist's side", () => {
  it("marks the matched words and names the rule, in the reader's language", async () => {
    const { row } = await report({ categories: ["verbal"], description: DANGER });
    const page = await (await app.request(`/school/reports/${row.id}?lang=ru`, { headers: await psychologist() })).text();
    expect(page).toContain(`<mark>өзімді өлтіргім</mark>`);
    expect(page).toContain(html(ru["screen.raised"]));
    expect(page).toMatch(/Правило kk-suicide-\d+: /);
  });

  it("lowers a raise only with a reason, writes it to the access log, and shows who did it", async () => {
    const { row } = await report({ categories: ["verbal"], description: DANGER });
    const headers = await psychologist();
    const empty = await app.request(`/school/reports/${row.id}?lang=kk`, { headers, form: { intent: "lower", reason: "  " } });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain(html(kk["screen.lower.error"]));
    const lowered = await app.request(`/school/reports/${row.id}?lang=kk`, {
      headers,
      form: { intent: "lower", reason: "Ән сөздері, баламен сөйлестім" },
    });
    expect(lowered.status).toBe(200);
    const after = await db.selectFrom("reports").selectAll().where("id", "=", row.id).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ urgent: 0, screen_raised: 1 });
    expect(after.screen_lowered_at).not.toBeNull();
    const logged = await db
      .selectFrom("access_log")
      .select("action")
      .where("entity_id", "=", row.id)
      .where("entity", "=", "report")
      .execute();
    expect(logged.map((l) => l.action)).toContain("lower_urgency");
    const page = await (await app.request(`/school/reports/${row.id}?lang=kk`, { headers })).text();
    expect(page).toContain("Ән сөздері, баламен сөйлестім");
    // Once lowered, there is nothing left to lower.
    expect((await app.request(`/school/reports/${row.id}`, { headers, form: { intent: "lower", reason: "again" } })).status).toBe(404);
  });

  it("answers another school's psychologist 404 and changes nothing", async () => {
    const { row } = await report({ categories: ["verbal"], description: DANGER });
    const other = { cookie: await signIn(app, "psychologist2@demo.senim.kz") };
    const res = await app.request(`/school/reports/${row.id}`, { headers: other, form: { intent: "lower", reason: "not mine" } });
    expect(res.status).toBe(404);
    expect((await db.selectFrom("reports").select("urgent").where("id", "=", row.id).executeTakeFirstOrThrow()).urgent).toBe(1);
  });
});

describe("a reporter's later message on /status", () => {
  it("makes an ordinary report urgent when the child writes words in danger", async () => {
    const { page, row } = await report({ categories: ["verbal"], description: "олар мені мазақтайды" });
    expect(row.urgent).toBe(0);
    const code = receiptCodeFrom(page);
    const sent = await app.request("/status?lang=ru", { form: { intent: "message", code, body: "я больше не хочу жить" } });
    expect(sent.status).toBe(200);
    const after = await db.selectFrom("reports").select(["urgent", "screen_raised"]).where("id", "=", row.id).executeTakeFirstOrThrow();
    expect(after).toEqual({ urgent: 1, screen_raised: 1 });
    const view = await (await app.request(`/school/reports/${row.id}?lang=ru`, { headers: await psychologist() })).text();
    expect(view).toContain("<mark>не хочу жить</mark>");
  });
});
