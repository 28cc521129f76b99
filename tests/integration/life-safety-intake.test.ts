import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { regionDb, type RegionDb } from "../../db/regions.server";
import { seedDemoRegion } from "../../scripts/seed-demo";
import { pruneSpentTokens } from "~/domain/reports/form-token.server";
import { hashReceiptCode } from "~/domain/reports/receipt-code.server";
import { en } from "~/i18n/en";
import { ru } from "~/i18n/ru";
import { formTokenFor, formTokenFrom, receiptCodeFrom, signIn, startTestApp, validReport, type TestApp } from "../support/app";

// Issue #12, the child's side: a child in danger always gets through — with only the one box
// ticked, with a stale or forged form, from an address that already sent a flood — and is told
// the truth about who will read it and when; a re-sent form stores nothing twice.

let app: TestApp;
let db: RegionDb;
const SCHOOL = "AK7K3M";
const html = (s: string) => s.replace(/&/g, "&amp;").replace(/'/g, "&#x27;").replace(/"/g, "&quot;");
const suicideOnly = { categories: ["suicide_self_harm"], description: "я больше не хочу жить" };

async function rowOf(page: string) {
  return db
    .selectFrom("reports")
    .selectAll()
    .where("receipt_hash", "=", hashReceiptCode(receiptCodeFrom(page)))
    .executeTakeFirstOrThrow();
}
const count = async () =>
  Number(
    (
      await db
        .selectFrom("reports")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  app = await startTestApp();
  await seedDemoRegion();
  db = (await regionDb("akmola"))!;
});
afterAll(() => {
  delete process.env.SENIM_NOW;
  return app.stop();
});

describe("the report form asks only what happened", () => {
  it("stores a life-safety box alone, words or none, with the rest as not said", async () => {
    for (const form of [suicideOnly, { categories: ["weapon_attack"] }]) {
      const res = await app.request(`/r/${SCHOOL}?lang=ru`, { form });
      expect(res.status).toBe(200);
      const row = await rowOf(await res.text());
      expect(row).toMatchObject({
        urgent: 1,
        reporter_role: "not_said",
        location: "not_said",
        frequency: "not_said",
        since: "not_said",
        grade: null,
        form_token_invalid: 0,
      });
    }
  });

  it("stores an ordinary report with only its categories, and 'I'd rather not say' as chosen", async () => {
    const res = await app.request(`/r/${SCHOOL}?lang=en`, { form: { categories: ["verbal"], location: "not_said", since: "weeks" } });
    expect(res.status).toBe(200);
    expect(await rowOf(await res.text())).toMatchObject({
      urgent: 0,
      reporter_role: "not_said",
      location: "not_said",
      frequency: "not_said",
      since: "weeks",
    });
  });

  it("still asks what happened", async () => {
    const res = await app.request(`/r/${SCHOOL}?lang=ru`, { form: { description: "что-то" } });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(ru["report.error.categories"]);
  });

  it("shows the psychologist 'not said' in their language", async () => {
    const res = await app.request(`/r/${SCHOOL}?lang=ru`, { form: { categories: ["verbal"], description: "not-said-view" } });
    const row = await rowOf(await res.text());
    const page = await app.request(`/school/reports/${row.id}?lang=ru`, {
      headers: { cookie: await signIn(app, "psychologist@demo.senim.kz") },
    });
    expect(await page.text()).toContain("Не хочу говорить");
  });
});

describe("form tokens", () => {
  const expired = () => formTokenFor(SCHOOL, Date.now() - 3 * 3_600_000);
  const forged = () => formTokenFor(SCHOOL).replace(/.$/, (c) => (c === "A" ? "B" : "A"));
  const otherSchool = () => formTokenFor("AK4P9T");

  it("puts a fresh signed token in every form, and sets no cookie", async () => {
    const [a, b] = await Promise.all([app.request(`/r/${SCHOOL}`), app.request(`/r/${SCHOOL}`)]);
    expect(a.headers.get("set-cookie")).toBeNull();
    const [ta, tb] = [formTokenFrom(await a.text()), formTokenFrom(await b.text())];
    expect(ta).not.toBe(tb);
    // The token fetched from the page works (not only the helper's).
    expect((await app.request(`/r/${SCHOOL}`, { form: { ...validReport, formToken: ta } })).status).toBe(200);
  });

  it("sends an ordinary report with a missing, expired, forged or other school's token back, every field kept, with a fresh token", async () => {
    const before = await count();
    for (const formToken of [undefined, "", expired(), forged(), otherSchool(), "junk"]) {
      const form = { ...validReport, description: "Мои слова остаются", ...(formToken === undefined ? {} : { formToken }) };
      const res = await app.request(`/r/${SCHOOL}?lang=ru`, { form, noFormToken: true });
      expect(res.status, String(formToken)).toBe(400);
      const page = await res.text();
      expect(page).toContain(html(ru["intake.error.formToken"]));
      expect(page).toContain("Мои слова остаются");
      expect(page).toMatch(/name="location"[^]*?<option value="classroom" selected="">/);
      // Sent again with the token of the page it got back: stored.
      const again = await app.request(`/r/${SCHOOL}?lang=ru`, { form: { ...form, formToken: formTokenFrom(page) } });
      expect(again.status).toBe(200);
    }
    expect(await count()).toBe(before + 6);
  });

  it("stores a life-safety report whatever its token, flagged when the token was not valid", async () => {
    for (const formToken of [undefined, expired(), forged(), "junk"]) {
      const form = { ...suicideOnly, ...(formToken === undefined ? {} : { formToken }) };
      const res = await app.request(`/r/${SCHOOL}?lang=ru`, { form, noFormToken: true });
      expect(res.status, String(formToken)).toBe(200);
      expect(await rowOf(await res.text())).toMatchObject({ urgent: 1, form_token_invalid: 1 });
    }
    // Even with the honeypot filled (a browser's autofill): stored, flagged.
    const filled = await app.request(`/r/${SCHOOL}?lang=ru`, { form: { ...suicideOnly, website: "x" } });
    expect(filled.status).toBe(200);
    expect((await rowOf(await filled.text())).form_token_invalid).toBe(1);
  });

  it("stores a re-sent form once, ordinary or life-safety, and says it was already received with the numbers to call", async () => {
    for (const form of [validReport, suicideOnly]) {
      const token = formTokenFor(SCHOOL);
      const first = await app.request(`/r/${SCHOOL}?lang=ru`, { form: { ...form, formToken: token } });
      expect(first.status).toBe(200);
      const before = await count();
      const again = await app.request(`/r/${SCHOOL}?lang=ru`, { form: { ...form, formToken: token } });
      expect(again.status).toBe(409);
      const page = await again.text();
      expect(page).toContain(ru["intake.already.title"]);
      expect(page).toContain('href="tel:112"');
      expect(page).toContain('href="tel:111"');
      expect(page).not.toContain('class="receipt-code"');
      expect(await count()).toBe(before);
    }
  });

  it("spends a token once even when both copies arrive at the same moment", async () => {
    const token = formTokenFor(SCHOOL);
    const before = await count();
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => app.request(`/r/${SCHOOL}`, { form: { ...validReport, formToken: token } })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409, 409, 409]);
    expect(await count()).toBe(before + 1);
  });

  it("forgets spent tokens once they could no longer be used", async () => {
    await app.request(`/r/${SCHOOL}`, { form: validReport });
    await db
      .insertInto("spent_form_tokens")
      .values({ id: "long-expired-id0", expires_at: new Date(Date.now() - 60_000).toISOString() })
      .execute();
    const ids = async () => (await db.selectFrom("spent_form_tokens").select("id").execute()).map((r) => r.id);
    const kept = (await ids()).length - 1;
    // As the next intake a minute on would: the expired id goes, the live ones stay.
    await pruneSpentTokens(db, Date.now() + 61_000);
    expect(await ids()).not.toContain("long-expired-id0");
    expect((await ids()).length).toBe(kept);
  });
});

