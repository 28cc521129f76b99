import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { regionDb, type RegionDb } from "../../db/regions.server";
import { seedDemoRegion } from "../../scripts/seed-demo";
import { caseContent } from "~/content/case-models";
import { reportOptions } from "~/content/content";
import { serviceKinds } from "~/content/services";
import { localToday, schoolNowIso } from "~/domain/calendar/local-date";
import { addWorkingDays } from "~/domain/referrals/referrals.server";
import { seedRegionServices } from "~/domain/referrals/services.server";
import { kk } from "~/i18n/kk";
import { ru } from "~/i18n/ru";
import { signIn, startTestApp, validReport } from "../support/app";
import { html } from "../support/html";

// Referrals through the real Remix handler and a real SQLite database: the directory, sending
// with consent and a reviewed summary, the service's answers, the boundaries between schools
// and services, and the overdue counts officials see.

let app: Awaited<ReturnType<typeof startTestApp>>;
let db: RegionDb;
const cookies: Record<string, string> = {};

const SCHOOL = "AK7K3M"; // district 1, psychologist@
const OTHER_SCHOOL = "AK4P9T"; // district 1, psychologist2@
const FAR_SCHOOL = "AK9CJB"; // district 2
const today = localToday();

/** Text as React writes it into HTML. */
const fill = (template: string, vars: Record<string, string | number>) => template.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k]));
async function textOf(res: Response): Promise<string> {
  return (await res.text()).replaceAll("\0", "");
}

const ids = {
  school: 0,
  otherSchool: 0,
  farSchool: 0,
  psychologist: 0,
  service: 0,
  service2: 0,
  psychCentre: 0,
  police: 0,
  health: 0,
  caseId: 0,
  reportId: 0,
};
const people = { target: "Айдана Смағұлова", initiator: "Ерлан Қасымов" };
const markers = {
  description: `reporter-words-${Date.now()}`,
  contact: `Reporter Name ${Date.now()}`,
  message: `reporter-chat-${Date.now()}`,
  agreed: `Ерлан будет здороваться и садиться отдельно ${Date.now()}`,
};

