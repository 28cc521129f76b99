import { openExistingRegions, requireRegionDb, type RegionDb } from "../../../db/regions.server";
import { singleton } from "../../../db/singleton";
import { seedRegionServices } from "../referrals/services.server";

// Databases already given their directory in this process: later calls skip even the one read.
const seeded = singleton("regions-with-services", () => new WeakSet<RegionDb>());

async function withServices(db: RegionDb, code: string): Promise<RegionDb> {
  if (seeded.has(db)) return db;
  await seedRegionServices(db, code);
  seeded.add(db);
  return db;
}

/**
 * A region's database for setting it up (schools, districts, accounts), made if it is new: every
 * region starts with a service directory its admin then completes.
 */
export async function setUpRegion(code: string): Promise<RegionDb> {
  return withServices(await requireRegionDb(code), code);
}

/**
 * Opens the regions on disk and gives any without a service directory its starting one (a region
 * made before the directory existed). At start-up, in one process only: two racing would both
 * find it empty.
 */
export async function openRegionsWithServices(): Promise<string[]> {
  const codes = await openExistingRegions();
  for (const code of codes) await withServices(await requireRegionDb(code), code);
  return codes;
}
