import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { regionDb, type RegionDb } from "../../db/regions.server";
import { seedDemoRegion } from "../../scripts/seed-demo";
import { findLesson } from "~/content/programmes";
import { currentSchoolYear } from "~/domain/lessons/lessons.server";
import { formatSchoolCode } from "~/domain/schools/school-code";
import { ru } from "~/i18n/ru";
import { signIn, startTestApp, validReport } from "../support/app";
import { localToday } from "~/domain/calendar/local-date";
import { html } from "../support/html";

// Programme lessons through the real Remix handler and a real SQLite database:
// logging, correcting, the school's classes and plan, and the aggregates officials see.

let app: Awaited<ReturnType<typeof startTestApp>>;
let db: RegionDb;
const cookies: Record<string, string> = {};

const SCHOOL = "AK7K3M";
const OTHER_SCHOOL = "AK4P9T";
const today = localToday();
const year = currentSchoolYear(today);
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
/** Ten days ago (inside the school year), for entries that should not share a date with the first test's. */
const earlier = addDays(today, -10) >= year.start ? addDays(today, -10) : today;
const reportMarker = `district-must-not-see-${Date.now()}`;

/** Text as React writes it into HTML. */
const fill = (template: string, vars: Record<string, string | number>) => template.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k]));

const ids = {
  school: 0,
  otherSchool: 0,
  fiveA: 0,
  fiveB: 0,
  tenA: 0,
  otherFiveA: 0,
  teacher: 0,
  admin: 0,
  psychologist: 0,
  psychologist2: 0,
};

