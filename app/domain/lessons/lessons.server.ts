import { schoolNowIso } from "~/domain/calendar/local-date";
import { sql } from "kysely";
import {
  findLesson,
  programmes,
  schoolYears,
  unitForGrade,
  type Programme,
  type ProgrammeId,
  type SchoolYear,
  type Unit,
} from "~/content/programmes";
import type { RegionDb } from "../../../db/regions.server";
import { classesVisibleTo, lessonEntriesEditableBy, may, schoolsVisibleTo, type Actor } from "../policy/policy.server";
import { addCoverage, coverageShare, expectedLessons, lessonStatuses, NO_COVERAGE, summarize, type Coverage } from "./lesson-plan";

export type PlannedProgramme = { programmeId: ProgrammeId; gradeFrom: number; gradeTo: number };

// ДосболLIKE and the personal-safety lessons are national (all schools since 2024–25); KiVa
// runs only where a school has joined it, so a school switches it on in its plan.
const DEFAULT_PLAN: PlannedProgramme[] = [
  { programmeId: "dosbol", gradeFrom: 1, gradeTo: 11 },
  { programmeId: "safety", gradeFrom: 1, gradeTo: 11 },
];

/** Lessons are logged for the current school year only, up to today. */
function inCurrentYear(date: string, today: string): SchoolYear | undefined {
  const year = currentSchoolYear(today);
  return date >= year.start && date <= year.end && date <= today ? year : undefined;
}

/**
 * The school year under way, or over the summer the one just finished: its results stay in
 * view and its last lessons can still be logged until the next year starts.
 */
export function currentSchoolYear(today: string): SchoolYear {
  const started = schoolYears.filter((y) => y.start <= today);
  return started[started.length - 1] ?? schoolYears[0]!;
}

/** The actor's own school's plan for a year; nobody else reads a school's plan. */
export async function ownSchoolPlan(actor: Actor, yearId: string): Promise<PlannedProgramme[]> {
  if (!may(actor, "read:lessons:school")) throw new Error("not allowed");
  return schoolPlan(actor.db, actor.user.school_id!, yearId);
}

export async function schoolPlan(db: RegionDb, schoolId: number, yearId: string): Promise<PlannedProgramme[]> {
  const rows = await db
    .selectFrom("school_programmes")
    .selectAll()
    .where("school_id", "=", schoolId)
    .where("year_id", "=", yearId)
    .execute();
  return planFromRows(rows);
}

/** A school's stored plan rows as a plan; no rows at all means the national default. */
function planFromRows(rows: Array<{ programme_id: string; grade_from: number; grade_to: number }>): PlannedProgramme[] {
  if (rows.length === 0) return DEFAULT_PLAN;
  return rows
    .filter((r) => programmes.some((p) => p.id === r.programme_id))
    .map((r) => ({ programmeId: r.programme_id as ProgrammeId, gradeFrom: r.grade_from, gradeTo: r.grade_to }));
}

/** Replaces the school's plan for a year; an empty list means no programme is taught. */
export async function setSchoolPlan(actor: Actor, yearId: string, plan: PlannedProgramme[]): Promise<void> {
  if (!may(actor, "manage:school:school")) throw new Error("not allowed");
  const schoolId = actor.user.school_id!;
  await actor.db.transaction().execute(async (tx) => {
    await tx.deleteFrom("school_programmes").where("school_id", "=", schoolId).where("year_id", "=", yearId).execute();
    // A "none" row keeps "nothing planned" distinct from "never planned", which means the default.
    const rows =
      plan.length > 0
        ? plan.map((p) => ({ id: p.programmeId as string, from: p.gradeFrom, to: p.gradeTo }))
        : [{ id: "none", from: 1, to: 1 }];
    await tx
      .insertInto("school_programmes")
      .values(rows.map((p) => ({ school_id: schoolId, year_id: yearId, programme_id: p.id, grade_from: p.from, grade_to: p.to })))
      .execute();
  });
}

