import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { regionDb, type RegionDb } from "../../db/regions.server";
import { seedDemoRegion } from "../../scripts/seed-demo";
import { createStaffAccount } from "~/domain/auth/staff-accounts.server";
import { enrolKnownSecret, newTotpSecret, totpCodeAt, totpStep } from "~/domain/auth/two-factor.server";
import { hashReceiptCode } from "~/domain/reports/receipt-code.server";
import { receiptCodeFrom, sessionCookieFrom, signIn, startTestApp, validReport, type TestApp } from "../support/app";

// Four eyes on children's words (#13 finding 8): a psychologist a school admin invites reads
// nothing until someone outside the school — the district official or the region admin — confirms.

let app: TestApp;
let db: RegionDb;

beforeAll(async () => {
  app = await startTestApp();
  await seedDemoRegion();
  db = (await regionDb("akmola"))!;
});
afterAll(() => app.stop());

const get = (path: string, cookie: string) => app.request(path, { headers: { cookie } });
const post = (path: string, cookie: string, form: Record<string, string>) => app.request(path, { headers: { cookie }, form });
const linkIn = (html: string) => /http:\/\/localhost\/staff\/link\/(akmola\.[a-z2-7]{32})/.exec(html)?.[1];
const PASSWORD = "пароль нового психолога";

/** A school admin invites a psychologist; the person sets a password and a second factor, and signs in. */
async function invitedPsychologist(email: string, name: string) {
  const admin = await signIn(app, "school-admin@demo.senim.kz");
  const invited = await post("/school/staff?lang=en", admin, { intent: "invite", email, name, role: "psychologist", language: "kk" });
  expect(invited.status).toBe(200);
  const token = linkIn(await invited.text())!;
  expect((await app.request(`/staff/link/${token}`, { form: { password: PASSWORD, repeat: PASSWORD } })).status).toBe(302);
  const user = await db.selectFrom("users").selectAll().where("email", "=", email).executeTakeFirstOrThrow();
  const secret = newTotpSecret();
  await enrolKnownSecret(db, user.id, secret, new Date());
  const first = await app.request("/staff/sign-in", { form: { email, password: PASSWORD } });
  const cookie = sessionCookieFrom(first);
  expect((await post("/staff/two-factor", cookie, { intent: "verify", code: totpCodeAt(secret, totpStep(new Date())) })).status).toBe(302);
  return { user, cookie, admin };
}