describe("limits never refuse a child in danger", () => {
  it("stores a life-safety report from an address that just sent 60 reports", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) statuses.push((await app.request("/r/AK4P9T", { form: validReport, client: "school-wifi" })).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    const urgent = await app.request("/r/AK4P9T?lang=ru", { form: suicideOnly, client: "school-wifi" });
    expect(urgent.status).toBe(200);
    expect(await rowOf(await urgent.text())).toMatchObject({ urgent: 1, form_token_invalid: 0 });
    // Without a token too.
    expect((await app.request("/r/AK4P9T?lang=ru", { form: suicideOnly, client: "school-wifi", noFormToken: true })).status).toBe(200);
  });

  it("serves a real code after 30 wrong ones from the same address, with the conversation", async () => {
    const sent = await app.request(`/r/${SCHOOL}?lang=ru`, { form: { ...validReport, description: "Код после ошибок" }, client: "nat" });
    const code = receiptCodeFrom(await sent.text());
    const wrong: number[] = [];
    for (let i = 0; i < 30; i++)
      wrong.push((await app.request("/status?lang=ru", { form: { intent: "open", code: String(1e15 + i) }, client: "nat" })).status);
    expect(wrong.slice(0, 20).every((s) => s === 404)).toBe(true);
    expect(wrong.slice(20).every((s) => s === 429)).toBe(true);
    const open = await app.request("/status?lang=ru", { form: { intent: "open", code }, client: "nat" });
    expect(open.status).toBe(200);
    expect(await open.text()).toContain(ru["status.conversation"]);
    const msg = await app.request("/status?lang=ru", {
      form: { intent: "message", code, body: "Я снова тут", idempotencyKey: "k-after-thirty-wrong" },
      client: "nat",
    });
    expect(msg.status).toBe(200);
    expect(await msg.text()).toContain("Я снова тут");
    // A wrong code from that address is still refused.
    expect((await app.request("/status?lang=ru", { form: { intent: "open", code: "1111 1111 1111 1111" }, client: "nat" })).status).toBe(
      429,
    );
  });
});