/** The programme units a class of this grade is taught under the plan. */
export function unitsForGrade(plan: PlannedProgramme[], grade: number): Array<{ programme: Programme; unit: Unit }> {
  const out: Array<{ programme: Programme; unit: Unit }> = [];
  for (const p of plan) {
    if (grade < p.gradeFrom || grade > p.gradeTo) continue;
    const programme = programmes.find((x) => x.id === p.programmeId);
    const unit = programme && unitForGrade(programme, grade);
    if (programme && unit) out.push({ programme, unit });
  }
  return out;
}

export async function classesOf(actor: Actor) {
  return classesVisibleTo(actor)
    .leftJoin("users", "users.id", "classes.teacher_id")
    .select([
      "classes.id",
      "classes.grade",
      "classes.letter",
      "classes.language",
      "classes.pupil_count",
      "classes.teacher_id",
      "users.display_name as teacher_name",
    ])
    .orderBy("classes.grade")
    .orderBy("classes.letter")
    .execute();
}

export type NewLessonEntry = {
  classIds: number[];
  lessonId: string;
  taughtOn: string;
  minutes: number;
  pupilsPresent: number | null;
  note: string;
};

export type LogProblem = "class" | "lesson" | "date" | "pupils";

/**
 * Logs one lesson for one or more parallel classes in one go. Every class must be the actor's
 * and be taught that lesson under the plan; the date must lie in a school year, not the future.
 */
