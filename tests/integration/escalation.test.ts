import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { regionDb, regionFile, type RegionDb } from "../../db/regions.server";
import type { Database } from "../../db/schema";
import { seedDemoRegion } from "../../scripts/seed-demo";
import { createStaffAccount } from "~/domain/auth/staff-accounts.server";
import { actorFor } from "~/domain/policy/policy.server";
import { acknowledgeUrgentReport, runEscalation } from "~/domain/escalation/escalation.server";
import { drainOutbox } from "~/domain/notifications/deliveries.server";
import { mailerFromEnv } from "~/domain/notifications/mail.server";
import { hashReceiptCode } from "~/domain/reports/receipt-code.server";
import { en } from "~/i18n/en";
import { mailText, startSmtpSink } from "../support/smtp-sink";
import { receiptCodeFrom, signIn, startTestApp, validReport, type TestApp } from "../support/app";

// The escalation ladder through the real Remix handler and a real SQLite file, driven by a
// clock the test chooses: rungs fire on time, an acknowledgement at any rung stops the climb,
// a new database handle resumes it, out-of-hours and holidays start at the district, nothing is
// notified twice, and the mail outbox survives an SMTP outage.

let app: TestApp;
let db: RegionDb;
const REGION = "akmola";
const SCHOOL = "AK7K3M"; // psychologist@, deputy teacher@, director school-admin@ (demo seed)
const OTHER_SCHOOL = "AK4P9T"; // psychologist2@ only: no deputy, no director
const cookies: Record<string, string> = {};
const cookieOf = async (email: string) => (cookies[email] ??= await signIn(app, email));

// Kazakhstan is UTC+5 all year: 05:00Z is 10:00 at school.
const TUESDAY_10 = "2026-12-08T05:00:00.000Z";
const TUESDAY_20 = "2026-12-08T15:00:00.000Z";
const SATURDAY_10 = "2026-12-12T05:00:00.000Z";
const WINTER_HOLIDAYS_10 = "2027-01-05T05:00:00.000Z"; // a Tuesday in the winter holidays
const INDEPENDENCE_DAY_10 = "2026-12-16T05:00:00.000Z"; // a Wednesday, a day off
const later = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();
const run = (at: string, handle: RegionDb = db, queueMail = false) =>
  runEscalation({ db: handle, region: REGION }, new Date(at), { queueMail });

let reportCounter = 0;
async function urgentReport(school = SCHOOL, description = `I want to hurt myself ${++reportCounter}`): Promise<number> {
  const res = await app.request(`/r/${school}?lang=en`, { form: { ...validReport, categories: ["suicide_self_harm"], description } });
  expect(res.status).toBe(200);
  const code = receiptCodeFrom(await res.text());
  return (await db.selectFrom("reports").select("id").where("receipt_hash", "=", hashReceiptCode(code)).executeTakeFirstOrThrow()).id;
}

async function notified(reportId: number, handle: RegionDb = db) {
  return handle
    .selectFrom("notifications")
    .innerJoin("users", "users.id", "notifications.user_id")
    .select(["users.email", "notifications.rung"])
    .where("notifications.report_id", "=", reportId)
    .orderBy("notifications.id")
    .execute();
}
const emailsAt = async (reportId: number, rung: string) =>
  (await notified(reportId))
    .filter((n) => n.rung === rung)
    .map((n) => n.email)
    .sort();

async function acknowledgeAs(email: string, reportId: number, via: "report" | "notifications") {
  const cookie = await cookieOf(email);
  return via === "report"
    ? app.request(`/school/reports/${reportId}`, { headers: { cookie }, form: { intent: "acknowledge" } })
    : app.request("/staff/notifications", { headers: { cookie }, form: { intent: "acknowledge", reportId: String(reportId) } });
}

