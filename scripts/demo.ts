// Seeds the demo region (idempotent). `npm run demo` then starts the server.
import { closeAllRegions, dataDir } from "../db/regions.server";
import { DEMO_PASSWORD, DEMO_REGION, DEMO_TOTP_SECRET, demoAccounts, seedDemoRegion } from "./seed-demo";

const { schools } = await seedDemoRegion();
console.log(`Demo region ${DEMO_REGION} in ${dataDir()}: ${schools} schools. Staff accounts (password ${DEMO_PASSWORD}):`);
for (const a of demoAccounts) console.log(`  ${a.role.padEnd(18)} ${a.email}`);
console.log(`All but the teachers then ask for a code: authenticator key ${DEMO_TOTP_SECRET}, or npm run demo:code -- <email>.`);
console.log("Report form of the first demo school: /r/AK7K3M");
await closeAllRegions();