describe("four eyes for reading children's words", () => {
  it("a psychologist invited by a school admin reads nothing until the district official confirms, then reads", async () => {
    const { user, cookie, admin } = await invitedPsychologist("four-eyes@test.senim.kz", "Сәуле Ермекова");
    expect(user.reading_confirmed_at).toBeNull();
    // A child's report, sent the way children send it.
    const receipt = receiptCodeFrom(await (await app.request("/r/AK7K3M", { form: validReport })).text());
    const report = await db
      .selectFrom("reports")
      .select("id")
      .where("receipt_hash", "=", hashReceiptCode(receipt))
      .executeTakeFirstOrThrow();

    const inbox = await get("/school/reports?lang=ru", cookie);
    expect(inbox.status).toBe(403);
    expect(await inbox.text()).toContain("Ваше право читать сообщения ждёт подтверждения района.");
    expect((await get(`/school/reports/${report.id}`, cookie)).status).toBe(404);
    expect((await get("/school/cases", cookie)).status).toBe(403);

    // The school's confirmed psychologist is told, on the notifications page.
    const colleague = await signIn(app, "psychologist@demo.senim.kz");
    const news = await (await get("/staff/notifications?lang=en", colleague)).text();
    expect(news).toContain(
      "A new psychologist account Сәуле Ермекова (four-eyes@test.senim.kz) was created at your school and awaits confirmation by the district.",
    );
    // The other school's psychologist is not.
    expect(await (await get("/staff/notifications?lang=en", await signIn(app, "psychologist2@demo.senim.kz"))).text()).not.toContain(
      "four-eyes@test.senim.kz",
    );

    // The school admin cannot confirm: the page is not theirs, and the action finds nobody.
    expect((await get("/staff/reading-rights", admin)).status).toBe(403);
    expect((await post("/staff/reading-rights", admin, { userId: String(user.id), decision: "confirm" })).status).toBe(404);

    const district = await signIn(app, "district@demo.senim.kz");
    const pending = await get("/staff/reading-rights?lang=en", district);
    expect(pending.status).toBe(200);
    expect(await pending.text()).toContain(`data-pending="${user.id}"`);
    const confirmed = await post("/staff/reading-rights?lang=en", district, { userId: String(user.id), decision: "confirm" });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain("Сәуле Ермекова may now read the school&#x27;s reports.");

    expect((await get("/school/reports", cookie)).status).toBe(200);
    expect((await get(`/school/reports/${report.id}`, cookie)).status).toBe(200);
    expect(await (await get("/staff/notifications?lang=en", colleague)).text()).toContain(
      "The psychologist account Сәуле Ермекова (four-eyes@test.senim.kz) at your school was confirmed on",
    );

    // Both the grant and the confirmation stand out in the school admin's and the region admin's audit trail.
    for (const auditor of [admin, await signIn(app, "region@demo.senim.kz")]) {
      const audit = await (await get("/staff/audit?lang=en", auditor)).text();
      expect(audit).toMatch(
        /<tr data-entry="\d+" class="audit-highlight">(?:(?!<\/tr>).)*invited a psychologist \(right to read, awaiting the district\)/s,
      );
      expect(audit).toMatch(/<tr data-entry="\d+" class="audit-highlight">(?:(?!<\/tr>).)*confirmed a psychologist&#x27;s right to read/s);
    }
    const log = await db
      .selectFrom("access_log")
      .select(["action", "user_id"])
      .where("entity", "=", "account")
      .where("entity_id", "=", user.id)
      .execute();
    expect(log.map((l) => l.action)).toEqual(expect.arrayContaining(["grant_reading", "confirm_reading"]));

    // Revoked by the region admin: nothing again, at once.
    const region = await signIn(app, "region@demo.senim.kz");
    expect((await post("/staff/reading-rights", region, { userId: String(user.id), decision: "revoke" })).status).toBe(200);
    expect((await get("/school/reports", cookie)).status).toBe(403);
  });

  it("a district official of another district can neither see nor confirm the account", async () => {
    const { user, cookie } = await invitedPsychologist("four-eyes-2@test.senim.kz", "Ерлан Тестов");
    const school = await db.selectFrom("schools").select("district_id").where("id", "=", user.school_id!).executeTakeFirstOrThrow();
    const other = await db
      .selectFrom("districts")
      .select("id")
      .where("id", "!=", school.district_id)
      .orderBy("id")
      .executeTakeFirstOrThrow();
    const strangerId = await createStaffAccount({
      region: "akmola",
      email: "other-district@test.senim.kz",
      password: "a long enough password",
      role: "district_official",
      displayName: "Other",
      districtId: other.id,
    });
    await enrolKnownSecret(db, strangerId, newTotpSecret(), new Date());
    const stranger = await signIn(app, "other-district@test.senim.kz", "a long enough password");
    const page = await (await get("/staff/reading-rights", stranger)).text();
    expect(page).not.toContain(`data-pending="${user.id}"`);
    expect((await post("/staff/reading-rights", stranger, { userId: String(user.id), decision: "confirm" })).status).toBe(404);
    expect(
      (await db.selectFrom("users").select("reading_confirmed_at").where("id", "=", user.id).executeTakeFirstOrThrow())
        .reading_confirmed_at,
    ).toBeNull();
    expect((await get("/school/reports", cookie)).status).toBe(403);
  });

  it("operator-made psychologists (command line, demo) read from the start", async () => {
    const id = await createStaffAccount({
      region: "akmola",
      email: "cli-psy@test.senim.kz",
      password: "a long enough password",
      role: "psychologist",
      displayName: "CLI",
      schoolCode: "AK7K3M",
    });
    expect(
      (await db.selectFrom("users").select("reading_confirmed_at").where("id", "=", id).executeTakeFirstOrThrow()).reading_confirmed_at,
    ).not.toBeNull();
    expect(
      (
        await db
          .selectFrom("users")
          .select("reading_confirmed_at")
          .where("email", "=", "psychologist@demo.senim.kz")
          .executeTakeFirstOrThrow()
      ).reading_confirmed_at,
    ).not.toBeNull();
  });
});
