import "../support/raise-rate-limits";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { regionDb, type RegionDb } from "../../db/regions.server";
import { seedDemoRegion } from "../../scripts/seed-demo";
import { runEscalation } from "~/domain/escalation/escalation.server";
import { INBOX_PAGE_SIZE } from "~/domain/reports/inbox.server";
import { hashReceiptCode } from "~/domain/reports/receipt-code.server";
import { receiptCodeFrom, signIn, startTestApp, validReport, type TestApp } from "../support/app";

// Issue #12, a flood, through the real handler and a real SQLite file: the inbox pages over every
// report and counts them all, a burst of urgent reports reaches each person once (≤ 3 in all), and
// the school's psychologist sets a flood aside and restores it, logged, refused for other schools.

let app: TestApp;
let db: RegionDb;
const REGION = "akmola";
const SCHOOL = "AK7K3M"; // psychologist@, deputy teacher@, director school-admin@
const OTHER_SCHOOL = "AK4P9T"; // psychologist2@
const cookies: Record<string, string> = {};
const as = async (email: string, path: string, form?: Record<string, string | string[]>) =>
  app.request(path, { headers: { cookie: (cookies[email] ??= await signIn(app, email)) }, form });

const TUESDAY_10 = "2026-12-08T05:00:00.000Z"; // 10:00 at school
const later = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();
const run = (at: string, queueMail = false) => runEscalation({ db, region: REGION }, new Date(at), { queueMail });

async function send(school: string, urgent: boolean, description: string): Promise<number> {
  const res = await app.request(`/r/${school}?lang=en`, {
    form: { ...validReport, categories: urgent ? ["suicide_self_harm"] : validReport.categories, description },
  });
  expect(res.status).toBe(200);
  const code = receiptCodeFrom(await res.text());
  return (await db.selectFrom("reports").select("id").where("receipt_hash", "=", hashReceiptCode(code)).executeTakeFirstOrThrow()).id;
}
/** Many reports at once, ten in flight at a time, as a scripted flood would send them. */
async function flood(school: string, n: number, urgent: boolean): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < n; i += 10)
    ids.push(...(await Promise.all(Array.from({ length: Math.min(10, n - i) }, (_, j) => send(school, urgent, `flood ${i + j}`)))));
  return ids;
}
const idsOn = (html: string) => [...html.matchAll(/href="\/school\/reports\/(\d+)"/g)].map((m) => Number(m[1]));
const badge = (html: string, view: string) =>
  Number(
    new RegExp(`data-view="${view}"[^>]*>[^<]*<!-- -->\\s*<span[^>]*>(\\d+)<`).exec(html)?.[1] ??
      new RegExp(`data-view="${view}"[^>]*>[^<]*<span[^>]*>(\\d+)<`).exec(html)?.[1],
  );

beforeAll(async () => {
  app = await startTestApp();
  await seedDemoRegion();
  db = (await regionDb(REGION))!;
  const official = await db
    .selectFrom("users")
    .select(["id", "district_id"])
    .where("email", "=", "district@demo.senim.kz")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("duty_shifts")
    .values({
      district_id: official.district_id!,
      user_id: official.id,
      starts_at: "2026-09-01T00:00:00.000Z",
      ends_at: "2027-06-01T00:00:00.000Z",
      created_by: null,
    })
    .execute();
});

afterAll(async () => {
  await app?.stop();
});

describe("the inbox under a flood", () => {
  it(
    "pages over 1,200 reports with the filter kept, counts them all, and puts a new report on the first page of “new”",
    { timeout: 120_000 },
    async () => {
      const before = await db
        .selectFrom("reports")
        .innerJoin("schools", "schools.id", "reports.school_id")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("schools.code", "=", OTHER_SCHOOL)
        .executeTakeFirstOrThrow();
      const flooded = await flood(OTHER_SCHOOL, 1200, false);
      const total = Number(before.n) + 1200;
      const first = await (await as("psychologist2@demo.senim.kz", "/school/reports?status=new&lang=en")).text();
      expect(badge(first, "new")).toBe(total);
      expect(badge(first, "all")).toBe(total);
      expect(idsOn(first)).toHaveLength(INBOX_PAGE_SIZE);
      expect(idsOn(first)[0]).toBe(flooded.at(-1));
      const pages = Math.ceil(total / INBOX_PAGE_SIZE);
      expect(first).toContain(`Page 1 of ${pages}`);
      expect(first).toContain(`href="/school/reports?status=new&amp;page=2"`);
      // Every report is on exactly one page of "new": nothing is capped.
      const seen = new Set(idsOn(first));
      for (let page = 2; page <= pages; page++)
        for (const id of idsOn(await (await as("psychologist2@demo.senim.kz", `/school/reports?status=new&page=${page}`)).text()))
          seen.add(id);
      expect(seen.size).toBe(total);
      for (const id of flooded) expect(seen.has(id)).toBe(true);
      // The category filter is kept in the pages' links.
      const verbal = await (await as("psychologist2@demo.senim.kz", "/school/reports?status=new&category=verbal")).text();
      expect(verbal).toContain(`href="/school/reports?status=new&amp;category=verbal&amp;page=2"`);
      // A child's report sent after the flood is the first of "new".
      const fresh = await send(OTHER_SCHOOL, false, "A new one after the flood");
      expect(idsOn(await (await as("psychologist2@demo.senim.kz", "/school/reports?status=new")).text())[0]).toBe(fresh);
      // A page past the end shows the last page, not an error.
      expect(idsOn(await (await as("psychologist2@demo.senim.kz", "/school/reports?status=new&page=999")).text()).length).toBeGreaterThan(
        0,
      );
    },
  );
});

