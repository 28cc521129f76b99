import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { regionDb, type RegionDb } from "../../db/regions.server";
import { seedDemoRegion } from "../../scripts/seed-demo";
import { schoolNowIso } from "~/domain/calendar/local-date";
import { signIn, startTestApp, validReport, type TestApp } from "../support/app";

// Every role × every staff page and a key action of each area × their own school's (or service's)
// record and another school's (or service's): only the cells the product allows succeed. The
// table is written from what each role is for, not read from the policy code.
const ROLES = [
  "psychologist",
  "teacher",
  "teacher2",
  "school-admin",
  "district",
  "region",
  "service",
  "service2",
  "psychologist2",
] as const;
type Role = (typeof ROLES)[number];
const SCHOOL_TEAM: Role[] = ["psychologist", "teacher", "school-admin"]; // the demo school's anti-bullying team
const SCHOOL_STAFF: Role[] = ["psychologist", "teacher", "teacher2", "school-admin"];

let app: TestApp;
let db: RegionDb;
const cookies = {} as Record<Role, string>;
/** Records of the demo school AK7K3M and the referral to service 1 ("own"), and of AK4P9T and service 2 ("other"). */
const own = { report: 0, case: 0, evidence: 0, referral: 0, class: 0, entry: 0 };
const other = { report: 0, case: 0, evidence: 0, referral: 0, class: 0, entry: 0 };

