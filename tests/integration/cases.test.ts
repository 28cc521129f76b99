import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { regionDb, type RegionDb } from "../../db/regions.server";
import { seedDemoRegion } from "../../scripts/seed-demo";
import { caseContent } from "~/content/case-models";
import { reopenCase } from "~/domain/cases/case-lifecycle.server";
import { kk } from "~/i18n/kk";
import { ru } from "~/i18n/ru";
import { signIn, startTestApp, validReport } from "../support/app";
import { schoolNowIso } from "~/domain/calendar/local-date";
import { html, withoutScripts } from "../support/html";

// Casework through the real Remix handler and a real SQLite database: opening cases from
// reports and concerns, people, screening, the programme's steps as tasks, escalation,
// closing, monitoring, reopening, "my tasks", and who may see what.

let app: Awaited<ReturnType<typeof startTestApp>>;
let db: RegionDb;
const cookies: Record<string, string> = {};

const SCHOOL = "AK7K3M";
const OTHER_SCHOOL = "AK4P9T";
const TODAY = process.env.SENIM_TODAY!; // pinned by tests/vitest.config.ts
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const fill = (template: string, vars: Record<string, string | number>) => template.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k]));

const ids = { school: 0, otherSchool: 0, psychologist: 0, psychologist2: 0, teacher: 0, teacher2: 0, admin: 0 };
/** Reports sent to the demo school (three) and to the other school (one). */
const reports: number[] = [];
let otherSchoolReport = 0;

const as = (who: string, path: string, init: Parameters<typeof app.request>[1] = {}) =>
  app.request(path, { ...init, headers: { cookie: cookies[who]!, ...(init.headers as Record<string, string> | undefined) } });
