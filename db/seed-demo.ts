import { createStaffAccount } from "../app/domain/auth/staff-accounts.server";
import {
  createDistrict,
  createSchool,
  findDistrictByName,
  findSchoolInRegion,
  upsertClass,
} from "../app/domain/schools/schools.server";
import { requireRegionDb } from "./regions.server";
import type { StaffRole } from "./schema";

export const DEMO_REGION = "akmola";
export const DEMO_PASSWORD = "senim-demo-2026";

const districts = [
  { kk: "Көкшетау қаласы", ru: "город Кокшетау", en: "Kokshetau City", locality: "urban" },
  { kk: "Степногорск қаласы", ru: "город Степногорск", en: "Stepnogorsk City", locality: "urban" },
  { kk: "Бурабай ауданы", ru: "Бурабайский район", en: "Burabay District", locality: "rural" },
  { kk: "Целиноград ауданы", ru: "Целиноградский район", en: "Tselinograd District", locality: "rural" },
  { kk: "Шортанды ауданы", ru: "Шортандинский район", en: "Shortandy District", locality: "rural" },
] as const;

// Fixed codes: the demo's posters and README links must mean the same school after every reseed.
const schoolCodes = [
  "AK7K3M", "AK4P9T", "AKH2WX", "AK8NQR", "AK3ZD5", "AKM6YE", "AK9CJB", "AKT4VG",
  "AK2RFH", "AKW5KN", "AK6XPA", "AKQ3SM", "AKE8BZ", "AK5GTW", "AKJ7HC", "AKZ9MQ",
  "AKB4RD", "AKN2FY", "AKV6KE", "AKC8TX", "AKP3WJ", "AKY5GH",
];

export const demoAccounts: Array<{ email: string; role: StaffRole; name: string; school?: string; district?: number }> = [
  { email: "psychologist@demo.senim.kz", role: "psychologist", name: "Айгерім Серікқызы", school: "AK7K3M" },
  { email: "psychologist2@demo.senim.kz", role: "psychologist", name: "Ольга Петренко", school: "AK4P9T" },
  { email: "teacher@demo.senim.kz", role: "teacher", name: "Нұрлан Оспанов", school: "AK7K3M" },
  { email: "school-admin@demo.senim.kz", role: "school_admin", name: "Гүлнар Әбенова", school: "AK7K3M" },
  { email: "district@demo.senim.kz", role: "district_official", name: "Ерлан Жақсылықов", district: 1 },
  { email: "region@demo.senim.kz", role: "region_admin", name: "Марина Ким" },
];

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
    await createStaffAccount({
      region: DEMO_REGION,
      email: a.email,
      password: DEMO_PASSWORD,
      role: a.role,
      displayName: a.name,
      schoolCode: a.school,
      districtId: a.district,
      language: a.role === "psychologist" ? "kk" : "ru",
    });
  }
  return { schools: n };
}
