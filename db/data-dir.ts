import path from "node:path";

/** Where the region databases, evidence files and (by default) the data key file live. */
export function dataDir(): string {
  return path.resolve(process.env.DATA_DIR ?? "./data");
}
