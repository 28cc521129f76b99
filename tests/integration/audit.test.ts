import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { regionDb, type RegionDb } from "../../db/regions.server";
import { seedDemoRegion } from "../../scripts/seed-demo";
import { createStaffAccount } from "~/domain/auth/staff-accounts.server";
import { enrolKnownSecret, newTotpSecret } from "~/domain/auth/two-factor.server";
import { en } from "~/i18n/en";
import { signIn, startTestApp, validReport, type TestApp } from "../support/app";

let app: TestApp;
let db: RegionDb;
const cookies: Record<string, string> = {};
const ids = { ownReport: 0, otherReport: 0, psychologist: 0, psychologist2: 0, invited: 0 };
const get = async (who: string, path: string) => app.request(path, { headers: { cookie: cookies[who]! } });
const page = async (who: string, path = "/staff/audit?lang=en") => (await (await get(who, path)).text()).replaceAll("\0", "");
const fill = (template: string, id: number) => template.replace("{id}", String(id));
/** The rows of the audit table as "who | did | record" lines. */
const rows = (html: string) =>
  [...html.matchAll(/<tr data-entry="\d+"><td>[^<]*<\/td><td>([^<]*)<br\/?>.*?<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><\/tr>/g)].map(
    (m) => `${m[1]} | ${m[2]} | ${m[3]}`,
  );

beforeAll(async () => {
  app = await startTestApp();
  await seedDemoRegion();
  db = (await regionDb("akmola"))!;
  const otherAdmin = await createStaffAccount({
    region: "akmola",
    email: "admin2@test.senim.kz",
    password: "a long enough password",
    role: "school_admin",
    displayName: "Admin Two",
    schoolCode: "AK4P9T",
  });
  await enrolKnownSecret(db, otherAdmin, newTotpSecret(), new Date());
  for (const [who, email] of [
    ["psychologist", "psychologist@demo.senim.kz"],
    ["psychologist2", "psychologist2@demo.senim.kz"],
    ["admin", "school-admin@demo.senim.kz"],
    ["region", "region@demo.senim.kz"],
    ["district", "district@demo.senim.kz"],
    ["teacher", "teacher@demo.senim.kz"],
  ] as const)
    cookies[who] = await signIn(app, email);
  cookies.admin2 = await signIn(app, "admin2@test.senim.kz", "a long enough password");
  expect((await app.request("/r/AK7K3M", { form: validReport })).status).toBe(200);
  expect((await app.request("/r/AK4P9T", { form: validReport })).status).toBe(200);
  const reports = await db
    .selectFrom("reports")
    .innerJoin("schools", "schools.id", "reports.school_id")
    .select(["reports.id", "schools.code"])
    .execute();
  ids.ownReport = reports.find((r) => r.code === "AK7K3M")!.id;
  ids.otherReport = reports.find((r) => r.code === "AK4P9T")!.id;
  ids.psychologist = (
    await db.selectFrom("users").select("id").where("email", "=", "psychologist@demo.senim.kz").executeTakeFirstOrThrow()
  ).id;
  ids.psychologist2 = (
    await db.selectFrom("users").select("id").where("email", "=", "psychologist2@demo.senim.kz").executeTakeFirstOrThrow()
  ).id;
  expect((await get("psychologist", `/school/reports/${ids.ownReport}`)).status).toBe(200);
  expect((await get("psychologist2", `/school/reports/${ids.otherReport}`)).status).toBe(200);
  const invite = await app.request("/school/staff", {
    headers: { cookie: cookies.admin! },
    form: { intent: "invite", email: "new-teacher@test.senim.kz", name: "New Teacher", role: "teacher", language: "ru" },
  });
  expect(invite.status).toBeLessThan(400);
  ids.invited = (await db.selectFrom("users").select("id").where("email", "=", "new-teacher@test.senim.kz").executeTakeFirstOrThrow()).id;
});
afterAll(() => app.stop());

describe("the audit log", () => {
  it("shows a school admin who opened the school's reports and who was invited, and nothing of another school", async () => {
    const html = await page("admin");
    const lines = rows(html);
    expect(lines).toContain(`Айгерім Серікқызы | ${en["audit.action.view"]} | ${fill(en["audit.entity.report"], ids.ownReport)}`);
    expect(lines.some((l) => l.endsWith(`| ${en["audit.action.invite"]} | ${fill(en["audit.entity.account"], ids.invited)}`))).toBe(true);
    expect(lines.some((l) => l.includes(fill(en["audit.entity.report"], ids.otherReport)))).toBe(false);
    // The other school's psychologist is not even offered in the person filter.
    expect(html).not.toContain(`value="${ids.psychologist2}"`);
    // Asking for them by id shows nothing rather than their entries.
    expect(rows(await page("admin", `/staff/audit?lang=en&person=${ids.psychologist2}`))).toEqual([]);
  });

  it("shows the other school's admin only theirs", async () => {
    const lines = rows(await page("admin2"));
    expect(lines.some((l) => l.includes(fill(en["audit.entity.report"], ids.otherReport)))).toBe(true);
    expect(lines.some((l) => l.includes(fill(en["audit.entity.report"], ids.ownReport)))).toBe(false);
    expect(lines.some((l) => l.includes(en["audit.action.invite"]))).toBe(false);
  });

  it("shows the region admin every school's, and filters by person and record", async () => {
    const all = rows(await page("region"));
    expect(all.some((l) => l.includes(fill(en["audit.entity.report"], ids.ownReport)))).toBe(true);
    expect(all.some((l) => l.includes(fill(en["audit.entity.report"], ids.otherReport)))).toBe(true);
    const one = rows(await page("region", `/staff/audit?lang=en&person=${ids.psychologist}&record=report`));
    expect(one.length).toBeGreaterThan(0);
    expect(one.every((l) => l.includes(fill(en["audit.entity.report"], ids.ownReport)))).toBe(true);
    expect(rows(await page("region", "/staff/audit?lang=en&record=referral"))).toEqual([]);
    const future = rows(await page("region", "/staff/audit?lang=en&from=2099-01-01"));
    expect(future).toEqual([]);
  });

  it("shows a school admin the changes the school's staff make to their own accounts", async () => {
    const teacher = await db.selectFrom("users").select("id").where("email", "=", "teacher@demo.senim.kz").executeTakeFirstOrThrow();
    const account = await app.request("/staff/account", { headers: { cookie: cookies.teacher! }, form: { intent: "sign-out-everywhere" } });
    expect(account.status).toBeLessThan(400);
    const lines = rows(await page("admin"));
    expect(lines).toContain(`Нұрлан Оспанов | ${en["audit.action.sign_out_all"]} | ${fill(en["audit.entity.account"], teacher.id)}`);
    expect(rows(await page("admin2")).some((l) => l.includes(en["audit.action.sign_out_all"]))).toBe(false);
    cookies.teacher = await signIn(app, "teacher@demo.senim.kz"); // signed out everywhere, this session too
  });

  it("answers a bad filter with 400 and words, and other roles with 403", async () => {
    const bad = await get("region", "/staff/audit?lang=en&from=2026-12-01&to=2026-11-01");
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain(en["audit.error.filter"].replace(/'/g, "&#x27;"));
    for (const who of ["psychologist", "teacher", "district"]) expect((await get(who, "/staff/audit")).status, who).toBe(403);
  });
});