const userId = async (email: string) => (await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
const schoolId = async (code: string) =>
  (await db.selectFrom("schools").select("id").where("code", "=", code).executeTakeFirstOrThrow()).id;
const serviceOf = async (kind: string) =>
  (await db.selectFrom("services").select("id").where("kind", "=", kind).orderBy("id").executeTakeFirstOrThrow()).id;
const referralCount = async () =>
  Number(
    (
      await db
        .selectFrom("referrals")
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

async function insertCase(school: number, opener: number): Promise<number> {
  const now = schoolNowIso();
  const row = await db
    .insertInto("cases")
    .values({
      school_id: school,
      model: "kiva",
      status: "open",
      origin: "concern",
      concern_source: "teacher",
      opened_by: opener,
      opened_at: now,
      screening_result: "bullying",
      screened_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

async function insertReferral(values: {
  caseId: number;
  serviceId: number;
  status: "sent" | "accepted" | "declined" | "completed";
  respondBy: string;
  answeredAt?: string;
  summary?: string;
}) {
  const row = await db
    .insertInto("referrals")
    .values({
      case_id: values.caseId,
      service_id: values.serviceId,
      consent_basis: "consent",
      guardian_consent: "Мать, по телефону",
      child_voice: "Согласна",
      summary: values.summary ?? "Сводка",
      status: values.status,
      sent_by: ids.psychologist,
      sent_at: "2026-11-02T05:00:00.000Z",
      respond_by: values.respondBy,
      answered_by: values.answeredAt ? ids.service : null,
      answered_at: values.answeredAt ?? null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

beforeAll(async () => {
  app = await startTestApp();
  await seedDemoRegion();
  db = (await regionDb("akmola"))!;
  ids.school = await schoolId(SCHOOL);
  ids.otherSchool = await schoolId(OTHER_SCHOOL);
  ids.farSchool = await schoolId(FAR_SCHOOL);
  ids.psychologist = await userId("psychologist@demo.senim.kz");
  ids.service = await userId("service@demo.senim.kz");
  ids.service2 = await userId("service2@demo.senim.kz");
  ids.psychCentre = await serviceOf("psych_centre");
  ids.police = await serviceOf("juvenile_police");
  ids.health = await serviceOf("health");

  // A child's anonymous report, with their words, a contact name and a chat message: none may reach a service.
  const sent = await app.request(`/r/${SCHOOL}`, {
    form: { ...validReport, description: markers.description, contactRequested: "yes", contactName: markers.contact, contactClass: "7А" },
  });
  expect(sent.status).toBe(200);
  ids.reportId = (await db.selectFrom("reports").select(["id", "description"]).execute()).find(
    (r) => r.description === markers.description,
  )!.id;
  await db
    .insertInto("report_messages")
    .values({ report_id: ids.reportId, author: "reporter", staff_user_id: null, body: markers.message, created_at: schoolNowIso() })
    .execute();

  // The case, written directly: the case core is not under test here.
  ids.caseId = await insertCase(ids.school, ids.psychologist);
  await db.insertInto("case_reports").values({ case_id: ids.caseId, report_id: ids.reportId }).execute();
  const now = schoolNowIso();
  const target = await db
    .insertInto("case_people")
    .values({ case_id: ids.caseId, role: "target", name: people.target, class_label: "7А", added_at: now })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("case_people")
    .values({ case_id: ids.caseId, role: "initiator", name: people.initiator, class_label: "7Б", added_at: now })
    .execute();
  await db
    .insertInto("case_events")
    .values({
      case_id: ids.caseId,
      kind: "screened",
      participants: "repeated,power_imbalance",
      content: "",
      result: "bullying",
      held_on: "2026-11-16",
      user_id: ids.psychologist,
      at: now,
    })
    .execute();
  await db
    .insertInto("case_events")
    .values({
      case_id: ids.caseId,
      kind: "step",
      step_id: "discussion_target",
      person_id: target.id,
      held_on: "2026-11-17",
      participants: "Психолог, классный руководитель",
      content: markers.agreed,
      user_id: ids.psychologist,
      at: now,
    })
    .execute();

  for (const who of ["psychologist", "psychologist2", "teacher2", "school-admin", "district", "region", "service", "service2"]) {
    cookies[who] = await signIn(app, `${who}@demo.senim.kz`);
  }
});
afterAll(() => app.stop());

const as = (who: string, path: string, init: Parameters<typeof app.request>[1] = {}) =>
  app.request(path, { ...init, headers: { cookie: cookies[who]!, ...(init.headers as Record<string, string> | undefined) } });
const referralsPage = () => `/school/cases/${ids.caseId}/referrals`;

const validSend = () => ({
  serviceId: String(ids.psychCentre),
  basis: "consent",
  guardianConsent: "Мать, Сауле Смағұлова, по телефону 20 ноября",
  childVoice: "Айдана сказала, что хочет поговорить с психологом центра",
  dangerReason: "",
  summary: "Сводка",
  reviewed: "yes",
});

describe("the service directory", () => {
  it("is seeded for the demo region with every kind, 111 with its number, region names filled in", async () => {
    const services = await db.selectFrom("services").selectAll().orderBy("id").execute();
    expect(services.map((s) => s.kind)).toEqual(serviceKinds.map((k) => k.id));
    for (const s of services) {
      expect(s.active).toBe(1);
      expect(s.response_days).toBe(serviceKinds.find((k) => k.id === s.kind)!.responseDays);
      expect(s.name_kk + s.name_ru + s.name_en).not.toContain("{region}");
    }
    expect(services.find((s) => s.kind === "psych_centre")!.name_ru).toContain("Акмолинская область");
    expect(services.find((s) => s.kind === "contact_centre_111")!.phone).toBe("111");
    expect(services.find((s) => s.kind === "pmpk")!.phone).toBe("");
  });

  it("is seeded only once: later calls add nothing", async () => {
    const before = await db.selectFrom("services").select("id").execute();
    expect(await seedRegionServices(db, "akmola")).toBe(0);
    expect(await db.selectFrom("services").select("id").execute()).toEqual(before);
  });

  it("gives the demo service accounts their services", async () => {
    const accounts = await db
      .selectFrom("users")
      .select(["email", "role", "service_id"])
      .where("role", "=", "service")
      .orderBy("email")
      .execute();
    expect(accounts).toEqual([
      // The regional centre's duty psychologist is staff of the centre too.
      { email: "duty@demo.senim.kz", role: "service", service_id: ids.psychCentre },
      { email: "service2@demo.senim.kz", role: "service", service_id: ids.police },
      { email: "service@demo.senim.kz", role: "service", service_id: ids.psychCentre },
    ]);
  });
});

describe("the case summary", () => {
  it("is written from the case: people with roles and classes, screening criteria, the recorded step, report categories", async () => {
    const res = await as("psychologist", referralsPage());
    expect(res.status).toBe(200);
    const page = await textOf(res);
    const role = (id: string) => caseContent.personRoles.find((r) => r.id === id)!.label.kk;
    expect(page).toContain(html(fill(kk["referrals.summary.person"], { role: role("target"), name: people.target, class: "7А" })));
    expect(page).toContain(html(fill(kk["referrals.summary.person"], { role: role("initiator"), name: people.initiator, class: "7Б" })));
    expect(page).toContain(html(caseContent.screeningCriteria.find((c) => c.id === "power_imbalance")!.label.kk));
    expect(page).toContain(html(caseContent.models[0]!.steps.find((s) => s.id === "discussion_target")!.label.kk));
    expect(page).toContain(html(markers.agreed));
    expect(page).toContain(html(reportOptions.categories.find((c) => c.id === "verbal")!.label.kk));
    // Only with a reviewed-summary checkbox, and nothing of the anonymous reporter.
    expect(page).toContain(html(kk["referrals.reviewed"]));
    for (const m of [markers.description, markers.contact, markers.message]) expect(page).not.toContain(m);
    // Active services only, labelled by kind.
    expect(page).toContain(`value="${ids.psychCentre}"`);
    expect(page).toContain(html(serviceKinds.find((k) => k.id === "juvenile_police")!.label.kk));
  });
});

describe("sending a referral", () => {
  const refusals: Array<[string, Partial<ReturnType<typeof validSend>>, keyof typeof kk]> = [
    ["no guardian consent", { guardianConsent: " " }, "referrals.error.guardianConsent"],
    ["no child's voice", { childVoice: "" }, "referrals.error.childVoice"],
    [
      "immediate danger without a reason",
      { basis: "immediate_danger", guardianConsent: "", childVoice: "" },
      "referrals.error.dangerReason",
    ],
    ["no basis", { basis: "" }, "referrals.error.basis"],
    ["an unchecked review box", { reviewed: "" }, "referrals.error.reviewed"],
    ["an empty summary", { summary: "  " }, "referrals.error.summary"],
    ["no service", { serviceId: "" }, "referrals.error.service"],
    ["a consent text that is too long", { guardianConsent: "а".repeat(1001) }, "referrals.error.guardianConsent"],
  ];
  for (const [what, change, key] of refusals) {
    it(`refuses ${what} with 400, the translated reason and no row`, async () => {
      const before = await referralCount();
      const res = await as("psychologist", referralsPage(), { form: { ...validSend(), ...change } });
      expect(res.status).toBe(400);
      expect(await textOf(res)).toContain(html(kk[key]));
      expect(await referralCount()).toBe(before);
    });
  }

  it("keeps what was chosen after a refusal: the service, the basis and 'reviewed'", async () => {
    const res = await as("psychologist", referralsPage(), { form: { ...validSend(), summary: " " } });
    expect(res.status).toBe(400);
    const page = await textOf(res);
    expect(page).toMatch(new RegExp(`<option value="${ids.psychCentre}" selected=""`));
    expect(page).toMatch(/<input type="radio" name="basis"[^>]*checked=""[^>]*value="consent"/);
    expect(page).toMatch(/<input type="checkbox" id="reviewed"[^>]*checked=""/);
  });

  it("sends the reviewed text, due in working days, with an event on the case in the same go", async () => {
    const reviewed = `Сводка, проверенная психологом ${Date.now()}\nЦелевой ребёнок: ${people.target}, 7А`;
    const res = await as("psychologist", referralsPage(), { form: { ...validSend(), summary: reviewed } });
    expect(res.status).toBe(302);
    const referral = await db.selectFrom("referrals").selectAll().orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(res.headers.get("location")).toBe(`${referralsPage()}?sent=${referral.id}`);
    expect(referral).toMatchObject({
      case_id: ids.caseId,
      service_id: ids.psychCentre,
      consent_basis: "consent",
      guardian_consent: validSend().guardianConsent,
      child_voice: validSend().childVoice,
      danger_reason: "",
      summary: reviewed,
      status: "sent",
      sent_by: ids.psychologist,
      respond_by: addWorkingDays(today, 5),
    });
    // 2026-11-23 is a Monday: five working days later is the next Monday.
    expect(addWorkingDays("2026-11-23", 5)).toBe("2026-11-30");
    expect(addWorkingDays("2026-11-27", 1)).toBe("2026-11-30");
    const event = await db
      .selectFrom("case_events")
      .selectAll()
      .where("case_id", "=", ids.caseId)
      .where("kind", "=", "referral_sent")
      .executeTakeFirstOrThrow();
    expect(event.user_id).toBe(ids.psychologist);
    const log = await db
      .selectFrom("access_log")
      .selectAll()
      .where("entity", "=", "referral")
      .where("entity_id", "=", referral.id)
      .execute();
    expect(log.map((l) => [l.user_id, l.action])).toContainEqual([ids.psychologist, "update"]);

    const page = await textOf(await as("psychologist", res.headers.get("location")!));
    expect(page).toContain(html(kk["referrals.sentNotice"]));
    expect(page).toContain(html(kk["referrals.status.sent"]));
  });

  it("sends without consent when the child is in immediate danger and the reason is written", async () => {
    const res = await as("psychologist", referralsPage(), {
      form: {
        ...validSend(),
        serviceId: String(ids.police),
        basis: "immediate_danger",
        guardianConsent: "",
        childVoice: "",
        dangerReason: "Угрозы физической расправы сегодня",
      },
    });
    expect(res.status).toBe(302);
    const referral = await db.selectFrom("referrals").selectAll().orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(referral).toMatchObject({
      service_id: ids.police,
      consent_basis: "immediate_danger",
      danger_reason: "Угрозы физической расправы сегодня",
      guardian_consent: "",
    });
  });
});

describe("service staff", () => {
  let referralId = 0;
  beforeAll(async () => {
    referralId = (
      await db
        .selectFrom("referrals")
        .select("id")
        .where("service_id", "=", ids.psychCentre)
        .where("case_id", "=", ids.caseId)
        .orderBy("id")
        .executeTakeFirstOrThrow()
    ).id;
  });

  it("see the referrals sent to their service, with the school, and the reviewed summary with the consent", async () => {
    const list = await textOf(await as("service", "/service/referrals"));
    expect(list).toContain(`href="/service/referrals/${referralId}"`);
    expect(list).toContain("Общеобразовательная школа №1");
    const res = await as("service", `/service/referrals/${referralId}`);
    expect(res.status).toBe(200);
    const page = await textOf(res);
    const referral = await db.selectFrom("referrals").select(["summary"]).where("id", "=", referralId).executeTakeFirstOrThrow();
    expect(page).toContain(html(referral.summary).split("\n")[0]);
    expect(page).toContain(html(validSend().guardianConsent));
    expect(page).toContain(html(validSend().childVoice));
    expect(page).toContain("Айгерім Серікқызы"); // the psychologist who sent it
    expect(page).toContain(html(ru["referrals.view.accept"]));
    // Never the case itself: not the case record, nor the reporter's words.
    for (const m of [markers.description, markers.contact, markers.message, markers.agreed]) expect(page).not.toContain(m);
    expect(page).not.toContain(`href="/school/cases/${ids.caseId}"`);
    const log = await db
      .selectFrom("access_log")
      .select(["user_id", "action"])
      .where("entity", "=", "referral")
      .where("entity_id", "=", referralId)
      .execute();
    expect(log).toContainEqual({ user_id: ids.service, action: "view" });
  });

  it("of another service do not see it: not listed, 404 on its id, cannot answer it", async () => {
    const list = await textOf(await as("service2", "/service/referrals"));
    expect(list).not.toContain(`href="/service/referrals/${referralId}"`);
    expect(list).toContain(`href="/service/referrals/`); // their own (the police referral) is there
    expect((await as("service2", `/service/referrals/${referralId}`)).status).toBe(404);
    expect((await as("service2", `/service/referrals/${referralId}`, { form: { intent: "accept" } })).status).toBe(404);
    expect((await as("service", "/service/referrals/999999")).status).toBe(404);
    expect((await as("service", "/service/referrals/abc")).status).toBe(404);
    expect((await db.selectFrom("referrals").select("status").where("id", "=", referralId).executeTakeFirstOrThrow()).status).toBe("sent");
    const views = await db
      .selectFrom("access_log")
      .select("id")
      .where("entity", "=", "referral")
      .where("entity_id", "=", referralId)
      .where("user_id", "=", ids.service2)
      .execute();
    expect(views).toEqual([]);
  });

  it("is a page school staff and officials cannot open", async () => {
    expect((await as("psychologist", "/service/referrals")).status).toBe(403);
    expect((await as("psychologist", `/service/referrals/${referralId}`)).status).toBe(404);
    expect((await as("district", "/service/referrals")).status).toBe(403);
  });

  it("accept, then record what they did and the outcome; each answer is an event on the case", async () => {
    expect(
      (await as("service", `/service/referrals/${referralId}`, { form: { intent: "complete", actionTaken: "x", outcome: "y" } })).status,
    ).toBe(409);
    const accept = await as("service", `/service/referrals/${referralId}`, { form: { intent: "accept" } });
    expect(accept.status).toBe(302);
    expect(
      await db.selectFrom("referrals").select(["status", "answered_by"]).where("id", "=", referralId).executeTakeFirstOrThrow(),
    ).toEqual({ status: "accepted", answered_by: ids.service });
    expect((await as("service", `/service/referrals/${referralId}`, { form: { intent: "accept" } })).status).toBe(409);

    const noOutcome = await as("service", `/service/referrals/${referralId}`, {
      form: { intent: "complete", actionTaken: "Три консультации", outcome: "" },
    });
    expect(noOutcome.status).toBe(400);
    expect(await textOf(noOutcome)).toContain(html(ru["referrals.error.outcome"]));

    const action = `Три консультации с Айданой и одна с мамой ${Date.now()}`;
    const outcome = "Травля прекратилась, Айдана посещает занятия";
    const done = await as("service", `/service/referrals/${referralId}`, { form: { intent: "complete", actionTaken: action, outcome } });
    expect(done.status).toBe(302);
    const row = await db.selectFrom("referrals").selectAll().where("id", "=", referralId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "completed", action_taken: action, outcome });
    expect(row.completed_at).not.toBeNull();

    const events = await db
      .selectFrom("case_events")
      .selectAll()
      .where("case_id", "=", ids.caseId)
      .where("kind", "like", "referral_%")
      .orderBy("id")
      .execute();
    const accepted = events.find((e) => e.kind === "referral_accepted")!;
    const completed = events.find((e) => e.kind === "referral_completed")!;
    expect(accepted.user_id).toBe(ids.service);
    expect(completed.user_id).toBe(ids.service);
    expect(completed.content).toContain(action);
    expect(completed.content).toContain(outcome);

    // The school reads the answer on its referrals page.
    const page = await textOf(await as("psychologist", referralsPage()));
    expect(page).toContain(html(action));
    expect(page).toContain(html(outcome));
    expect(page).toContain(html(kk["referrals.status.completed"]));
  });

  it("decline with a reason, which the school's chronology keeps", async () => {
    const policeReferral = (
      await db
        .selectFrom("referrals")
        .select("id")
        .where("service_id", "=", ids.police)
        .where("case_id", "=", ids.caseId)
        .executeTakeFirstOrThrow()
    ).id;
    const noReason = await as("service2", `/service/referrals/${policeReferral}`, { form: { intent: "decline", reason: " " } });
    expect(noReason.status).toBe(400);
    expect(await textOf(noReason)).toContain(html(ru["referrals.error.declineReason"]));
    const reason = `Не в компетенции инспектора: нет правонарушения ${Date.now()}`;
    expect((await as("service2", `/service/referrals/${policeReferral}`, { form: { intent: "decline", reason } })).status).toBe(302);
    expect(
      await db.selectFrom("referrals").select(["status", "decline_reason"]).where("id", "=", policeReferral).executeTakeFirstOrThrow(),
    ).toEqual({ status: "declined", decline_reason: reason });
    const event = await db
      .selectFrom("case_events")
      .selectAll()
      .where("case_id", "=", ids.caseId)
      .where("kind", "=", "referral_declined")
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({ user_id: ids.service2, content: reason });
    expect(await textOf(await as("psychologist", referralsPage()))).toContain(html(reason));
    // Closed referrals stay in the service's list, below.
    expect((await as("service2", `/service/referrals/${policeReferral}`, { form: { intent: "accept" } })).status).toBe(409);
  });
});

describe("who may open a case's referrals", () => {
  it("answers 404 to another school's psychologist, a teacher outside the team and a district official", async () => {
    for (const who of ["psychologist2", "teacher2", "district"]) {
      expect((await as(who, referralsPage())).status, who).toBe(404);
      const before = await referralCount();
      expect((await as(who, referralsPage(), { form: validSend() })).status, who).toBe(404);
      expect(await referralCount()).toBe(before);
    }
    expect((await as("service", referralsPage())).status).toBe(404);
    expect((await as("psychologist", "/school/cases/999999/referrals")).status).toBe(404);
    expect((await as("psychologist", "/school/cases/x/referrals")).status).toBe(404);
  });

  it("lets a team member who is not the psychologist open it", async () => {
    expect((await as("school-admin", referralsPage())).status).toBe(200);
  });
});

describe("overdue referrals", () => {
  let otherCase = 0;
  let farCase = 0;
  beforeAll(async () => {
    // One overdue referral at the case's school; at the other school of district 1, one of each kind; one overdue in district 2.
    await insertReferral({ caseId: ids.caseId, serviceId: ids.health, status: "sent", respondBy: "2026-11-16" });
    otherCase = await insertCase(ids.otherSchool, await userId("psychologist2@demo.senim.kz"));
    await insertReferral({
      caseId: otherCase,
      serviceId: ids.psychCentre,
      status: "sent",
      respondBy: "2026-11-18",
      summary: `secret-${people.target}`,
    });
    await insertReferral({
      caseId: otherCase,
      serviceId: ids.police,
      status: "accepted",
      respondBy: "2026-11-10",
      answeredAt: "2026-11-12T04:00:00.000Z",
    });
    await insertReferral({
      caseId: otherCase,
      serviceId: ids.police,
      status: "declined",
      respondBy: "2026-11-10",
      answeredAt: "2026-11-10T17:00:00.000Z",
    }); // 22:00 in Kazakhstan: in time
    await insertReferral({ caseId: otherCase, serviceId: ids.police, status: "sent", respondBy: "2026-11-30" }); // waiting, not yet due
    farCase = await insertCase(ids.farSchool, ids.psychologist);
    await insertReferral({ caseId: farCase, serviceId: ids.psychCentre, status: "sent", respondBy: "2026-11-20" });
  });

  it("are marked on the school's referral page", async () => {
    const page = await textOf(await as("psychologist", referralsPage()));
    expect(page).toContain(html(kk["referrals.overdue"]));
  });

  it("are marked and listed first for the service", async () => {
    const list = await textOf(await as("service", "/service/referrals"));
    expect(list).toContain(html(ru["referrals.overdue"]));
  });

  /** The counts in a school's row of /district/referrals: overdue, late, in time. */
  function countsFor(page: string, code: string): number[] | undefined {
    const row = new RegExp(`<tr[^>]*data-school="${code}"[^>]*>([\\s\\S]*?)</tr>`).exec(page);
    return row ? [...row[1]!.matchAll(/<td[^>]*>(\d+)<\/td>/g)].map((m) => Number(m[1])) : undefined;
  }

  it("are counted per school for the district: waiting past the date, answered late, answered in time", async () => {
    const res = await as("district", "/district/referrals");
    expect(res.status).toBe(200);
    const page = await textOf(res);
    expect(countsFor(page, OTHER_SCHOOL)).toEqual([1, 1, 1]);
    expect(countsFor(page, SCHOOL)![0]).toBe(1);
    // Another district's school is not shown to this district.
    expect(countsFor(page, FAR_SCHOOL)).toBeUndefined();
    // Aggregates only: no child, no case text.
    for (const m of [people.target, people.initiator, markers.agreed, "secret-"]) expect(page).not.toContain(m);
    expect(page).not.toContain("/school/cases/");
    // Per service too.
    expect(page).toContain(
      html((await db.selectFrom("services").select("name_ru").where("id", "=", ids.police).executeTakeFirstOrThrow()).name_ru),
    );
  });

  it("are counted for every school of the region for the region admin, overdue schools first", async () => {
    const page = await textOf(await as("region", "/district/referrals"));
    expect(countsFor(page, FAR_SCHOOL)).toEqual([1, 0, 0]);
    expect(countsFor(page, OTHER_SCHOOL)).toEqual([1, 1, 1]);
    const order = [...page.matchAll(/data-school="(\w+)"/g)].map((m) => countsFor(page, m[1]!)![0]!);
    expect(order).toEqual([...order].sort((a, b) => b - a));
  });

  it("are not for school staff or services to see", async () => {
    for (const who of ["psychologist", "teacher2", "service"]) expect((await as(who, "/district/referrals")).status, who).toBe(403);
  });
});

describe("the region admin's directory", () => {
  const serviceForm = (over: Record<string, string> = {}) => ({
    intent: "edit",
    serviceId: String(ids.health),
    kind: "health",
    nameKk: "Көкшетау қалалық емханасы",
    nameRu: "Городская поликлиника Кокшетау",
    nameEn: "Kokshetau City Polyclinic",
    phone: "+7 7162 00 00 00",
    email: "clinic@example.kz",
    address: "Кокшетау, ул. Абая, 1",
    responseDays: "7",
    active: "yes",
    ...over,
  });

  it("lists every service to the region admin", async () => {
    const res = await as("region", "/region/services");
    expect(res.status).toBe(200);
    const page = await textOf(res);
    for (const s of await db.selectFrom("services").select("name_ru").execute()) expect(page).toContain(html(s.name_ru));
  });

  it("lets the region admin edit a service: names, contacts, response days", async () => {
    const res = await as("region", "/region/services", { form: serviceForm() });
    expect(res.status).toBe(302);
    expect(await db.selectFrom("services").selectAll().where("id", "=", ids.health).executeTakeFirstOrThrow()).toMatchObject({
      kind: "health",
      name_kk: "Көкшетау қалалық емханасы",
      name_ru: "Городская поликлиника Кокшетау",
      name_en: "Kokshetau City Polyclinic",
      phone: "+7 7162 00 00 00",
      email: "clinic@example.kz",
      address: "Кокшетау, ул. Абая, 1",
      response_days: 7,
      active: 1,
    });
  });

  it("refuses bad input with 400 and the translated reason", async () => {
    for (const [over, key] of [
      [{ email: "not-an-email" }, "referrals.error.email"],
      [{ responseDays: "0" }, "referrals.error.responseDays"],
      [{ responseDays: "61" }, "referrals.error.responseDays"],
      [{ nameKk: "" }, "referrals.error.name"],
      [{ kind: "astrologer" }, "referrals.error.kind"],
    ] as const) {
      const res = await as("region", "/region/services", { form: serviceForm(over) });
      expect(res.status, JSON.stringify(over)).toBe(400);
      expect(await textOf(res)).toContain(html(ru[key]));
    }
    expect((await as("region", "/region/services", { form: serviceForm({ serviceId: "999999" }) })).status).toBe(404);
  });

  it("adds a service", async () => {
    const res = await as("region", "/region/services", {
      form: serviceForm({ intent: "add", serviceId: "", nameRu: "Центр ПМПК Степногорска", kind: "pmpk" }),
    });
    expect(res.status).toBe(302);
    expect(
      await db
        .selectFrom("services")
        .select(["kind", "response_days"])
        .where("name_ru", "=", "Центр ПМПК Степногорска")
        .executeTakeFirstOrThrow(),
    ).toEqual({ kind: "pmpk", response_days: 7 });
  });

  it("deactivates a service: it receives no new referral, and its referral in progress is still answered", async () => {
    const overdue = (
      await db
        .selectFrom("referrals")
        .select("id")
        .where("service_id", "=", ids.health)
        .where("case_id", "=", ids.caseId)
        .executeTakeFirstOrThrow()
    ).id;
    expect((await as("region", "/region/services", { form: serviceForm({ active: "" }) })).status).toBe(302);
    expect((await db.selectFrom("services").select("active").where("id", "=", ids.health).executeTakeFirstOrThrow()).active).toBe(0);

    const form = await textOf(await as("psychologist", referralsPage()));
    expect(form).not.toContain(`<option value="${ids.health}"`);
    const before = await referralCount();
    const refused = await as("psychologist", referralsPage(), { form: { ...validSend(), serviceId: String(ids.health) } });
    expect(refused.status).toBe(400);
    expect(await textOf(refused)).toContain(html(kk["referrals.error.serviceInactive"]));
    expect(await referralCount()).toBe(before);
    // The school still sees the referral it sent there.
    expect(await db.selectFrom("referrals").select("status").where("id", "=", overdue).executeTakeFirstOrThrow()).toEqual({
      status: "sent",
    });
  });

  it("is closed to everyone else", async () => {
    for (const who of ["psychologist", "district", "service", "school-admin"]) {
      expect((await as(who, "/region/services")).status, who).toBe(403);
      expect((await as(who, "/region/services", { form: serviceForm({ phone: "hacked" }) })).status, who).toBe(403);
    }
    expect((await db.selectFrom("services").select("phone").where("id", "=", ids.health).executeTakeFirstOrThrow()).phone).not.toBe(
      "hacked",
    );
  });
});
