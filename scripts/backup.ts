// Backs up every region database (or the regions named) while the server serves:
//   npm run backup -- [--to <new folder>] [region ...]
import path from "node:path";
import { parseArgs } from "node:util";
import { backupRegions } from "../db/backup.server";

const { values, positionals } = parseArgs({ options: { to: { type: "string" } }, allowPositionals: true });
const target = path.resolve(values.to ?? path.join("backups", new Date().toISOString().replace(/[:.]/g, "-")));
try {
  const manifest = await backupRegions(target, positionals, (m) => console.log(m));
  console.log(
    manifest.regions.length
      ? `Backup of ${manifest.regions.length} region(s) in ${target}`
      : `No region databases to back up; ${target} holds an empty backup.`,
  );
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
}