async function classId(schoolId: number, grade: number, letter: string) {
  const row = await db
    .selectFrom("classes")
    .select("id")
    .where("school_id", "=", schoolId)
    .where("grade", "=", grade)
    .where("letter", "=", letter)
    .executeTakeFirstOrThrow();
  return row.id;
}
const userId = async (email: string) => (await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
const pupilsOf = async (id: number) =>
  (await db.selectFrom("classes").select("pupil_count").where("id", "=", id).executeTakeFirstOrThrow()).pupil_count;
const entryCount = async () =>
  Number(
    (
      await db
        .selectFrom("lesson_entries")
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );
const classCount = async (schoolId: number) =>
  Number(
    (
      await db
        .selectFrom("classes")
        .select((eb) => eb.fn.countAll().as("n"))
        .where("school_id", "=", schoolId)
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  app = await startTestApp();
  await seedDemoRegion();
  db = (await regionDb("akmola"))!;
  ids.school = (await db.selectFrom("schools").select("id").where("code", "=", SCHOOL).executeTakeFirstOrThrow()).id;
  ids.otherSchool = (await db.selectFrom("schools").select("id").where("code", "=", OTHER_SCHOOL).executeTakeFirstOrThrow()).id;
  ids.fiveA = await classId(ids.school, 5, "А");
  ids.fiveB = await classId(ids.school, 5, "Б");
  ids.tenA = await classId(ids.school, 10, "А");
  ids.otherFiveA = await classId(ids.otherSchool, 5, "А");
  ids.teacher = await userId("teacher@demo.senim.kz");
  ids.admin = await userId("school-admin@demo.senim.kz");
  ids.psychologist = await userId("psychologist@demo.senim.kz");
  ids.psychologist2 = await userId("psychologist2@demo.senim.kz");
  // A child's report at the district's school: its words must never reach an official's page.
  expect(
    (await app.request(`/r/${SCHOOL}`, { form: { ...validReport, description: `Они смеются надо мной. ${reportMarker}` } })).status,
  ).toBe(200);
  for (const who of ["teacher", "school-admin", "psychologist", "psychologist2", "district", "region"]) {
    cookies[who] = await signIn(app, `${who}@demo.senim.kz`);
  }
});
afterAll(() => app.stop());

const as = (who: string, path: string, init: Parameters<typeof app.request>[1] = {}) =>
  app.request(path, { ...init, headers: { cookie: cookies[who]!, ...(init.headers as Record<string, string> | undefined) } });

/** Pages whose bytes held a NUL: checked once at the end, so other tests check only their own point. */
const pagesWithNul: string[] = [];
/** A page's text; NUL bytes are noted for the last test and left out here. */
async function textOf(res: Response): Promise<string> {
  const bytes = Buffer.from(await res.arrayBuffer());
  const text = bytes.toString("utf8");
  if (bytes.includes(0))
    pagesWithNul.push(
      `${res.status} at byte ${bytes.indexOf(0)}: …${text.slice(Math.max(0, text.indexOf("\0") - 40), text.indexOf("\0") + 20)}…`,
    );
  return text.replaceAll("\0", "");
}

type LogForm = { classIds?: number[]; lessonId?: string; taughtOn?: string; minutes?: string; pupilsPresent?: string; note?: string };
function logForm(f: LogForm): Record<string, string | string[]> {
  return {
    classIds: (f.classIds ?? []).map(String),
    lessonId: f.lessonId ?? "kiva-2-03",
    taughtOn: f.taughtOn ?? today,
    minutes: f.minutes ?? "",
    pupilsPresent: f.pupilsPresent ?? "",
    note: f.note ?? "",
  };
}
const logAs = (who: string, f: LogForm) => as(who, "/school/lessons?lang=ru", { form: logForm(f) });

describe("logging a lesson", () => {
  it("logs one lesson for two parallel classes in one go, with the unit's minutes when left empty", async () => {
    const before = await entryCount();
    const note = `Обсудили правила класса ${Date.now()}`;
    const res = await logAs("teacher", { classIds: [ids.fiveA, ids.fiveB], lessonId: "kiva-2-03", pupilsPresent: "20", note });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/school/lessons?logged=2");
    expect(await entryCount()).toBe(before + 2);
    const rows = await db.selectFrom("lesson_entries").selectAll().where("note", "=", note).orderBy("class_id").execute();
    expect(rows.map((r) => r.class_id).sort()).toEqual([ids.fiveA, ids.fiveB].sort());
    for (const r of rows) {
      expect(r).toMatchObject({ lesson_id: "kiva-2-03", taught_on: today, minutes: 90, pupils_present: 20, teacher_id: ids.teacher });
    }
    expect(findLesson("kiva-2-03")!.unit.minutes).toBe(90);

    // The page it lands on says so and lists both among "my recent entries".
    const page = await textOf(await as("teacher", res.headers.get("location")!));
    expect(page).toContain(html(fill(ru["lessons.logged"], { count: 2 })));
    expect(page).toContain(html(ru["lessons.recent"]));
    for (const r of rows) expect(page).toContain(`href="/school/lessons/${r.id}"`);
  });

  it("keeps minutes a teacher gives, and a lesson of another programme gets its own unit's length", async () => {
    const note = `safety ${Date.now()}`;
    expect((await logAs("teacher", { classIds: [ids.fiveA], lessonId: "safety-5-9-02", taughtOn: earlier, note })).status).toBe(302);
    const kept = `kept ${Date.now()}`;
    expect(
      (await logAs("teacher", { classIds: [ids.fiveB], lessonId: "kiva-2-04", taughtOn: earlier, minutes: "45", note: kept })).status,
    ).toBe(302);
    expect((await db.selectFrom("lesson_entries").select("minutes").where("note", "=", note).executeTakeFirstOrThrow()).minutes).toBe(10);
    expect((await db.selectFrom("lesson_entries").select("minutes").where("note", "=", kept).executeTakeFirstOrThrow()).minutes).toBe(45);
  });

  describe("refuses, with 400, the translated reason and no row written", () => {
    const refusals: Array<[string, () => LogForm, keyof typeof ru]> = [
      ["no class", () => ({ classIds: [] }), "lessons.error.class"],
      ["a date in the future", () => ({ classIds: [ids.fiveA], taughtOn: addDays(today, 1) }), "lessons.error.date"],
      ["a date before the school year", () => ({ classIds: [ids.fiveA], taughtOn: addDays(year.start, -1) }), "lessons.error.date"],
      ["a date that is not a date", () => ({ classIds: [ids.fiveA], taughtOn: "1-10-2026" }), "lessons.error.date"],
      [
        "a day no calendar has (31 September)",
        () => ({ classIds: [ids.fiveA], taughtOn: `${year.start.slice(0, 4)}-09-31` }),
        "lessons.error.date",
      ],
      [
        "a lesson of another grade's unit (KiVa 1 for grade 5)",
        () => ({ classIds: [ids.fiveA], lessonId: "kiva-1-01" }),
        "lessons.error.lesson",
      ],
      ["KiVa for grade 10, which the plan leaves out", () => ({ classIds: [ids.tenA], lessonId: "kiva-3-01" }), "lessons.error.lesson"],
      [
        "a lesson one of the classes is not taught (5А taught it, 10А not)",
        () => ({ classIds: [ids.fiveA, ids.tenA], lessonId: "kiva-2-03" }),
        "lessons.error.lesson",
      ],
      ["an unknown lesson", () => ({ classIds: [ids.fiveA], lessonId: "kiva-9-99" }), "lessons.error.lesson"],
      ["no lesson", () => ({ classIds: [ids.fiveA], lessonId: "" }), "lessons.error.lesson"],
      ["minutes out of range", () => ({ classIds: [ids.fiveA], minutes: "0" }), "lessons.error.minutes"],
      ["another school's class", () => ({ classIds: [ids.otherFiveA] }), "lessons.error.class"],
      ["own class together with another school's class", () => ({ classIds: [ids.fiveA, ids.otherFiveA] }), "lessons.error.class"],
      ["a class id that does not exist", () => ({ classIds: [99_999_999] }), "lessons.error.class"],
    ];
    for (const [what, form, key] of refusals) {
      it(what, async () => {
        const before = await entryCount();
        const res = await logAs("teacher", form());
        expect(res.status).toBe(400);
        const page = await textOf(res);
        expect(page).toContain(html(ru[key]));
        expect(page).toContain('role="alert"');
        expect(await entryCount()).toBe(before);
      });
    }

    it("more pupils present than a class has, for either of the classes", async () => {
      const smaller = Math.min(await pupilsOf(ids.fiveA), await pupilsOf(ids.fiveB));
      const larger = Math.max(await pupilsOf(ids.fiveA), await pupilsOf(ids.fiveB));
      const before = await entryCount();
      for (const present of [larger + 1, ...(larger > smaller ? [smaller + 1] : [])]) {
        const res = await logAs("teacher", { classIds: [ids.fiveA, ids.fiveB], pupilsPresent: String(present) });
        expect(res.status, `present=${present}`).toBe(400);
        expect(await textOf(res)).toContain(html(ru["lessons.error.pupils"]));
      }
      expect(await entryCount()).toBe(before);
      // Exactly the class size is fine.
      const note = `full ${Date.now()}`;
      expect(
        (await logAs("teacher", { classIds: [ids.fiveA], taughtOn: earlier, pupilsPresent: String(await pupilsOf(ids.fiveA)), note }))
          .status,
      ).toBe(302);
      expect(await entryCount()).toBe(before + 1);
    });

    it("a date in an earlier school year (the message promises «this school year»)", async () => {
      // ДосболLIKE is taught in every school by default, so only the date can be the reason.
      const lastYear = addDays(year.start, -120);
      expect(lastYear < year.start).toBe(true);
      const before = await entryCount();
      const res = await logAs("teacher", { classIds: [ids.fiveA], lessonId: "dosbol-students-01", taughtOn: lastYear });
      expect(res.status).toBe(400);
      expect(await textOf(res)).toContain(html(ru["lessons.error.date"]));
      expect(await entryCount()).toBe(before);
    });
  });

  it("is only for school staff: officials get 403, and nobody signed out gets in", async () => {
    for (const who of ["district", "region"]) {
      expect((await as(who, "/school/lessons")).status, who).toBe(403);
    }
    const before = await entryCount();
    const out = await app.request("/school/lessons", { form: logForm({ classIds: [ids.fiveA] }) });
    expect(out.status).toBe(302);
    expect(out.headers.get("location")).toMatch(/^\/staff\/sign-in/);
    expect(await entryCount()).toBe(before);
  });
});

describe("correcting and deleting one's own entries", () => {
  async function logOne(who: string, classId: number, note: string) {
    const res = await logAs(who, { classIds: [classId], lessonId: "kiva-2-05", taughtOn: earlier, pupilsPresent: "10", note });
    expect(res.status, who).toBe(302);
    return db.selectFrom("lesson_entries").selectAll().where("note", "=", note).executeTakeFirstOrThrow();
  }

  it("corrects an entry and refuses impossible corrections", async () => {
    const entry = await logOne("teacher", ids.fiveA, `to correct ${Date.now()}`);
    const page = await as("teacher", `/school/lessons/${entry.id}?lang=ru`);
    expect(page.status).toBe(200);
    expect(await textOf(page)).toContain(html(ru["lessonEntry.save"]));

    const fixed = { taughtOn: today, minutes: "45", pupilsPresent: "12", note: "Исправлено: было 12 учеников" };
    const res = await as("teacher", `/school/lessons/${entry.id}`, { form: fixed });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/school/lessons");
    const after = await db.selectFrom("lesson_entries").selectAll().where("id", "=", entry.id).executeTakeFirstOrThrow();
    expect(after).toMatchObject({
      taught_on: today,
      minutes: 45,
      pupils_present: 12,
      note: fixed.note,
      teacher_id: ids.teacher,
      class_id: ids.fiveA,
      lesson_id: "kiva-2-05",
    });
    expect(after.updated_at >= entry.updated_at).toBe(true);

    const bad: Array<[Record<string, string>, keyof typeof ru]> = [
      [{ ...fixed, pupilsPresent: String((await pupilsOf(ids.fiveA)) + 1) }, "lessons.error.pupils"],
      [{ ...fixed, taughtOn: addDays(today, 1) }, "lessons.error.date"],
      [{ ...fixed, taughtOn: addDays(year.start, -1) }, "lessons.error.date"],
      [{ ...fixed, minutes: "" }, "lessons.error.minutes"],
      [{ ...fixed, minutes: "601" }, "lessons.error.minutes"],
    ];
    for (const [form, key] of bad) {
      const r = await as("teacher", `/school/lessons/${entry.id}?lang=ru`, { form });
      expect(r.status, JSON.stringify(form)).toBe(400);
      expect(await textOf(r)).toContain(html(ru[key]));
    }
    expect(await db.selectFrom("lesson_entries").selectAll().where("id", "=", entry.id).executeTakeFirstOrThrow()).toEqual(after);
  });

  it("deletes an entry, once", async () => {
    const entry = await logOne("teacher", ids.fiveB, `to delete ${Date.now()}`);
    const res = await as("teacher", `/school/lessons/${entry.id}`, { form: { intent: "delete" } });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/school/lessons");
    expect(await db.selectFrom("lesson_entries").select("id").where("id", "=", entry.id).executeTakeFirst()).toBeUndefined();
    expect((await as("teacher", `/school/lessons/${entry.id}`, { form: { intent: "delete" } })).status).toBe(404);
    expect((await as("teacher", `/school/lessons/${entry.id}`)).status).toBe(404);
  });

  it("answers 404 for someone else's entry, to read, correct or delete, and leaves it untouched", async () => {
    const entry = await logOne("school-admin", ids.fiveA, `admin's own ${Date.now()}`);
    expect(entry.teacher_id).toBe(ids.admin);
    // The author can open it, so the 404s below are about whose entry it is.
    expect((await as("school-admin", `/school/lessons/${entry.id}`)).status).toBe(200);
    for (const who of ["teacher", "psychologist", "psychologist2"]) {
      expect((await as(who, `/school/lessons/${entry.id}`)).status, who).toBe(404);
      expect(
        (await as(who, `/school/lessons/${entry.id}`, { form: { taughtOn: today, minutes: "1", pupilsPresent: "0", note: "hijacked" } }))
          .status,
        who,
      ).toBe(404);
      expect((await as(who, `/school/lessons/${entry.id}`, { form: { intent: "delete" } })).status, who).toBe(404);
    }
    for (const who of ["district", "region"])
      expect((await as(who, `/school/lessons/${entry.id}`, { form: { intent: "delete" } })).status, who).toBe(404);
    expect(await db.selectFrom("lesson_entries").selectAll().where("id", "=", entry.id).executeTakeFirstOrThrow()).toEqual(entry);
    // Nor is it among the teacher's recent entries.
    expect(await textOf(await as("teacher", "/school/lessons"))).not.toContain(`href="/school/lessons/${entry.id}"`);
  });

  it("answers 404 for ids that are not numbers or do not exist", async () => {
    for (const id of ["abc", "0", "-1", "99999999", "1e3"]) expect((await as("teacher", `/school/lessons/${id}`)).status, id).toBe(404);
  });
});

describe("the school's classes, imported from CSV", () => {
  const importCsv = (who: string, csv: string) => as(who, "/school/classes?lang=ru", { form: { intent: "import", csv } });

  it("imports a good file: BOM, semicolons, CRLF, a teacher's email in any case, and updates an existing class", async () => {
    const before = await classCount(ids.school);
    const fiveAPupils = (await pupilsOf(ids.fiveA)) + 1;
    const csv = [
      "\uFEFFgrade;letter;language;pupils;teacher_email",
      `5;А;kk;${fiveAPupils};teacher@demo.senim.kz`,
      "0;А;ru;15;",
      "11;в;kk;20;Teacher@Demo.Senim.kz",
      "",
    ].join("\r\n");
    const res = await importCsv("school-admin", csv);
    expect(res.status).toBe(200);
    expect(await textOf(res)).toContain(html(fill(ru["classes.imported"], { count: 3 })));
    expect(await classCount(ids.school)).toBe(before + 2);
    expect(
      await db
        .selectFrom("classes")
        .select(["pupil_count", "teacher_id", "language"])
        .where("id", "=", ids.fiveA)
        .executeTakeFirstOrThrow(),
    ).toEqual({
      pupil_count: fiveAPupils,
      teacher_id: ids.teacher,
      language: "kk",
    });
    const added = await db
      .selectFrom("classes")
      .selectAll()
      .where("school_id", "=", ids.school)
      .where((eb) => eb.or([eb.and([eb("grade", "=", 0), eb("letter", "=", "А")]), eb.and([eb("grade", "=", 11), eb("letter", "=", "В")])]))
      .orderBy("grade")
      .execute();
    expect(added.map((c) => [c.grade, c.letter, c.language, c.pupil_count, c.teacher_id])).toEqual([
      [0, "А", "ru", 15, null],
      [11, "В", "kk", 20, ids.teacher],
    ]);
  });

  it("imports an uploaded file too", async () => {
    const before = await classCount(ids.school);
    const body = new FormData();
    body.append("intent", "import");
    body.append("csv", "");
    body.append("file", new File(["grade,letter,language,pupils,teacher_email\n7,В,uz,19,\n"], "classes.csv", { type: "text/csv" }));
    const res = await as("school-admin", "/school/classes?lang=ru", { method: "POST", body });
    expect(res.status).toBe(200);
    expect(await textOf(res)).toContain(html(fill(ru["classes.imported"], { count: 1 })));
    expect(await classCount(ids.school)).toBe(before + 1);
    const row = await db
      .selectFrom("classes")
      .selectAll()
      .where("school_id", "=", ids.school)
      .where("grade", "=", 7)
      .where("letter", "=", "В")
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ language: "uz", pupil_count: 19, teacher_id: null });
  });

  it("refuses a broken file, naming every bad line, and imports nothing", async () => {
    const before = await classCount(ids.school);
    const beforePupils = await pupilsOf(ids.fiveB);
    const csv = [
      "\uFEFFgrade;letter;language;pupils;teacher_email", // 1
      "6;В;kk;20;", // 2: fine
      "12;Г;kk;20;", // 3: no grade 12
      `5;Б;ru;${beforePupils + 3};`, // 4: fine (an update)
      "6;Д;fr;18;", // 5: no French schools
      "6;в;ru;21;", // 6: 6В again
      "6;Е;kk;20;psychologist2@demo.senim.kz", // 7: staff of another school
      "6;Ж;kk;20;nobody@demo.senim.kz", // 8: nobody
    ].join("\n");
    const res = await importCsv("school-admin", csv);
    expect(res.status).toBe(400);
    const page = await textOf(res);
    expect(page).toContain(html(ru["classes.importFailed"]));
    const line = (n: number, key: keyof typeof ru) => html(fill(ru["classes.line"], { line: n, problem: ru[key] }));
    expect(page).toContain(line(3, "classes.error.grade"));
    expect(page).toContain(line(5, "classes.error.language"));
    expect(page).toContain(line(6, "classes.error.duplicate"));
    expect(page).toContain(line(7, "classes.error.teacher"));
    expect(page).toContain(line(8, "classes.error.teacher"));
    const listed = [...page.matchAll(/Строка (\d+):/g)].map((m) => Number(m[1]));
    expect(listed).toEqual([3, 5, 6, 7, 8]);
    expect(await classCount(ids.school)).toBe(before);
    expect(await pupilsOf(ids.fiveB)).toBe(beforePupils);
    expect(
      await db
        .selectFrom("classes")
        .select("id")
        .where("school_id", "=", ids.school)
        .where("grade", "=", 6)
        .where("letter", "=", "В")
        .executeTakeFirst(),
    ).toBeUndefined();
  });

  it("refuses a file with a wrong header as a line-1 problem, and an empty file", async () => {
    const before = await classCount(ids.school);
    const wrong = await importCsv("school-admin", "class,letter,language,pupils,teacher_email\n6,В,kk,20,\n");
    expect(wrong.status).toBe(400);
    const page = await textOf(wrong);
    expect(page).toContain(html(fill(ru["classes.line"], { line: 1, problem: ru["classes.error.header"] })));
    expect([...page.matchAll(/Строка (\d+):/g)].map((m) => Number(m[1]))).toEqual([1]);
    const empty = await importCsv("school-admin", "grade,letter,language,pupils,teacher_email\n\n");
    expect(empty.status).toBe(400);
    expect(await textOf(empty)).toContain(html(fill(ru["classes.line"], { line: 2, problem: ru["classes.error.empty"] })));
    expect(await classCount(ids.school)).toBe(before);
  });

  it("lets no teacher or psychologist change classes", async () => {
    const before = await classCount(ids.school);
    const csv = "grade,letter,language,pupils,teacher_email\n6,З,kk,20,\n";
    for (const who of ["teacher", "psychologist"]) {
      expect((await importCsv(who, csv)).status, who).toBe(403);
      expect(
        (
          await as(who, "/school/classes", {
            form: { intent: "class", grade: "6", letter: "З", language: "kk", pupils: "20", teacher: "" },
          })
        ).status,
        who,
      ).toBe(403);
    }
    expect((await importCsv("district", csv)).status).toBe(403);
    expect(await classCount(ids.school)).toBe(before);
    // The teacher still reads the class list.
    expect((await as("teacher", "/school/classes")).status).toBe(200);
  });
});

