import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { regionDb } from "../../db/regions.server";
import { DEMO_PASSWORD, seedDemoRegion } from "../../scripts/seed-demo";
import { hashReceiptCode } from "~/domain/reports/receipt-code.server";
import { receiptCodeFrom, sessionCookieFrom, signIn, startTestApp, totpCodeFor, validReport } from "../support/app";

let app: Awaited<ReturnType<typeof startTestApp>>;
const cookies: Record<string, string> = {};

async function passwordStep(email: string, password = DEMO_PASSWORD) {
  return app.request("/staff/sign-in", { form: { email, password } });
}

async function reportIdOf(html: string) {
  const code = receiptCodeFrom(html);
  const db = (await regionDb("akmola"))!;
  const row = await db.selectFrom("reports").select("id").where("receipt_hash", "=", hashReceiptCode(code)).executeTakeFirstOrThrow();
  return { id: row.id, code };
}

let ordinary: { id: number; code: string };
let urgent: { id: number; code: string };
let otherSchool: { id: number; code: string };

beforeAll(async () => {
  app = await startTestApp();
  await seedDemoRegion();
  ordinary = await reportIdOf(await (await app.request("/r/AK7K3M", { form: validReport })).text());
  urgent = await reportIdOf(await (await app.request("/r/AK7K3M", { form: { ...validReport, categories: ["weapon_attack"] } })).text());
  otherSchool = await reportIdOf(await (await app.request("/r/AK4P9T", { form: validReport })).text());
  for (const who of ["psychologist", "psychologist2", "teacher", "school-admin", "district", "region"]) {
    cookies[who] = await signIn(app, `${who}@demo.senim.kz`);
  }
});
afterAll(() => app.stop());

const as = (who: string, path: string, init: Parameters<typeof app.request>[1] = {}) =>
  app.request(path, { ...init, headers: { cookie: cookies[who]!, ...(init.headers as Record<string, string> | undefined) } });

describe("sign-in", () => {
  it("refuses a wrong password or unknown email with the same translated message", async () => {
    const wrong = await app.request("/staff/sign-in?lang=ru", {
      form: { email: "psychologist@demo.senim.kz", password: "nope-nope-nope" },
    });
    const unknown = await app.request("/staff/sign-in?lang=ru", { form: { email: "nobody@demo.senim.kz", password: "nope-nope-nope" } });
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(400);
      expect(res.headers.get("set-cookie")).toBeNull();
      expect(await res.text()).toContain("Неверная почта или пароль.");
    }
  });

  it("sets an HttpOnly SameSite=Lax Secure cookie whose token is stored only as a hash", async () => {
    process.env.COOKIE_SECURE = "true";
    const res = await passwordStep("psychologist@demo.senim.kz");
    delete process.env.COOKIE_SECURE;
    const setCookie = res.headers.get("set-cookie")!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/; Secure/);
    // A psychologist's password alone opens nothing: the code comes next.
    expect(res.headers.get("location")).toBe("/staff/two-factor");
    const token = /senim_session=akmola\.([a-z2-7]+)/.exec(setCookie)![1]!;
    const db = (await regionDb("akmola"))!;
    const sessions = await db.selectFrom("sessions").select("id").execute();
    expect(sessions.some((s) => s.id.includes(token))).toBe(false);
    expect(sessions.every((s) => /^[0-9a-f]{64}$/.test(s.id))).toBe(true);
  });

  it("sends staff pages without a session to sign-in, and back afterwards", async () => {
    const res = await app.request("/school/reports?status=open");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/staff/sign-in?next=%2Fschool%2Freports%3Fstatus%3Dopen");
    const back = await app.request("/staff/sign-in?next=%2Fschool%2Freports%3Fstatus%3Dopen", {
      form: { email: "psychologist@demo.senim.kz", password: DEMO_PASSWORD },
    });
    expect(back.headers.get("location")).toBe("/staff/two-factor?next=%2Fschool%2Freports%3Fstatus%3Dopen");
    const coded = await app.request(back.headers.get("location")!, {
      headers: { cookie: sessionCookieFrom(back) },
      form: { intent: "verify", code: await totpCodeFor("psychologist@demo.senim.kz") },
    });
    expect(coded.headers.get("location")).toBe("/school/reports?status=open");
    const teacherBack = await app.request("/staff/sign-in?next=%2Fschool%2Fclasses", {
      form: { email: "teacher@demo.senim.kz", password: DEMO_PASSWORD },
    });
    expect(teacherBack.headers.get("location")).toBe("/school/classes");
    for (const next of ["//evil.example", "/%09/evil.example", "/\\evil.example", "https://evil.example/", "/a%0Ab"]) {
      for (const email of ["psychologist@demo.senim.kz", "teacher@demo.senim.kz"]) {
        const offsite = await app.request(`/staff/sign-in?next=${next}`, { form: { email, password: DEMO_PASSWORD } });
        expect(offsite.status, next).toBe(302);
        expect(offsite.headers.get("location"), next).toMatch(/^\/(?!\/)/);
        expect(offsite.headers.get("location"), next).not.toContain("evil");
        const second = await app.request(`/staff/two-factor?next=${next}`, {
          headers: { cookie: sessionCookieFrom(offsite) },
          form: { intent: "verify", code: await totpCodeFor("psychologist@demo.senim.kz") },
        });
        expect(second.headers.get("location") ?? "", next).not.toContain("evil");
      }
    }
  });

  it("signs out by deleting the session", async () => {
    const cookie = await signIn(app, "psychologist@demo.senim.kz");
    expect((await app.request("/school/reports", { headers: { cookie } })).status).toBe(200);
    const out = await app.request("/staff/sign-out", { method: "POST", headers: { cookie } });
    expect(out.status).toBe(302);
    expect(out.headers.get("set-cookie")).toMatch(/senim_session=;/);
    expect((await app.request("/school/reports", { headers: { cookie } })).status).toBe(302);
  });
});

