// npm run school:add -- --region <code> --district <id> --kk <name> --ru <name> --en <name> [--locality urban|rural]
import { z } from "zod";
import { formatSchoolCode } from "../app/domain/schools/school-code";
import { createSchool } from "../app/domain/schools/schools.server";
import { cliOptions, runCli } from "./cli";

const o = cliOptions(
  z.object({
    region: z.string(),
    district: z.coerce.number().int().positive(),
    kk: z.string().min(1),
    ru: z.string().min(1),
    en: z.string().min(1),
    locality: z.enum(["urban", "rural"]).default("urban"),
  }),
  "npm run school:add -- --region <code> --district <id> --kk <name> --ru <name> --en <name> [--locality urban|rural]",
);

await runCli(async () => {
  const school = await createSchool(o.region, {
    districtId: o.district,
    locality: o.locality,
    names: { kk: o.kk, ru: o.ru, en: o.en },
  });
  return `School ${school.id} added: code ${formatSchoolCode(school.code)}, poster address /r/${school.code}`;
});