describe("the school's plan and team", () => {
  const allOn = {
    intent: "plan",
    "on-kiva": "yes",
    "from-kiva": "1",
    "to-kiva": "9",
    "on-dosbol": "yes",
    "from-dosbol": "1",
    "to-dosbol": "11",
    "on-safety": "yes",
    "from-safety": "1",
    "to-safety": "11",
  };
  const planRows = async () =>
    (
      await db
        .selectFrom("school_programmes")
        .selectAll()
        .where("school_id", "=", ids.school)
        .where("year_id", "=", year.id)
        .orderBy("programme_id")
        .execute()
    ).map((r) => [r.programme_id, r.grade_from, r.grade_to]);

  it("switching KiVa off makes KiVa lessons unloggable, switching it back on allows them again", async () => {
    const { ["on-kiva"]: _, ...kivaOff } = allOn;
    const off = await as("school-admin", "/school/programmes?lang=ru", { form: kivaOff });
    expect(off.status).toBe(200);
    expect(await textOf(off)).toContain(html(ru["programmes.saved"]));
    expect(await planRows()).toEqual([
      ["dosbol", 1, 11],
      ["safety", 1, 11],
    ]);
    const before = await entryCount();
    const refused = await logAs("teacher", { classIds: [ids.fiveA], lessonId: "kiva-2-06", taughtOn: earlier });
    expect(refused.status).toBe(400);
    expect(await textOf(refused)).toContain(html(ru["lessons.error.lesson"]));
    expect(await entryCount()).toBe(before);
    // The other programmes are still taught.
    expect((await logAs("teacher", { classIds: [ids.fiveA], lessonId: "dosbol-students-02", taughtOn: earlier })).status).toBe(302);

    expect((await as("school-admin", "/school/programmes", { form: allOn })).status).toBe(200);
    expect(await planRows()).toEqual([
      ["dosbol", 1, 11],
      ["kiva", 1, 9],
      ["safety", 1, 11],
    ]);
    expect((await logAs("teacher", { classIds: [ids.fiveA], lessonId: "kiva-2-06", taughtOn: earlier })).status).toBe(302);
  });

  it("a plan with nothing on means nothing is taught (not the national default)", async () => {
    expect((await as("school-admin", "/school/programmes", { form: { intent: "plan" } })).status).toBe(200);
    const res = await logAs("teacher", { classIds: [ids.fiveA], lessonId: "dosbol-students-03", taughtOn: earlier });
    expect(res.status).toBe(400);
    expect(await textOf(res)).toContain(html(ru["lessons.error.lesson"]));
    expect((await as("school-admin", "/school/programmes", { form: allOn })).status).toBe(200);
  });

  it("refuses impossible grade ranges and keeps the plan", async () => {
    const before = await planRows();
    for (const [from, to] of [
      ["5", "3"],
      ["0", "9"],
      ["1", "12"],
      ["x", "9"],
    ]) {
      const res = await as("school-admin", "/school/programmes?lang=ru", { form: { ...allOn, "from-kiva": from!, "to-kiva": to! } });
      expect(res.status, `${from}–${to}`).toBe(400);
      expect(await textOf(res)).toContain(html(ru["programmes.error.grades"]));
    }
    expect(await planRows()).toEqual(before);
  });

  it("lets only the school admin change the plan", async () => {
    const before = await planRows();
    for (const who of ["teacher", "psychologist", "psychologist2", "district"]) {
      expect((await as(who, "/school/programmes", { form: { intent: "plan" } })).status, who).toBe(403);
    }
    expect(await planRows()).toEqual(before);
  });

  it("refuses a team whose coordinator is not a member, or with a member of another school", async () => {
    const team = async () =>
      (
        await db
          .selectFrom("school_team_members")
          .select(["user_id", "coordinator"])
          .where("school_id", "=", ids.school)
          .orderBy("user_id")
          .execute()
      ).map((m) => [m.user_id, m.coordinator]);
    const before = await team();
    expect(before).toContainEqual([ids.psychologist, 1]);

    const outsider = await as("school-admin", "/school/programmes?lang=ru", {
      form: { intent: "team", members: [String(ids.teacher), String(ids.admin)], coordinator: String(ids.psychologist) },
    });
    expect(outsider.status).toBe(400);
    expect(await textOf(outsider)).toContain(html(ru["programmes.error.team"]));
    const foreign = await as("school-admin", "/school/programmes?lang=ru", {
      form: { intent: "team", members: [String(ids.teacher), String(ids.psychologist2)], coordinator: String(ids.teacher) },
    });
    expect(foreign.status).toBe(400);
    expect(await textOf(foreign)).toContain(html(ru["programmes.error.team"]));
    expect(await team()).toEqual(before);
    expect(await db.selectFrom("school_team_members").select("user_id").where("user_id", "=", ids.psychologist2).execute()).toEqual([]);

    // A good team is saved, so the refusals above were about the members.
    const good = await as("school-admin", "/school/programmes", {
      form: {
        intent: "team",
        members: [String(ids.psychologist), String(ids.teacher), String(ids.admin)],
        coordinator: String(ids.teacher),
      },
    });
    expect(good.status).toBe(200);
    expect(await team()).toContainEqual([ids.teacher, 1]);
    expect(await team()).toContainEqual([ids.psychologist, 0]);
  });
});

