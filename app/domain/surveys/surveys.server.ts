import { randomInt } from "node:crypto";
import { sql } from "kysely";
import { regions } from "~/content/content";
import { localToday, schoolNowIso } from "~/domain/calendar/local-date";
import { currentSchoolYear } from "~/domain/lessons/lessons.server";
import { RateLimiter } from "~/domain/rate-limit/rate-limit.server";
import { SCHOOL_CODE_ALPHABET, normalizeSchoolCode } from "~/domain/schools/school-code";
import { regionDb, type RegionDb } from "../../../db/regions.server";
import { singleton } from "../../../db/singleton";
import { BULLYING_FORMS, FREQUENCIES, type SurveyAnswer } from "./survey-input";
import { dashboardSchoolsVisibleTo, may, type Actor } from "../policy/policy.server";

// The anonymous class survey (Olweus global items, the forms of bullying, the ДосболLIKE
// trusted-adult question). An answer carries nothing about who gave it: no session, cookie,
// address or device, and only the day. Results are shares, never shown under MIN_RESPONDENTS.

/** No result is shown for fewer respondents: with a handful, a share is a child's answer. */
export const MIN_RESPONDENTS = 10;
/** HBSC 2022, Kazakhstan: pupils bullied 2–3 times a month or more (domain brief). Data, not a law of nature. */
export const NATIONAL_VICTIM_BASELINE = 0.068;
/** "2 or 3 times a month" or more on the five-step scale: a victim, or a bully. */
export const OLWEUS_CUTOFF = 2;

const CODE_RANDOM_LENGTH = 5;

/** A class code: the region's two letters and five characters no one misreads ("AK-7K3MP"). */
function newSurveyCode(prefix: string): string {
  let code = prefix;
  for (let i = 0; i < CODE_RANDOM_LENGTH; i++) code += SCHOOL_CODE_ALPHABET[randomInt(SCHOOL_CODE_ALPHABET.length)];
  return code;
}

/** "ak-7k3mp", "АК 7К3МР" → "AK7K3MP"; undefined when it cannot be a survey code. */
export function normalizeSurveyCode(input: string): string | undefined {
  const cleaned = input.replace(/[^\p{L}\p{N}]/gu, "");
  if (cleaned.length !== 2 + CODE_RANDOM_LENGTH) return undefined;
  // The school code's reading (look-alike Cyrillic letters, no 0/O/1/I/L), over both six-character windows.
  const head = normalizeSchoolCode(cleaned.slice(0, 6));
  const tail = normalizeSchoolCode(cleaned.slice(1));
  return head && tail ? head + tail.slice(5) : undefined;
}

const limiters = singleton("survey-limits", () => ({
  // A whole class answers from one school Wi-Fi: generous, but not a flood.
  answersPerClient: new RateLimiter(120 * Number(process.env.RATE_LIMIT_MULTIPLIER ?? 1), 60 * 60_000),
  lookupsPerClient: new RateLimiter(60 * Number(process.env.RATE_LIMIT_MULTIPLIER ?? 1), 10 * 60_000),
}));

export type OpenSurvey = {
  db: RegionDb;
  id: number;
  grade: number;
  classLabel: string | null;
  schoolName: { kk: string; ru: string; en: string };
};

/** The open survey a code names, in the region its two letters say; undefined for anything else. */
export async function findOpenSurvey(input: string, clientKey: string): Promise<OpenSurvey | "too-many" | undefined> {
  if (!limiters.lookupsPerClient.attempt(clientKey)) return "too-many";
  const code = normalizeSurveyCode(input);
  if (!code) return undefined;
  const region = regions.find((r) => r.schoolCodePrefix === code.slice(0, 2));
  const db = region && (await regionDb(region.code));
  if (!db) return undefined;
  const row = await db
    .selectFrom("surveys")
    .innerJoin("schools", "schools.id", "surveys.school_id")
    .leftJoin("classes", "classes.id", "surveys.class_id")
    .select(["surveys.id", "surveys.grade", "classes.letter", "schools.name_kk", "schools.name_ru", "schools.name_en"])
    .where("surveys.code", "=", code)
    .where("surveys.closed_at", "is", null)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    db,
    id: row.id,
    grade: row.grade,
    classLabel: row.letter ? `${row.grade}${row.letter}` : null,
    schoolName: { kk: row.name_kk, ru: row.name_ru, en: row.name_en },
  };
}

