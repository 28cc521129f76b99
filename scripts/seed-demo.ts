import { createStaffAccount } from "../app/domain/auth/staff-accounts.server";
import { decodeTotpSecret, enrolKnownSecret, hasTwoFactor, twoFactorRequired } from "../app/domain/auth/two-factor.server";
import { createDistrict, createSchool, findDistrictByName, findSchoolInRegion, upsertClass } from "../app/domain/schools/schools.server";
import { teachingDays } from "../app/domain/lessons/lesson-plan";
import { currentSchoolYear } from "../app/domain/lessons/lessons.server";
import { requireRegionDb } from "../db/regions.server";
import type { StaffRole } from "../db/schema";
import { localToday, schoolNowIso, startOfLocalDay } from "../app/domain/calendar/local-date";

export const DEMO_REGION = "akmola";
export const DEMO_PASSWORD = "senim-demo-2026";
/**
 * The one published TOTP secret of every demo account that needs a second factor, so the demo
 * and the tests can sign in (`npm run demo:code -- <email>` prints the current code). Real
 * accounts enrol their own secret at first sign-in; never give a real account this one.
 */
export const DEMO_TOTP_SECRET = "SENIMDEMOTOTPSECRETFORTESTSONLY7";

const districts = [
  { kk: "Көкшетау қаласы", ru: "город Кокшетау", en: "Kokshetau City", locality: "urban" },
  { kk: "Степногорск қаласы", ru: "город Степногорск", en: "Stepnogorsk City", locality: "urban" },
  { kk: "Бурабай ауданы", ru: "Бурабайский район", en: "Burabay District", locality: "rural" },
  { kk: "Целиноград ауданы", ru: "Целиноградский район", en: "Tselinograd District", locality: "rural" },
  { kk: "Шортанды ауданы", ru: "Шортандинский район", en: "Shortandy District", locality: "rural" },
] as const;

// Fixed codes: the demo's posters and README links must mean the same school after every reseed.
const schoolCodes = [
  "AK7K3M",
  "AK4P9T",
  "AKH2WX",
  "AK8NQR",
  "AK3ZD5",
  "AKM6YE",
  "AK9CJB",
  "AKT4VG",
  "AK2RFH",
  "AKW5KN",
  "AK6XPA",
  "AKQ3SM",
  "AKE8BZ",
  "AK5GTW",
  "AKJ7HC",
  "AKZ9MQ",
  "AKB4RD",
  "AKN2FY",
  "AKV6KE",
  "AKC8TX",
  "AKP3WJ",
  "AKY5GH",
];

export const demoAccounts: Array<{
  email: string;
  role: StaffRole;
  name: string;
  school?: string;
  district?: number;
  serviceKind?: string;
}> = [
  { email: "psychologist@demo.senim.kz", role: "psychologist", name: "Айгерім Серікқызы", school: "AK7K3M" },
  { email: "psychologist2@demo.senim.kz", role: "psychologist", name: "Ольга Петренко", school: "AK4P9T" },
  { email: "teacher@demo.senim.kz", role: "teacher", name: "Нұрлан Оспанов", school: "AK7K3M" },
  // A class teacher who is not on the anti-bullying team: sees only the case tasks given to them.
  { email: "teacher2@demo.senim.kz", role: "teacher", name: "Дина Ахметова", school: "AK7K3M" },
  { email: "school-admin@demo.senim.kz", role: "school_admin", name: "Гүлнар Әбенова", school: "AK7K3M" },
  { email: "district@demo.senim.kz", role: "district_official", name: "Ерлан Жақсылықов", district: 1 },
  { email: "region@demo.senim.kz", role: "region_admin", name: "Марина Ким" },
  // The ministry's view of the national roll-up: aggregates of every region, nothing of any record.
  { email: "national@demo.senim.kz", role: "national", name: "Айжан Бекова" },
  // Staff of two services in the region's directory: each sees only the referrals sent to their own.
  { email: "service@demo.senim.kz", role: "service", name: "Асель Нурланова", serviceKind: "psych_centre" },
  { email: "service2@demo.senim.kz", role: "service", name: "Бауыржан Сейітқали", serviceKind: "juvenile_police" },
  // The regional centre's duty psychologist: on the region's out-of-hours roster (content/escalation.json).
  { email: "duty@demo.senim.kz", role: "service", name: "Жанар Төлеуова", serviceKind: "psych_centre" },
];

/** Demo phones: +7 700 000 00NN for people, +7 716 200 00NN for schools. Not real numbers. */
const demoPhone = (n: number) => `+7700000${String(n).padStart(4, "0")}`;
const demoSchoolPhone = (n: number) => `+7716200${String(n).padStart(4, "0")}`;

