// npm run user:create -- --region <code> --email <e> --password <p> --role <role> [--school <code>] [--district <id>] [--service <id>] [--name <n>] [--language kk|ru|en]
import { z } from "zod";
import { createStaffAccount, STAFF_ROLES } from "../app/domain/auth/staff-accounts.server";
import { cliOptions, runCli } from "./cli";

const options = cliOptions(
  z.object({
    region: z.string(),
    email: z.string(),
    password: z.string(),
    role: z.enum(STAFF_ROLES),
    school: z.string().optional(),
    district: z.coerce.number().int().positive().optional(),
    // A service account answers referrals for one service of the region's directory (ids on /region/services).
    service: z.coerce.number().int().positive().optional(),
    name: z.string().optional(),
    language: z.enum(["kk", "ru", "en"]).optional(),
  }),
  "npm run user:create -- --region <code> --email <e> --password <p> --role <role> [--school <schoolCode>] [--district <id>] [--service <id>] [--name <display name>] [--language kk|ru|en]",
);

await runCli(async () => {
  const id = await createStaffAccount({
    region: options.region,
    email: options.email,
    password: options.password,
    role: options.role,
    displayName: options.name ?? options.email,
    schoolCode: options.school,
    districtId: options.district,
    serviceId: options.service,
    language: options.language,
  });
  return `Created ${options.role} ${options.email} (id ${id}) in ${options.region}`;
});