describe("/status", () => {
  async function urgentReport() {
    const res = await app.request(`/r/${SCHOOL}?lang=en`, { form: { categories: ["weapon_attack"] } });
    const page = await res.text();
    return { code: receiptCodeFrom(page), id: (await rowOf(page)).id };
  }
  const idempotencyKeyOf = (page: string) => /name="idempotencyKey" value="([^"]+)"/.exec(page)![1]!;

  it("stores a re-sent message form once, and a new form's message again", async () => {
    const { code, id } = await urgentReport();
    const open = await (await app.request("/status?lang=en", { form: { intent: "open", code } })).text();
    const form = { intent: "message", code, body: "Please help", idempotencyKey: idempotencyKeyOf(open) };
    const first = await app.request("/status?lang=en", { form });
    const firstPage = await first.text();
    const again = await app.request("/status?lang=en", { form });
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(await again.text()).toContain(en["status.sentNotice"]);
    const messages = () => db.selectFrom("report_messages").select("body").where("report_id", "=", id).execute();
    expect(await messages()).toEqual([{ body: "Please help" }]);
    // The page after sending carries a fresh key: the next message is a new one.
    expect(idempotencyKeyOf(firstPage)).not.toBe(form.idempotencyKey);
    await app.request("/status?lang=en", { form: { ...form, idempotencyKey: idempotencyKeyOf(firstPage) } });
    expect(await messages()).toHaveLength(2);
    // A form without a key (an old page) is never refused.
    expect((await app.request("/status?lang=en", { form: { intent: "message", code, body: "no key" } })).status).toBe(200);
  });

  it("shows an acknowledged urgent report one status, not 'waiting to be read' below 'a person has seen it'", async () => {
    const { code, id } = await urgentReport();
    const before = await (await app.request("/status?lang=en", { form: { intent: "open", code } })).text();
    expect(before).toContain(html(en["escalation.status.notYet"]));
    expect(before).not.toContain(en["status.state.new"]);
    const cookie = await signIn(app, "psychologist@demo.senim.kz");
    expect((await app.request(`/school/reports/${id}`, { headers: { cookie }, form: { intent: "acknowledge" } })).status).toBeLessThan(400);
    const after = await (await app.request("/status?lang=en", { form: { intent: "open", code } })).text();
    expect(after).toContain(html(en["escalation.status.seen"]));
    expect(after).not.toContain(en["status.state.new"]);
    expect(after).not.toContain(html(en["escalation.status.notYet"]));
    expect(after).not.toContain(html(en["intake.truth.urgentOpen"]));
    expect(after).not.toContain(html(en["intake.truth.urgentClosed"]));
  });
});

describe("receipts tell who reads it and when", () => {
  // 2026-12-02 is a Wednesday of the school year; the handler reads SENIM_NOW on every call.
  const at = (time: string) => (process.env.SENIM_NOW = `2026-12-02T${time}`);
  const receipt = async (form: Record<string, string | string[]>) => (await app.request(`/r/${SCHOOL}?lang=en`, { form })).text();

  it("in school hours and out of them, urgent and ordinary, never 'a day or two' for an urgent one", async () => {
    at("10:00");
    const urgentIn = await receipt(suicideOnly);
    const calmIn = await receipt(validReport);
    at("22:00");
    const urgentOut = await receipt(suicideOnly);
    const calmOut = await receipt(validReport);
    delete process.env.SENIM_NOW;
    expect(urgentIn).toContain(html(en["intake.truth.urgentOpen"]));
    expect(urgentOut).toContain(html(en["intake.truth.urgentClosed"]));
    expect(calmIn).toContain(html(en["intake.truth.calmOpen"]));
    expect(calmOut).toContain(html(en["intake.truth.calmClosed"]));
    for (const urgent of [urgentIn, urgentOut]) {
      expect(urgent).toContain('href="tel:112"');
      expect(urgent).toContain('href="tel:111"');
      expect(urgent).toContain(html(en["intake.next.urgent"]));
      expect(urgent).not.toMatch(/day or two/i);
    }
  });

  it("says the same on /status while nobody has answered", async () => {
    at("22:00");
    const code = receiptCodeFrom(await receipt(validReport));
    const status = await (await app.request("/status?lang=en", { form: { intent: "open", code } })).text();
    at("10:00");
    const later = await (await app.request("/status?lang=en", { form: { intent: "open", code } })).text();
    delete process.env.SENIM_NOW;
    expect(status).toContain(html(en["intake.truth.calmClosed"]));
    expect(later).toContain(html(en["intake.truth.calmOpen"]));
  });
});