const post = (who: string, path: string, form: Record<string, string | string[]>) => as(who, path, { form });
const text = async (res: Response) => withoutScripts((await res.text()).replaceAll("\0", ""));
const userId = async (email: string) => (await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;

function caseIdOf(res: Response): number {
  expect(res.status, "a redirect to the new case").toBe(302);
  const match = /^\/school\/cases\/(\d+)/.exec(res.headers.get("location") ?? "");
  expect(match, res.headers.get("location") ?? "").not.toBeNull();
  return Number(match![1]);
}
const caseRow = (id: number) => db.selectFrom("cases").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const openTasks = (caseId: number) =>
  db.selectFrom("case_tasks").selectAll().where("case_id", "=", caseId).where("done_at", "is", null).orderBy("id").execute();
const eventKinds = async (caseId: number) =>
  (await db.selectFrom("case_events").select("kind").where("case_id", "=", caseId).orderBy("id").execute()).map((e) => e.kind);
const personId = async (caseId: number, name: string) =>
  (await db.selectFrom("case_people").select(["id", "name"]).where("case_id", "=", caseId).execute()).find((p) => p.name === name)!.id;

async function openConcernCase(who: string, model: "kiva" | "dosbol", summary = "Учитель видел, как в раздевалке отбирают вещи.") {
  return caseIdOf(await post(who, "/school/cases", { intent: "concern", source: "teacher", summary, model }));
}
async function addPerson(who: string, caseId: number, p: { role: string; name: string; classLabel?: string; notes?: string }) {
  const res = await post(who, `/school/cases/${caseId}`, {
    intent: "person-add",
    role: p.role,
    name: p.name,
    classLabel: p.classLabel ?? "",
    notes: p.notes ?? "",
  });
  expect(res.status, `${p.name}: ${res.status === 400 ? await res.text() : ""}`.slice(0, 300)).toBe(302);
}
function record(
  who: string,
  path: string,
  taskId: number,
  f: { heldOn?: string; content?: string; participants?: string; result?: string } = {},
) {
  return post(who, path, {
    intent: "record",
    taskId: String(taskId),
    heldOn: f.heldOn ?? process.env.SENIM_TODAY!,
    participants: f.participants ?? "Психолог, ученик",
    content: f.content ?? "Поговорили, договорились о встрече через неделю.",
    ...(f.result ? { result: f.result } : {}),
  });
}

beforeAll(async () => {
  app = await startTestApp();
  await seedDemoRegion();
  db = (await regionDb("akmola"))!;
  ids.school = (await db.selectFrom("schools").select("id").where("code", "=", SCHOOL).executeTakeFirstOrThrow()).id;
  ids.otherSchool = (await db.selectFrom("schools").select("id").where("code", "=", OTHER_SCHOOL).executeTakeFirstOrThrow()).id;
  ids.psychologist = await userId("psychologist@demo.senim.kz");
  ids.psychologist2 = await userId("psychologist2@demo.senim.kz");
  ids.teacher = await userId("teacher@demo.senim.kz");
  ids.teacher2 = await userId("teacher2@demo.senim.kz");
  ids.admin = await userId("school-admin@demo.senim.kz");
  for (let i = 0; i < 3; i++)
    expect((await app.request(`/r/${SCHOOL}`, { form: { ...validReport, description: `Меня дразнят ${i}` } })).status).toBe(200);
  expect((await app.request(`/r/${OTHER_SCHOOL}`, { form: validReport })).status).toBe(200);
  const rows = await db.selectFrom("reports").select(["id", "school_id"]).orderBy("id").execute();
  reports.push(...rows.filter((r) => r.school_id === ids.school).map((r) => r.id));
  otherSchoolReport = rows.find((r) => r.school_id === ids.otherSchool)!.id;
  for (const who of ["psychologist", "psychologist2", "teacher", "teacher2", "school-admin", "district", "region", "service"]) {
    cookies[who] = await signIn(app, `${who}@demo.senim.kz`);
  }
});
afterAll(() => app.stop());
afterEach(() => {
  process.env.SENIM_TODAY = TODAY;
});

/** The KiVa case opened from the first reports, followed through the whole of this file's first part. */
let kivaCase = 0;

describe("opening a case", () => {
  it("opens a case from a report: screening, the report linked, the report page links back", async () => {
    const reportPage = await text(await as("psychologist", `/school/reports/${reports[0]}`));
    expect(reportPage).toContain(html(kk["cases.report.open"]));
    // The school runs KiVa this year: KiVa is offered first.
    expect(reportPage).toMatch(/<option value="kiva" selected="">/);

    kivaCase = caseIdOf(
      await post("psychologist", "/school/cases", { intent: "from-reports", reportIds: [String(reports[0])], model: "kiva" }),
    );
    expect(await caseRow(kivaCase)).toMatchObject({
      school_id: ids.school,
      model: "kiva",
      status: "screening",
      origin: "report",
      round: 1,
      opened_by: ids.psychologist,
    });
    expect(await db.selectFrom("case_reports").select("report_id").where("case_id", "=", kivaCase).execute()).toEqual([
      { report_id: reports[0] },
    ]);
    expect(await eventKinds(kivaCase)).toEqual(["opened", "report_linked"]);

    const after = await text(await as("psychologist", `/school/reports/${reports[0]}`));
    expect(after).toContain(`href="/school/cases/${kivaCase}"`);
    expect(after).toContain(html(fill(kk["cases.report.inCase"], { id: kivaCase })));
    expect(after).not.toContain(html(kk["cases.report.open"]));
  });

  it("keeps a report in one case only", async () => {
    const before = await db.selectFrom("cases").select("id").execute();
    const res = await post("psychologist", "/school/cases", { intent: "from-reports", reportIds: [String(reports[0])], model: "kiva" });
    expect(res.status).toBe(400);
    expect(await text(res)).toContain(html(kk["cases.error.reportTaken"]));
    expect(await db.selectFrom("cases").select("id").execute()).toHaveLength(before.length);
  });

  it("adds another report to a case under way, from the report's page; the case page links every report", async () => {
    const reportPage = await text(await as("psychologist", `/school/reports/${reports[1]}`));
    expect(reportPage).toContain(`<option value="${kivaCase}">`);
    const res = await post("psychologist", "/school/cases", {
      intent: "link-report",
      caseId: String(kivaCase),
      reportId: String(reports[1]),
    });
    expect(caseIdOf(res)).toBe(kivaCase);
    expect(
      (await db.selectFrom("case_reports").select("report_id").where("case_id", "=", kivaCase).orderBy("report_id").execute()).map(
        (r) => r.report_id,
      ),
    ).toEqual([reports[0], reports[1]]);
    const page = await text(await as("psychologist", `/school/cases/${kivaCase}`));
    expect(page).toContain(`href="/school/reports/${reports[0]}"`);
    expect(page).toContain(`href="/school/reports/${reports[1]}"`);
    expect(await eventKinds(kivaCase)).toEqual(["opened", "report_linked", "report_linked"]);
  });

  it("opens a case from a concern staff recorded, with the school's default model (ДосболLIKE without KiVa)", async () => {
    const list = await text(await as("psychologist2", "/school/cases"));
    expect(list).toMatch(/<option value="dosbol" selected="">/);
    const summary = "Мама рассказала, что сына толкают на переменах.";
    const id = caseIdOf(await post("psychologist2", "/school/cases", { intent: "concern", source: "parent", summary, model: "dosbol" }));
    expect(await caseRow(id)).toMatchObject({
      school_id: ids.otherSchool,
      model: "dosbol",
      status: "screening",
      origin: "concern",
      concern_source: "parent",
      summary,
    });
    expect(await eventKinds(id)).toEqual(["opened"]);
    // Unknown source, empty summary: a translated 400 and no case.
    const count = (await db.selectFrom("cases").select("id").execute()).length;
    for (const bad of [
      { source: "neighbour", summary },
      { source: "parent", summary: "  " },
    ]) {
      const res = await post("psychologist2", "/school/cases", { intent: "concern", model: "dosbol", ...bad });
      expect(res.status).toBe(400);
    }
    expect((await db.selectFrom("cases").select("id").execute()).length).toBe(count);
  });
});

describe("people and screening", () => {
  it("adds people, each in their own role, seen by the case team only", async () => {
    await addPerson("psychologist", kivaCase, { role: "target", name: "Айгүл Нұрқызы", classLabel: "7a", notes: "Боится идти в столовую" });
    await addPerson("psychologist", kivaCase, { role: "initiator", name: "Бекзат Ержанов", classLabel: "7Б" });
    await addPerson("psychologist", kivaCase, { role: "initiator", name: "Дамир Сапаров", classLabel: "7А" });
    await addPerson("teacher", kivaCase, { role: "bystander", name: "Мирас Қайратұлы", classLabel: "7А" });
    const people = await db
      .selectFrom("case_people")
      .select(["role", "name", "class_label"])
      .where("case_id", "=", kivaCase)
      .orderBy("id")
      .execute();
    expect(people.map((p) => p.role)).toEqual(["target", "initiator", "initiator", "bystander"]);
    // No steps before screening.
    expect(await openTasks(kivaCase)).toEqual([]);

    // A role that does not exist, or no name: 400, nothing added.
    for (const bad of [
      { role: "victim", name: "X" },
      { role: "target", name: "" },
    ]) {
      expect(
        (await post("psychologist", `/school/cases/${kivaCase}`, { intent: "person-add", classLabel: "", notes: "", ...bad })).status,
      ).toBe(400);
    }
    // Editable: the bystander's class was wrong.
    const mirasId = await personId(kivaCase, "Мирас Қайратұлы");
    const res = await post("psychologist", `/school/cases/${kivaCase}`, {
      intent: "person-update",
      personId: String(mirasId),
      role: "bystander",
      name: "Мирас Қайратұлы",
      classLabel: "7Б",
      notes: "",
    });
    expect(res.status).toBe(302);
    expect((await db.selectFrom("case_people").select("class_label").where("id", "=", mirasId).executeTakeFirstOrThrow()).class_label).toBe(
      "7Б",
    );
    const page = await text(await as("psychologist", `/school/cases/${kivaCase}`));
    expect(page).toContain("Айгүл Нұрқызы");
    expect(page).toContain(html(kk["cases.event.person_added"]));
    expect(page).toContain(html(kk["cases.event.person_updated"]));
  });

  it("requires a closing note for a conflict, and screening as bullying schedules round 1's steps as tasks", async () => {
    const noNote = await post("psychologist", `/school/cases/${kivaCase}`, {
      intent: "screen",
      criteria: ["repeated"],
      result: "conflict",
      note: "",
    });
    expect(noNote.status).toBe(400);
    expect(await text(noNote)).toContain(html(kk["cases.error.closureNote"]));
    expect((await caseRow(kivaCase)).status).toBe("screening");

    const res = await post("psychologist", `/school/cases/${kivaCase}`, {
      intent: "screen",
      criteria: ["repeated", "power_imbalance", "intent_to_harm"],
      result: "bullying",
      note: "",
    });
    expect(res.status).toBe(302);
    const c = await caseRow(kivaCase);
    expect(c).toMatchObject({ status: "open", screening_result: "bullying", round: 1 });
    const screened = await db
      .selectFrom("case_events")
      .selectAll()
      .where("case_id", "=", kivaCase)
      .where("kind", "=", "screened")
      .executeTakeFirstOrThrow();
    expect(screened).toMatchObject({
      result: "bullying",
      participants: "repeated,power_imbalance,intent_to_harm",
      user_id: ids.psychologist,
    });

    const tasks = await openTasks(kivaCase);
    const target = await personId(kivaCase, "Айгүл Нұрқызы");
    const bek = await personId(kivaCase, "Бекзат Ержанов");
    const damir = await personId(kivaCase, "Дамир Сапаров");
    const summary = tasks.map((t) => [t.step_id, t.person_id, t.due_on, t.owner_id, t.round]);
    expect(summary).toEqual(
      expect.arrayContaining([
        ["discussion_target", target, TODAY, ids.psychologist, 1],
        ["discussion_initiator", bek, addDays(TODAY, 1), ids.psychologist, 1],
        ["discussion_initiator", damir, addDays(TODAY, 1), ids.psychologist, 1],
        ["home_contact", null, addDays(TODAY, 2), ids.psychologist, 1],
        // "7a" (Latin a) is the school's 7А, whose homeroom teacher is teacher2.
        ["peer_supporters", target, addDays(TODAY, 3), ids.teacher2, 1],
        ["follow_up_target", target, addDays(TODAY, 10), ids.psychologist, 1],
        ["follow_up_initiator", bek, addDays(TODAY, 11), ids.psychologist, 1],
        ["follow_up_initiator", damir, addDays(TODAY, 11), ids.psychologist, 1],
      ]),
    );
    expect(tasks).toHaveLength(8);
    // The steps come from the content file, not from code.
    const kivaSteps = caseContent.models.find((m) => m.id === "kiva")!.steps.map((s) => s.id);
    expect(new Set(tasks.map((t) => t.step_id))).toEqual(new Set(kivaSteps));

    // Screening happens once.
    expect(
      (await post("psychologist", `/school/cases/${kivaCase}`, { intent: "screen", criteria: [], result: "bullying", note: "" })).status,
    ).toBe(400);
  });

  it("schedules a person's steps when they are added to an open case", async () => {
    await addPerson("psychologist", kivaCase, { role: "initiator", name: "Ерлан Асқаров", classLabel: "8А" });
    const erlan = await personId(kivaCase, "Ерлан Асқаров");
    const theirs = (await openTasks(kivaCase)).filter((t) => t.person_id === erlan).map((t) => [t.step_id, t.due_on, t.round]);
    expect(theirs).toEqual([
      ["discussion_initiator", addDays(TODAY, 1), 1],
      ["follow_up_initiator", addDays(TODAY, 11), 1],
    ]);
  });

  it("moves a person's steps with their role when the role is corrected", async () => {
    const miras = await personId(kivaCase, "Мирас Қайратұлы");
    const update = (role: string) =>
      post("psychologist", `/school/cases/${kivaCase}`, {
        intent: "person-update",
        personId: String(miras),
        role,
        name: "Мирас Қайратұлы",
        classLabel: "7Б",
        notes: "",
      });
    expect((await update("initiator")).status).toBe(302);
    const asInitiator = (await openTasks(kivaCase)).filter((t) => t.person_id === miras);
    expect(asInitiator.map((t) => t.step_id)).toEqual(["discussion_initiator", "follow_up_initiator"]);
    expect((await update("bystander")).status).toBe(302);
    expect((await openTasks(kivaCase)).filter((t) => t.person_id === miras)).toEqual([]);
    // Ended by the change that made them unnecessary, not deleted.
    const ended = await db
      .selectFrom("case_tasks")
      .innerJoin("case_events", "case_events.id", "case_tasks.event_id")
      .select("case_events.kind")
      .where("case_tasks.person_id", "=", miras)
      .execute();
    expect(ended.map((e) => e.kind)).toEqual(["person_updated", "person_updated"]);
    // Another case's person id is not this case's.
    expect(
      (
        await post("psychologist", `/school/cases/${kivaCase}`, {
          intent: "person-update",
          personId: "999999",
          role: "target",
          name: "X",
          classLabel: "",
          notes: "",
        })
      ).status,
    ).toBe(404);
  });

  it("asks a KiVa case under way for 2–4 peer supporters (from the content), not before screening and not ДосболLIKE", async () => {
    const warning = (count: number) => html(fill(kk["cases.peerSupporterWarning"], { min: 2, max: 4, count }));
    const prefix = html(kk["cases.peerSupporterWarning"].split("{")[0]!);
    const page = async (id: number) => text(await as("psychologist", `/school/cases/${id}`));
    const id = await openConcernCase("psychologist", "kiva");
    await addPerson("psychologist", id, { role: "target", name: "Алия Серік", classLabel: "5Б" });
    expect(await page(id)).not.toContain(prefix); // still screening
    expect(
      (await post("psychologist", `/school/cases/${id}`, { intent: "screen", criteria: ["repeated"], result: "bullying", note: "" }))
        .status,
    ).toBe(302);
    expect(await page(id)).toContain(warning(0));
    await addPerson("psychologist", id, { role: "peer_supporter", name: "Әлішер Б.", classLabel: "5Б" });
    expect(await page(id)).toContain(warning(1));
    await addPerson("psychologist", id, { role: "peer_supporter", name: "Дана К.", classLabel: "5Б" });
    expect(await page(id)).not.toContain(prefix);
    for (const name of ["Ерасыл М.", "Томирис А.", "Нұрай С."])
      await addPerson("psychologist", id, { role: "peer_supporter", name, classLabel: "5Б" });
    expect(await page(id)).toContain(warning(5));

    const dosbol = await openConcernCase("psychologist", "dosbol");
    expect(
      (await post("psychologist", `/school/cases/${dosbol}`, { intent: "screen", criteria: ["repeated"], result: "bullying", note: "" }))
        .status,
    ).toBe(302);
    expect(await page(dosbol)).not.toContain(prefix);
  });

  it("closes a case screened as a conflict, with the note; no steps are scheduled", async () => {
    const id = await openConcernCase("psychologist", "kiva");
    const note = "Разовая ссора из-за мяча, разобрали по правилам поведения.";
    expect((await post("psychologist", `/school/cases/${id}`, { intent: "screen", criteria: [], result: "conflict", note })).status).toBe(
      302,
    );
    const c = await caseRow(id);
    expect(c).toMatchObject({ status: "closed", outcome: "conflict", closure_note: note, screening_result: "conflict", checkin_on: null });
    expect(c.closed_at).not.toBeNull();
    expect(await db.selectFrom("case_tasks").select("id").where("case_id", "=", id).execute()).toEqual([]);
    expect(await eventKinds(id)).toEqual(["opened", "screened", "closed"]);
  });
});

describe("the KiVa steps", () => {
  const path = () => `/school/cases/${kivaCase}`;
  const task = async (stepId: string, person?: string) => {
    const pid = person ? await personId(kivaCase, person) : null;
    return (await openTasks(kivaCase)).find((t) => t.step_id === stepId && t.person_id === pid)!;
  };

  it("refuses a date in the future, a follow-up without its result, and an empty record", async () => {
    const t = await task("discussion_target", "Айгүл Нұрқызы");
    const future = await record("psychologist", path(), t.id, { heldOn: addDays(TODAY, 1) });
    expect(future.status).toBe(400);
    expect(await text(future)).toContain(html(kk["cases.error.heldOn"]));
    expect((await record("psychologist", path(), t.id, { heldOn: addDays(TODAY, -400) })).status).toBe(400);
    expect((await record("psychologist", path(), t.id, { heldOn: "2026-02-30" })).status).toBe(400);
    expect((await record("psychologist", path(), t.id, { content: "" })).status).toBe(400);
    const f = await task("follow_up_initiator", "Бекзат Ержанов");
    const noResult = await record("psychologist", path(), f.id);
    expect(noResult.status).toBe(400);
    expect(await text(noResult)).toContain(html(kk["cases.error.result"]));
    expect((await openTasks(kivaCase)).some((x) => x.id === t.id)).toBe(true);
  });

  it("writes down each discussion, completing its task with the event", async () => {
    const discussions: Array<[string, string | undefined, Record<string, string>]> = [
      ["discussion_target", "Айгүл Нұрқызы", { content: "Рассказала о насмешках в столовой. Обещали защиту." }],
      ["discussion_initiator", "Бекзат Ержанов", { content: "Обязуется не комментировать внешность Айгүл." }],
      ["discussion_initiator", "Дамир Сапаров", { content: "Обязуется садиться отдельно и не смеяться." }],
      ["discussion_initiator", "Ерлан Асқаров", { content: "Обязуется не снимать на телефон." }],
      ["home_contact", undefined, { content: "Позвонили обеим семьям.", participants: "Мама Айгүл, отец Бекзата" }],
      ["follow_up_initiator", "Бекзат Ержанов", { content: "Держит слово.", result: "stopped" }],
    ];
    for (const [stepId, person, f] of discussions) {
      const t = await task(stepId, person);
      expect(t, stepId).toBeDefined();
      const heldOn = addDays(TODAY, -1);
      const res = await record("psychologist", path(), t.id, { ...f, heldOn });
      expect(res.status, stepId).toBe(302);
      const done = await db.selectFrom("case_tasks").selectAll().where("id", "=", t.id).executeTakeFirstOrThrow();
      expect(done.done_at, stepId).not.toBeNull();
      const event = await db.selectFrom("case_events").selectAll().where("id", "=", done.event_id!).executeTakeFirstOrThrow();
      expect(event).toMatchObject({
        kind: "step",
        step_id: stepId,
        person_id: t.person_id,
        held_on: heldOn,
        content: f.content,
        user_id: ids.psychologist,
        result: f.result ?? null,
      });
    }
    // Writing the same step down twice is refused.
    const first = (
      await db
        .selectFrom("case_tasks")
        .selectAll()
        .where("case_id", "=", kivaCase)
        .where("step_id", "=", "home_contact")
        .executeTakeFirstOrThrow()
    ).id;
    const again = await record("psychologist", path(), first);
    expect(again.status).toBe(400);
    expect(await text(again)).toContain(html(kk["cases.error.taskDone"]));
    // The chronology shows what was agreed, with the step's label and the person.
    const page = await text(await as("psychologist", path()));
    expect(page).toContain(html("Обязуется не комментировать внешность Айгүл."));
    expect(page).toContain(html(caseContent.models[0]!.steps.find((s) => s.id === "discussion_initiator")!.label.kk));
    expect(page).toContain(html(kk["cases.event.step"]));
  });

  it("lets the team give a task to another staff member of the school and move its date, never to another school's", async () => {
    const t = await task("follow_up_initiator", "Дамир Сапаров");
    const toOther = await post("psychologist", path(), {
      intent: "assign",
      taskId: String(t.id),
      ownerId: String(ids.psychologist2),
      dueOn: addDays(TODAY, 5),
    });
    expect(toOther.status).toBe(400);
    expect(await text(toOther)).toContain(html(kk["cases.error.owner"]));
    const res = await post("psychologist", path(), {
      intent: "assign",
      taskId: String(t.id),
      ownerId: String(ids.teacher2),
      dueOn: addDays(TODAY, 5),
    });
    expect(res.status).toBe(302);
    expect(await db.selectFrom("case_tasks").select(["owner_id", "due_on"]).where("id", "=", t.id).executeTakeFirstOrThrow()).toEqual({
      owner_id: ids.teacher2,
      due_on: addDays(TODAY, 5),
    });
    const event = await db
      .selectFrom("case_events")
      .selectAll()
      .where("case_id", "=", kivaCase)
      .where("kind", "=", "task_assigned")
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({ step_id: "follow_up_initiator", person_id: t.person_id, result: addDays(TODAY, 5) });
  });
});

describe("a teacher outside the team (teacher2)", () => {
  it("sees only the tasks given to them, with the person's name and class and nothing else of the case", async () => {
    const page = await text(await as("teacher2", "/staff/tasks"));
    const kiva = caseContent.models.find((m) => m.id === "kiva")!;
    expect(page).toContain(html(kiva.steps.find((s) => s.id === "peer_supporters")!.label.ru));
    expect(page).toContain(html(kiva.steps.find((s) => s.id === "peer_supporters")!.hint.ru));
    expect(page).toContain(html(fill(ru["cases.caseNumber"], { id: kivaCase })));
    expect(page).toContain("Дамир Сапаров"); // the follow-up given to them concerns Дамир
    expect(page).toContain("Айгүл Нұрқызы"); // whom the peer supporters are for
    expect(page).toContain("7a");
    // Not the case page, not the other people, not what was said.
    expect(page).not.toContain(`href="/school/cases/${kivaCase}"`);
    expect(page).not.toContain("Бекзат Ержанов");
    expect(page).not.toContain("Обязуется");
    expect(page).not.toContain("Боится идти в столовую");
  });

  it("gets 404 on the case page and on another task's id, 403 on the case list", async () => {
    expect((await as("teacher2", `/school/cases/${kivaCase}`)).status).toBe(404);
    expect((await as("teacher2", "/school/cases")).status).toBe(403);
    const notTheirs = (await openTasks(kivaCase)).find((t) => t.owner_id !== ids.teacher2)!;
    expect((await record("teacher2", "/staff/tasks", notTheirs.id)).status).toBe(404);
    expect(
      (await db.selectFrom("case_tasks").select("done_at").where("id", "=", notTheirs.id).executeTakeFirstOrThrow()).done_at,
    ).toBeNull();
    // Nor through the case page's action.
    expect((await record("teacher2", `/school/cases/${kivaCase}`, notTheirs.id)).status).toBe(404);
  });

  it("records their step on the tasks page, with the same rules", async () => {
    const peer = (await openTasks(kivaCase)).find((t) => t.step_id === "peer_supporters")!;
    expect(peer.owner_id).toBe(ids.teacher2);
    const future = await record("teacher2", "/staff/tasks", peer.id, { heldOn: addDays(TODAY, 2) });
    expect(future.status).toBe(400);
    expect(await text(future)).toContain(html(ru["cases.error.heldOn"]));
    const res = await record("teacher2", "/staff/tasks", peer.id, {
      content: "Попросила Асель и Тимура быть рядом на переменах.",
      participants: "Асель, Тимур",
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/staff/tasks?recorded=1");
    const done = await db.selectFrom("case_tasks").selectAll().where("id", "=", peer.id).executeTakeFirstOrThrow();
    expect(done.done_at).not.toBeNull();
    expect(
      await db.selectFrom("case_events").select(["user_id", "kind"]).where("id", "=", done.event_id!).executeTakeFirstOrThrow(),
    ).toEqual({
      user_id: ids.teacher2,
      kind: "step",
    });
    const page = await text(await as("teacher2", "/staff/tasks?recorded=1"));
    expect(page).toContain(html(ru["cases.tasks.recorded"]));
    expect(page).not.toContain(html(caseContent.models[0]!.steps.find((s) => s.id === "peer_supporters")!.label.ru));
  });

  it("can be a team member's task list too: the team sees a link to the case", async () => {
    const t = (await openTasks(kivaCase)).find((x) => x.owner_id === ids.psychologist)!;
    expect(t).toBeDefined();
    const page = await text(await as("psychologist", "/staff/tasks"));
    expect(page).toContain(`href="/school/cases/${kivaCase}"`);
  });
});

describe("escalation, closing and reopening", () => {
  it("escalates to round 2 when the follow-up with the target finds it continuing", async () => {
    process.env.SENIM_TODAY = addDays(TODAY, 10);
    const followUp = (await openTasks(kivaCase)).find((t) => t.step_id === "follow_up_target")!;
    const res = await record("psychologist", `/school/cases/${kivaCase}`, followUp.id, {
      result: "continued",
      content: "Насмешки продолжаются в чате класса.",
    });
    expect(res.status).toBe(302);
    const c = await caseRow(kivaCase);
    expect(c).toMatchObject({ round: 2, status: "open" });
    expect((await eventKinds(kivaCase)).slice(-2)).toEqual(["step", "escalated"]);
    const tasks = await openTasks(kivaCase);
    // Round 1's leftovers gave way; round 2 starts today with every step again.
    expect(tasks.every((t) => t.round === 2)).toBe(true);
    const today = addDays(TODAY, 10);
    expect(tasks.find((t) => t.step_id === "discussion_target")!.due_on).toBe(today);
    expect(tasks.find((t) => t.step_id === "follow_up_target")!.due_on).toBe(addDays(today, 10));
    expect(tasks.filter((t) => t.step_id === "discussion_initiator")).toHaveLength(3);
    const page = await text(await as("psychologist", `/school/cases/${kivaCase}`));
    expect(page).toContain(html(kk["cases.event.escalated"]));
    expect(page).toContain(`<dt>${html(kk["cases.round"])}</dt><dd>2</dd>`);
  });

  it("shows overdue case tasks on the psychologist's start page", async () => {
    process.env.SENIM_TODAY = addDays(TODAY, 14);
    const overdue = await db
      .selectFrom("case_tasks")
      .select("id")
      .where("owner_id", "=", ids.psychologist)
      .where("done_at", "is", null)
      .where("due_on", "<", addDays(TODAY, 14))
      .execute();
    expect(overdue.length).toBeGreaterThan(0);
    const inbox = await text(await as("psychologist", "/school/reports"));
    expect(inbox).toContain(html(fill(kk["cases.tasksOverdueBanner"], { count: overdue.length })));
    const tasksPage = await text(await as("psychologist", "/staff/tasks"));
    expect(tasksPage).toContain(html(kk["cases.overdue"]));
  });

  it("shows the case tasks due today on the psychologist's start page, apart from the overdue ones", async () => {
    const open = db.selectFrom("case_tasks").select("due_on").where("owner_id", "=", ids.psychologist).where("done_at", "is", null);
    const day = (await open.orderBy("due_on", "desc").executeTakeFirstOrThrow()).due_on;
    process.env.SENIM_TODAY = day;
    const dueToday = (await open.where("due_on", "=", day).execute()).length;
    const overdue = (await open.where("due_on", "<", day).execute()).length;
    expect(dueToday).toBeGreaterThan(0);
    const inbox = await text(await as("psychologist", "/school/reports"));
    expect(inbox).toContain(html(fill(kk["cases.tasksDueTodayBanner"], { count: dueToday })));
    if (overdue > 0) expect(inbox).toContain(html(fill(kk["cases.tasksOverdueBanner"], { count: overdue })));
    // Another school's psychologist has none of these.
    const other = await text(await as("psychologist2", "/school/reports"));
    expect(other).not.toContain(html(fill(kk["cases.tasksDueTodayBanner"], { count: dueToday })));
  });

  it("closes with an outcome and a note; with reports linked the reporter's check-in is set", async () => {
    process.env.SENIM_TODAY = addDays(TODAY, 20);
    const noNote = await post("psychologist", `/school/cases/${kivaCase}`, { intent: "close", outcome: "stopped", note: "" });
    expect(noNote.status).toBe(400);
    expect(await text(noNote)).toContain(html(kk["cases.error.closureNote"]));
    const res = await post("psychologist", `/school/cases/${kivaCase}`, {
      intent: "close",
      outcome: "stopped",
      note: "Травля прекратилась, все договорённости соблюдаются.",
    });
    expect(res.status).toBe(302);
    const c = await caseRow(kivaCase);
    expect(c).toMatchObject({ status: "closed", outcome: "stopped", checkin_on: addDays(TODAY, 20 + 21), monitoring_until: null });
    expect(c.closed_at).not.toBeNull();
    // No open tasks survive a closed case.
    expect(await openTasks(kivaCase)).toEqual([]);
    expect((await eventKinds(kivaCase)).at(-1)).toBe("closed");
  });

  it("reopenCase (the reporter's «it started again»): open, a new round of steps from today", async () => {
    process.env.SENIM_TODAY = addDays(TODAY, 45);
    await reopenCase(db, kivaCase, { userId: null, reason: "Автор сообщения ответил: началось снова." });
    const c = await caseRow(kivaCase);
    // The last closing's note stays in its event, not on the open case.
    expect(c).toMatchObject({ status: "open", closed_at: null, outcome: null, closure_note: "", monitoring_until: null, round: 3 });
    const event = await db
      .selectFrom("case_events")
      .selectAll()
      .where("case_id", "=", kivaCase)
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({ kind: "reopened", user_id: null, content: "Автор сообщения ответил: началось снова." });
    const tasks = await openTasks(kivaCase);
    expect(tasks.length).toBeGreaterThan(0);
    expect(tasks.every((t) => t.round === 3)).toBe(true);
    expect(tasks.find((t) => t.step_id === "discussion_target")).toMatchObject({ due_on: addDays(TODAY, 45), owner_id: ids.psychologist });
    // Not closed: nothing happens.
    await reopenCase(db, kivaCase, { userId: null, reason: "again" });
    expect((await caseRow(kivaCase)).round).toBe(3);
  });
});

describe("ДосболLIKE: analysis, plan, monitoring", () => {
  let dosbolCase = 0;
  const path = () => `/school/cases/${dosbolCase}`;

  it("schedules analysis, plan and monitoring; a monitoring check-in schedules the next", async () => {
    dosbolCase = await openConcernCase("psychologist2", "dosbol");
    await addPerson("psychologist2", dosbolCase, { role: "target", name: "Саша Ким", classLabel: "5Б" });
    expect(
      (await post("psychologist2", path(), { intent: "screen", criteria: ["repeated", "power_imbalance"], result: "bullying", note: "" }))
        .status,
    ).toBe(302);
    const tasks = await openTasks(dosbolCase);
    expect(tasks.map((t) => [t.step_id, t.due_on, t.owner_id])).toEqual([
      ["analysis", addDays(TODAY, 2), ids.psychologist2],
      ["assistance_plan", addDays(TODAY, 5), ids.psychologist2],
      ["monitoring", addDays(TODAY, 14), ids.psychologist2],
    ]);
    const monitoring = tasks[2]!;
    expect((await record("psychologist2", path(), monitoring.id, { result: "decreased" })).status).toBe(302);
    const next = (await openTasks(dosbolCase)).filter((t) => t.step_id === "monitoring");
    expect(next.map((t) => t.due_on)).toEqual([addDays(TODAY, 14)]);
    expect(next[0]!.id).not.toBe(monitoring.id);
  });

  it("writes the assistance plan down with its goals, who does what, and by when", async () => {
    const plan = (await openTasks(dosbolCase)).find((t) => t.step_id === "assistance_plan")!;
    const content = "Цель: Саша спокойно ходит в столовую. Классный руководитель сидит рядом в обед; психолог — встречи по пятницам.";
    const send = (reviewBy: string) =>
      as("psychologist2", path(), {
        form: { intent: "record", taskId: String(plan.id), heldOn: TODAY, participants: "Психолог, мама, Саша", content, reviewBy },
      });
    for (const bad of ["", TODAY, addDays(TODAY, -1), addDays(TODAY, 400), "2026-02-30"]) {
      const res = await send(bad);
      expect(res.status, bad).toBe(400);
      expect(await text(res), bad).toContain(html(kk["cases.error.reviewBy"]));
    }
    expect((await db.selectFrom("case_tasks").select("done_at").where("id", "=", plan.id).executeTakeFirstOrThrow()).done_at).toBeNull();
    expect((await send(addDays(TODAY, 30))).status).toBe(302);
    const event = await db
      .selectFrom("case_events")
      .selectAll()
      .where("case_id", "=", dosbolCase)
      .where("step_id", "=", "assistance_plan")
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({ content, result: addDays(TODAY, 30), participants: "Психолог, мама, Саша" });
    const page = await text(await as("psychologist2", path()));
    expect(page).toContain(`<dt>${html(kk["cases.record.reviewBy"])}</dt>`);
  });

  it("a resolved case goes under monitoring until today + 60 days, check-ins go on, the last one closes it", async () => {
    const res = await post("psychologist2", path(), { intent: "close", outcome: "decreased", note: "План выполняется, стало спокойнее." });
    expect(res.status).toBe(302);
    const c = await caseRow(dosbolCase);
    expect(c).toMatchObject({ status: "monitoring", outcome: "decreased", monitoring_until: addDays(TODAY, 60), closed_at: null });
    expect((await eventKinds(dosbolCase)).at(-1)).toBe("monitoring_started");
    // Analysis and plan are no longer open; the monitoring check-in stays.
    expect((await openTasks(dosbolCase)).map((t) => t.step_id)).toEqual(["monitoring"]);

    process.env.SENIM_TODAY = addDays(TODAY, 14);
    let check = (await openTasks(dosbolCase))[0]!;
    expect((await record("psychologist2", path(), check.id, { result: "stopped" })).status).toBe(302);
    check = (await openTasks(dosbolCase))[0]!;
    expect(check.due_on).toBe(addDays(TODAY, 28));
    expect((await caseRow(dosbolCase)).status).toBe("monitoring");

    // The last check-in before the end: no next one fits, so the case closes with its outcome.
    process.env.SENIM_TODAY = addDays(TODAY, 60);
    expect((await record("psychologist2", path(), check.id, { result: "stopped" })).status).toBe(302);
    const closed = await caseRow(dosbolCase);
    expect(closed).toMatchObject({ status: "closed", outcome: "decreased", monitoring_until: null, checkin_on: null });
    expect(await openTasks(dosbolCase)).toEqual([]);
  });

  it("the team reopens it by hand; «close now» ends monitoring at once", async () => {
    process.env.SENIM_TODAY = addDays(TODAY, 70);
    expect((await post("psychologist2", path(), { intent: "reopen", reason: "" })).status).toBe(400);
    expect((await post("psychologist2", path(), { intent: "reopen", reason: "Мама сообщила, что снова толкают." })).status).toBe(302);
    expect(await caseRow(dosbolCase)).toMatchObject({ status: "open", round: 2, closure_note: "" });
    expect((await post("psychologist2", path(), { intent: "close", outcome: "stopped", note: "Прекратилось." })).status).toBe(302);
    expect((await caseRow(dosbolCase)).status).toBe("monitoring");
    expect(
      (await post("psychologist2", path(), { intent: "close", outcome: "stopped", note: "Наблюдение завершено досрочно." })).status,
    ).toBe(302);
    expect(await caseRow(dosbolCase)).toMatchObject({ status: "closed", monitoring_until: null });
    expect(await openTasks(dosbolCase)).toEqual([]);
  });
});

describe("who may see and do what", () => {
  it("answers 404 to another school's psychologist on every case page and action", async () => {
    expect((await as("psychologist2", `/school/cases/${kivaCase}`)).status).toBe(404);
    const before = await eventKinds(kivaCase);
    const attempts: Array<Record<string, string>> = [
      { intent: "note", content: "чужая заметка" },
      { intent: "person-add", role: "target", name: "Чужой", classLabel: "", notes: "" },
      { intent: "close", outcome: "stopped", note: "x" },
      { intent: "reopen", reason: "x" },
      { intent: "link-report", reportId: String(otherSchoolReport) },
    ];
    for (const form of attempts) {
      expect((await post("psychologist2", `/school/cases/${kivaCase}`, form)).status, form.intent).toBe(404);
    }
    const someTask = (await openTasks(kivaCase))[0]!;
    expect((await record("psychologist2", `/school/cases/${kivaCase}`, someTask.id)).status).toBe(404);
    expect((await record("psychologist2", "/staff/tasks", someTask.id)).status).toBe(404);
    // A case page takes only its own case's tasks.
    const otherCase = await openConcernCase("psychologist", "kiva");
    expect((await record("psychologist", `/school/cases/${otherCase}`, someTask.id)).status).toBe(404);
    expect(
      (
        await post("psychologist", `/school/cases/${otherCase}`, {
          intent: "assign",
          taskId: String(someTask.id),
          ownerId: String(ids.teacher),
          dueOn: TODAY,
        })
      ).status,
    ).toBe(404);
    expect(await eventKinds(kivaCase)).toEqual(before);
  });

  it("answers 404 on every page of one case, GET and POST, for another school's case and a missing one: in the reader's language, in the staff frame", async () => {
    const someTask = (await openTasks(kivaCase))[0]!;
    const someone = (await db.selectFrom("case_people").select("id").where("case_id", "=", kivaCase).executeTakeFirstOrThrow()).id;
    const { id: evidenceId } = await db
      .insertInto("case_evidence")
      .values({
        case_id: kivaCase,
        file_name: "a.png",
        media_type: "image/png",
        size_bytes: 1,
        sha256: "0".repeat(64),
        storage_name: "0".repeat(32),
        description: "",
        user_id: ids.psychologist,
        at: schoolNowIso(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const evidenceUpload = () => {
      const form = new FormData();
      form.append("file", new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], "x.png", { type: "image/png" }));
      form.append("description", "");
      return form;
    };
    const caseIntents: Array<Record<string, string | string[]>> = [
      { intent: "person-add", role: "target", name: "Чужой", classLabel: "", notes: "" },
      { intent: "person-update", personId: String(someone), role: "target", name: "Чужой", classLabel: "", notes: "" },
      { intent: "screen", criteria: ["repeated"], result: "bullying", note: "" },
      { intent: "record", taskId: String(someTask.id), heldOn: TODAY, participants: "x", content: "x" },
      { intent: "assign", taskId: String(someTask.id), ownerId: String(ids.psychologist2), dueOn: TODAY },
      { intent: "note", content: "чужая заметка" },
      { intent: "link-report", reportId: String(otherSchoolReport) },
      { intent: "close", outcome: "stopped", note: "x" },
      { intent: "reopen", reason: "x" },
    ];
    const referral = { serviceId: "1", basis: "immediate_danger", dangerReason: "x", summary: "x", reviewed: "yes" };
    const before = {
      events: await eventKinds(kivaCase),
      evidence: await db.selectFrom("case_evidence").select("id").execute(),
      transfers: await db.selectFrom("case_transfers").select("id").execute(),
      referrals: await db.selectFrom("referrals").select("id").execute(),
    };
    const missing = 99999999;
    for (const [who, caseId] of [
      ["psychologist2", kivaCase],
      ["psychologist", missing],
    ] as const) {
      const base = `/school/cases/${caseId}`;
      for (const page of ["", "/evidence", `/evidence/${evidenceId}`, "/transfer", "/referrals"]) {
        expect((await as(who, base + page)).status, `${who} GET ${page}`).toBe(404);
      }
      for (const form of caseIntents) expect((await post(who, base, form)).status, `${who} POST ${form.intent}`).toBe(404);
      expect((await as(who, `${base}/evidence`, { method: "POST", body: evidenceUpload() })).status, `${who} POST evidence`).toBe(404);
      expect((await post(who, `${base}/transfer`, { school: OTHER_SCHOOL, note: "x" })).status, `${who} POST transfer`).toBe(404);
      expect((await post(who, `${base}/referrals`, referral)).status, `${who} POST referrals`).toBe(404);
    }
    expect({
      events: await eventKinds(kivaCase),
      evidence: await db.selectFrom("case_evidence").select("id").execute(),
      transfers: await db.selectFrom("case_transfers").select("id").execute(),
      referrals: await db.selectFrom("referrals").select("id").execute(),
    }).toEqual(before);
    await db.deleteFrom("case_evidence").where("id", "=", evidenceId).execute();

    // The page a refused case gets: the case layout's error page, in the reader's language, under the staff menu.
    try {
      for (const page of ["", "/evidence", "/referrals"]) {
        const res = await as("psychologist2", `/school/cases/${kivaCase}${page}?lang=ru`);
        expect(res.status).toBe(404);
        const body = await text(res);
        expect(body).toContain('<html lang="ru"');
        expect(body).toContain(html(ru["error.404"]));
        expect(body).toContain('class="staff-nav"');
      }
    } finally {
      await as("psychologist2", "/staff?lang=kk");
    }
  });

  it("does not let a psychologist link or open a case from another school's report", async () => {
    const own = await openConcernCase("psychologist2", "dosbol");
    expect(
      (await post("psychologist2", "/school/cases", { intent: "link-report", caseId: String(own), reportId: String(reports[2]) })).status,
    ).toBe(404);
    expect(
      (await post("psychologist2", "/school/cases", { intent: "from-reports", reportIds: [String(reports[2])], model: "dosbol" })).status,
    ).toBe(404);
    expect((await post("psychologist2", `/school/cases/${own}`, { intent: "link-report", reportId: String(reports[2]) })).status).toBe(404);
    expect(await db.selectFrom("case_reports").select("case_id").where("report_id", "=", reports[2]!).execute()).toEqual([]);
    // Their own report is fine.
    expect(
      (await post("psychologist2", `/school/cases/${own}`, { intent: "link-report", reportId: String(otherSchoolReport) })).status,
    ).toBe(302);
  });

  it("gives officials and the teacher outside the team no case page; the team teacher works on it", async () => {
    for (const who of ["district", "region", "teacher2"]) {
      expect((await as(who, `/school/cases/${kivaCase}`)).status, who).toBe(404);
      expect((await post(who, `/school/cases/${kivaCase}`, { intent: "note", content: "x" })).status, who).toBe(404);
    }
    for (const who of ["district", "region"]) {
      expect((await as(who, "/school/cases")).status, who).toBe(403);
      expect((await as(who, "/staff/tasks")).status, who).toBe(403);
    }
    expect((await as("teacher", `/school/cases/${kivaCase}`)).status).toBe(200);
    expect((await as("school-admin", `/school/cases/${kivaCase}`)).status).toBe(200);
    for (const bad of ["abc", "0", "-1", "99999999999999999999", "999999"]) {
      expect((await as("psychologist", `/school/cases/${bad}`)).status, bad).toBe(404);
    }
  });

  it("writes an access-log row for every view of a case", async () => {
    const count = async (user: number) =>
      (
        await db
          .selectFrom("access_log")
          .select("id")
          .where("entity", "=", "case")
          .where("entity_id", "=", kivaCase)
          .where("action", "=", "view")
          .where("user_id", "=", user)
          .execute()
      ).length;
    const before = await count(ids.teacher);
    expect((await as("teacher", `/school/cases/${kivaCase}`)).status).toBe(200);
    expect((await as("teacher", `/school/cases/${kivaCase}`)).status).toBe(200);
    expect(await count(ids.teacher)).toBe(before + 2);
    // A refused view leaves no row that says it was seen.
    expect((await as("psychologist2", `/school/cases/${kivaCase}`)).status).toBe(404);
    expect(await count(ids.psychologist2)).toBe(0);
    // The team sees who looked, on the case page.
    const page = await text(await as("psychologist", `/school/cases/${kivaCase}`));
    const teacherName = (await db.selectFrom("users").select("display_name").where("id", "=", ids.teacher).executeTakeFirstOrThrow())
      .display_name;
    const logSection = page.slice(page.indexOf(html(kk["cases.access.title"])));
    expect(logSection).toContain(`${html(teacherName)} · ${html(kk["cases.access.view"])}`);
  });

  it("logs the pages that show part of a case: the case list, a task's child, the referrals and evidence pages", async () => {
    const rows = async (user: number, action: string, caseId = kivaCase) =>
      (
        await db
          .selectFrom("access_log")
          .select("id")
          .where("entity", "=", "case")
          .where("entity_id", "=", caseId)
          .where("action", "=", action)
          .where("user_id", "=", user)
          .execute()
      ).length;
    const listed = await rows(ids.psychologist, "list");
    expect((await as("psychologist", "/school/cases")).status).toBe(200);
    expect(await rows(ids.psychologist, "list")).toBe(listed + 1);
    // Another school's cases are not in its list, so not in the log as seen by it.
    const others = await db.selectFrom("cases").select("id").where("school_id", "=", ids.otherSchool).execute();
    for (const o of others) expect(await rows(ids.psychologist, "list", o.id)).toBe(0);
    // A teacher outside the team sees a task's child: that is a view of the case.
    const task = (await openTasks(kivaCase))[0]!;
    await db.updateTable("case_tasks").set({ owner_id: ids.teacher2 }).where("id", "=", task.id).execute();
    try {
      const viewed = await rows(ids.teacher2, "view");
      expect((await as("teacher2", "/staff/tasks")).status).toBe(200);
      expect(await rows(ids.teacher2, "view")).toBe(viewed + 1);
    } finally {
      await db.updateTable("case_tasks").set({ owner_id: task.owner_id }).where("id", "=", task.id).execute();
    }
    for (const page of ["referrals", "evidence", "transfer"]) {
      const before = await rows(ids.psychologist, "view");
      expect((await as("psychologist", `/school/cases/${kivaCase}/${page}`)).status, page).toBe(200);
      expect(await rows(ids.psychologist, "view"), page).toBe(before + 1);
    }
  });

  it("keeps the team as the school admin's list: only the admin changes it, and membership opens or closes the cases", async () => {
    const team = async () =>
      (await db.selectFrom("school_team_members").select("user_id").where("school_id", "=", ids.school).orderBy("user_id").execute()).map(
        (m) => m.user_id,
      );
    const before = await team();
    expect(before).toContain(ids.teacher);
    const withoutTeacher = {
      intent: "team",
      members: [String(ids.psychologist), String(ids.admin)],
      coordinator: String(ids.psychologist),
    };
    for (const who of ["psychologist", "teacher", "psychologist2"]) {
      expect((await post(who, "/school/programmes", withoutTeacher)).status, who).toBe(403);
    }
    expect(await team()).toEqual(before);
    expect((await post("school-admin", "/school/programmes", withoutTeacher)).status).toBe(200);
    try {
      // Off the team, the teacher has no case page any more (the sign-in stays the same).
      expect((await as("teacher", `/school/cases/${kivaCase}`)).status).toBe(404);
      expect((await as("teacher", "/school/cases")).status).toBe(403);
      // Two members are too few for KiVa: the case page says so.
      expect(await text(await as("psychologist", `/school/cases/${kivaCase}`))).toContain(
        html(fill(kk["cases.teamWarning"], { size: 2, minimum: 3 })),
      );
    } finally {
      const restore = { intent: "team", members: before.map(String), coordinator: String(ids.psychologist) };
      expect((await post("school-admin", "/school/programmes", restore)).status).toBe(200);
    }
    expect((await as("teacher", `/school/cases/${kivaCase}`)).status).toBe(200);
  });

  it("gives service staff no case, task, evidence, referrals or transfer page of a school", async () => {
    for (const path of [
      `/school/cases/${kivaCase}`,
      `/school/cases/${kivaCase}/evidence`,
      `/school/cases/${kivaCase}/referrals`,
      `/school/cases/${kivaCase}/transfer`,
    ]) {
      expect((await as("service", path)).status, path).toBe(404);
    }
    expect((await post("service", `/school/cases/${kivaCase}`, { intent: "note", content: "x" })).status).toBe(404);
    expect((await as("service", "/school/cases")).status).toBe(403);
    expect((await as("service", "/staff/tasks")).status).toBe(403);
    expect((await as("service", "/school/transfers")).status).not.toBe(200);
  });

  it("warns when the school's team is smaller than the model asks, linking to the team page", async () => {
    // The demo school has a KiVa team of three: no warning.
    const ok = await text(await as("psychologist", "/school/cases"));
    expect(ok).not.toContain(html(kk["cases.teamLink"]));
    await db.deleteFrom("school_team_members").where("school_id", "=", ids.school).where("user_id", "=", ids.admin).execute();
    try {
      const page = await text(await as("psychologist", "/school/cases"));
      expect(page).toContain(html(fill(kk["cases.teamWarning"], { size: 2, minimum: 3 })));
      expect(page).toContain('href="/school/programmes"');
      const casePage = await text(await as("psychologist", `/school/cases/${kivaCase}`));
      expect(casePage).toContain(html(fill(kk["cases.teamWarning"], { size: 2, minimum: 3 })));
    } finally {
      await db.insertInto("school_team_members").values({ school_id: ids.school, user_id: ids.admin, coordinator: 0 }).execute();
    }
  });

  it("marks a case whose referral waits past its answer date", async () => {
    const before = await text(await as("psychologist", `/school/cases/${kivaCase}`));
    expect(before).not.toContain(html(fill(kk["cases.referralsOverdue"], { count: 1 })));
    const service = await db
      .insertInto("services")
      .values({ kind: "psych_centre", name_kk: "Орталық", name_ru: "Центр", name_en: "Centre", response_days: 5 })
      .returning("id")
      .executeTakeFirstOrThrow();
    const referral = {
      case_id: kivaCase,
      service_id: service.id,
      consent_basis: "consent" as const,
      summary: "Кратко",
      sent_by: ids.psychologist,
      sent_at: schoolNowIso(),
    };
    await db
      .insertInto("referrals")
      .values([
        { ...referral, status: "sent", respond_by: addDays(TODAY, -1) },
        { ...referral, status: "sent", respond_by: TODAY },
        { ...referral, status: "accepted", respond_by: addDays(TODAY, -3) },
      ])
      .execute();
    const page = await text(await as("psychologist", `/school/cases/${kivaCase}`));
    expect(page).toContain(html(fill(kk["cases.referralsOverdue"], { count: 1 })));
    expect(page).toContain(`href="/school/cases/${kivaCase}/referrals"`);
    // It stands out in the list of cases and on the psychologist's start page too; not at another school.
    const list = await text(await as("psychologist", "/school/cases"));
    const row = list.slice(list.indexOf(`href="/school/cases/${kivaCase}"`));
    expect(row.slice(0, row.indexOf("</li>"))).toContain(html(fill(kk["cases.referralsOverdue"], { count: 1 })));
    expect(await text(await as("psychologist", "/school/reports"))).toContain(html(fill(kk["cases.referralsOverdueBanner"], { count: 1 })));
    expect(await text(await as("psychologist2", "/school/reports"))).not.toContain(html(kk["cases.referralsOverdueBanner"].split("{")[0]!));
    // Answered (accepted), it no longer does.
    await db.updateTable("referrals").set({ status: "accepted" }).where("case_id", "=", kivaCase).where("respond_by", "<", TODAY).execute();
    expect(await text(await as("psychologist", "/school/reports"))).not.toContain(html(kk["cases.referralsOverdueBanner"].split("{")[0]!));
  });

  it("lists the school's cases, open ones first, with open tasks and the next due date", async () => {
    const page = await text(await as("psychologist", "/school/cases"));
    const open = page.indexOf(`href="/school/cases/${kivaCase}"`);
    const closed = await db
      .selectFrom("cases")
      .select("id")
      .where("school_id", "=", ids.school)
      .where("status", "=", "closed")
      .executeTakeFirstOrThrow();
    expect(open).toBeGreaterThan(-1);
    expect(page.indexOf(`href="/school/cases/${closed.id}"`)).toBeGreaterThan(open);
    // Another school's cases are not listed.
    const others = await db.selectFrom("cases").select("id").where("school_id", "=", ids.otherSchool).execute();
    for (const o of others) expect(page).not.toContain(`href="/school/cases/${o.id}"`);
    const filtered = await text(await as("psychologist", "/school/cases?status=closed"));
    expect(filtered).not.toContain(`href="/school/cases/${kivaCase}"`);
    expect(filtered).toContain(`href="/school/cases/${closed.id}"`);
  });

  it("keeps a read-only record, as it was, of a case the school moved to another school", async () => {
    const id = await openConcernCase("psychologist", "kiva", "Перевод: ребёнок переходит в другую школу.");
    await addPerson("psychologist", id, { role: "target", name: "Тимур Ахметов", classLabel: "6А" });
    // The move, as the transfer page would write it: the case goes, the record stays.
    const at = schoolNowIso();
    await db
      .insertInto("case_transfers")
      .values({
        case_id: id,
        from_school_id: ids.school,
        to_school_id: ids.otherSchool,
        state: "accepted",
        requested_by: ids.psychologist,
        requested_at: at,
        answered_by: ids.psychologist2,
        answered_at: at,
      })
      .execute();
    await db.updateTable("cases").set({ school_id: ids.otherSchool }).where("id", "=", id).execute();
    await new Promise((r) => setTimeout(r, 5));
    // The new school works on it: renames the person, adds a note.
    const timur = await personId(id, "Тимур Ахметов");
    expect(
      (
        await post("psychologist2", `/school/cases/${id}`, {
          intent: "person-update",
          personId: String(timur),
          role: "target",
          name: "Тимур А.",
          classLabel: "6В",
          notes: "",
        })
      ).status,
    ).toBe(302);
    expect(
      (await post("psychologist2", `/school/cases/${id}`, { intent: "note", content: "Новая школа: первая беседа назначена." })).status,
    ).toBe(302);

    const res = await as("psychologist", `/school/cases/${id}`);
    expect(res.status).toBe(200);
    const page = await text(res);
    expect(page).toContain(html(kk["cases.readOnly.badge"]));
    expect(page).toContain("Тимур Ахметов");
    expect(page).not.toContain("Тимур А.<");
    expect(page).not.toContain("Новая школа: первая беседа назначена.");
    expect(page).not.toContain('name="intent"');
    // Still no changes from the old school: it may read its record, as on the case's other pages.
    expect((await post("psychologist", `/school/cases/${id}`, { intent: "note", content: "x" })).status).toBe(403);
  });
});