/** Stores one answer (committed with synchronous=FULL before the thank-you page); false when the client sent too many. */
export async function recordSurveyAnswer(survey: OpenSurvey, answer: SurveyAnswer, clientKey: string): Promise<boolean> {
  if (!limiters.answersPerClient.attempt(clientKey)) return false;
  await survey.db
    .insertInto("survey_answers")
    .values({
      survey_id: survey.id,
      been_bullied: FREQUENCIES.indexOf(answer.beenBullied),
      bullied_others: FREQUENCIES.indexOf(answer.bulliedOthers),
      forms: [...new Set(answer.forms)].join(","),
      trusted_adult: answer.trustedAdult,
      answered_on: localToday(),
    })
    .execute();
  return true;
}

export type OpenSurveyTarget = { classId: number } | { grade: number };

/** The psychologist opens a survey for one class of their school or a whole grade; the code is shown to the class. */
export async function openSurvey(actor: Actor, target: OpenSurveyTarget): Promise<{ ok: true; code: string } | { ok: false }> {
  if (!may(actor, "open:survey:school")) return { ok: false };
  const schoolId = actor.user.school_id!;
  let grade: number;
  let classId: number | null = null;
  if ("classId" in target) {
    const cls = await actor.db
      .selectFrom("classes")
      .select(["id", "grade"])
      .where("id", "=", target.classId)
      .where("school_id", "=", schoolId)
      .executeTakeFirst();
    if (!cls) return { ok: false };
    grade = cls.grade;
    classId = cls.id;
  } else {
    const any = await actor.db
      .selectFrom("classes")
      .select("id")
      .where("school_id", "=", schoolId)
      .where("grade", "=", target.grade)
      .executeTakeFirst();
    if (!any) return { ok: false };
    grade = target.grade;
  }
  const prefix = regions.find((r) => r.code === actor.region)!.schoolCodePrefix;
  const today = localToday();
  for (;;) {
    const code = newSurveyCode(prefix);
    const taken = await actor.db.selectFrom("surveys").select("id").where("code", "=", code).executeTakeFirst();
    if (taken) continue;
    await actor.db
      .insertInto("surveys")
      .values({
        school_id: schoolId,
        class_id: classId,
        grade,
        year_id: currentSchoolYear(today).id,
        code,
        opened_by: actor.user.id,
        opened_at: schoolNowIso(),
      })
      .execute();
    return { ok: true, code };
  }
}

export async function closeSurvey(actor: Actor, surveyId: number): Promise<boolean> {
  if (!may(actor, "open:survey:school")) return false;
  const done = await actor.db
    .updateTable("surveys")
    .set({ closed_at: schoolNowIso() })
    .where("id", "=", surveyId)
    .where("school_id", "=", actor.user.school_id!)
    .where("closed_at", "is", null)
    .executeTakeFirst();
  return done.numUpdatedRows > 0n;
}

export type SurveyResult = {
  respondents: number;
  /** Null below MIN_RESPONDENTS. */
  victims: number | null;
  bullies: number | null;
  trustedAdult: number | null;
  forms: Array<{ id: (typeof BULLYING_FORMS)[number]; share: number }> | null;
};

type Tally = { n: number; victims: number; bullies: number; trusted: number; forms: string[] };

