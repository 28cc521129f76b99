import { schoolNowIso } from "~/domain/calendar/local-date";
import { randomInt } from "node:crypto";
import { findRegion, type Region } from "~/content/content";
import { regionDb, type RegionDb } from "../../../db/regions.server";
import { setUpRegion } from "./region-db.server";
import type { Kysely, SelectQueryBuilder } from "kysely";
import type { Database, School } from "../../../db/schema";
import { singleton } from "../../../db/singleton";
import { normalizeSchoolCode, randomSchoolCode, regionOfSchoolCode } from "./school-code";

export type SchoolInRegion = { region: Region; db: RegionDb; school: School };

// A school's code and name almost never change, and every report reads them twice (action,
// then the page): a minute of caching saves the queries. Unknown codes are not cached.
const SCHOOL_CACHE_MS = 60_000;
const schoolCache = singleton("school-cache", () => new Map<string, { at: number; found: SchoolInRegion }>());

/** The school a poster's code points to, or undefined: unknown, mistyped, or its region is not served here. */
export async function findSchoolByCode(input: string): Promise<SchoolInRegion | undefined> {
  const code = normalizeSchoolCode(input);
  if (!code) return undefined;
  const region = regionOfSchoolCode(code);
  if (!region) return undefined;
  const db = await regionDb(region.code);
  if (!db) return undefined;
  const cached = schoolCache.get(code);
  // Same connection: a region closed and reopened meanwhile is read afresh.
  if (cached && cached.found.db === db && Date.now() - cached.at < SCHOOL_CACHE_MS) return cached.found;
  const school = await db.selectFrom("schools").selectAll().where("code", "=", code).executeTakeFirst();
  if (!school) return undefined;
  const found = { region, db, school };
  schoolCache.set(code, { at: Date.now(), found });
  return found;
}

export async function listDistricts(regionCode: string) {
  const db = await regionDb(regionCode);
  if (!db) return [];
  return db.selectFrom("districts").selectAll().orderBy("name_ru").execute();
}

/** Schools of a district whose name (in any language) or code contains the query. */
export async function searchSchools(regionCode: string, districtId: number | undefined, query: string) {
  const db = await regionDb(regionCode);
  if (!db) return [];
  let q = db.selectFrom("schools").selectAll().orderBy("name_ru").limit(50);
  if (districtId !== undefined) q = q.where("district_id", "=", districtId);
  const needle = query.trim().toLocaleLowerCase("ru");
  if (needle) {
    const code = normalizeSchoolCode(needle);
    // SQLite's lower() only folds ASCII, so Cyrillic matching is done here on a district's few hundred schools.
    const all = await q.limit(-1).execute();
    return all
      .filter((s) => s.code === code || [s.name_kk, s.name_ru, s.name_en].some((n) => n.toLocaleLowerCase("ru").includes(needle)))
      .slice(0, 50);
  }
  return q.execute();
}

export async function createDistrict(regionCode: string, names: { kk: string; ru: string; en: string }) {
  const db = await setUpRegion(regionCode);
  const row = await db
    .insertInto("districts")
    .values({ name_kk: names.kk, name_ru: names.ru, name_en: names.en })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export type NewSchool = {
  districtId: number;
  names: { kk: string; ru: string; en: string };
  locality: "urban" | "rural";
  /** Kept when given (re-seeding, migrating posters); otherwise a fresh unused code. */
  code?: string;
};

export async function createSchool(regionCode: string, s: NewSchool): Promise<School> {
  const region = findRegion(regionCode);
  if (!region) throw new Error(`Unknown region: ${regionCode}`);
  return insertSchool(await setUpRegion(regionCode), region, s);
}

/** Inserts a school with a fresh code (or the one given) through `db`, which may be a transaction. */
export async function insertSchool(db: Kysely<Database>, region: Region, s: NewSchool): Promise<School> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const code = s.code ?? randomSchoolCode(region, randomInt);
    if (!code.startsWith(region.schoolCodePrefix) || normalizeSchoolCode(code) !== code) {
      throw new Error(`School code ${code} does not belong to region ${region.code}`);
    }
    const inserted = await db
      .insertInto("schools")
      .values({
        district_id: s.districtId,
        code,
        name_kk: s.names.kk,
        name_ru: s.names.ru,
        name_en: s.names.en,
        locality: s.locality,
        created_at: schoolNowIso(),
      })
      .onConflict((oc) => oc.column("code").doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted) return inserted;
    if (s.code) throw new Error(`School code ${s.code} is taken`);
  }
  throw new Error("Could not find a free school code");
}

export type NewClass = { grade: number; letter: string; language: "kk" | "ru" | "en"; pupilCount: number };

/** Adds a class, or updates its pupil count when the school already has it. */
export async function upsertClass(regionCode: string, schoolId: number, c: NewClass) {
  const db = await setUpRegion(regionCode);
  await db
    .insertInto("classes")
    .values({ school_id: schoolId, grade: c.grade, letter: c.letter, language: c.language, pupil_count: c.pupilCount })
    .onConflict((oc) => oc.columns(["school_id", "grade", "letter"]).doUpdateSet({ pupil_count: c.pupilCount, language: c.language }))
    .execute();
}

export async function findDistrictByName(regionCode: string, nameRu: string) {
  const db = await setUpRegion(regionCode);
  return db.selectFrom("districts").selectAll().where("name_ru", "=", nameRu).executeTakeFirst();
}

export async function findSchoolInRegion(regionCode: string, code: string) {
  const db = await setUpRegion(regionCode);
  return db.selectFrom("schools").selectAll().where("code", "=", code).executeTakeFirst();
}

/** Schools of a scoped query with their names and their district's, in the three languages: what lists of schools show. */
export function withDistrictNames<O>(schools: SelectQueryBuilder<Database, "schools", O>) {
  return schools
    .innerJoin("districts", "districts.id", "schools.district_id")
    .select([
      "schools.id",
      "schools.code",
      "schools.name_kk",
      "schools.name_ru",
      "schools.name_en",
      "districts.name_kk as d_kk",
      "districts.name_ru as d_ru",
      "districts.name_en as d_en",
    ]);
}