async function fixtures(school: string, psychologist: Role, serviceKind: string, into: typeof own) {
  expect((await app.request(`/r/${school}`, { form: validReport })).status).toBe(200);
  const schoolId = (await db.selectFrom("schools").select("id").where("code", "=", school).executeTakeFirstOrThrow()).id;
  into.report = (
    await db.selectFrom("reports").select("id").where("school_id", "=", schoolId).orderBy("id", "desc").executeTakeFirstOrThrow()
  ).id;
  const opened = await app.request("/school/cases", {
    headers: { cookie: cookies[psychologist] },
    form: { intent: "from-reports", reportIds: String(into.report), model: "kiva" },
  });
  into.case = Number(/\/school\/cases\/(\d+)/.exec(opened.headers.get("location") ?? "")![1]);
  const user = (await db.selectFrom("users").select("id").where("email", "=", `${psychologist}@demo.senim.kz`).executeTakeFirstOrThrow())
    .id;
  const storage = `${school.toLowerCase().padEnd(32, "0")}`.replace(/[^0-9a-f]/g, "a").slice(0, 32);
  fs.mkdirSync(path.join(app.dataDir, "evidence", "akmola"), { recursive: true });
  fs.writeFileSync(path.join(app.dataDir, "evidence", "akmola", storage), "%PDF-1.4\n%%EOF\n");
  into.evidence = Number(
    (
      await db
        .insertInto("case_evidence")
        .values({
          case_id: into.case,
          file_name: "chat.pdf",
          media_type: "application/pdf",
          size_bytes: 15,
          sha256: "0".repeat(64),
          storage_name: storage,
          user_id: user,
          at: schoolNowIso(),
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id,
  );
  const service = (await db.selectFrom("services").select("id").where("kind", "=", serviceKind).orderBy("id").executeTakeFirstOrThrow()).id;
  into.referral = (
    await db
      .insertInto("referrals")
      .values({
        case_id: into.case,
        service_id: service,
        consent_basis: "consent",
        guardian_consent: "Мама, лично",
        child_voice: "Согласен",
        summary: "Кратко",
        status: "sent",
        sent_by: user,
        sent_at: schoolNowIso(),
        respond_by: "2099-01-01",
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  const klass = await db
    .selectFrom("classes")
    .select(["id", "pupil_count"])
    .where("school_id", "=", schoolId)
    .orderBy("id")
    .executeTakeFirstOrThrow();
  into.class = klass.id;
  const teacher = school === "AK7K3M" ? "teacher" : psychologist;
  const teacherId = (await db.selectFrom("users").select("id").where("email", "=", `${teacher}@demo.senim.kz`).executeTakeFirstOrThrow())
    .id;
  const at = schoolNowIso();
  into.entry = (
    await db
      .insertInto("lesson_entries")
      .values({
        class_id: klass.id,
        lesson_id: "safety-5-9-01",
        taught_on: "2026-10-01",
        minutes: 10,
        pupils_present: 1,
        note: "",
        teacher_id: teacherId,
        created_at: at,
        updated_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
}

beforeAll(async () => {
  app = await startTestApp();
  await seedDemoRegion();
  db = (await regionDb("akmola"))!;
  for (const role of ROLES) cookies[role] = await signIn(app, `${role}@demo.senim.kz`);
  await fixtures("AK7K3M", "psychologist", "psych_centre", own);
  await fixtures("AK4P9T", "psychologist2", "juvenile_police", other);
});
afterAll(() => app.stop());

const get = (role: Role, url: string) => app.request(url, { headers: { cookie: cookies[role] } });
const post = (role: Role, url: string, form: Record<string, string>) => app.request(url, { headers: { cookie: cookies[role] }, form });

type Page = { path: (r: typeof own) => string; allowed: Role[]; allowedForOther?: Role[] };
/** Pages with a record of their own take `own` and `other`; lists take no record. */
const pages: Record<string, Page> = {
  "report inbox": { path: () => "/school/reports", allowed: ["psychologist", "psychologist2"] },
  report: { path: (r) => `/school/reports/${r.report}`, allowed: ["psychologist"], allowedForOther: ["psychologist2"] },
  "case list": { path: () => "/school/cases", allowed: [...SCHOOL_TEAM, "psychologist2"] },
  case: { path: (r) => `/school/cases/${r.case}`, allowed: SCHOOL_TEAM, allowedForOther: ["psychologist2"] },
  "case evidence": { path: (r) => `/school/cases/${r.case}/evidence`, allowed: SCHOOL_TEAM, allowedForOther: ["psychologist2"] },
  "evidence file": {
    path: (r) => `/school/cases/${r.case}/evidence/${r.evidence}`,
    allowed: SCHOOL_TEAM,
    allowedForOther: ["psychologist2"],
  },
  "case transfer": { path: (r) => `/school/cases/${r.case}/transfer`, allowed: SCHOOL_TEAM, allowedForOther: ["psychologist2"] },
  "case referrals": { path: (r) => `/school/cases/${r.case}/referrals`, allowed: SCHOOL_TEAM, allowedForOther: ["psychologist2"] },
  "incoming transfers": { path: () => "/school/transfers", allowed: [...SCHOOL_TEAM, "psychologist2"] },
  "my tasks": { path: () => "/staff/tasks", allowed: [...SCHOOL_STAFF, "psychologist2"] },
  "lesson log": { path: () => "/school/lessons", allowed: [...SCHOOL_STAFF, "psychologist2"] },
  "lesson entry": { path: (r) => `/school/lessons/${r.entry}`, allowed: ["teacher"], allowedForOther: ["psychologist2"] },
  classes: { path: () => "/school/classes", allowed: [...SCHOOL_STAFF, "psychologist2"] },
  class: { path: (r) => `/school/classes/${r.class}`, allowed: SCHOOL_STAFF, allowedForOther: ["psychologist2"] },
  programmes: { path: () => "/school/programmes", allowed: [...SCHOOL_STAFF, "psychologist2"] },
  "school staff": { path: () => "/school/staff", allowed: ["school-admin"] },
  "audit log": { path: () => "/staff/audit", allowed: ["school-admin", "region"] },
  "district coverage": { path: () => "/district/lessons", allowed: ["district", "region"] },
  "referral delays": { path: () => "/district/referrals", allowed: ["district", "region"] },
  "service directory": { path: () => "/region/services", allowed: ["region"] },
  "region's districts and schools": { path: () => "/region/schools", allowed: ["region"] },
  "service's referrals": { path: () => "/service/referrals", allowed: ["service", "service2"] },
  "a referral for a service": { path: (r) => `/service/referrals/${r.referral}`, allowed: ["service"], allowedForOther: ["service2"] },
  account: { path: () => "/staff/account", allowed: [...ROLES] },
  notifications: { path: () => "/staff/notifications", allowed: [...ROLES] },
  // Only a duty psychologist the ladder called for this urgent report, while on duty (tests/integration/escalation.test.ts): no role here.
  "an urgent report on duty": { path: (r) => `/staff/urgent/${r.report}`, allowed: [], allowedForOther: [] },
  "ladder contacts": { path: () => "/school/escalation", allowed: ["school-admin"] },
  "duty roster": { path: () => "/district/duty", allowed: ["district"] },
  "urgent response times": { path: () => "/district/urgent", allowed: ["district", "region"] },
  dashboard: { path: () => "/district/dashboard", allowed: ["district", "region"] },
  "class surveys": { path: () => "/school/surveys", allowed: ["psychologist", "psychologist2"] },
  "national view": { path: () => "/national", allowed: [] },
  "school posters": { path: () => "/school/posters", allowed: [...SCHOOL_STAFF, "psychologist2"] },
  "printable posters": { path: () => "/staff/posters", allowed: [...SCHOOL_STAFF, "psychologist2", "district", "region"] },
};

describe("the access matrix", () => {
  for (const [name, page] of Object.entries(pages)) {
    it(`${name}: only the allowed roles open it${page.allowedForOther ? ", and another school's or service's record only its own staff" : ""}`, async () => {
      const cells: string[] = [];
      const variants: Array<[string, typeof own, Role[]]> = [["own", own, page.allowed]];
      if (page.allowedForOther) variants.push(["other", other, page.allowedForOther]);
      for (const [variant, records, allowed] of variants) {
        for (const role of ROLES) {
          const res = await get(role, page.path(records));
          await res.arrayBuffer();
          const ok = res.status === 200;
          if (ok !== allowed.includes(role) || res.status >= 500 || (!ok && ![403, 404].includes(res.status)))
            cells.push(`${variant} ${role}: ${res.status}`);
        }
      }
      expect(cells).toEqual([]);
    });
  }

  it("a malformed id in any record's address is 404 for the staff who may open the record, never a 500", async () => {
    const cells: string[] = [];
    for (const [name, page] of Object.entries(pages)) {
      if (!page.allowedForOther || page.allowed.length === 0) continue;
      for (const bad of ["abc", "0", "-3", "1.5", "9007199254740993"]) {
        const ids = Object.fromEntries(Object.keys(own).map((k) => [k, bad])) as unknown as typeof own;
        const res = await get(page.allowed[0]!, page.path(ids));
        await res.arrayBuffer();
        if (res.status !== 404) cells.push(`${name} ${bad}: ${res.status}`);
      }
    }
    expect(cells).toEqual([]);
  });

  it("actions: answering a report, writing in a case, answering a referral, inviting staff", async () => {
    const cells: string[] = [];
    const check = async (what: string, allowed: Role[], send: (role: Role) => Promise<Response>, okStatus: number) => {
      // The refused first, so a refusal is never just the record's changed state.
      for (const role of [...ROLES.filter((r) => !allowed.includes(r)), ...allowed]) {
        const res = await send(role);
        await res.arrayBuffer();
        if ((res.status === okStatus) !== allowed.includes(role) || res.status >= 500) cells.push(`${what} ${role}: ${res.status}`);
      }
    };
    await check(
      "reply to own report",
      ["psychologist"],
      (r) => post(r, `/school/reports/${own.report}`, { intent: "reply", body: "Мы здесь." }),
      200,
    );
    await check(
      "reply to other report",
      ["psychologist2"],
      (r) => post(r, `/school/reports/${other.report}`, { intent: "reply", body: "Мы здесь." }),
      200,
    );
    await check("note in own case", SCHOOL_TEAM, (r) => post(r, `/school/cases/${own.case}`, { intent: "note", content: "Запись." }), 302);
    await check(
      "note in other case",
      ["psychologist2"],
      (r) => post(r, `/school/cases/${other.case}`, { intent: "note", content: "Запись." }),
      302,
    );
    await check("accept own referral", ["service"], (r) => post(r, `/service/referrals/${own.referral}`, { intent: "accept" }), 302);
    await check("accept other referral", ["service2"], (r) => post(r, `/service/referrals/${other.referral}`, { intent: "accept" }), 302);
    let n = 0;
    await check(
      "invite",
      ["school-admin"],
      (r) =>
        post(r, "/school/staff", { intent: "invite", email: `matrix-${++n}@test.senim.kz`, name: "T", role: "teacher", language: "kk" }),
      200,
    );
    expect(cells).toEqual([]);
  });
});
