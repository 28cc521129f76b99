import type { Kysely } from "kysely";
import { dataKeyFile, dataKeys, newDataKeyLine, parseDataKeys, writeKeyFile } from "./data-keys.server";
import path from "node:path";
import { dataDir } from "./data-dir";
import { keyIdsInUse, resealAll } from "./sealed-columns.server";
import { fileKeyIdsIn, sealFilesIn } from "./sealed-files.server";

/** Evidence files: sealed like the columns, so rotated with them. */
const filesDir = () => path.join(dataDir(), "evidence");

export type Rotation = { sealingKey: string; resealed: number; dropped: string[]; stillListed: string[] };

/**
 * Key rotation, with the server stopped. With a key file: a new key goes first, every sealed
 * value and evidence file of every region is sealed again with it (receipt codes and unknown
 * sign-in addresses are keyed hashes that cannot be recomputed: their keys stay listed while used), and older keys no value uses any more are
 * removed from the file. With SENIM_DATA_KEYS the operator has put the new key first; values are
 * resealed with it and the ids that can now leave the variable are reported. Older keys stay
 * (they open, never seal) unless `dropUnused`: backups taken before the rotation still need them.
 */
export async function rotateDataKeys(regions: Kysely<any>[], { dropUnused = false } = {}): Promise<Rotation> {
  const fromEnv = Boolean(process.env.SENIM_DATA_KEYS);
  if (!fromEnv) {
    const file = dataKeyFile();
    const existing = dataKeys();
    writeKeyFile(file, [...parseDataKeys([newDataKeyLine(existing)], "new key"), ...existing]);
  }
  const keys = dataKeys();
  let resealed = 0;
  for (const db of regions) resealed += await resealAll(db);
  resealed += sealFilesIn(filesDir());
  const inUse = fileKeyIdsIn(filesDir());
  for (const db of regions) for (const id of await keyIdsInUse(db)) inUse.add(id);
  const unused = keys.slice(1).filter((k) => !inUse.has(k.id));
  if (!fromEnv && dropUnused && unused.length > 0)
    writeKeyFile(
      dataKeyFile(),
      keys.filter((k) => !unused.includes(k)),
    );
  return {
    sealingKey: keys[0]!.id,
    resealed,
    dropped: fromEnv || !dropUnused ? [] : unused.map((k) => k.id),
    stillListed: keys
      .slice(1)
      .filter((k) => inUse.has(k.id))
      .map((k) => k.id),
  };
}