export async function logLesson(
  actor: Actor,
  entry: NewLessonEntry,
  today: string,
): Promise<{ ok: true; ids: number[] } | { ok: false; problem: LogProblem }> {
  if (!may(actor, "log:lesson:school") || entry.classIds.length === 0) return { ok: false, problem: "class" };
  const found = findLesson(entry.lessonId);
  if (!found) return { ok: false, problem: "lesson" };
  const year = inCurrentYear(entry.taughtOn, today);
  if (!year) return { ok: false, problem: "date" };
  const classes = await classesVisibleTo(actor).selectAll("classes").where("classes.id", "in", entry.classIds).execute();
  if (classes.length !== new Set(entry.classIds).size) return { ok: false, problem: "class" };
  const plan = await ownSchoolPlan(actor, year.id);
  for (const c of classes) {
    if (!unitsForGrade(plan, c.grade).some((u) => u.unit.id === found.unit.id)) return { ok: false, problem: "lesson" };
    if (entry.pupilsPresent !== null && entry.pupilsPresent > c.pupil_count) return { ok: false, problem: "pupils" };
  }
  const now = schoolNowIso();
  const ids = await actor.db.transaction().execute(async (tx) => {
    const inserted: number[] = [];
    for (const c of classes) {
      const row = await tx
        .insertInto("lesson_entries")
        .values({
          class_id: c.id,
          lesson_id: entry.lessonId,
          taught_on: entry.taughtOn,
          minutes: entry.minutes,
          pupils_present: entry.pupilsPresent,
          note: entry.note,
          teacher_id: actor.user.id,
          created_at: now,
          updated_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      inserted.push(row.id);
    }
    return inserted;
  });
  return { ok: true, ids };
}

/** One of the actor's own entries, with the class it was given to. */
export async function ownLessonEntry(actor: Actor, entryId: number) {
  return lessonEntriesEditableBy(actor)
    .innerJoin("classes", "classes.id", "lesson_entries.class_id")
    .selectAll("lesson_entries")
    .select(["classes.grade", "classes.letter", "classes.pupil_count"])
    .where("lesson_entries.id", "=", entryId)
    .executeTakeFirst();
}

export async function recentOwnEntries(actor: Actor, limit = 20) {
  return lessonEntriesEditableBy(actor)
    .innerJoin("classes", "classes.id", "lesson_entries.class_id")
    .select([
      "lesson_entries.id",
      "lesson_entries.lesson_id",
      "lesson_entries.taught_on",
      "lesson_entries.minutes",
      "lesson_entries.pupils_present",
      "classes.grade",
      "classes.letter",
    ])
    .orderBy("lesson_entries.taught_on", "desc")
    .orderBy("lesson_entries.id", "desc")
    .limit(limit)
    .execute();
}

export type EntryCorrection = { taughtOn: string; minutes: number; pupilsPresent: number | null; note: string };

export async function correctLessonEntry(
  actor: Actor,
  entryId: number,
  c: EntryCorrection,
  today: string,
): Promise<"ok" | "not-found" | LogProblem> {
  const entry = await ownLessonEntry(actor, entryId);
  if (!entry) return "not-found";
  if (!inCurrentYear(c.taughtOn, today)) return "date";
  if (c.pupilsPresent !== null && c.pupilsPresent > entry.pupil_count) return "pupils";
  await actor.db
    .updateTable("lesson_entries")
    .set({ taught_on: c.taughtOn, minutes: c.minutes, pupils_present: c.pupilsPresent, note: c.note, updated_at: schoolNowIso() })
    .where("id", "=", entryId)
    .execute();
  return "ok";
}

export async function deleteLessonEntry(actor: Actor, entryId: number): Promise<boolean> {
  const entry = await ownLessonEntry(actor, entryId);
  if (!entry) return false;
  await actor.db.deleteFrom("lesson_entries").where("id", "=", entryId).execute();
  return true;
}

type ClassRow = { id: number; grade: number; school_id: number };

/** How many times each lesson was given to each class of these schools (or one class) within the year. */
async function deliveredCounts(db: RegionDb, of: { classId: number } | { schoolIds: number[] }, year: SchoolYear) {
  const counts = new Map<number, Map<string, number>>();
  let query = db.selectFrom("lesson_entries").select(["class_id", "lesson_id", sql<number>`count(*)`.as("n")]);
  // By school, through a subquery: a region's tens of thousands of class ids would overflow SQLite's parameters.
  query =
    "classId" in of
      ? query.where("class_id", "=", of.classId)
      : query.where("class_id", "in", (eb) => eb.selectFrom("classes").select("classes.id").where("classes.school_id", "in", of.schoolIds));
  const rows = await query
    .where("taught_on", ">=", year.start)
    .where("taught_on", "<=", year.end)
    .groupBy(["class_id", "lesson_id"])
    .execute();
  for (const r of rows) {
    if (!counts.has(r.class_id)) counts.set(r.class_id, new Map());
    counts.get(r.class_id)!.set(r.lesson_id, r.n);
  }
  return counts;
}

function classLessons(cls: ClassRow, plan: PlannedProgramme[], year: SchoolYear, delivered: Map<string, number>, today: string) {
  return unitsForGrade(plan, cls.grade).map(({ programme, unit }) => ({
    programme,
    unit,
    lessons: lessonStatuses(expectedLessons(unit, year, cls.grade), delivered, today),
  }));
}

/** One class's lessons this year under its school's plan: done, overdue or planned. */
export async function classProgress(actor: Actor, classId: number, today: string) {
  const cls = await classesVisibleTo(actor).selectAll("classes").where("classes.id", "=", classId).executeTakeFirst();
  if (!cls) return undefined;
  const year = currentSchoolYear(today);
  const plan = await schoolPlan(actor.db, cls.school_id, year.id);
  const delivered = (await deliveredCounts(actor.db, { classId: cls.id }, year)).get(cls.id) ?? new Map();
  const entries = await actor.db
    .selectFrom("lesson_entries")
    .innerJoin("users", "users.id", "lesson_entries.teacher_id")
    .select(["lesson_entries.id", "lesson_id", "taught_on", "minutes", "pupils_present", "note", "teacher_id", "users.display_name"])
    .where("class_id", "=", cls.id)
    .where("taught_on", ">=", year.start)
    .orderBy("taught_on", "desc")
    .execute();
  return { cls, year, units: classLessons(cls, plan, year, delivered, today), entries };
}

export type SchoolCoverage = {
  schoolId: number;
  coverage: Coverage;
  byProgramme: Partial<Record<ProgrammeId, Coverage>>;
  share: number;
  classesBehind: number;
  classes: Array<{ id: number; grade: number; letter: string; teacherName: string | null; coverage: Coverage }>;
};

/** Coverage of every visible school: what was due by today and what was given, per class. */
export async function coverageOfSchools(actor: Actor, today: string, schoolIds?: number[]): Promise<SchoolCoverage[]> {
  const year = currentSchoolYear(today);
  let schoolsQuery = schoolsVisibleTo(actor).select(["schools.id"]);
  if (schoolIds) schoolsQuery = schoolsQuery.where("schools.id", "in", schoolIds.length ? schoolIds : [-1]);
  const schools = await schoolsQuery.execute();
  const ids = schools.map((s) => s.id);
  if (ids.length === 0) return [];
  const [classes, plans] = await Promise.all([
    actor.db
      .selectFrom("classes")
      .leftJoin("users", "users.id", "classes.teacher_id")
      .select(["classes.id", "classes.grade", "classes.letter", "classes.school_id", "users.display_name as teacher_name"])
      .where("classes.school_id", "in", ids)
      .orderBy("classes.grade")
      .orderBy("classes.letter")
      .execute(),
    actor.db.selectFrom("school_programmes").selectAll().where("school_id", "in", ids).where("year_id", "=", year.id).execute(),
  ]);
  const delivered = await deliveredCounts(actor.db, { schoolIds: ids }, year);
  return ids.map((schoolId) => {
    const plan = planFromRows(plans.filter((p) => p.school_id === schoolId));
    const byProgramme: Partial<Record<ProgrammeId, Coverage>> = {};
    const rows = classes
      .filter((c) => c.school_id === schoolId)
      .map((c) => {
        const units = classLessons(c, plan, year, delivered.get(c.id) ?? new Map(), today);
        for (const u of units)
          byProgramme[u.programme.id] = addCoverage(byProgramme[u.programme.id] ?? NO_COVERAGE, summarize(u.lessons, today));
        const coverage = summarize(
          units.flatMap((u) => u.lessons),
          today,
        );
        return { id: c.id, grade: c.grade, letter: c.letter, teacherName: c.teacher_name, coverage };
      });
    const coverage = rows.reduce<Coverage>((sum, r) => addCoverage(sum, r.coverage), NO_COVERAGE);
    return {
      schoolId,
      coverage,
      byProgramme,
      share: coverageShare(coverage),
      classesBehind: rows.filter((r) => isBehind(r.coverage)).length,
      classes: rows,
    };
  });
}

/** Who logged what this school year: entries and classes per staff member. */
export async function teacherActivity(actor: Actor, today: string) {
  const year = currentSchoolYear(today);
  return actor.db
    .selectFrom("lesson_entries")
    .innerJoin("users", "users.id", "lesson_entries.teacher_id")
    .select([
      "users.id",
      "users.display_name",
      sql<number>`count(*)`.as("entries"),
      sql<number>`count(distinct lesson_entries.class_id)`.as("classes"),
      sql<string>`max(lesson_entries.taught_on)`.as("last"),
    ])
    .where("lesson_entries.class_id", "in", classesVisibleTo(actor).select("classes.id"))
    .where("lesson_entries.taught_on", ">=", year.start)
    .where("lesson_entries.taught_on", "<=", year.end)
    .groupBy("users.id")
    .orderBy("users.display_name")
    .execute();
}

/** A class is far behind when it misses a fifth of what was due, or three lessons or more. */
export function isBehind(c: Coverage): boolean {
  return c.overdue >= 3 || coverageShare(c) < 0.8;
}
