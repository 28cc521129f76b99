import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { regionDb, type RegionDb } from "../../db/regions.server";
import { seedDemoRegion } from "../../scripts/seed-demo";
import { addDays, localToday } from "~/domain/calendar/local-date";
import { prepareDailyDigests } from "~/domain/notifications/digests.server";
import { drainOutbox } from "~/domain/notifications/deliveries.server";
import { mailerFromEnv } from "~/domain/notifications/mail.server";
import { ru } from "~/i18n/ru";
import { signIn, startTestApp, validReport, type TestApp } from "../support/app";
import { mailText, startSmtpSink } from "../support/smtp-sink";
import { withoutScripts } from "../support/html";

let app: TestApp;
let db: RegionDb;
const today = localToday();
/** 06:00 and 08:00 in Kazakhstan (UTC+5) on the school clock's day. */
const early = new Date(`${today}T01:00:00Z`);
const morning = new Date(`${today}T03:00:00Z`);
const userId = async (email: string) => (await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;

beforeAll(async () => {
  app = await startTestApp();
  await seedDemoRegion();
  db = (await regionDb("akmola"))!;
  const psychologist = await signIn(app, "psychologist@demo.senim.kz");
  // An unanswered report two days old, and one from this morning (not yet a day).
  for (const description of ["Старое сообщение DIGEST-WORDS", "Свежее сообщение"])
    expect((await app.request("/r/AK7K3M", { form: { ...validReport, description } })).status).toBe(200);
  const [old, fresh] = await db.selectFrom("reports").select("id").orderBy("id").execute();
  await db
    .updateTable("reports")
    .set({ submitted_at: new Date(morning.getTime() - 48 * 3_600_000).toISOString() })
    .where("id", "=", old!.id)
    .execute();
  await db
    .updateTable("reports")
    .set({ submitted_at: new Date(morning.getTime() - 3_600_000).toISOString() })
    .where("id", "=", fresh!.id)
    .execute();
  // A case of this school with a task overdue since yesterday, and a referral past its answer date.
  const opened = await app.request("/school/cases", {
    headers: { cookie: psychologist },
    form: { intent: "from-reports", reportIds: String(old!.id), model: "kiva" },
  });
  const caseId = Number(/\/school\/cases\/(\d+)/.exec(opened.headers.get("location")!)![1]);
  await app.request(`/school/cases/${caseId}`, {
    headers: { cookie: psychologist },
    form: { intent: "person-add", role: "target", name: "Дамир DIGEST-NAME", classLabel: "7Б", notes: "" },
  });
  expect(
    (
      await app.request(`/school/cases/${caseId}`, {
        headers: { cookie: psychologist },
        form: { intent: "screen", criteria: ["repeated", "power_imbalance", "intent_to_harm"], result: "bullying", note: "" },
      })
    ).status,
  ).toBe(302);
  const task = await db.selectFrom("case_tasks").select("id").where("case_id", "=", caseId).orderBy("id").executeTakeFirstOrThrow();
  await db
    .updateTable("case_tasks")
    .set({ due_on: addDays(today, -1), owner_id: await userId("psychologist@demo.senim.kz") })
    .where("id", "=", task.id)
    .execute();
  const service = (await db.selectFrom("services").select("id").orderBy("id").executeTakeFirstOrThrow()).id;
  await db
    .insertInto("referrals")
    .values({
      case_id: caseId,
      service_id: service,
      consent_basis: "consent",
      summary: "Кратко",
      status: "sent",
      sent_by: await userId("psychologist@demo.senim.kz"),
      sent_at: early.toISOString(),
      respond_by: addDays(today, -1),
    })
    .execute();
});
afterAll(() => app.stop());

describe("the daily digest", () => {
  it("waits for the school day, then writes one digest a person with their own counts and mails only those with something waiting", async () => {
    const sink = await startSmtpSink();
    const mailer = mailerFromEnv({ SMTP_URL: sink.url, MAIL_FROM: "Senim <senim@test.invalid>" })!;
    try {
      expect(await prepareDailyDigests({ db, region: "akmola" }, early, { queueMail: true })).toBe(0);
      expect(await prepareDailyDigests({ db, region: "akmola" }, morning, { queueMail: true })).toBeGreaterThan(3);
      const digest = async (email: string) =>
        db
          .selectFrom("digests")
          .selectAll()
          .where("user_id", "=", await userId(email))
          .where("day", "=", today)
          .executeTakeFirstOrThrow();
      expect(await digest("psychologist@demo.senim.kz")).toMatchObject({ overdue_tasks: 1, unanswered_reports: 1, overdue_referrals: 1 });
      // Not on the team, nothing given to her: a digest of zeros, and no mail.
      expect(await digest("teacher2@demo.senim.kz")).toMatchObject({ overdue_tasks: 0, unanswered_reports: 0, overdue_referrals: 0 });
      // The other school's psychologist sees nothing of this school.
      expect(await digest("psychologist2@demo.senim.kz")).toMatchObject({ overdue_tasks: 0, unanswered_reports: 0, overdue_referrals: 0 });

      // The school's anti-bullying team shares its cases' overdue tasks; only the psychologist reads reports.
      expect(await digest("teacher@demo.senim.kz")).toMatchObject({ overdue_tasks: 1, unanswered_reports: 0, overdue_referrals: 1 });
      expect(await drainOutbox(db, { email: mailer }, morning)).toEqual({ sent: 3, failed: 0 });
      expect(sink.received.map((m) => m.to[0]).sort()).toEqual([
        "psychologist@demo.senim.kz",
        "school-admin@demo.senim.kz",
        "teacher@demo.senim.kz",
      ]);
      for (const mail of sink.received) {
        const text = mailText(mail.raw);
        expect(text).not.toContain("DIGEST-WORDS");
        expect(text).not.toContain("DIGEST-NAME");
      }

      // Every tick of the day after that changes nothing.
      expect(await prepareDailyDigests({ db, region: "akmola" }, new Date(morning.getTime() + 3_600_000), { queueMail: true })).toBe(0);
      expect(await drainOutbox(db, { email: mailer }, new Date(morning.getTime() + 3_600_000))).toEqual({ sent: 0, failed: 0 });
    } finally {
      mailer.close();
      await sink.stop();
    }
  });

  it("is shown in the app, to its person only", async () => {
    const page = await (
      await app.request("/staff/notifications?lang=ru", { headers: { cookie: await signIn(app, "psychologist@demo.senim.kz") } })
    ).text();
    expect(page).toContain(ru["digest.title"]);
    expect(page).toContain(ru["digest.reports"].replace("{count}", "1"));
    const other = await (
      await app.request("/staff/notifications?lang=ru", { headers: { cookie: await signIn(app, "teacher2@demo.senim.kz") } })
    ).text();
    expect(withoutScripts(other)).not.toContain(ru["digest.title"]);
  });
});
