// The national roll-up: reads region databases (live files, backups or copies from other
// machines) read-only and writes their aggregates to the national database.
//   npm run rollup -- <region.sqlite …> --out national.sqlite
//   npm run rollup -- --from-replica [--region X …] --out national.sqlite   (LITESTREAM_REPLICA_URL)
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { rollUp } from "../app/domain/dashboards/rollup.server";
import { rollupFromReplicaCli } from "./replica-cli";

if (process.argv.includes("--from-replica")) process.exit(await rollupFromReplicaCli(process.argv.slice(2)));

const usage = "npm run rollup -- <region .sqlite file> [more files …] --out <national .sqlite>";
let parsed;
try {
  parsed = parseArgs({ options: { out: { type: "string" } }, allowPositionals: true, strict: true });
} catch (e) {
  console.error(`${e instanceof Error ? e.message : String(e)}\n\nUsage: ${usage}`);
  process.exit(2);
}
const { values, positionals } = parsed;
const missing = positionals.filter((f) => !fs.existsSync(f));
if (!values.out || positionals.length === 0 || missing.length > 0) {
  console.error(`${missing.length ? `No such file: ${missing.join(", ")}` : "Name the region files and --out."}\n\nUsage: ${usage}`);
  process.exit(2);
}
const out = path.resolve(values.out);
if (positionals.some((f) => path.resolve(f) === out)) {
  console.error(`The national database cannot be one of the region files.\n\nUsage: ${usage}`);
  process.exit(2);
}
try {
  for (const r of rollUp(
    positionals.map((f) => path.resolve(f)),
    out,
  ))
    console.log(`${r.region}: ${r.reports} reports over ${r.months} months from ${r.file}`);
  console.log(`National aggregates in ${out}`);
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
}
