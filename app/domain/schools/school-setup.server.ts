import { readCsvTable } from "../csv/csv-table";
import { may, type Actor } from "../policy/policy.server";
import { CSV_COLUMNS, INSTRUCTION_LANGUAGES } from "./class-format";

export type ClassInput = { grade: number; letter: string; language: string; pupilCount: number; teacherEmail: string };
export type ClassProblem = "grade" | "letter" | "language" | "pupils" | "teacher";

function mustManage(actor: Actor): number {
  if (!may(actor, "manage:school:school")) throw new Error("not allowed");
  return actor.user.school_id!;
}

/** Staff of the actor's school, for choosing teachers and the team. */
export async function schoolStaff(actor: Actor) {
  if (actor.user.school_id === null) return [];
  return actor.db
    .selectFrom("users")
    .select(["id", "display_name", "email", "role"])
    .where("school_id", "=", actor.user.school_id)
    .orderBy("display_name")
    .execute();
}

function checkClass(c: ClassInput, teacherIds: Map<string, number>): ClassProblem | undefined {
  if (!Number.isInteger(c.grade) || c.grade < 0 || c.grade > 11) return "grade";
  if (!/^[\p{L}\d]{1,3}$/u.test(c.letter)) return "letter";
  if (!(INSTRUCTION_LANGUAGES as readonly string[]).includes(c.language)) return "language";
  if (!Number.isInteger(c.pupilCount) || c.pupilCount < 0 || c.pupilCount > 60) return "pupils";
  if (c.teacherEmail !== "" && !teacherIds.has(c.teacherEmail.toLowerCase())) return "teacher";
  return undefined;
}

async function teacherIdsByEmail(actor: Actor): Promise<Map<string, number>> {
  return new Map((await schoolStaff(actor)).map((u) => [u.email, u.id]));
}

/**
 * Adds classes, or updates those the school already has (same grade and letter), all or nothing.
 * No teacher given keeps the class teacher it has.
 */
async function saveClasses(actor: Actor, classes: ClassInput[], teacherIds: Map<string, number>) {
  const schoolId = mustManage(actor);
  await actor.db.transaction().execute(async (tx) => {
    for (const c of classes) {
      const teacherId = c.teacherEmail ? teacherIds.get(c.teacherEmail.toLowerCase())! : null;
      await tx
        .insertInto("classes")
        .values({
          school_id: schoolId,
          grade: c.grade,
          letter: c.letter,
          language: c.language,
          pupil_count: c.pupilCount,
          teacher_id: teacherId,
        })
        .onConflict((oc) =>
          oc
            .columns(["school_id", "grade", "letter"])
            .doUpdateSet(
              teacherId === null
                ? { language: c.language, pupil_count: c.pupilCount }
                : { language: c.language, pupil_count: c.pupilCount, teacher_id: teacherId },
            ),
        )
        .execute();
    }
  });
}

export async function saveClass(actor: Actor, c: ClassInput): Promise<ClassProblem | undefined> {
  mustManage(actor);
  const teacherIds = await teacherIdsByEmail(actor);
  const problem = checkClass(c, teacherIds);
  if (!problem) await saveClasses(actor, [c], teacherIds);
  return problem;
}

export type CsvProblem = { line: number; problem: ClassProblem | "columns" | "header" | "duplicate" | "empty" };

/**
 * Imports classes from CSV with the header `grade,letter,language,pupils,teacher_email`.
 * Every bad line is reported by its number, and then nothing is imported.
 */
