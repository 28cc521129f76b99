// Restores a backup into DATA_DIR. Refused while the server runs: stop it first.
//   npm run restore -- <backup folder> [region ...]
import path from "node:path";
import { restoreRegions } from "../db/backup.server";

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
