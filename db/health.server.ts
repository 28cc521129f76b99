import cluster, { type Worker } from "node:cluster";
import fs from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import { REGION_CODES } from "./region-codes";
import { missingAcknowledged } from "./acknowledged.server";
import { dataDir } from "./data-dir";
import { DataDirLocked, lockDataDir } from "./data-dir-lock.server";
import { DataKeyError, dataKeyFile, dataKeys, keyIdsOnDisk, listedDataKeys, MissingKeysError } from "./data-keys.server";
import { openRegions, regionDb, regionFile, sqliteOf, type RegionDb } from "./regions.server";
import { singleton } from "./singleton";
import { storageReason } from "./storage.server";

/**
 * What /healthz says, and what start-up refuses. The checks run in the process that does not
 * serve pages (the primary; a single process when WEB_CONCURRENCY=1): at start, then every
 * SENIM_HEALTH_INTERVAL_SECONDS (60). Workers receive the result over the cluster channel.
 * Problems name a region, a key id or a file, never a child's data.
 */
export type Health = { ok: boolean; problems: string[]; checkedAt: string };

type State = {
  snapshot: Health | undefined;
  /** Found at start and true until the next start: acknowledged reports missing, regions that did not open. */
  standing: string[];
  neededKeyIds: Set<string>;
};
const state = singleton("health", (): State => ({ snapshot: undefined, standing: [], neededKeyIds: new Set() }));

export const EXIT_REFUSED = 78;

function refuse(message: string): never {
  console.error(`Senim cannot start: ${message.replace(/^Senim cannot start: /, "")}`);
  process.exit(EXIT_REFUSED);
}

/**
 * The health to answer with now: "starting" until a worker has heard from the primary; a
 * process that never ran the checks (the dev server, the tests' request handler) has only the live query.
 */
export function currentHealth(): Health {
  return state.snapshot ?? { ok: !cluster.isWorker, problems: cluster.isWorker ? ["starting"] : [], checkedAt: new Date().toISOString() };
}

/**
 * Before serving: takes the data directory's lock, loads the keys (creating the first one only
 * for a data directory with no sealed data), refuses to start when sealed data needs a key
 * that is not listed, opens the regions, and compares each one's acknowledged reports with
 * what it holds. Workers only check that the keys load, and follow the primary's results.
 */
export async function startIntegrityChecks(): Promise<void> {
  if (cluster.isWorker) return followPrimary();
  try {
    lockDataDir("server");
  } catch (e) {
    if (e instanceof DataDirLocked) refuse(e.message);
    throw e;
  }
  const onDisk = keyIdsOnDisk();
  let listed: string[];
  try {
    listed = dataKeys().map((k) => k.id);
  } catch (e) {
    if (e instanceof DataKeyError) refuse(e.message);
    throw e;
  }
  const missing = [...onDisk.ids].filter((id) => !listed.includes(id));
  if (missing.length > 0)
    refuse(new MissingKeysError(missing, `the keys listed (${listed.join(", ")}) are not all the keys needed`).message);
  state.neededKeyIds = onDisk.ids;
  warnIfKeyBesideData();

  state.standing = [];
  for (const code of REGION_CODES.filter((c) => fs.existsSync(regionFile(c)))) {
    try {
      const db = (await regionDb(code))!;
      const lost = missingAcknowledged(code, await largestReportId(db));
      if (lost) {
        const problem = `${code}: acknowledged reports are missing (reports up to id ${lost.mark} were acknowledged, the database ends at ${lost.largestId}): the write-ahead log was lost or damaged; restore from the replica`;
        console.error(`Senim: WARNING: ${problem}`);
        state.standing.push(problem);
      }
    } catch (e) {
      const problem = `${code}: cannot be opened (${storageReason(e)})`;
      console.error(`Senim: ${problem}`);
      state.standing.push(problem);
    }
  }
  for (const file of onDisk.unreadable) state.standing.push(`${path.basename(file)}: cannot be read (${file})`);

  await refresh();
  const seconds = Number(process.env.SENIM_HEALTH_INTERVAL_SECONDS ?? 60);
  setInterval(() => void refresh(), Math.max(1, Number.isFinite(seconds) ? seconds : 60) * 1000).unref();
  cluster.on("message", (worker, message) => {
    if ((message as { senimHealthRequest?: boolean })?.senimHealthRequest) tell(worker, currentHealth());
  });
}

