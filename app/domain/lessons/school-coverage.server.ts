import { schoolsVisibleTo, type Actor } from "../policy/policy.server";
import { withDistrictNames } from "../schools/schools.server";
import { coverageOfSchools, currentSchoolYear } from "./lessons.server";

/** A school needs attention when it gave under 80 % of what was due or has a class far behind. */
const BEHIND_SHARE = 0.8;

/** The lessons each school in the actor's sight gave this school year, weakest first. Aggregates only: no class, no child, no report. */
export async function coverageBySchool(actor: Actor, today: string) {
  const [coverage, schools] = await Promise.all([coverageOfSchools(actor, today), withDistrictNames(schoolsVisibleTo(actor)).execute()]);
  const byId = new Map(schools.map((s) => [s.id, s]));
  const rows = coverage
    .map((c) => {
      const s = byId.get(c.schoolId)!;
      return {
        id: c.schoolId,
        code: s.code,
        name: { kk: s.name_kk, ru: s.name_ru, en: s.name_en },
        district: { kk: s.d_kk, ru: s.d_ru, en: s.d_en },
        classes: c.classes.length,
        coverage: c.coverage,
        share: c.share,
        classesBehind: c.classesBehind,
        behind: c.share < BEHIND_SHARE || c.classesBehind > 0,
      };
    })
    .sort((a, b) => a.share - b.share || a.code.localeCompare(b.code));
  return { year: currentSchoolYear(today).id, rows, behind: rows.filter((r) => r.behind).length };
}