/** Seeds the demo region; running it again changes nothing. */
export async function seedDemoRegion(): Promise<{ schools: number }> {
  const db = await requireRegionDb(DEMO_REGION);
  let n = 0;
  for (const [d, district] of districts.entries()) {
    const existing = await findDistrictByName(DEMO_REGION, district.ru);
    const districtId = existing?.id ?? (await createDistrict(DEMO_REGION, district));
    const perDistrict = d === 0 ? 6 : 4;
    for (let i = 0; i < perDistrict; i++, n++) {
      const code = schoolCodes[n]!;
      const number = d * 10 + i + 1;
      const school =
        (await findSchoolInRegion(DEMO_REGION, code)) ??
        (await createSchool(DEMO_REGION, {
          code,
          districtId,
          locality: district.locality,
          names: {
            kk: `№${number} жалпы білім беретін мектеп (${district.kk})`,
            ru: `Общеобразовательная школа №${number} (${district.ru})`,
            en: `Secondary School No. ${number} (${district.en})`,
          },
        }));
      for (let grade = 1; grade <= 11; grade++) {
        for (const [l, letter] of ["А", "Б"].entries()) {
          // Deterministic, plausible class sizes: rural classes are smaller.
          const pupils = (district.locality === "urban" ? 22 : 12) + ((number * 7 + grade * 3 + l * 5) % 9);
          await upsertClass(DEMO_REGION, school.id, { grade, letter, language: l === 0 ? "kk" : "ru", pupilCount: pupils });
        }
      }
    }
  }
  for (const a of demoAccounts) {
    const exists = await db.selectFrom("users").select("id").where("email", "=", a.email).executeTakeFirst();
    if (exists) continue;
    // The directory was seeded when the region database was opened; its first service of the kind.
    const service = a.serviceKind
      ? await db.selectFrom("services").select("id").where("kind", "=", a.serviceKind).orderBy("id").executeTakeFirstOrThrow()
      : undefined;
    await createStaffAccount({
      region: DEMO_REGION,
      email: a.email,
      password: DEMO_PASSWORD,
      role: a.role,
      displayName: a.name,
      schoolCode: a.school,
      districtId: a.district,
      serviceId: service?.id,
      language: a.role === "psychologist" ? "kk" : "ru",
    });
  }
  // Phones for the urgent flow's tel: links, only where nobody has set one.
  for (const [i, a] of demoAccounts.entries())
    await db
      .updateTable("users")
      .set({ phone: demoPhone(i + 1) })
      .where("email", "=", a.email)
      .where("phone", "=", "")
      .execute();
  for (const [i, code] of schoolCodes.slice(0, n).entries())
    await db
      .updateTable("schools")
      .set({ phone: demoSchoolPhone(i + 1) })
      .where("code", "=", code)
      .where("phone", "=", "")
      .execute();
  await enrolDemoTwoFactor();
  await seedDemoLessons();
  await seedDemoEscalation();
  await seedDemoSurvey();
  return { schools: n };
}

/** Demo accounts whose role needs a second factor get the published demo secret (teachers keep password-only sign-in). */
async function enrolDemoTwoFactor() {
  const db = await requireRegionDb(DEMO_REGION);
  const secret = decodeTotpSecret(DEMO_TOTP_SECRET)!;
  for (const a of demoAccounts) {
    if (!twoFactorRequired(a.role)) continue;
    const user = await db.selectFrom("users").select("id").where("email", "=", a.email).executeTakeFirstOrThrow();
    if (!(await hasTwoFactor(db, user.id))) await enrolKnownSecret(db, user.id, secret, new Date());
  }
}

/**
 * The first demo school runs KiVa with a team of three, its class teacher 5А has given the
 * first KiVa and safety lessons: enough for every lesson page to show something real.
 */
