// The --from-replica forms of `npm run restore` and `npm run rollup` (db/replication.server.ts).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { rollUp } from "../app/domain/dashboards/rollup.server";
import { dataDir } from "../db/data-dir";
import { restoreFromReplica } from "../db/replication.server";

const restoreUsage =
  "npm run restore -- --from-replica [--to <data folder>] [--region <code> …] [--timestamp <time>] [--force]   (LITESTREAM_REPLICA_URL names the replica)";
const rollupUsage =
  "npm run rollup -- --from-replica [--region <code> …] --out <national .sqlite>   (LITESTREAM_REPLICA_URL names the replica)";

function parse(args: string[], usage: string, extra: Record<string, { type: "string" | "boolean"; multiple?: boolean }>) {
  try {
    return parseArgs({
      args,
      options: { "from-replica": { type: "boolean" }, region: { type: "string", multiple: true }, ...extra },
      strict: true,
    }).values as Record<string, string | string[] | boolean | undefined>;
  } catch (e) {
    console.error(`${e instanceof Error ? e.message : String(e)}\n\nUsage: ${usage}`);
    return undefined;
  }
}

/** `npm run restore -- --from-replica …`; returns the exit code. */
export async function restoreFromReplicaCli(args: string[]): Promise<number> {
  const v = parse(args, restoreUsage, { to: { type: "string" }, timestamp: { type: "string" }, force: { type: "boolean" } });
  if (!v) return 2;
  const target = path.resolve((v.to as string | undefined) ?? dataDir());
  try {
    const restored = restoreFromReplica({
      target,
      codes: v.region as string[] | undefined,
      timestamp: v.timestamp as string | undefined,
      force: v.force === true,
      progress: (m) => console.log(m),
    });
    if (!restored.length) {
      console.error("The replica holds no region.");
      return 1;
    }
    console.log(`Restored ${restored.length} region(s) into ${target}.`);
    // Neither is in the replica, by design (README, threat model).
    if (!process.env.SENIM_DATA_KEYS && !fs.existsSync(process.env.SENIM_DATA_KEY_FILE ?? path.join(target, "data-keys"))) {
      console.log(
        "The data key is not in the replica: put the key file back (SENIM_DATA_KEY_FILE) or set SENIM_DATA_KEYS before starting the server, or sealed texts stay unreadable.",
      );
    }
    console.log("Evidence files are not in the replica: copy evidence/ back from the latest `npm run backup`. Then start the server.");
    return 0;
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    return 1;
  }
}

/** `npm run rollup -- --from-replica …`: restores each region to a temporary folder, rolls up, removes it. */
export async function rollupFromReplicaCli(args: string[]): Promise<number> {
  const v = parse(args, rollupUsage, { out: { type: "string" } });
  if (!v) return 2;
  if (!v.out) {
    console.error(`Name --out.\n\nUsage: ${rollupUsage}`);
    return 2;
  }
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), "senim-rollup-replica-"));
  try {
    const restored = restoreFromReplica({ target: temp, codes: v.region as string[] | undefined });
    if (!restored.length) throw new Error("The replica holds no region.");
    const out = path.resolve(v.out as string);
    for (const r of rollUp(
      restored.map((code) => path.join(temp, `${code}.sqlite`)),
      out,
    ))
      console.log(`${r.region}: ${r.reports} reports over ${r.months} months from its replica`);
    console.log(`National aggregates in ${out}`);
    return 0;
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    return 1;
  } finally {
    fs.rmSync(temp, { recursive: true, force: true });
  }
}
