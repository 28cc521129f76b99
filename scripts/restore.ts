// Restores a backup into DATA_DIR. Refused while the server runs: stop it first.
//   npm run restore -- <backup folder> [region ...]
//   npm run restore -- --from-replica [--to <folder>] [--region X] [--timestamp T] [--force]
import path from "node:path";
import { restoreRegions } from "../db/backup.server";
import { restoreFromReplicaCli } from "./replica-cli";

if (process.argv.includes("--from-replica")) process.exit(await restoreFromReplicaCli(process.argv.slice(2)));

const [source, ...codes] = process.argv.slice(2);
if (!source) {
  console.error("Usage: npm run restore -- <backup folder> [region ...]   (stop the server first)");
  process.exit(2);
}
try {
  const restored = restoreRegions(path.resolve(source), codes, (m) => console.log(m));
  console.log(`Restored ${restored.length} region(s). Start the server again.`);
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
}