function resultOf(t: Tally): SurveyResult {
  if (t.n < MIN_RESPONDENTS) return { respondents: t.n, victims: null, bullies: null, trustedAdult: null, forms: null };
  return {
    respondents: t.n,
    victims: t.victims / t.n,
    bullies: t.bullies / t.n,
    trustedAdult: t.trusted / t.n,
    forms: BULLYING_FORMS.map((id) => ({ id, share: t.forms.filter((f) => f.split(",").includes(id)).length / t.n })),
  };
}

function tallyQuery(db: RegionDb) {
  return db
    .selectFrom("survey_answers")
    .select([
      sql<number>`count(*)`.as("n"),
      sql<number>`coalesce(sum(been_bullied >= ${OLWEUS_CUTOFF}), 0)`.as("victims"),
      sql<number>`coalesce(sum(bullied_others >= ${OLWEUS_CUTOFF}), 0)`.as("bullies"),
      sql<number>`coalesce(sum(trusted_adult = 'yes'), 0)`.as("trusted"),
    ]);
}

/**
 * The school's surveys with their results, and for each the same grade's result of the year
 * before (for comparison), all for the psychologist of the school.
 */
export async function schoolSurveys(actor: Actor) {
  if (!may(actor, "open:survey:school")) return undefined;
  const schoolId = actor.user.school_id!;
  const surveys = await actor.db
    .selectFrom("surveys")
    .leftJoin("classes", "classes.id", "surveys.class_id")
    .select(["surveys.id", "surveys.code", "surveys.grade", "surveys.year_id", "surveys.opened_at", "surveys.closed_at", "classes.letter"])
    .where("surveys.school_id", "=", schoolId)
    .orderBy("surveys.id", "desc")
    .execute();
  const results = await Promise.all(
    surveys.map(async (s) => {
      const [tally, forms] = await Promise.all([
        tallyQuery(actor.db).where("survey_id", "=", s.id).executeTakeFirstOrThrow(),
        actor.db.selectFrom("survey_answers").select("forms").where("survey_id", "=", s.id).execute(),
      ]);
      const lastYear = await gradeResult(actor.db, schoolId, s.grade, previousYearId(s.year_id));
      return { ...s, result: resultOf({ ...tally, forms: forms.map((f) => f.forms) }), lastYear };
    }),
  );
  return results;
}

function previousYearId(yearId: string): string {
  const [a, b] = yearId.split("-").map(Number) as [number, number];
  return `${a - 1}-${b - 1}`;
}

async function gradeResult(db: RegionDb, schoolId: number, grade: number, yearId: string): Promise<SurveyResult> {
  const tally = await tallyQuery(db)
    .where(
      "survey_id",
      "in",
      db.selectFrom("surveys").select("id").where("school_id", "=", schoolId).where("grade", "=", grade).where("year_id", "=", yearId),
    )
    .executeTakeFirstOrThrow();
  return resultOf({ ...tally, forms: [] });
}

/**
 * Survey prevalence across the schools an official oversees, for a school year: shares only,
 * and nothing under MIN_RESPONDENTS. Grades narrow it like the dashboard's grade band.
 */
export async function surveyPrevalence(
  actor: Actor,
  schoolIds: () => ReturnType<typeof dashboardSchoolsVisibleTo>,
  yearId: string,
  grades?: readonly [number, number],
) {
  let surveys = actor.db
    .selectFrom("surveys")
    .select("surveys.id")
    .where("surveys.school_id", "in", schoolIds().select("schools.id"))
    .where("surveys.year_id", "=", yearId);
  if (grades) surveys = surveys.where("surveys.grade", ">=", grades[0]).where("surveys.grade", "<=", grades[1]);
  const tally = await tallyQuery(actor.db).where("survey_id", "in", surveys).executeTakeFirstOrThrow();
  const r = resultOf({ ...tally, forms: [] });
  return { yearId, respondents: r.respondents, victims: r.victims, bullies: r.bullies, trustedAdult: r.trustedAdult };
}
