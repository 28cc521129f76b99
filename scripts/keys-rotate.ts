// Seals every region's children's words and names with a new key (stop the server first):
// `npm run keys:rotate [-- --drop-unused]`. See db/key-rotation.server.ts.
import { rotateDataKeys } from "../db/key-rotation.server";
import { closeAllRegions, dataDir, openExistingRegions, requireRegionDb } from "../db/regions.server";
import { dataKeyFile } from "../db/data-keys.server";

const codes = await openExistingRegions();
const regions = await Promise.all(codes.map((c) => requireRegionDb(c)));
const dropUnused = process.argv.includes("--drop-unused");
const rotation = await rotateDataKeys(regions, { dropUnused });
await closeAllRegions();
console.log(`Regions in ${dataDir()}: ${codes.join(", ") || "none"}`);
console.log(`Sealing key: ${rotation.sealingKey}; values sealed again: ${rotation.resealed}`);
if (process.env.SENIM_DATA_KEYS) {
  const unused = rotation.stillListed.length === 0;
  console.log(
    unused
      ? "No value uses an older key: SENIM_DATA_KEYS may now hold the first key only."
      : `Still in use: ${rotation.stillListed.join(", ")}`,
  );
} else {
  if (rotation.dropped.length > 0)
    console.log(
      `Key file ${dataKeyFile()}: removed ${rotation.dropped.join(", ")}; backups taken before now cannot be opened without them.`,
    );
  else
    console.log(
      `Key file ${dataKeyFile()}: older keys kept (they open backups taken before now); --drop-unused removes those no live value uses.`,
    );
  console.log("Keep a copy of the new key file apart from the backups.");
}
