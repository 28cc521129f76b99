import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { regionDb, type RegionDb } from "../../db/regions.server";
import { seedDemoRegion } from "../../scripts/seed-demo";
import { actorFor } from "~/domain/policy/policy.server";
import { dashboardFor } from "~/domain/dashboards/dashboard.server";
import { coverageOfSchools } from "~/domain/lessons/lessons.server";
import { signIn, startTestApp } from "../support/app";

// The officials' dashboard over a small real region (the demo's schools and classes) with
// reports, cases and follow-ups inserted at known times, checked against numbers worked out
// by hand below; and the policy: a district official sees only their district, never a record.

let app: Awaited<ReturnType<typeof startTestApp>>;
let db: RegionDb;
const cookies: Record<string, string> = {};
const ids = { a: 0, b: 0, far: 0, district2: 2, caseId: 0, reportId: 0 };
const secret = `child-words-${Date.now()}`;
const period = "from=2026-09&to=2026-11";

async function report(
  school: number,
  submittedAt: string,
  v: { grade?: number; urgent?: boolean; answeredAfterMin?: number; categories?: string[] } = {},
) {
  const row = await db
    .insertInto("reports")
    .values({
      school_id: school,
      receipt_hash: randomUUID(),
      reporter_role: "self",
      location: "classroom",
      frequency: "weekly",
      since: "weeks",
      grade: v.grade ?? 7,
      description: secret,
      contact_requested: 0,
      contact_name: "",
      contact_class: "",
      urgent: v.urgent ? 1 : 0,
      language: "kk",
      status: v.answeredAfterMin === undefined ? "new" : "in_progress",
      submitted_at: submittedAt,
      first_response_at:
        v.answeredAfterMin === undefined ? null : new Date(Date.parse(submittedAt) + v.answeredAfterMin * 60_000).toISOString(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const category of v.categories ?? ["verbal"])
    await db.insertInto("report_categories").values({ report_id: row.id, category }).execute();
  return row.id;
}

async function caseOf(school: number, openedAt: string, closedWith?: string) {
  const opener = (await db.selectFrom("users").select("id").where("email", "=", "psychologist@demo.senim.kz").executeTakeFirstOrThrow()).id;
  const row = await db
    .insertInto("cases")
    .values({
      school_id: school,
      model: "kiva",
      status: closedWith ? "closed" : "open",
      origin: "concern",
      opened_by: opener,
      opened_at: openedAt,
      outcome: closedWith ?? null,
      summary: secret,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id: row.id, opener };
}

beforeAll(async () => {
  app = await startTestApp();
  await seedDemoRegion();
  db = (await regionDb("akmola"))!;
  const school = async (code: string) =>
    await db.selectFrom("schools").select(["id", "district_id"]).where("code", "=", code).executeTakeFirstOrThrow();
  ids.a = (await school("AK7K3M")).id; // district 1
  ids.b = (await school("AK4P9T")).id; // district 1
  const far = await school("AK9CJB"); // district 2
  ids.far = far.id;
  ids.district2 = far.district_id;

  // School A, September: 7 reports (grade 7), 2 of them urgent, all also "cyber"; 5 answered after an hour, 2 after two days.
  for (let i = 0; i < 7; i++)
    await report(ids.a, `2026-09-${String(10 + i).padStart(2, "0")}T05:00:00.000Z`, {
      urgent: i < 2,
      answeredAfterMin: i < 5 ? 60 : 2880,
      categories: ["verbal", "cyber"],
    });
  // School A, October: 6 reports (grade 3); 3 answered after ten days, 3 never.
  for (let i = 0; i < 6; i++)
    ids.reportId = await report(ids.a, `2026-10-${String(10 + i).padStart(2, "0")}T05:00:00.000Z`, {
      grade: 3,
      answeredAfterMin: i < 3 ? 14400 : undefined,
    });
  // School B, October: 3 unanswered reports (grade 8).
  for (let i = 0; i < 3; i++) await report(ids.b, `2026-10-0${i + 1}T05:00:00.000Z`, { grade: 8 });
  // Another district's school, November: 9 reports; before the period (August): 4 that must not count.
  for (let i = 0; i < 9; i++) await report(ids.far, `2026-11-0${i + 1}T05:00:00.000Z`, { answeredAfterMin: 30 });
  for (let i = 0; i < 4; i++) await report(ids.a, `2026-08-2${i}T05:00:00.000Z`, { answeredAfterMin: 30 });
  // Cases of school A in October: one closed (the bullying stopped), two open, with four follow-ups.
  const closed = await caseOf(ids.a, "2026-10-05T05:00:00.000Z", "stopped");
  ids.caseId = closed.id;
  await caseOf(ids.a, "2026-10-06T05:00:00.000Z");
  await caseOf(ids.a, "2026-10-07T05:00:00.000Z");
  const task = (due: string, done: string | null) =>
    db
      .insertInto("case_tasks")
      .values({
        case_id: closed.id,
        step_id: "follow_up_target",
        owner_id: closed.opener,
        due_on: due,
        done_at: done,
        created_at: "2026-10-05T05:00:00.000Z",
      })
      .execute();
  await task("2026-10-20", "2026-10-19T06:00:00.000Z"); // on time
  await task("2026-10-25", "2026-10-28T06:00:00.000Z"); // late
  await task("2026-11-01", null); // overdue (today is 2026-11-23)
  await task("2026-12-01", null); // not due yet

  cookies.district = await signIn(app, "district@demo.senim.kz");
  cookies.region = await signIn(app, "region@demo.senim.kz");
  cookies.psychologist = await signIn(app, "psychologist@demo.senim.kz");
});

afterAll(async () => {
  await app.stop();
});

const districtActor = async () =>
  actorFor(await db.selectFrom("users").selectAll().where("email", "=", "district@demo.senim.kz").executeTakeFirstOrThrow(), "akmola", db);
const regionActor = async () =>
  actorFor(await db.selectFrom("users").selectAll().where("email", "=", "region@demo.senim.kz").executeTakeFirstOrThrow(), "akmola", db);
const TODAY = "2026-11-23";
const districtPupils = async (district: number, band?: [number, number]) => {
  let q = db.selectFrom("classes").innerJoin("schools", "schools.id", "classes.school_id").where("schools.district_id", "=", district);
  if (band) q = q.where("classes.grade", ">=", band[0]).where("classes.grade", "<=", band[1]);
  return Number((await q.select((eb) => eb.fn.sum<number>("classes.pupil_count").as("n")).executeTakeFirstOrThrow()).n);
};

describe("dashboard aggregates, worked out by hand", () => {
  it("counts a district official's reports by month, per 1,000 pupils, and hides what would reveal a small count", async () => {
    const d = await dashboardFor(await districtActor(), { from: "2026-09", to: "2026-11" }, TODAY);
    if (!d || d === "not-found") throw new Error("no dashboard");
    const pupils = await districtPupils(1);
    expect(d.pupils).toBe(pupils);
    expect(d.reports).toEqual({ kind: "shown", value: 16 });
    expect(d.monthly.map((m) => m.reports)).toEqual([
      { kind: "shown", value: 7 },
      { kind: "shown", value: 9 },
      { kind: "shown", value: 0 },
    ]);
    expect(d.monthly[0]!.per1000).toBeCloseTo((7 * 1000) / pupils, 6);
    // 2 urgent of 16: the 2 is small, and 14 must go too, or 16 − 14 would give it away.
    expect(d.urgent).toEqual({ urgent: { kind: "small" }, other: { kind: "hidden" }, share: null });
    // 5 within a day, 2 within a week, 3 later, 6 not yet: the two small ones hide each other.
    expect([d.response.within24h, d.response.within7d, d.response.later, d.response.notYet]).toEqual([
      { kind: "shown", value: 5 },
      { kind: "small" },
      { kind: "small" },
      { kind: "shown", value: 6 },
    ]);
    // Ten answered: five after 60 minutes, two after two days, three after ten days → the median is 60 minutes.
    expect(d.response.medianMinutes).toBe(60);
    expect(d.response.share24h).toBeNull();
    expect(d.categories.find((c) => c.id === "verbal")!.reports).toEqual({ kind: "shown", value: 16 });
    expect(d.categories.find((c) => c.id === "cyber")!.reports).toEqual({ kind: "shown", value: 7 });
    // Cases: 2 open, 1 stopped; both small, each leaves the other uncertain (1..2).
    expect(d.outcomes.find((o) => o.id === "open")!.cases).toEqual({ kind: "small" });
    expect(d.outcomes.find((o) => o.id === "stopped")!.cases).toEqual({ kind: "small" });
    // Follow-ups 1 on time, 1 late, 1 overdue, 1 pending: four ones add to 4, which pins each → the whole line is withheld.
    expect(d.followUps.cells.map((c) => c.tasks.kind)).toEqual(["withheld", "withheld", "withheld", "withheld"]);
    // Schools of district 1: A 13, B 3, four with none. B is small; A is hidden with it (else 16 − 13 = 3).
    const a = d.schools.find((s) => s.id === ids.a)!;
    const b = d.schools.find((s) => s.id === ids.b)!;
    expect(a.reports).toEqual({ kind: "hidden" });
    expect(b.reports).toEqual({ kind: "small" });
    expect(a.per1000).toBeNull();
    expect(d.schools.filter((s) => s.reports.kind === "shown").every((s) => s.reports.kind === "shown" && s.reports.value === 0)).toBe(
      true,
    );
    // Unanswered for over a week: A (October) and B (October).
    expect(a.unansweredOverWeek && b.unansweredOverWeek && a.attention && b.attention).toBe(true);
    expect(d.schools.some((s) => s.id === ids.far)).toBe(false);
  });

  it("narrows reports and pupils by grade band, and sees the whole region for the region admin", async () => {
    const lower = await dashboardFor(await districtActor(), { from: "2026-09", to: "2026-11", band: "lower" }, TODAY);
    if (!lower || lower === "not-found") throw new Error("no dashboard");
    // Grades 5–9: A's 7 September reports (grade 7) and B's 3 (grade 8).
    expect(lower.reports).toEqual({ kind: "shown", value: 10 });
    expect(lower.pupils).toBe(await districtPupils(1, [5, 9]));
    const region = await dashboardFor(await regionActor(), { from: "2026-09", to: "2026-11" }, TODAY);
    if (!region || region === "not-found") throw new Error("no dashboard");
    expect(region.reports).toEqual({ kind: "shown", value: 25 });
    expect(region.monthly.map((m) => m.reports)).toEqual([
      { kind: "shown", value: 7 },
      { kind: "shown", value: 9 },
      { kind: "shown", value: 9 },
    ]);
    expect(region.schools.find((s) => s.id === ids.far)!.reports).toEqual({ kind: "shown", value: 9 });
    const summer = await dashboardFor(await regionActor(), { from: "2026-08", to: "2026-08" }, TODAY);
    if (!summer || summer === "not-found") throw new Error("no dashboard");
    expect(summer.reports).toEqual({ kind: "small" });
  });
});

describe("lesson coverage on the dashboard", () => {
  it("follows a newly logged lesson at once: the database's triggers mark the school for computing again", async () => {
    const actor = await districtActor();
    const before = await dashboardFor(actor, { from: "2026-09", to: "2026-11" }, TODAY);
    if (!before || before === "not-found") throw new Error("no dashboard");
    const cls = await db
      .selectFrom("classes")
      .select("id")
      .where("school_id", "=", ids.a)
      .where("grade", "=", 5)
      .orderBy("id")
      .executeTakeFirstOrThrow();
    const teacher = (await db.selectFrom("users").select("id").where("email", "=", "teacher@demo.senim.kz").executeTakeFirstOrThrow()).id;
    const { programmes } = await import("~/content/programmes");
    const unit = programmes.find((p) => p.id === "dosbol")!.units.find((u) => 5 >= u.grades[0] && 5 <= u.grades[1])!;
    for (const l of unit.lessons.slice(0, 3)) {
      await db
        .insertInto("lesson_entries")
        .values({
          class_id: cls.id,
          lesson_id: l.id,
          taught_on: "2026-10-01",
          minutes: 10,
          pupils_present: null,
          note: "",
          teacher_id: teacher,
          created_at: "2026-10-01T05:00:00Z",
          updated_at: "2026-10-01T05:00:00Z",
        })
        .execute();
    }
    const after = await dashboardFor(actor, { from: "2026-09", to: "2026-11" }, TODAY);
    if (!after || after === "not-found") throw new Error("no dashboard");
    const fresh = (await coverageOfSchools(actor, TODAY, [ids.a]))[0]!;
    const expected = fresh.coverage.dueByNow === 0 ? 1 : fresh.coverage.doneDue / fresh.coverage.dueByNow;
    expect(after.schools.find((s) => s.id === ids.a)!.coverageShare).toBeCloseTo(expected, 9);
    expect(after.schools.find((s) => s.id === ids.a)!.coverageShare).toBeGreaterThan(
      before.schools.find((s) => s.id === ids.a)!.coverageShare,
    );
  });
});

describe("the dashboard page", () => {
  it("shows the district official their district's aggregates, with tables, CSV links and sort links, and no child's words", async () => {
    const res = await app.request(`/district/dashboard?${period}&lang=en`, { headers: { cookie: cookies.district! } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Reports per 1,000 pupils by month");
    expect(html).toContain('href="/district/dashboard.csv?from=2026-09&amp;to=2026-11&amp;table=monthly"');
    expect(html).toContain("sort=reports");
    expect(html).not.toContain(secret);
    expect(html).not.toContain("AK9CJB");
    expect(html).not.toMatch(/\/school\/(reports|cases)\/\d/);
  });

  it("downloads a chart's numbers as CSV with the same suppression", async () => {
    const res = await app.request(`/district/dashboard.csv?${period}&table=urgent&lang=en`, { headers: { cookie: cookies.district! } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    const text = await res.text();
    expect(text).toContain("Urgent,<5");
    expect(text).toContain("Not urgent,x");
    const missing = await app.request(`/district/dashboard.csv?${period}&table=reports`, { headers: { cookie: cookies.district! } });
    expect(missing.status).toBe(404);
  });

  it("answers another district or its school with 404, like a missing one, and bad filters with 400", async () => {
    for (const q of [`district=${ids.district2}`, `school=${ids.far}`, "school=999999", "district=999999"]) {
      const res = await app.request(`/district/dashboard?${period}&${q}`, { headers: { cookie: cookies.district! } });
      expect(res.status, q).toBe(404);
      const csv = await app.request(`/district/dashboard.csv?${period}&${q}&table=monthly`, { headers: { cookie: cookies.district! } });
      expect(csv.status, q).toBe(404);
    }
    const regionWide = await app.request(`/district/dashboard?${period}&district=${ids.district2}`, {
      headers: { cookie: cookies.region! },
    });
    expect(regionWide.status).toBe(200);
    expect(await regionWide.text()).toContain("AK-9CJB");
    for (const q of ["from=2026-13", "from=2026-11&to=2026-09", "from=2019-01&to=2026-11", "band=middle", "school=abc", "sort=secret"]) {
      const res = await app.request(`/district/dashboard?${q}`, { headers: { cookie: cookies.district! } });
      expect(res.status, q).toBe(400);
    }
  });

  it("gives school staff no dashboard, and officials nothing at the level of a report or a case", async () => {
    const res = await app.request(`/district/dashboard?${period}`, { headers: { cookie: cookies.psychologist! } });
    expect(res.status).toBe(403);
    for (const path of [`/school/cases/${ids.caseId}`, `/school/reports/${ids.reportId}`, `/school/cases/${ids.caseId}/referrals`]) {
      for (const who of ["district", "region"]) {
        const page = await app.request(path, { headers: { cookie: cookies[who]! } });
        expect([403, 404], `${who} ${path}`).toContain(page.status);
        expect(await page.text()).not.toContain(secret);
      }
    }
  });
});
