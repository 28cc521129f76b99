// npm run user:invite -- --region <code> --email <e> --role <role> [--school <code>] [--district <id>] [--service <id>] [--name <n>] [--language kk|ru|en]
// npm run user:invite -- --region <code> --email <e> --reset [--reset-two-factor]   (a new link for an existing account)
// Prints a one-time link (invitation: 72 h; reset: 1 h). Email delivery comes with SMTP later:
// hand the link over yourself. PUBLIC_URL (default http://localhost:3000) is the site's address.
import { z } from "zod";
import { siteUrl } from "../app/domain/site-url";
import { accountLinkPath } from "../app/domain/auth/one-time-links.server";
import { inviteStaff, resetAccessByEmail, STAFF_ROLES } from "../app/domain/auth/staff-accounts.server";
import { cliOptions, runCli } from "./cli";

const usage =
  "npm run user:invite -- --region <code> --email <e> --role <role> [--school <schoolCode>] [--district <id>] [--service <id>] [--name <display name>] [--language kk|ru|en]\n" +
  "       npm run user:invite -- --region <code> --email <e> --reset [--reset-two-factor]";

// On/off flags, taken out before the --name value options are parsed.
function takeFlag(name: string): boolean {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return false;
  process.argv.splice(at, 1);
  return true;
}
const reset = takeFlag("reset");
const resetTwoFactor = takeFlag("reset-two-factor");
const options = cliOptions(
  z.object({
    region: z.string(),
    email: z.string(),
    role: z.enum(STAFF_ROLES).optional(),
    school: z.string().optional(),
    district: z.coerce.number().int().positive().optional(),
    service: z.coerce.number().int().positive().optional(),
    name: z.string().optional(),
    language: z.enum(["kk", "ru", "en"]).optional(),
  }),
  usage,
);

const link = (token: string) => siteUrl(accountLinkPath(token)).toString();

await runCli(async () => {
  if (reset) {
    const made = await resetAccessByEmail(options.region, options.email, resetTwoFactor);
    return `${made.purpose === "invite" ? "Invitation" : "Reset"} link for ${options.email}, valid until ${made.expiresAt}:\n${link(made.token)}`;
  }
  if (!options.role) throw new Error(`--role is needed for an invitation\n\nUsage: ${usage}`);
  const made = await inviteStaff({
    region: options.region,
    email: options.email,
    role: options.role,
    displayName: options.name ?? options.email,
    schoolCode: options.school,
    districtId: options.district,
    serviceId: options.service,
    language: options.language,
  });
  return `Invited ${options.role} ${options.email} (id ${made.userId}) in ${options.region}; the link works once until ${made.expiresAt}:\n${link(made.token)}`;
});