async function seedDemoLessons() {
  const db = await requireRegionDb(DEMO_REGION);
  const school = (await findSchoolInRegion(DEMO_REGION, "AK7K3M"))!;
  const staff = await db.selectFrom("users").select(["id", "email"]).where("school_id", "=", school.id).execute();
  const id = (email: string) => staff.find((u) => u.email === email)!.id;
  const teacher = id("teacher@demo.senim.kz");
  await db.updateTable("classes").set({ teacher_id: teacher }).where("school_id", "=", school.id).where("grade", "in", [5]).execute();
  await db
    .updateTable("classes")
    .set({ teacher_id: id("teacher2@demo.senim.kz") })
    .where("school_id", "=", school.id)
    .where("grade", "in", [7])
    .execute();
  const year = currentSchoolYear(localToday());
  const planned = await db
    .selectFrom("school_programmes")
    .select("programme_id")
    .where("school_id", "=", school.id)
    .where("year_id", "=", year.id)
    .executeTakeFirst();
  if (planned) return; // seeded before: leave what people changed in the demo alone
  await db
    .insertInto("school_programmes")
    .values(
      ["kiva", "dosbol", "safety"].map((p) => ({
        school_id: school.id,
        year_id: year.id,
        programme_id: p,
        grade_from: 1,
        grade_to: p === "kiva" ? 9 : 11,
      })),
    )
    .execute();
  await db
    .insertInto("school_team_members")
    .values([
      { school_id: school.id, user_id: id("psychologist@demo.senim.kz"), coordinator: 1 },
      { school_id: school.id, user_id: teacher, coordinator: 0 },
      { school_id: school.id, user_id: id("school-admin@demo.senim.kz"), coordinator: 0 },
    ])
    .onConflict((oc) => oc.doNothing())
    .execute();
  const fiveA = await db
    .selectFrom("classes")
    .select(["id", "pupil_count"])
    .where("school_id", "=", school.id)
    .where("grade", "=", 5)
    .where("letter", "=", "А")
    .executeTakeFirstOrThrow();
  const now = schoolNowIso();
  // School days of the first weeks, whatever weekday the year starts on.
  const days = teachingDays(year, 5, [9, 10]);
  const entries = [
    { lesson: "kiva-2-01", on: days[8]!, minutes: 90 },
    { lesson: "kiva-2-02", on: days[22]!, minutes: 90 },
    { lesson: "safety-5-9-01", on: days[3]!, minutes: 10 },
  ].filter((e) => e.on <= localToday());
  if (entries.length === 0) return;
  await db
    .insertInto("lesson_entries")
    .values(
      entries.map((e) => ({
        class_id: fiveA.id,
        lesson_id: e.lesson,
        taught_on: e.on,
        minutes: e.minutes,
        pupils_present: fiveA.pupil_count - 1,
        note: "",
        teacher_id: teacher,
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();
}

/**
 * The first demo school's urgent-report contacts (the teacher on its team as the deputy, the
 * school admin as director) and a month on duty for the district official, so a demo urgent
 * report climbs a ladder with a person on every rung.
 */
async function seedDemoEscalation() {
  const db = await requireRegionDb(DEMO_REGION);
  const school = (await findSchoolInRegion(DEMO_REGION, "AK7K3M"))!;
  const id = async (email: string) => (await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
  await db
    .insertInto("school_designations")
    .values([
      { school_id: school.id, designation: "deputy", user_id: await id("teacher@demo.senim.kz") },
      { school_id: school.id, designation: "director", user_id: await id("school-admin@demo.senim.kz") },
    ])
    .onConflict((oc) => oc.doNothing())
    .execute();
  const official = await id("district@demo.senim.kz");
  const hasShift = await db.selectFrom("duty_shifts").select("id").where("district_id", "=", school.district_id).executeTakeFirst();
  if (hasShift) return;
  const start = new Date(startOfLocalDay(localToday()));
  await db
    .insertInto("duty_shifts")
    .values({
      district_id: school.district_id,
      user_id: official,
      starts_at: start.toISOString(),
      ends_at: new Date(start.getTime() + 30 * 86_400_000).toISOString(),
      created_by: null,
    })
    .execute();
}

/**
 * Last school year's class survey of AK-7K3M's 5th grade (closed, 24 answers), so this year's
 * survey has something to be compared with. Fixed code: seeding again adds nothing.
 */
async function seedDemoSurvey() {
  const db = await requireRegionDb(DEMO_REGION);
  const code = "AKDEM25";
  if (await db.selectFrom("surveys").select("id").where("code", "=", code).executeTakeFirst()) return;
  const school = (await findSchoolInRegion(DEMO_REGION, "AK7K3M"))!;
  const psychologist = (
    await db.selectFrom("users").select("id").where("email", "=", "psychologist@demo.senim.kz").executeTakeFirstOrThrow()
  ).id;
  const year = currentSchoolYear(localToday());
  const [from] = year.id.split("-").map(Number) as [number];
  const lastYear = `${from - 1}-${from}`;
  const survey = await db
    .insertInto("surveys")
    .values({
      school_id: school.id,
      class_id: null,
      grade: 5,
      year_id: lastYear,
      code,
      opened_by: psychologist,
      opened_at: `${from}-05-12T04:00:00.000Z`,
      closed_at: `${from}-05-16T10:00:00.000Z`,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  // 24 pupils: 4 bullied two or three times a month or more (17 %), 2 who bullied others, 11 with a trusted adult.
  await db
    .insertInto("survey_answers")
    .values(
      Array.from({ length: 24 }, (_, i) => ({
        survey_id: survey.id,
        been_bullied: i < 4 ? 2 + (i % 3) : i % 2,
        bullied_others: i < 2 ? 2 : 0,
        forms: i < 4 ? ["verbal", i % 2 ? "cyber" : "exclusion"].join(",") : "",
        trusted_adult: i < 11 ? ("yes" as const) : i % 2 ? ("no" as const) : ("unsure" as const),
        answered_on: `${from}-05-1${2 + (i % 4)}`,
      })),
    )
    .execute();
}