describe("the psychologist's inbox", () => {
  it("lists the school's reports, urgent first, and nothing from another school", async () => {
    const res = await as("psychologist", "/school/reports?lang=en");
    expect(res.status).toBe(200);
    const html = await res.text();
    const ids = [...html.matchAll(/href="\/school\/reports\/(\d+)"/g)].map((m) => Number(m[1]));
    expect(ids[0]).toBe(urgent.id);
    expect(ids).toContain(ordinary.id);
    expect(ids).not.toContain(otherSchool.id);
    expect(html).toContain("not answered yet");
  });

  it("filters by status and category", async () => {
    const weapons = await (await as("psychologist", "/school/reports?category=weapon_attack")).text();
    expect(weapons).toContain(`/school/reports/${urgent.id}"`);
    expect(weapons).not.toContain(`/school/reports/${ordinary.id}"`);
    const closed = await (await as("psychologist", "/school/reports?status=closed")).text();
    expect(closed).not.toContain(`/school/reports/${ordinary.id}"`);
    expect((await as("psychologist", "/school/reports?status=bogus&category=%3Cx%3E")).status).toBe(200);
  });
});

describe("a report, seen by its school's psychologist", () => {
  it("shows every field and writes the view to the access log", async () => {
    const res = await as("psychologist", `/school/reports/${ordinary.id}?lang=en`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("They laugh at me every day in class.");
    expect(html).toContain("Classroom");
    expect(html).toContain("About once a week");
    const db = (await regionDb("akmola"))!;
    const log = await db.selectFrom("access_log").selectAll().where("entity_id", "=", ordinary.id).execute();
    expect(log.some((l) => l.action === "view" && l.entity === "report")).toBe(true);
  });

  it("replies: the reporter reads it at /status, and the time to first response is recorded", async () => {
    const reply = await as("psychologist", `/school/reports/${urgent.id}`, {
      form: { intent: "reply", body: "Сәлем! Мен сені тыңдаймын. 🤝" },
    });
    expect(reply.status).toBe(200);
    const db = (await regionDb("akmola"))!;
    const row = await db
      .selectFrom("reports")
      .select(["first_response_at", "status"])
      .where("id", "=", urgent.id)
      .executeTakeFirstOrThrow();
    expect(row.first_response_at).not.toBeNull();
    expect(row.status).toBe("in_progress");
    const status = await (await app.request("/status?lang=kk", { form: { intent: "open", code: urgent.code } })).text();
    expect(status).toContain("Сәлем! Мен сені тыңдаймын. 🤝");
    expect(status).toContain("Психолог бұл мәселемен айналысып жатыр");
    // Staff names stay with staff.
    expect(status).not.toContain("Айгерім");
  });

  it("closes only with a reason and a note of what was done", async () => {
    const missing = await as("psychologist", `/school/reports/${ordinary.id}?lang=ru`, {
      form: { intent: "status", status: "closed", reason: "", note: "" },
    });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain("Выберите, почему сообщение закрывается.");
    const closed = await as("psychologist", `/school/reports/${ordinary.id}`, {
      form: { intent: "status", status: "closed", reason: "not_bullying", note: "Разговор с обоими учениками; конфликт улажен." },
    });
    expect(closed.status).toBe(200);
    const db = (await regionDb("akmola"))!;
    const row = await db.selectFrom("reports").selectAll().where("id", "=", ordinary.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      status: "closed",
      closure_reason: "not_bullying",
      closure_note: "Разговор с обоими учениками; конфликт улажен.",
    });
    expect(row.closed_at).not.toBeNull();
    // The reporter writing again reopens it.
    await app.request("/status", { form: { intent: "message", code: ordinary.code, body: "Это началось снова." } });
    const reopened = await db.selectFrom("reports").select("status").where("id", "=", ordinary.id).executeTakeFirstOrThrow();
    expect(reopened.status).toBe("in_progress");
  });

  it("rejects an empty reply and an unknown intent with 400", async () => {
    expect((await as("psychologist", `/school/reports/${ordinary.id}`, { form: { intent: "reply", body: "" } })).status).toBe(400);
    expect((await as("psychologist", `/school/reports/${ordinary.id}`, { form: { intent: "delete" } })).status).toBe(400);
  });
});