describe("coverage pages", () => {
  type Row = { status: string; title: string; due: string; label: string };
  const rowsOf = (page: string): Row[] =>
    [...page.matchAll(/<tr class="status-(\w+)"><td>(.*?)<\/td><td>(\d{4}-\d{2}-\d{2})<\/td><td>(.*?)<\/td><\/tr>/g)].map((m) => ({
      status: m[1]!,
      title: m[2]!.replace(/<!-- -->/g, ""),
      due: m[3]!,
      label: m[4]!,
    }));

  it("shows a class's lessons: given, overdue, planned", async () => {
    // Given here too, so this test stands alone; a second entry of the same lesson changes nothing.
    expect((await logAs("teacher", { classIds: [ids.fiveA], lessonId: "kiva-2-03", taughtOn: earlier })).status).toBe(302);
    const res = await as("teacher", `/school/classes/${ids.fiveA}?lang=ru`);
    expect(res.status).toBe(200);
    const rows = rowsOf(await textOf(res));
    expect(rows.length).toBeGreaterThan(10);
    const label = {
      done: ru["classes.lessonStatus.done"],
      overdue: ru["classes.lessonStatus.overdue"],
      planned: ru["classes.lessonStatus.planned"],
    };
    for (const r of rows) expect(r.label, r.title).toBe(label[r.status as keyof typeof label]);
    const titled = (id: string) => html(findLesson(id)!.lesson.title.ru);
    // The seeded lessons (and the one logged above) are given.
    for (const id of ["kiva-2-01", "kiva-2-02", "kiva-2-03", "safety-5-9-01"]) {
      expect(rows.find((r) => r.title === titled(id))?.status, id).toBe("done");
    }
    // Overdue means due before today and not given; planned means not yet due.
    const overdue = rows.filter((r) => r.status === "overdue");
    expect(overdue.length).toBeGreaterThan(0);
    for (const r of overdue) expect(r.due < today, r.title).toBe(true);
    for (const r of rows.filter((x) => x.status === "planned")) expect(r.due >= today, r.title).toBe(true);
    // A safety lesson is given three times a year: one entry covers only the first round.
    const safety = rows.filter((r) => r.title.startsWith(titled("safety-5-9-01")));
    expect(safety.map((r) => r.status)[0]).toBe("done");
    expect(safety.slice(1).some((r) => r.status !== "done")).toBe(true);
  });

  it("answers 404 for another school's class, and for officials", async () => {
    expect((await as("teacher", `/school/classes/${ids.otherFiveA}`)).status).toBe(404);
    expect((await as("psychologist2", `/school/classes/${ids.fiveA}`)).status).toBe(404);
    expect((await as("psychologist2", `/school/classes/${ids.otherFiveA}`)).status).toBe(200);
    for (const who of ["district", "region"]) expect((await as(who, `/school/classes/${ids.fiveA}`)).status, who).toBe(404);
  });

  it("shows the district only its own schools' aggregates, no class and no child", async () => {
    const official = await db
      .selectFrom("users")
      .select("district_id")
      .where("email", "=", "district@demo.senim.kz")
      .executeTakeFirstOrThrow();
    expect(official.district_id).toBe(1);
    const schools = await db.selectFrom("schools").select(["code", "district_id"]).execute();
    const own = schools.filter((s) => s.district_id === official.district_id).map((s) => s.code);
    const others = schools.filter((s) => s.district_id !== official.district_id).map((s) => s.code);
    expect(own).toContain(SCHOOL);
    expect(others.length).toBeGreaterThan(0);

    const res = await as("district", "/district/lessons?lang=ru");
    expect(res.status).toBe(200);
    const page = await textOf(res);
    for (const code of own) expect(page, code).toContain(formatSchoolCode(code));
    for (const code of others) {
      expect(page, code).not.toContain(formatSchoolCode(code));
      expect(page, code).not.toContain(code);
    }
    expect(page.match(/<tr[ >]/g)?.length).toBe(own.length + 1); // the header row and one per school
    // Aggregates only: no class letter, no class link, no teacher, no child's words.
    // '"pupil' is a field name: the page's messages carry keys such as "lessons.pupils".
    for (const needle of ["5А", "5Б", "/school/classes/", "Нұрлан Оспанов", reportMarker, '"letter"', "teacherName", '"pupil']) {
      expect(page, needle).not.toContain(needle);
    }
  });

  it("is closed to school staff, and shows the region admin every school", async () => {
    for (const who of ["teacher", "psychologist", "psychologist2", "school-admin"]) {
      expect((await as(who, "/district/lessons")).status, who).toBe(403);
    }
    const res = await as("region", "/district/lessons?lang=ru");
    expect(res.status).toBe(200);
    const page = await textOf(res);
    const schools = await db.selectFrom("schools").select("code").execute();
    expect(schools).toHaveLength(22);
    for (const s of schools) expect(page, s.code).toContain(formatSchoolCode(s.code));
    expect(page.match(/<tr[ >]/g)?.length).toBe(23);
    expect(page).not.toContain("5А");
    expect(page).not.toContain(reportMarker);
  });
});

describe("every page read above", () => {
  it("was clean UTF-8 with no NUL byte (React 18's streaming renderer can leak them at 2 KB boundaries)", () => {
    expect(pagesWithNul).toEqual([]);
  });
});
