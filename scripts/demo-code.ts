// npm run demo:code -- <email>: the current six-digit code of a demo account, for the demo and
// its tests. Works only for accounts whose authenticator secret is the published demo one.
import { openExistingRegions, openRegions } from "../db/regions.server";
import { DEMO_TOTP_SECRET } from "./seed-demo";
import { decodeTotpSecret, TOTP_PERIOD_SECONDS, totpCodeAt, totpSecretOf, totpStep } from "../app/domain/auth/two-factor.server";
import { runCli } from "./cli";

const email = (process.argv[2] ?? "").trim().toLowerCase();
if (!email) {
  console.error("Usage: npm run demo:code -- <email of a demo account>");
  process.exit(2);
}

await runCli(async () => {
  const demoSecret = decodeTotpSecret(DEMO_TOTP_SECRET)!;
  await openExistingRegions();
  for (const { db } of await openRegions()) {
    const row = await db
      .selectFrom("users")
      .innerJoin("totp_credentials", "totp_credentials.user_id", "users.id")
      .select(["totp_credentials.secret"])
      .where("users.email", "=", email)
      .where("totp_credentials.confirmed_at", "is not", null)
      .executeTakeFirst();
    if (!row) continue;
    const secret = totpSecretOf(row.secret);
    if (secret.length !== demoSecret.length || !secret.every((b, i) => b === demoSecret[i])) {
      throw new Error(`${email} has its own authenticator secret; only demo accounts with the published secret have a printable code.`);
    }
    const now = new Date();
    const step = totpStep(now);
    const left = TOTP_PERIOD_SECONDS - (Math.floor(now.getTime() / 1000) % TOTP_PERIOD_SECONDS);
    // A code works once: if this one was just used, wait for the next (in `left` seconds).
    return `${totpCodeAt(secret, step)}  (changes in ${left} s)`;
  }
  throw new Error(`No account ${email} with two-step sign-in in ${process.env.DATA_DIR ?? "./data"}.`);
});