beforeAll(async () => {
  app = await startTestApp();
  await seedDemoRegion();
  db = (await regionDb(REGION))!;
  // The district official is on duty over the whole school year the test's clock moves in.
  const official = await db
    .selectFrom("users")
    .select(["id", "district_id"])
    .where("email", "=", "district@demo.senim.kz")
    .executeTakeFirstOrThrow();
  // A second official of the district, not on the roster: called only when nobody is on duty.
  await createStaffAccount({
    region: REGION,
    email: "district-b@test.senim.kz",
    password: "district-b-password",
    role: "district_official",
    displayName: "Official B",
    districtId: official.district_id!,
    language: "ru",
  });
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

// Each test's clock is its own: ladders left climbing by one test must not fire in the next.
afterEach(async () => {
  await db
    .updateTable("escalations")
    .set({ next_rung: null, next_at: null, morning_at: null })
    .where("acknowledged_at", "is", null)
    .execute();
});

describe("the ladder in school hours", () => {
  it("calls the psychologist and the deputy at once, the director after 15 minutes, the district's official on duty after 30, the region admin after 45", async () => {
    const id = await urgentReport();
    await run(TUESDAY_10);
    expect(await emailsAt(id, "school")).toEqual(["psychologist@demo.senim.kz", "teacher@demo.senim.kz"]);
    await run(later(TUESDAY_10, 14));
    expect(await emailsAt(id, "director")).toEqual([]);
    await run(later(TUESDAY_10, 15));
    expect(await emailsAt(id, "director")).toEqual(["school-admin@demo.senim.kz"]);
    await run(later(TUESDAY_10, 29));
    expect(await emailsAt(id, "district")).toEqual([]);
    await run(later(TUESDAY_10, 30));
    expect(await emailsAt(id, "district")).toEqual(["district@demo.senim.kz"]);
    await run(later(TUESDAY_10, 45));
    expect(await emailsAt(id, "region")).toEqual(["region@demo.senim.kz"]);
    const state = await db.selectFrom("escalations").selectAll().where("report_id", "=", id).executeTakeFirstOrThrow();
    expect(state).toMatchObject({
      out_of_hours: 0,
      next_rung: null,
      next_at: null,
      top_reached_at: later(TUESDAY_10, 45),
      acknowledged_at: null,
    });
    // Every step is logged with its time.
    const events = await db
      .selectFrom("escalation_events")
      .select(["kind", "rung", "at"])
      .where("report_id", "=", id)
      .orderBy("id")
      .execute();
    expect(events).toEqual([
      { kind: "started", rung: null, at: TUESDAY_10 },
      { kind: "rung", rung: "school", at: TUESDAY_10 },
      { kind: "rung", rung: "director", at: later(TUESDAY_10, 15) },
      { kind: "rung", rung: "district", at: later(TUESDAY_10, 30) },
      { kind: "rung", rung: "region", at: later(TUESDAY_10, 45) },
    ]);
    await run(later(TUESDAY_10, 600));
    expect(await notified(id)).toHaveLength(5);
  });

  const stops: Array<{ rung: number; who: string; via: "report" | "notifications" }> = [
    { rung: 0, who: "psychologist@demo.senim.kz", via: "report" },
    { rung: 0, who: "teacher@demo.senim.kz", via: "notifications" },
    { rung: 1, who: "school-admin@demo.senim.kz", via: "notifications" },
    { rung: 2, who: "district@demo.senim.kz", via: "notifications" },
    { rung: 3, who: "region@demo.senim.kz", via: "notifications" },
  ];
  for (const stop of stops) {
    it(`stops climbing when ${stop.who} acknowledges at rung ${stop.rung + 1}`, async () => {
      const id = await urgentReport();
      for (let r = 0; r <= stop.rung; r++) await run(later(TUESDAY_10, r * 15));
      const before = (await notified(id)).length;
      const res = await acknowledgeAs(stop.who, id, stop.via);
      expect(res.status).toBe(200);
      await run(later(TUESDAY_10, 24 * 60));
      expect((await notified(id)).length).toBe(before);
      const state = await db
        .selectFrom("escalations")
        .innerJoin("users", "users.id", "escalations.acknowledged_by")
        .select(["users.email", "escalations.acknowledged_at", "escalations.next_rung"])
        .where("report_id", "=", id)
        .executeTakeFirstOrThrow();
      expect(state.email).toBe(stop.who);
      expect(state.acknowledged_at).not.toBeNull();
      expect(state.next_rung).toBeNull();
    });
  }

  it("keeps the first acknowledgement: a second one changes nothing, and the report page names who and when", async () => {
    const id = await urgentReport();
    await run(TUESDAY_10);
    expect((await acknowledgeAs("teacher@demo.senim.kz", id, "notifications")).status).toBe(200);
    const first = await db
      .selectFrom("escalations")
      .select(["acknowledged_by", "acknowledged_at"])
      .where("report_id", "=", id)
      .executeTakeFirstOrThrow();
    const again = await acknowledgeAs("psychologist@demo.senim.kz", id, "report");
    expect(again.status).toBe(200);
    expect(await again.text()).toContain("Оны біреу бұрын растаған");
    expect(
      await db
        .selectFrom("escalations")
        .select(["acknowledged_by", "acknowledged_at"])
        .where("report_id", "=", id)
        .executeTakeFirstOrThrow(),
    ).toEqual(first);
    const page = await (
      await app.request(`/school/reports/${id}?lang=en`, { headers: { cookie: await cookieOf("psychologist@demo.senim.kz") } })
    ).text();
    expect(page).toContain("Acknowledged by Нұрлан Оспанов on");
    expect(
      (await db.selectFrom("escalation_events").select("id").where("report_id", "=", id).where("kind", "=", "acknowledged").execute())
        .length,
    ).toBe(1);
  });

  it("an acknowledgement before the timer ever saw the report means the ladder never starts", async () => {
    const id = await urgentReport();
    expect((await acknowledgeAs("psychologist@demo.senim.kz", id, "report")).status).toBe(200);
    await run(TUESDAY_10);
    expect(await notified(id)).toEqual([]);
  });

  it("a rung with nobody to call passes on at once: a school without a director goes to the district", async () => {
    const id = await urgentReport(OTHER_SCHOOL);
    await run(TUESDAY_10);
    expect(await emailsAt(id, "school")).toEqual(["psychologist2@demo.senim.kz"]);
    await run(later(TUESDAY_10, 15));
    expect(await emailsAt(id, "director")).toEqual([]);
    expect(await emailsAt(id, "district")).toEqual(["district@demo.senim.kz"]);
    const nobody = await db
      .selectFrom("escalation_events")
      .select(["rung"])
      .where("report_id", "=", id)
      .where("kind", "=", "nobody")
      .execute();
    expect(nobody).toEqual([{ rung: "director" }]);
  });

  it("a school whose only psychologist waits for the district's confirmation (four eyes) goes on to the district at once", async () => {
    await db.updateTable("users").set({ reading_confirmed_at: null }).where("email", "=", "psychologist2@demo.senim.kz").execute();
    try {
      const id = await urgentReport(OTHER_SCHOOL);
      // Each run fires what is due; a rung of nobody makes the next one due at once.
      for (let i = 0; i < 3; i++) await run(TUESDAY_10);
      expect(await emailsAt(id, "school")).toEqual([]);
      expect(await emailsAt(id, "district")).toEqual(["district@demo.senim.kz"]);
      const nobody = await db
        .selectFrom("escalation_events")
        .select(["rung"])
        .where("report_id", "=", id)
        .where("kind", "=", "nobody")
        .execute();
      expect(nobody).toEqual([{ rung: "school" }, { rung: "director" }]);
      // Nor can they stop the ladder: acknowledging needs the right to read.
      expect((await acknowledgeAs("psychologist2@demo.senim.kz", id, "notifications")).status).toBe(404);
    } finally {
      await db
        .updateTable("users")
        .set({ reading_confirmed_at: "2026-09-01T00:00:00.000Z" })
        .where("email", "=", "psychologist2@demo.senim.kz")
        .execute();
    }
  });

  it("shows the waiting count in the staff menu of whoever was called, until someone acknowledges", async () => {
    const id = await urgentReport();
    await run(TUESDAY_10);
    await run(later(TUESDAY_10, 15));
    const cookie = await cookieOf("school-admin@demo.senim.kz");
    const waiting = (html: string) => Number(/data-waiting="(\d+)"/.exec(html)?.[1] ?? 0);
    const page = await (await app.request("/staff/notifications?lang=en", { headers: { cookie } })).text();
    expect(waiting(page)).toBeGreaterThanOrEqual(1);
    expect(page).toContain(`Urgent report No. ${id}`);
    expect(page).not.toContain("I want to hurt myself");
    await acknowledgeAs("school-admin@demo.senim.kz", id, "notifications");
    const after = await (await app.request("/staff/notifications?lang=en", { headers: { cookie } })).text();
    expect(waiting(after)).toBe(waiting(page) - 1);
    expect(after).toContain("Acknowledged by Гүлнар Әбенова");
  });
});

describe("times of an urgent report", () => {
  it("are kept to the minute in every row the ladder writes about it, seconds after it arrived", async () => {
    const id = await urgentReport();
    // 12.345 s past the minute: the timer's first pass comes within seconds of a report.
    const at = new Date(Date.parse(TUESDAY_10) + 12_345).toISOString();
    await run(at, db, true);
    await acknowledgeUrgentReport(
      await actorFor(
        await db.selectFrom("users").selectAll().where("email", "=", "psychologist@demo.senim.kz").executeTakeFirstOrThrow(),
        REGION,
        db,
      ),
      id,
      new Date(Date.parse(at) + 7_777),
    );
    const escalation = await db.selectFrom("escalations").selectAll().where("report_id", "=", id).executeTakeFirstOrThrow();
    const events = await db.selectFrom("escalation_events").select("at").where("report_id", "=", id).execute();
    const notes = await db.selectFrom("notifications").select(["id", "created_at"]).where("report_id", "=", id).execute();
    const mails = await db
      .selectFrom("outbox")
      .select(["created_at", "next_attempt_at"])
      .where(
        "notification_id",
        "in",
        notes.map((n) => n.id),
      )
      .execute();
    const report = await db.selectFrom("reports").select("submitted_at").where("id", "=", id).executeTakeFirstOrThrow();
    const times = [
      report.submitted_at,
      escalation.started_at,
      escalation.acknowledged_at,
      ...events.map((e) => e.at),
      ...notes.map((n) => n.created_at),
      ...mails.flatMap((m) => [m.created_at, m.next_attempt_at]),
    ];
    expect(events.length).toBeGreaterThanOrEqual(3);
    expect(notes.length).toBeGreaterThan(0);
    expect(mails.length).toBe(notes.length);
    for (const t of times) expect(t, String(t)).toMatch(/T\d\d:\d\d:00\.000Z$/);
    expect(escalation.started_at).toBe(TUESDAY_10);
    // Sent by nobody here: the mail tests below drain the outbox and count what they queued.
    await db
      .deleteFrom("outbox")
      .where(
        "notification_id",
        "in",
        notes.map((n) => n.id),
      )
      .execute();
  });
});

describe("who may acknowledge", () => {
  it("answers 404 to another school's psychologist and to staff the ladder did not call, and records nothing", async () => {
    const id = await urgentReport();
    await run(TUESDAY_10);
    expect((await acknowledgeAs("psychologist2@demo.senim.kz", id, "report")).status).toBe(404);
    expect((await acknowledgeAs("psychologist2@demo.senim.kz", id, "notifications")).status).toBe(404);
    // Same school, but not called: a teacher outside the ladder, and the director before their rung.
    expect((await acknowledgeAs("teacher2@demo.senim.kz", id, "notifications")).status).toBe(404);
    expect((await acknowledgeAs("school-admin@demo.senim.kz", id, "notifications")).status).toBe(404);
    expect((await acknowledgeAs("district@demo.senim.kz", id, "notifications")).status).toBe(404);
    const state = await db.selectFrom("escalations").select("acknowledged_at").where("report_id", "=", id).executeTakeFirstOrThrow();
    expect(state.acknowledged_at).toBeNull();
  });

  it("answers 404 for a report that is not urgent", async () => {
    const res = await app.request(`/r/${SCHOOL}`, { form: validReport });
    const code = receiptCodeFrom(await res.text());
    const id = (await db.selectFrom("reports").select("id").where("receipt_hash", "=", hashReceiptCode(code)).executeTakeFirstOrThrow()).id;
    expect((await acknowledgeAs("psychologist@demo.senim.kz", id, "report")).status).toBe(404);
  });
});

describe("out of school hours", () => {
  for (const [name, at] of [
    ["in the evening", TUESDAY_20],
    ["on a Saturday", SATURDAY_10],
    ["in the winter holidays", WINTER_HOLIDAYS_10],
    ["on a public day off", INDEPENDENCE_DAY_10],
  ] as const) {
    it(`starts at the district's official on duty ${name}, with the duty and school psychologists, then the region admin`, async () => {
      const id = await urgentReport();
      await run(at);
      expect(await emailsAt(id, "district")).toEqual(["district@demo.senim.kz"]);
      expect(await emailsAt(id, "duty")).toEqual(["duty@demo.senim.kz"]);
      expect(await emailsAt(id, "reader")).toEqual(["psychologist@demo.senim.kz"]);
      await run(later(at, 15));
      expect(await emailsAt(id, "region")).toEqual(["region@demo.senim.kz"]);
      expect(await db.selectFrom("escalations").select("out_of_hours").where("report_id", "=", id).executeTakeFirstOrThrow()).toEqual({
        out_of_hours: 1,
      });
    });
  }

  it("calls whoever is on the roster, and every official of the district when nobody is", async () => {
    const id = await urgentReport();
    // 2027-06-02 is after the test's shift: a gap in the roster.
    await run("2027-06-02T15:00:00.000Z");
    expect(await emailsAt(id, "district")).toEqual(["district-b@test.senim.kz", "district@demo.senim.kz"]);
  });
});

describe("durable and never twice", () => {
  it("resumes mid-ladder from a new database handle on the same file, and the old handle repeats nothing", async () => {
    const id = await urgentReport();
    await run(TUESDAY_10);
    await run(later(TUESDAY_10, 15));
    const sqlite = new SQLite(regionFile(REGION));
    sqlite.pragma("busy_timeout = 5000");
    const restarted = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    try {
      await run(later(TUESDAY_10, 30), restarted);
      expect((await notified(id, restarted)).map((n) => n.rung)).toEqual(["school", "school", "director", "district"]);
      await run(later(TUESDAY_10, 30), db);
      await run(later(TUESDAY_10, 31), restarted);
      expect(await notified(id)).toHaveLength(4);
      await run(later(TUESDAY_10, 45), restarted);
      expect(await emailsAt(id, "region")).toEqual(["region@demo.senim.kz"]);
    } finally {
      await restarted.destroy();
    }
  });

  it("runs that overlap or repeat, on one handle or two, notify each person once per rung", async () => {
    const id = await urgentReport();
    const sqlite = new SQLite(regionFile(REGION));
    sqlite.pragma("busy_timeout = 5000");
    const second = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    try {
      // Interleaved at every await on one connection; then replayed from another connection
      // (better-sqlite3 blocks its thread on a lock, so two connections cannot overlap in one process).
      await Promise.all([run(TUESDAY_10, db), run(TUESDAY_10, db), run(TUESDAY_10, db)]);
      await run(TUESDAY_10, second);
      await Promise.all([run(later(TUESDAY_10, 15), db), run(later(TUESDAY_10, 15), db)]);
      await run(later(TUESDAY_10, 15), second);
    } finally {
      await second.destroy();
    }
    expect(await notified(id)).toEqual([
      { email: "psychologist@demo.senim.kz", rung: "school" },
      { email: "teacher@demo.senim.kz", rung: "school" },
      { email: "school-admin@demo.senim.kz", rung: "director" },
    ]);
    const started = await db
      .selectFrom("escalation_events")
      .select("id")
      .where("report_id", "=", id)
      .where("kind", "=", "started")
      .execute();
    expect(started).toHaveLength(1);
  });

  it("refuses a second notification of the same person for the same report and rung in the database itself", async () => {
    const id = await urgentReport();
    await run(TUESDAY_10);
    const first = await db.selectFrom("notifications").select(["user_id", "rung"]).where("report_id", "=", id).executeTakeFirstOrThrow();
    await expect(
      db.insertInto("notifications").values({ report_id: id, user_id: first.user_id, rung: first.rung, created_at: TUESDAY_10 }).execute(),
    ).rejects.toThrow(/UNIQUE/);
  });
});

describe("mail", () => {
  it("is off without SMTP settings", () => {
    expect(mailerFromEnv({})).toBeUndefined();
  });

  it("mails each person called once, with the school, the kind of danger and a link, never the child's words; an SMTP outage delays it and then it goes once", async () => {
    const sink = await startSmtpSink();
    const mailer = mailerFromEnv({ SMTP_URL: sink.url, MAIL_FROM: "Senim <senim@test.invalid>" })!;
    try {
      await db.updateTable("users").set({ language: "kk" }).where("email", "=", "psychologist@demo.senim.kz").execute();
      const words = `Мен өзіме зиян келтіргім келеді ${Date.now()}`;
      const id = await urgentReport(SCHOOL, words);
      await run(TUESDAY_10, db, true);
      expect(await drainOutbox(db, { email: mailer }, new Date(TUESDAY_10))).toEqual({ sent: 2, failed: 0 });
      expect(
        sink.received
          .map((m) => m.to)
          .flat()
          .sort(),
      ).toEqual(["psychologist@demo.senim.kz", "teacher@demo.senim.kz"]);
      const toPsychologist = mailText(sink.received.find((m) => m.to.includes("psychologist@demo.senim.kz"))!.raw);
      expect(toPsychologist).toContain("№1 жалпы білім беретін мектеп (Көкшетау қаласы)");
      expect(toPsychologist).toContain("Өз-өзіне қол жұмсау немесе өзіне зиян келтіру туралы ойлар"); // the category class, in her language
      expect(toPsychologist).toContain("http://localhost:3000/staff/notifications");
      expect(toPsychologist).toContain(`№ ${id}`);
      for (const m of sink.received) {
        expect(mailText(m.raw)).not.toContain(words);
        expect(mailText(m.raw)).not.toContain("зиян келтіргім");
      }
      expect(await drainOutbox(db, { email: mailer }, new Date(later(TUESDAY_10, 60)))).toEqual({ sent: 0, failed: 0 });

      expect((await acknowledgeAs("psychologist@demo.senim.kz", id, "report")).status).toBe(200);

      // SMTP down: the mails wait in the outbox.
      await sink.stop();
      const id2 = await urgentReport();
      const t2 = later(TUESDAY_10, 120);
      await run(t2, db, true);
      const outage = await drainOutbox(db, { email: mailer }, new Date(t2));
      expect(outage.failed).toBe(1);
      const waiting = await db
        .selectFrom("outbox")
        .innerJoin("notifications", "notifications.id", "outbox.notification_id")
        .select(["outbox.attempts", "outbox.sent_at", "outbox.last_error"])
        .where("notifications.report_id", "=", id2)
        .orderBy("outbox.id")
        .execute();
      expect(waiting.map((w) => w.sent_at)).toEqual([null, null]);
      expect(waiting[0]!.attempts).toBe(1);
      expect(waiting[0]!.last_error).not.toBe("");

      // Up again: each goes once.
      await sink.start();
      expect(await drainOutbox(db, { email: mailer }, new Date(later(t2, 20)))).toEqual({ sent: 2, failed: 0 });
      expect(await drainOutbox(db, { email: mailer }, new Date(later(t2, 40)))).toEqual({ sent: 0, failed: 0 });
      expect(sink.received).toHaveLength(4);
      expect(
        sink.received
          .slice(2)
          .map((m) => m.to)
          .flat()
          .sort(),
      ).toEqual(["psychologist@demo.senim.kz", "teacher@demo.senim.kz"]);
    } finally {
      mailer.close();
      await sink.stop();
    }
  });

  it("queues no mail when SMTP is not configured: in the app only", async () => {
    const id = await urgentReport();
    await run(TUESDAY_10, db, false);
    expect(await notified(id)).toHaveLength(2);
    const mails = await db
      .selectFrom("outbox")
      .innerJoin("notifications", "notifications.id", "outbox.notification_id")
      .select("outbox.id")
      .where("notifications.report_id", "=", id)
      .execute();
    expect(mails).toEqual([]);
  });
});

describe("what the reporter sees on /status", () => {
  const html = (text: string) => text.replace(/&/g, "&amp;").replace(/'/g, "&#x27;").replace(/"/g, "&quot;");
  it("says a person has seen the message once it is acknowledged, always with the numbers to call, and sets no cookie", async () => {
    const res = await app.request(`/r/${SCHOOL}?lang=en`, { form: { ...validReport, categories: ["weapon_attack"] } });
    const code = receiptCodeFrom(await res.text());
    const id = (await db.selectFrom("reports").select("id").where("receipt_hash", "=", hashReceiptCode(code)).executeTakeFirstOrThrow()).id;
    const status = () => app.request("/status?lang=en", { form: { intent: "open", code } });
    const before = await status();
    expect(before.headers.get("set-cookie")).toBeNull();
    const beforeText = await before.text();
    expect(beforeText).toContain(html(en["escalation.status.notYet"]));
    expect(beforeText).not.toContain(html(en["escalation.status.seen"]));
    expect(beforeText).toContain('href="tel:112"');
    expect(beforeText).toContain('href="tel:111"');
    expect(beforeText).not.toMatch(/<script[^>]*src=/);

    await run(TUESDAY_10);
    expect((await acknowledgeAs("teacher@demo.senim.kz", id, "notifications")).status).toBe(200);
    const afterText = await (await status()).text();
    expect(afterText).toContain(html(en["escalation.status.seen"]));
    expect(afterText).toContain('href="tel:112"');
    // Who acknowledged stays with the school.
    expect(afterText).not.toContain("Нұрлан");
  });

  it("shows the numbers to call on an ordinary report too, without the ladder's line", async () => {
    const res = await app.request(`/r/${SCHOOL}?lang=en`, { form: validReport });
    const code = receiptCodeFrom(await res.text());
    const text = await (await app.request("/status?lang=en", { form: { intent: "open", code } })).text();
    expect(text).toContain('href="tel:111"');
    expect(text).not.toContain(html(en["escalation.status.notYet"]));
  });
});

describe("the school's contacts and the district's roster", () => {
  const userId = async (email: string) =>
    (await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;

  it("lets the school admin name the deputy and the director, only from the school's own staff", async () => {
    const admin = await cookieOf("school-admin@demo.senim.kz");
    const page = await (await app.request("/school/escalation?lang=en", { headers: { cookie: admin } })).text();
    expect(page).toContain("School psychologists, always called first: Айгерім Серікқызы");
    expect((await app.request("/school/escalation", { headers: { cookie: await cookieOf("psychologist@demo.senim.kz") } })).status).toBe(
      403,
    );
    const director = String(await userId("school-admin@demo.senim.kz"));
    const otherSchools = String(await userId("psychologist2@demo.senim.kz"));
    expect((await app.request("/school/escalation", { headers: { cookie: admin }, form: { deputy: otherSchools, director } })).status).toBe(
      400,
    );
    expect((await app.request("/school/escalation", { headers: { cookie: admin }, form: { deputy: "x", director } })).status).toBe(400);
    expect(
      (
        await app.request("/school/escalation", {
          headers: { cookie: admin },
          form: { deputy: String(await userId("teacher2@demo.senim.kz")), director },
        })
      ).status,
    ).toBe(200);
    try {
      const id = await urgentReport();
      await run(TUESDAY_10);
      expect(await emailsAt(id, "school")).toEqual(["psychologist@demo.senim.kz", "teacher2@demo.senim.kz"]);
    } finally {
      await app.request("/school/escalation", {
        headers: { cookie: admin },
        form: { deputy: String(await userId("teacher@demo.senim.kz")), director },
      });
    }
    expect(
      await db
        .selectFrom("school_designations")
        .innerJoin("users", "users.id", "school_designations.user_id")
        .select(["designation", "users.email"])
        .orderBy("designation")
        .execute(),
    ).toEqual([
      { designation: "deputy", email: "teacher@demo.senim.kz" },
      { designation: "director", email: "school-admin@demo.senim.kz" },
    ]);
  });

  it("lets the district official keep the duty roster, and the ladder calls whoever is on it", async () => {
    const official = await cookieOf("district@demo.senim.kz");
    const other = String(await userId("district-b@test.senim.kz"));
    // 20:00 to 23:00 at school (UTC+5).
    const added = await app.request("/district/duty", {
      headers: { cookie: official },
      form: { intent: "add", userId: other, from: "2027-06-03T20:00", to: "2027-06-03T23:00" },
    });
    expect(added.status).toBe(200);
    const shift = await db
      .selectFrom("duty_shifts")
      .select(["starts_at", "ends_at"])
      .where("user_id", "=", Number(other))
      .executeTakeFirstOrThrow();
    expect(shift).toEqual({ starts_at: "2027-06-03T15:00:00.000Z", ends_at: "2027-06-03T18:00:00.000Z" });
    const id = await urgentReport();
    await run("2027-06-03T16:00:00.000Z");
    expect(await emailsAt(id, "district")).toEqual(["district-b@test.senim.kz"]);

    const page = await (await app.request("/district/duty?lang=en", { headers: { cookie: official } })).text();
    expect(page).toContain("Official B");
    expect(page).toContain("School hours in this region: days 1, 2, 3, 4, 5, 08:00–18:00");
    const bad = [
      { userId: String(await userId("region@demo.senim.kz")), from: "2027-06-04T20:00", to: "2027-06-04T23:00" },
      { userId: other, from: "2027-06-04T23:00", to: "2027-06-04T20:00" },
      { userId: other, from: "2027-06-04T20:00", to: "2027-08-04T20:00" },
      { userId: other, from: "tomorrow", to: "2027-06-04T20:00" },
    ];
    for (const form of bad)
      expect(
        (await app.request("/district/duty", { headers: { cookie: official }, form: { intent: "add", ...form } })).status,
        JSON.stringify(form),
      ).toBe(400);
    // Another district's shift answers like a missing one.
    const far = await db.selectFrom("districts").select("id").where("id", "!=", 1).orderBy("id").executeTakeFirstOrThrow();
    const farShift = await db
      .insertInto("duty_shifts")
      .values({
        district_id: far.id,
        user_id: Number(other),
        starts_at: "2027-06-01T00:00:00.000Z",
        ends_at: "2027-06-02T00:00:00.000Z",
        created_by: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    expect(
      (await app.request("/district/duty", { headers: { cookie: official }, form: { intent: "remove", shiftId: String(farShift.id) } }))
        .status,
    ).toBe(404);
    expect((await app.request("/district/duty", { headers: { cookie: await cookieOf("school-admin@demo.senim.kz") } })).status).toBe(403);
  });
});

describe("the top rung and the dashboard", () => {
  it("prepares the hand-off to 111 for the region admin without the child's words, and records it once", async () => {
    const words = `secret words for nobody else ${Date.now()}`;
    const id = await urgentReport(SCHOOL, words);
    for (const m of [0, 15, 30, 45]) await run(later(TUESDAY_10, m));
    const region = await cookieOf("region@demo.senim.kz");
    const page = await (await app.request("/staff/notifications?lang=en", { headers: { cookie: region } })).text();
    expect(page).toContain("Hand-off to the 111 contact centre");
    expect(page).toContain(`Senim urgent report No. ${id}`);
    expect(page).toContain("School: Secondary School No. 1 (Kokshetau City) (code AK7K3M), Kokshetau City, Akmola Region.");
    expect(page).toContain("Kind of danger: Thoughts of suicide or self-harm.");
    // Phones 111 can call back, not e-mail addresses (demo numbers, scripts/seed-demo.ts).
    expect(page).toContain("Гүлнар Әбенова, director, +7 700 000 0005");
    expect(page).toContain("Айгерім Серікқызы, school psychologist, +7 700 000 0001");
    expect(page).toContain("School phone: +7 716 200 0001");
    expect(page).toContain('href="tel:+77000000005"');
    expect(page).not.toContain(words);
    expect(
      (
        await app.request("/staff/notifications", {
          headers: { cookie: region },
          form: { intent: "handoff", reportId: String(id), channel: "fax" },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await app.request("/staff/notifications", {
          headers: { cookie: await cookieOf("district@demo.senim.kz") },
          form: { intent: "handoff", reportId: String(id), channel: "phone" },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await app.request("/staff/notifications", {
          headers: { cookie: region },
          form: { intent: "handoff", reportId: String(id), channel: "phone", reference: "111-4242" },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await app.request("/staff/notifications", {
          headers: { cookie: region },
          form: { intent: "handoff", reportId: String(id), channel: "sent", reference: "again" },
        })
      ).status,
    ).toBe(200);
    const state = await db
      .selectFrom("escalations")
      .select(["handoff_channel", "handoff_reference", "handoff_at"])
      .where("report_id", "=", id)
      .executeTakeFirstOrThrow();
    expect(state).toMatchObject({ handoff_channel: "phone", handoff_reference: "111-4242" });
    expect(
      await db.selectFrom("escalation_events").select("kind").where("report_id", "=", id).where("kind", "=", "handoff").execute(),
    ).toHaveLength(1);
  });

  it("shows officials the median and slowest time to acknowledgement per school and district, and the reports that reached the top — never the words", async () => {
    const SCHOOL_WITHOUT_STAFF = "AK8NQR"; // district 1, no accounts: the ladder goes straight to the district
    const words = `words officials never see ${Date.now()}`;
    const district = await db.selectFrom("users").selectAll().where("email", "=", "district@demo.senim.kz").executeTakeFirstOrThrow();
    const actor = await actorFor(district, REGION, db);
    const waits = [2, 30, 5];
    for (const minutes of waits) {
      const id = await urgentReport(SCHOOL_WITHOUT_STAFF, words);
      await run(TUESDAY_10);
      const submitted = (await db.selectFrom("reports").select("submitted_at").where("id", "=", id).executeTakeFirstOrThrow()).submitted_at;
      expect(await acknowledgeUrgentReport(actor, id, new Date(Date.parse(submitted) + minutes * 60_000))).toBe("acknowledged");
    }
    // A report stored before the ladder shipped: the migration gives it a row but it never climbed, so it is not measured.
    const legacy = await urgentReport(SCHOOL_WITHOUT_STAFF, words);
    await db
      .insertInto("escalations")
      .values({
        report_id: legacy,
        school_id: (await db.selectFrom("reports").select("school_id").where("id", "=", legacy).executeTakeFirstOrThrow()).school_id,
        started_at: TUESDAY_10,
        out_of_hours: 0,
        next_rung: null,
        next_at: null,
      })
      .execute();
    const page = await (
      await app.request("/district/urgent?lang=en", { headers: { cookie: await cookieOf("district@demo.senim.kz") } })
    ).text();
    const row = /<tr data-school="AK8NQR"[^]*?<\/tr>/.exec(page)?.[0] ?? "";
    expect(row).toMatch(/<td>3<\/td><td>5 min<\/td><td>30 min<\/td><td>0<\/td>/);
    expect(page).toMatch(/data-top-report="\d+"/);
    expect(page).not.toContain(words);
    expect(page).not.toContain("I want to hurt myself");
    const regionPage = await (
      await app.request("/district/urgent?lang=en", { headers: { cookie: await cookieOf("region@demo.senim.kz") } })
    ).text();
    expect(regionPage).toContain('data-school="AK8NQR"');
    expect((await app.request("/district/urgent", { headers: { cookie: await cookieOf("psychologist@demo.senim.kz") } })).status).toBe(403);
  });
});

describe("a reader at every hour", () => {
  // Kazakhstan time in the names; UTC+5 in the values.
  const TUESDAY_22 = "2026-12-08T17:00:00.000Z";
  const WEDNESDAY_08 = "2026-12-09T03:00:00.000Z";
  const FRIDAY_22 = "2026-12-11T17:00:00.000Z";
  const MONDAY_08 = "2026-12-14T03:00:00.000Z";
  const DAY_BEFORE_INDEPENDENCE_DAY_22 = "2026-12-15T17:00:00.000Z"; // Tuesday; Wednesday 16 December is a day off
  const THURSDAY_08 = "2026-12-17T03:00:00.000Z";
  const actorOf = async (email: string) =>
    actorFor(await db.selectFrom("users").selectAll().where("email", "=", email).executeTakeFirstOrThrow(), REGION, db);
  const views = async (userEmail: string, reportId: number) =>
    (
      await db
        .selectFrom("access_log")
        .innerJoin("users", "users.id", "access_log.user_id")
        .select("access_log.action")
        .where("users.email", "=", userEmail)
        .where("entity", "=", "report")
        .where("entity_id", "=", reportId)
        .execute()
    ).length;

  it("out of hours calls the duty psychologist and the school psychologist at once, and the school psychologist again when school opens", async () => {
    const id = await urgentReport();
    await run(TUESDAY_22);
    expect(await emailsAt(id, "duty")).toEqual(["duty@demo.senim.kz"]);
    expect(await emailsAt(id, "reader")).toEqual(["psychologist@demo.senim.kz"]);
    expect((await db.selectFrom("escalations").select("morning_at").where("report_id", "=", id).executeTakeFirstOrThrow()).morning_at).toBe(
      WEDNESDAY_08,
    );
    await run(later(WEDNESDAY_08, -1));
    expect(await emailsAt(id, "morning")).toEqual([]);
    await run(WEDNESDAY_08);
    await run(later(WEDNESDAY_08, 5));
    expect(await emailsAt(id, "morning")).toEqual(["psychologist@demo.senim.kz"]);
  });

  it("re-notifies on the next school day: Friday 22:00 → Monday 08:00, and a day off is skipped; not once someone acknowledged", async () => {
    const friday = await urgentReport();
    const acknowledged = await urgentReport();
    await run(FRIDAY_22);
    expect(await acknowledgeUrgentReport(await actorOf("duty@demo.senim.kz"), acknowledged, new Date(later(FRIDAY_22, 10)))).toBe(
      "acknowledged",
    );
    for (const at of ["2026-12-12T03:00:00.000Z", "2026-12-13T03:00:00.000Z", later(MONDAY_08, -1)]) await run(at);
    expect(await emailsAt(friday, "morning")).toEqual([]);
    await run(MONDAY_08);
    expect(await emailsAt(friday, "morning")).toEqual(["psychologist@demo.senim.kz"]);
    expect(await emailsAt(acknowledged, "morning")).toEqual([]);

    const holiday = await urgentReport();
    await run(DAY_BEFORE_INDEPENDENCE_DAY_22);
    await run("2026-12-16T03:00:00.000Z");
    expect(await emailsAt(holiday, "morning")).toEqual([]);
    await run(THURSDAY_08);
    expect(await emailsAt(holiday, "morning")).toEqual(["psychologist@demo.senim.kz"]);
  });

  it("a gap in the roster leaves nobody out: it is logged, and the deputy and director are called at once beside the district", async () => {
    // The roster names duty@demo.senim.kz; with no such account it is a gap.
    await db.updateTable("users").set({ email: "duty-away@demo.senim.kz" }).where("email", "=", "duty@demo.senim.kz").execute();
    try {
      const id = await urgentReport();
      await run(TUESDAY_22);
      expect(await emailsAt(id, "duty")).toEqual([]);
      expect(await emailsAt(id, "reader")).toEqual(["psychologist@demo.senim.kz", "school-admin@demo.senim.kz", "teacher@demo.senim.kz"]);
      expect(await emailsAt(id, "district")).toEqual(["district@demo.senim.kz"]);
      expect(
        await db
          .selectFrom("escalation_events")
          .select(["kind", "rung"])
          .where("report_id", "=", id)
          .where("kind", "=", "nobody")
          .execute(),
      ).toEqual([{ kind: "nobody", rung: "duty" }]);
      const page = await (
        await app.request(`/school/reports/${id}?lang=en`, { headers: { cookie: await cookieOf("psychologist@demo.senim.kz") } })
      ).text();
      expect(page).toContain("Duty psychologist");
    } finally {
      await db.updateTable("users").set({ email: "duty@demo.senim.kz" }).where("email", "=", "duty-away@demo.senim.kz").execute();
    }
  });

  it("the duty psychologist reads only the reports they were called for, only on duty, and every reading is logged", async () => {
    const { openReportOnDuty } = await import("~/domain/escalation/duty-reading.server");
    const duty = await actorOf("duty@demo.senim.kz");
    const words = `I am scared to go home tonight ${Date.now()}`;
    const called = await urgentReport(SCHOOL, words);
    await run(TUESDAY_22);
    // Urgent, in school hours: the school's own ladder, no duty call.
    const daytime = await urgentReport();
    await run(TUESDAY_10);
    // Another school's, out of hours but not this psychologist's call (the roster changed meanwhile).
    const otherSchool = await urgentReport(OTHER_SCHOOL);
    await db.updateTable("users").set({ email: "duty-away@demo.senim.kz" }).where("email", "=", "duty@demo.senim.kz").execute();
    await run(later(TUESDAY_22, 5));
    await db.updateTable("users").set({ email: "duty@demo.senim.kz" }).where("email", "=", "duty-away@demo.senim.kz").execute();
    expect(await emailsAt(otherSchool, "duty")).toEqual([]);

    const inShift = new Date(later(TUESDAY_22, 30));
    expect((await openReportOnDuty(duty, called, inShift))?.description).toBe(words);
    expect(await views("duty@demo.senim.kz", called)).toBe(1);
    expect(await openReportOnDuty(duty, daytime, inShift)).toBeUndefined();
    expect(await openReportOnDuty(duty, otherSchool, inShift)).toBeUndefined();
    // The shift ends at 08:00; the grace of 60 minutes lets them finish, then no more.
    expect(await openReportOnDuty(duty, called, new Date(later(WEDNESDAY_08, 59)))).toBeDefined();
    expect(await openReportOnDuty(duty, called, new Date(later(WEDNESDAY_08, 61)))).toBeUndefined();
    expect(await views("duty@demo.senim.kz", called)).toBe(2);
    // Another psychologist of another school, called for nothing, reads nothing.
    expect(await openReportOnDuty(await actorOf("psychologist2@demo.senim.kz"), called, inShift)).toBeUndefined();
    expect(await views("duty@demo.senim.kz", otherSchool)).toBe(0);

    // Through the pages, at 22:30 on the school clock: the words, the call list with tel: links, then off duty a 404.
    process.env.SENIM_NOW = "2026-12-08T22:30";
    try {
      const cookie = await cookieOf("duty@demo.senim.kz");
      const notifications = await (await app.request("/staff/notifications?lang=en", { headers: { cookie } })).text();
      expect(notifications).toContain(`href="/staff/urgent/${called}"`);
      expect(notifications).toContain('href="tel:+77000000001"'); // the school psychologist
      expect(notifications).toContain('href="tel:+77162000001"'); // the school
      expect(notifications).not.toContain(words);
      const page = await app.request(`/staff/urgent/${called}?lang=en`, { headers: { cookie } });
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain(words);
      expect(html).toContain('href="tel:111"');
      expect(html).toContain("Жанар Төлеуова, duty psychologist");
      expect((await app.request(`/staff/urgent/${daytime}`, { headers: { cookie } })).status).toBe(404);
      expect((await app.request(`/staff/urgent/${otherSchool}`, { headers: { cookie } })).status).toBe(404);
      expect((await app.request(`/staff/urgent/${called}`, { headers: { cookie: await cookieOf("district@demo.senim.kz") } })).status).toBe(
        404,
      );
      expect((await app.request(`/staff/urgent/${called}`, { headers: { cookie }, form: { intent: "acknowledge" } })).status).toBe(200);
      expect(
        (
          await db
            .selectFrom("escalations")
            .innerJoin("users", "users.id", "escalations.acknowledged_by")
            .select("users.email")
            .where("report_id", "=", called)
            .executeTakeFirstOrThrow()
        ).email,
      ).toBe("duty@demo.senim.kz");
      process.env.SENIM_NOW = "2026-12-09T10:00";
      expect((await app.request(`/staff/urgent/${called}`, { headers: { cookie } })).status).toBe(404);
      expect(await (await app.request("/staff/notifications?lang=en", { headers: { cookie } })).text()).toContain(
        "You can read the report only while you are on duty.",
      );
    } finally {
      delete process.env.SENIM_NOW;
    }
  });

  it("staff keep their phone on /staff/account: a bad number is a translated 400, a good one is stored as +7XXXXXXXXXX", async () => {
    const cookie = await cookieOf("psychologist2@demo.senim.kz");
    const bad = await app.request("/staff/account?lang=ru", { headers: { cookie }, form: { intent: "phone", phone: "12345" } });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Запишите номер как +7XXXXXXXXXX");
    expect(
      (await app.request("/staff/account", { headers: { cookie }, form: { intent: "phone", phone: "8 (701) 234-56-78" } })).status,
    ).toBe(200);
    expect(
      (await db.selectFrom("users").select("phone").where("email", "=", "psychologist2@demo.senim.kz").executeTakeFirstOrThrow()).phone,
    ).toBe("+77012345678");
    const admin = await cookieOf("school-admin@demo.senim.kz");
    expect(
      (await app.request("/school/escalation", { headers: { cookie: admin }, form: { intent: "phone", phone: "+7 716 2" } })).status,
    ).toBe(400);
    expect(
      (await app.request("/school/escalation", { headers: { cookie }, form: { intent: "phone", phone: "+77162999999" } })).status,
    ).toBe(403);
  });
});
