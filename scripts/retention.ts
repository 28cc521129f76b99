// Anonymises closed reports and cases older than RETENTION_MONTHS (default 36) in every region
// of DATA_DIR: `npm run retention`. The server also runs it once a day.
import { anonymiseExpiredEverywhere, retentionMonths } from "../app/domain/retention/retention.server";
import { closeAllRegions, dataDir } from "../db/regions.server";

const runs = await anonymiseExpiredEverywhere();
console.log(`Retention: ${retentionMonths()} months after closing (data: ${dataDir()})`);
for (const r of runs)
  console.log(
    `${r.region}: ${r.reports} reports, ${r.cases} cases (${r.evidenceFiles} evidence files) closed before ${r.cutoff} anonymised`,
  );
if (runs.length === 0) console.log("No region databases.");
await closeAllRegions();
