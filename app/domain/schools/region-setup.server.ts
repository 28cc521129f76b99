import { findRegion } from "~/content/content";
import { readCsvTable } from "../csv/csv-table";
import { may, type Actor } from "../policy/policy.server";
import { NAME_MAX, SCHOOLS_CSV_COLUMNS } from "./region-setup-format";
import { insertSchool } from "./schools.server";

/**
 * A region admin's setup, without a developer: districts, schools (one by one or from a CSV
 * file), and each school's first admin, invited by a one-time link.
 */
export type Names = { kk: string; ru: string; en: string };
export type Locality = "urban" | "rural";

export type SetupProblem = "names" | "district" | "duplicate" | "locality";
export type SchoolsCsvProblem = { line: number; problem: SetupProblem | "columns" | "header" | "empty" | "encoding" };

const clean = (s: string) => s.normalize("NFC").replace(/\s+/g, " ").trim();
const key = (s: string) => clean(s).toLocaleLowerCase("ru");

function cleanNames(n: Names): Names | undefined {
  const names = { kk: clean(n.kk), ru: clean(n.ru), en: clean(n.en) };
  return Object.values(names).every((v) => v !== "" && [...v].length <= NAME_MAX) ? names : undefined;
}

function mustManage(actor: Actor) {
  // The route checks the permission first; reaching here without it is a bug, not a user error.
  if (!may(actor, "manage:schools:region")) throw new Error("not allowed");
}

/** The region's districts with their schools, and each school's admins (and whether they have taken up their invitation). */
export async function regionSchools(actor: Actor) {
  mustManage(actor);
  const [districts, schools, admins] = await Promise.all([
    actor.db.selectFrom("districts").selectAll().orderBy("name_ru").execute(),
    actor.db
      .selectFrom("schools")
      .select(["id", "code", "district_id", "name_kk", "name_ru", "name_en", "locality"])
      .orderBy("name_ru")
      .execute(),
    actor.db
      .selectFrom("users")
      .select(["id", "school_id", "display_name", "password_set_at"])
      .where("role", "=", "school_admin")
      .orderBy("id")
      .execute(),
  ]);
  const adminsOf = (schoolId: number) =>
    admins.filter((a) => a.school_id === schoolId).map((a) => ({ id: a.id, name: a.display_name, invited: a.password_set_at === null }));
  return districts.map((d) => ({
    ...d,
    schools: schools.filter((s) => s.district_id === d.id).map((s) => ({ ...s, admins: adminsOf(s.id) })),
  }));
}

export async function addDistrict(actor: Actor, input: Names): Promise<{ ok: true; id: number } | { ok: false; problem: SetupProblem }> {
  mustManage(actor);
  const names = cleanNames(input);
  if (!names) return { ok: false, problem: "names" };
  const existing = await actor.db.selectFrom("districts").select(["name_ru", "name_kk"]).execute();
  if (existing.some((d) => key(d.name_ru) === key(names.ru) || key(d.name_kk) === key(names.kk)))
    return { ok: false, problem: "duplicate" };
  const row = await actor.db
    .insertInto("districts")
    .values({ name_kk: names.kk, name_ru: names.ru, name_en: names.en })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { ok: true, id: row.id };
}

type SchoolDraft = { districtId: number; names: Names; locality: Locality };

async function namesTaken(actor: Actor) {
  const rows = await actor.db.selectFrom("schools").select(["district_id", "name_ru"]).execute();
  return new Set(rows.map((r) => `${r.district_id}:${key(r.name_ru)}`));
}

function checkSchool(
  draft: { districtId: number | undefined; names: Names; locality: string },
  districtIds: Set<number>,
  taken: Set<string>,
): SchoolDraft | SetupProblem {
  const names = cleanNames(draft.names);
  if (!names) return "names";
  if (draft.districtId === undefined || !districtIds.has(draft.districtId)) return "district";
  if (draft.locality !== "urban" && draft.locality !== "rural") return "locality";
  if (taken.has(`${draft.districtId}:${key(names.ru)}`)) return "duplicate";
  return { districtId: draft.districtId, names, locality: draft.locality };
}

export async function addSchool(actor: Actor, draft: { districtId: number | undefined; names: Names; locality: string }) {
  mustManage(actor);
  const districtIds = new Set((await actor.db.selectFrom("districts").select("id").execute()).map((d) => d.id));
  const checked = checkSchool(draft, districtIds, await namesTaken(actor));
  if (typeof checked === "string") return { ok: false as const, problem: checked };
  return { ok: true as const, school: await insertSchool(actor.db, findRegion(actor.region)!, checked) };
}

/**
 * Schools from CSV with the header `district,name_kk,name_ru,name_en,locality`; the district is
 * named as in the list (Russian or Kazakh name) or by its number. Every bad line is reported by
 * its number, and then nothing is imported; otherwise all are added in one transaction.
 */
export async function importSchoolsCsv(
  actor: Actor,
  text: string,
): Promise<{ ok: true; codes: string[] } | { ok: false; problems: SchoolsCsvProblem[] }> {
  mustManage(actor);
  const table = readCsvTable(text, SCHOOLS_CSV_COLUMNS);
  if (!table.ok) return { ok: false, problems: [{ line: 1, problem: "header" }] };
  const districts = await actor.db.selectFrom("districts").select(["id", "name_ru", "name_kk"]).execute();
  const districtIds = new Set(districts.map((d) => d.id));
  const districtOf = (named: string) =>
    districts.find((d) => String(d.id) === clean(named) || key(d.name_ru) === key(named) || key(d.name_kk) === key(named))?.id;
  const taken = await namesTaken(actor);
  const drafts: SchoolDraft[] = [];
  const problems: SchoolsCsvProblem[] = [];
  for (const { line, fields: f } of table.rows) {
    if (f.length !== SCHOOLS_CSV_COLUMNS.length) {
      problems.push({ line, problem: "columns" });
      continue;
    }
    const checked = checkSchool(
      { districtId: districtOf(f[0]!), names: { kk: f[1]!, ru: f[2]!, en: f[3]! }, locality: f[4]!.toLowerCase() },
      districtIds,
      taken,
    );
    if (typeof checked === "string") problems.push({ line, problem: checked });
    else {
      taken.add(`${checked.districtId}:${key(checked.names.ru)}`);
      drafts.push(checked);
    }
  }
  if (problems.length === 0 && drafts.length === 0) problems.push({ line: 2, problem: "empty" });
  if (problems.length > 0) return { ok: false, problems };
  const region = findRegion(actor.region)!;
  const codes = await actor.db.transaction().execute(async (tx) => {
    const made: string[] = [];
    for (const d of drafts) made.push((await insertSchool(tx, region, d)).code);
    return made;
  });
  return { ok: true, codes };
}