function followPrimary(): void {
  try {
    dataKeys();
  } catch (e) {
    if (e instanceof DataKeyError) refuse(e.message);
    throw e;
  }
  process.on("message", (message) => {
    const health = (message as { senimHealth?: Health })?.senimHealth;
    if (health) state.snapshot = health;
  });
  process.send?.({ senimHealthRequest: true });
}

function warnIfKeyBesideData(): void {
  if (process.env.NODE_ENV !== "production" || process.env.SENIM_DATA_KEYS) return;
  const file = dataKeyFile();
  if (!path.relative(dataDir(), file).startsWith("..")) {
    console.warn(
      `Senim: WARNING: the data key file ${file} is inside DATA_DIR. Whoever copies the data directory then has the key too. ` +
        "Keep it apart (SENIM_DATA_KEY_FILE on another volume, or SENIM_DATA_KEYS from a secret store), with its own backup.",
    );
  }
}

async function largestReportId(db: RegionDb): Promise<number> {
  const row = await sql<{ seq: number }>`select seq from sqlite_sequence where name = 'reports'`.execute(db);
  return Number(row.rows[0]?.seq ?? 0);
}

/** A real write, rolled back: BEGIN IMMEDIATE alone succeeds on a file opened read-only. */
async function regionProblems(code: string, db: RegionDb): Promise<string[]> {
  return db.connection().execute(async () => {
    const sqlite = sqliteOf(db);
    const problems: string[] = [];
    sqlite.pragma("busy_timeout = 200");
    try {
      sqlite.exec("begin immediate");
      try {
        sqlite.prepare("update kysely_migration set name = name where rowid = (select min(rowid) from kysely_migration)").run();
      } finally {
        sqlite.exec("rollback");
      }
    } catch (e) {
      // Busy means someone else is writing: it is writable.
      if (!/^SQLITE_BUSY/.test(String((e as { code?: string }).code))) problems.push(`${code}: cannot be written (${storageReason(e)})`);
    } finally {
      sqlite.pragma("busy_timeout = 5000");
    }
    try {
      const result = sqlite.pragma("quick_check", { simple: true });
      if (result !== "ok") problems.push(`${code}: quick_check failed (${String(result).slice(0, 200)})`);
    } catch (e) {
      problems.push(`${code}: quick_check failed (${storageReason(e)})`);
    }
    return problems;
  });
}

function keyProblems(): string[] {
  let listed: string[];
  try {
    listed = listedDataKeys().map((k) => k.id);
  } catch (e) {
    return [`data keys: ${(e as Error).message}`];
  }
  const needed = new Set(state.neededKeyIds);
  try {
    needed.add(dataKeys()[0]!.id); // the key this process seals with
  } catch {
    // reported below through the ids on disk
  }
  const missing = [...needed].filter((id) => !listed.includes(id));
  return missing.length > 0
    ? [
        `data keys: key id(s) ${missing.join(", ")} are needed by sealed data but not listed (the key file was removed or changed): put it back; no new key is made meanwhile`,
      ]
    : [];
}

async function refresh(): Promise<void> {
  const problems = [...state.standing, ...keyProblems()];
  for (const { code, db } of await openRegions().catch(() => [])) {
    try {
      problems.push(...(await regionProblems(code, db)));
    } catch (e) {
      problems.push(`${code}: ${storageReason(e)}`);
    }
  }
  const changed = JSON.stringify(problems) !== JSON.stringify(state.snapshot?.problems);
  state.snapshot = { ok: problems.length === 0, problems, checkedAt: new Date().toISOString() };
  if (changed && problems.length > 0) console.error(`Senim: health: ${problems.join("; ")}`);
  for (const worker of Object.values(cluster.workers ?? {})) if (worker) tell(worker, state.snapshot);
}

/** A worker that is stopping has closed its channel: the callback takes the error instead of the primary crashing. */
function tell(worker: Worker, health: Health): void {
  if (worker.isConnected()) worker.send({ senimHealth: health }, undefined, () => {});
}
