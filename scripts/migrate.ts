// Migrates every region database in DATA_DIR (or the regions named: `npm run db:migrate -- akmola`).
import { regions } from "../app/content/content";
import { closeAllRegions, dataDir, migrateToLatest, openExistingRegions, requireRegionDb } from "../db/regions.server";

const named = process.argv.slice(2);
for (const code of named) {
  if (!regions.some((r) => r.code === code)) {
    console.error(`Unknown region ${code}. Known: ${regions.map((r) => r.code).join(", ")}`);
    process.exit(2);
  }
}
const codes = named.length > 0 ? named : await openExistingRegions();
for (const code of codes) {
  // Opening a region applies its pending migrations; asking again confirms none is left.
  await migrateToLatest(await requireRegionDb(code));
  console.log(`${code}: migrated to the latest schema`);
}
if (codes.length === 0) console.log(`No region databases in ${dataDir()}; name a region to create one.`);
await closeAllRegions();