export async function importClassesCsv(
  actor: Actor,
  text: string,
): Promise<{ ok: true; count: number } | { ok: false; problems: CsvProblem[] }> {
  mustManage(actor);
  const table = readCsvTable(text, CSV_COLUMNS);
  if (!table.ok) return { ok: false, problems: [{ line: 1, problem: "header" }] };
  const teacherIds = await teacherIdsByEmail(actor);
  const classes: ClassInput[] = [];
  const problems: CsvProblem[] = [];
  const seen = new Set<string>();
  for (const { line, fields: f } of table.rows) {
    if (f.length < 4 || f.length > 5) {
      problems.push({ line, problem: "columns" });
      continue;
    }
    const c: ClassInput = {
      grade: /^\d+$/.test(f[0]!) ? Number(f[0]) : NaN,
      letter: f[1]!.toUpperCase(),
      language: f[2]!.toLowerCase(),
      pupilCount: /^\d+$/.test(f[3]!) ? Number(f[3]) : NaN,
      teacherEmail: (f[4] ?? "").toLowerCase(),
    };
    const problem = checkClass(c, teacherIds);
    const key = `${c.grade}-${c.letter}`;
    if (problem) problems.push({ line, problem });
    else if (seen.has(key)) problems.push({ line, problem: "duplicate" });
    else {
      seen.add(key);
      classes.push(c);
    }
  }
  if (problems.length === 0 && classes.length === 0) problems.push({ line: 2, problem: "empty" });
  if (problems.length > 0) return { ok: false, problems };
  await saveClasses(actor, classes, teacherIds);
  return { ok: true, count: classes.length };
}

export async function schoolTeam(actor: Actor) {
  if (actor.user.school_id === null) return [];
  return actor.db
    .selectFrom("school_team_members")
    .innerJoin("users", "users.id", "school_team_members.user_id")
    .select(["users.id", "users.display_name", "users.role", "school_team_members.coordinator"])
    .where("school_team_members.school_id", "=", actor.user.school_id)
    .orderBy("users.display_name")
    .execute();
}

/** Replaces the anti-bullying team; the coordinator must be one of its members. */
export async function setSchoolTeam(actor: Actor, memberIds: number[], coordinatorId: number | null): Promise<boolean> {
  const schoolId = mustManage(actor);
  const staff = new Set((await schoolStaff(actor)).map((u) => u.id));
  const members = [...new Set(memberIds)];
  if (members.some((id) => !staff.has(id))) return false;
  if (coordinatorId !== null && !members.includes(coordinatorId)) return false;
  await actor.db.transaction().execute(async (tx) => {
    await tx.deleteFrom("school_team_members").where("school_id", "=", schoolId).execute();
    if (members.length > 0) {
      await tx
        .insertInto("school_team_members")
        .values(members.map((id) => ({ school_id: schoolId, user_id: id, coordinator: id === coordinatorId ? 1 : 0 })))
        .execute();
    }
  });
  return true;
}

export async function checklistDone(actor: Actor, schoolId: number, yearId: string): Promise<Map<string, string>> {
  const rows = await actor.db
    .selectFrom("school_checklist")
    .select(["item_id", "done_on"])
    .where("school_id", "=", schoolId)
    .where("year_id", "=", yearId)
    .execute();
  return new Map(rows.map((r) => [r.item_id, r.done_on]));
}

/**
 * Ticks the school-wide items done this year (posters up, parents' evening held, survey run…).
 * Only the items the form showed can be unticked: those of programmes out of the plan stay.
 */
export async function setChecklist(
  actor: Actor,
  yearId: string,
  shownItemIds: string[],
  doneItemIds: string[],
  today: string,
): Promise<void> {
  const schoolId = mustManage(actor);
  const before = await checklistDone(actor, schoolId, yearId);
  await actor.db.transaction().execute(async (tx) => {
    await tx
      .deleteFrom("school_checklist")
      .where("school_id", "=", schoolId)
      .where("year_id", "=", yearId)
      .where("item_id", "in", shownItemIds.filter((id) => !doneItemIds.includes(id)).concat(""))
      .execute();
    const added = doneItemIds.filter((id) => shownItemIds.includes(id) && !before.has(id));
    if (added.length > 0) {
      await tx
        .insertInto("school_checklist")
        .values(added.map((item_id) => ({ school_id: schoolId, year_id: yearId, item_id, done_on: today, user_id: actor.user.id })))
        .execute();
    }
  });
}