describe("a burst of urgent reports", () => {
  let burst: number[] = [];
  let genuine = 0;
  const perPerson = async (ids: number[]) => {
    const rows = await db
      .selectFrom("notifications")
      .innerJoin("users", "users.id", "notifications.user_id")
      .select(["users.email", (eb) => eb.fn.countAll<number>().as("n")])
      .where((eb) => eb.or([eb("notifications.report_id", "in", ids), eb("notifications.burst_id", "is not", null)]))
      .groupBy("users.email")
      .execute();
    return Object.fromEntries(rows.map((r) => [r.email, Number(r.n)]));
  };
  const arrived = (ids: number[], at: string) => db.updateTable("reports").set({ submitted_at: at }).where("id", "in", ids).execute();

  it(
    "gives each person on the ladder one grouped alert per rung, at most 3 notifications in all, and links it to the inbox",
    { timeout: 60_000 },
    async () => {
      // Two urgent reports a minute apart are two reports: each reaches the first rung on its own.
      const early = await flood(SCHOOL, 2, true);
      await arrived(early, later(TUESDAY_10, -1));
      await run(later(TUESDAY_10, -1), true);
      expect(await perPerson(early)).toEqual({ "psychologist@demo.senim.kz": 2, "teacher@demo.senim.kz": 2 });
      // Then 40 more in the same minute: a burst. One grouped alert each, not 40.
      const rest = await flood(SCHOOL, 40, true);
      await arrived(rest, TUESDAY_10);
      burst = [...early, ...rest];
      await run(TUESDAY_10, true);
      expect(await perPerson(burst)).toEqual({ "psychologist@demo.senim.kz": 3, "teacher@demo.senim.kz": 3 });
      const grouped = await db
        .selectFrom("notifications")
        .innerJoin("users", "users.id", "notifications.user_id")
        .select(["users.email", "notifications.rung", "notifications.id"])
        .where("notifications.burst_id", "is not", null)
        .execute();
      expect(grouped.map((g) => `${g.email} ${g.rung}`).sort()).toEqual([
        "psychologist@demo.senim.kz school",
        "teacher@demo.senim.kz school",
      ]);
      const mail = await db
        .selectFrom("outbox")
        .select(["to_address", "subject", "body"])
        .where("channel", "=", "email")
        .where("notification_id", "=", grouped.find((g) => g.email.startsWith("psychologist"))!.id)
        .executeTakeFirstOrThrow();
      expect(mail.to_address).toBe("psychologist@demo.senim.kz");
      expect(mail.body).toContain("шұғыл хабарламалар: 42"); // the psychologist reads Kazakh
      expect(mail.body).toContain("/school/reports?status=urgent");
      expect(mail.body).not.toContain("flood 1");
      // A genuine report in the middle of the burst: no new notification, but it tops the urgent view.
      genuine = await send(SCHOOL, true, "Please help, he has a knife");
      await arrived([genuine], later(TUESDAY_10, 2));
      await run(later(TUESDAY_10, 2), true);
      expect(
        (await db.selectFrom("escalations").select("burst_id").where("report_id", "=", genuine).executeTakeFirstOrThrow()).burst_id,
      ).not.toBeNull();
      const urgentView = await (await as("psychologist@demo.senim.kz", "/school/reports?status=urgent&lang=en")).text();
      expect(idsOn(urgentView)[0]).toBe(genuine);
      expect(badge(urgentView, "urgent")).toBe(43);
      // The ladder still climbs: the director gets one grouped alert at the next rung, the district one after.
      await run(later(TUESDAY_10, 14), true);
      await run(later(TUESDAY_10, 15), true);
      await run(later(TUESDAY_10, 17), true);
      await run(later(TUESDAY_10, 30), true);
      const counts = await perPerson([...burst, genuine]);
      expect(counts["school-admin@demo.senim.kz"]).toBe(1);
      expect(counts["district@demo.senim.kz"]).toBe(1);
      for (const [email, n] of Object.entries(counts)) expect(n, email).toBeLessThanOrEqual(3);
      // The in-app alert names the burst and sends the psychologist to the urgent view.
      const notifications = await (await as("psychologist@demo.senim.kz", "/staff/notifications?lang=en")).text();
      expect(notifications).toContain("urgent reports in");
      expect(notifications).toContain(`href="/school/reports?status=urgent"`);
    },
  );

  it(
    "lets the school's psychologist set a page of the flood aside in one action, logged and reversible; refuses other schools' ids and other roles",
    { timeout: 60_000 },
    async () => {
      const fake = burst.slice(0, 30);
      const psychologist = "psychologist@demo.senim.kz";
      // Another school's psychologist, a teacher of the school, and a mixed selection are all refused, and change nothing.
      expect((await as("psychologist2@demo.senim.kz", "/school/reports", { intent: "set_aside", ids: fake.map(String) })).status).toBe(404);
      expect((await as("teacher@demo.senim.kz", "/school/reports", { intent: "set_aside", ids: fake.map(String) })).status).toBe(404);
      const otherSchoolReport = await send(OTHER_SCHOOL, true, "Another school's report");
      expect(
        (await as(psychologist, "/school/reports", { intent: "set_aside", ids: [...fake.map(String), String(otherSchoolReport)] })).status,
      ).toBe(404);
      expect(await db.selectFrom("reports").select("id").where("not_genuine_at", "is not", null).execute()).toEqual([]);
      expect((await as(psychologist, "/school/reports?lang=en", { intent: "set_aside", ids: [] })).status).toBe(400);

      const res = await as(psychologist, "/school/reports?status=urgent&lang=en", { intent: "set_aside", ids: fake.map(String) });
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain("Reports set aside as not genuine: 30");
      expect(badge(html, "urgent")).toBe(13);
      expect(badge(html, "not_genuine")).toBe(30);
      for (const id of idsOn(html)) expect(fake).not.toContain(id);
      const log = await db.selectFrom("access_log").select(["entity_id", "action"]).where("action", "=", "not_genuine").execute();
      expect(log.map((l) => l.entity_id).sort((a, b) => a - b)).toEqual([...fake].sort((a, b) => a - b));
      // Their ladder waits: the region's rung at 45 minutes reaches nobody for them.
      const ladderBefore = await db
        .selectFrom("escalations")
        .select(["report_id", "next_rung", "next_at"])
        .where("report_id", "in", fake)
        .execute();
      await run(later(TUESDAY_10, 60));
      expect(
        await db.selectFrom("notifications").select("id").where("report_id", "in", fake).where("rung", "=", "region").execute(),
      ).toEqual([]);
      expect(
        await db.selectFrom("escalations").select(["report_id", "next_rung", "next_at"]).where("report_id", "in", fake).execute(),
      ).toEqual(ladderBefore);
      // The "not genuine" view lists them; restoring its page brings them back and the ladder resumes.
      const aside = await (await as(psychologist, "/school/reports?status=not_genuine&lang=en")).text();
      expect(idsOn(aside).sort()).toEqual(fake.map(Number).sort());
      const restored = await (
        await as(psychologist, "/school/reports?status=not_genuine&lang=en", { intent: "restore_page", pageIds: fake.map(String) })
      ).text();
      expect(restored).toContain("Reports restored: 30");
      expect(badge(restored, "not_genuine")).toBe(0);
      expect(await db.selectFrom("access_log").select("id").where("action", "=", "restore_genuine").execute()).toHaveLength(30);
      await run(later(TUESDAY_10, 61));
      expect(
        await db
          .selectFrom("escalations")
          .select("report_id")
          .where("report_id", "in", fake)
          .where("top_reached_at", "is not", null)
          .execute(),
      ).toHaveLength(30);
      // The school admin's audit page names the action.
      const audit = await (await as("school-admin@demo.senim.kz", "/staff/audit?lang=en")).text();
      expect(audit).toContain("set aside as not genuine");
      expect(audit).toContain("restored as genuine");
    },
  );
});