describe("the policy boundary", () => {
  it("answers 404 for another school's report, to view or to change, and logs nothing", async () => {
    const db = (await regionDb("akmola"))!;
    const before = await db.selectFrom("access_log").selectAll().where("entity_id", "=", urgent.id).execute();
    expect((await as("psychologist2", `/school/reports/${urgent.id}`)).status).toBe(404);
    expect((await as("psychologist2", `/school/reports/${urgent.id}`, { form: { intent: "reply", body: "hi" } })).status).toBe(404);
    expect(
      (
        await as("psychologist2", `/school/reports/${urgent.id}`, {
          form: { intent: "status", status: "closed", reason: "false_report", note: "x" },
        })
      ).status,
    ).toBe(404);
    const after = await db.selectFrom("access_log").selectAll().where("entity_id", "=", urgent.id).execute();
    expect(after).toHaveLength(before.length);
    const messages = await db.selectFrom("report_messages").select("body").where("report_id", "=", urgent.id).execute();
    expect(messages.map((m) => m.body)).not.toContain("hi");
    // Their own school's report opens.
    expect((await as("psychologist2", `/school/reports/${otherSchool.id}`)).status).toBe(200);
  });

  it("lets no teacher, school admin or official read a child's report", async () => {
    for (const who of ["teacher", "school-admin", "district", "region"]) {
      expect((await as(who, `/school/reports/${ordinary.id}`)).status, who).toBe(404);
      expect((await as(who, "/school/reports")).status, who).toBe(403);
      const home = await as(who, "/staff");
      expect(home.status, who).toBe(302);
      expect(home.headers.get("location"), who).not.toContain("/school/reports");
    }
  });

  it("answers 404 for ids that are not numbers or do not exist", async () => {
    for (const id of ["abc", "0", "-1", "99999999", "1e3"])
      expect((await as("psychologist", `/school/reports/${id}`)).status, id).toBe(404);
  });
});

describe("language for staff", () => {
  it("uses the saved language and remembers a new choice", async () => {
    await as("psychologist", "/school/reports?lang=kk");
    expect(await (await as("psychologist", "/school/reports")).text()).toContain('<html lang="kk"');
    await as("psychologist", "/school/reports?lang=en");
    expect(await (await as("psychologist", "/school/reports")).text()).toContain('<html lang="en"');
  });
});
