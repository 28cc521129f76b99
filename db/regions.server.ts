import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, Migrator, SqliteDialect, sql, type Migration } from "kysely";
import { isRegionCode, REGION_CODES } from "./region-codes";
import type { Database } from "./schema";
import { SealedColumnsPlugin } from "./sealed-columns.server";
import { sealFilesIn } from "./sealed-files.server";
import { dataDir } from "./data-dir";
import { guardedDatabase } from "./storage.server";
import { singleton } from "./singleton";
import * as m0001 from "./migrations/0001_reporting";
import * as m0002 from "./migrations/0002_lessons";
import * as m0003 from "./migrations/0003_cases";
import * as m0004 from "./migrations/0004_accounts";
import * as m0005 from "./migrations/0005_escalation";
import * as m0006 from "./migrations/0006_dashboards";
import * as m0008 from "./migrations/0008_sealed_text";
import * as m0009 from "./migrations/0009_retention";
import * as m0010 from "./migrations/0010_posters";
import * as m0011 from "./migrations/0011_digests";
import * as m0012 from "./migrations/0012_access_log_by_person";
import * as m0013 from "./migrations/0013_phones";
import * as m0014 from "./migrations/0014_form_tokens";
import * as m0016 from "./migrations/0016_channels";
import * as m0017 from "./migrations/0017_flood";
import * as m0019 from "./migrations/0019_secrets_at_rest";
import * as m0020 from "./migrations/0020_screening";
import * as m0015 from "./migrations/0015_duty_reader";

export type RegionDb = Kysely<Database>;

// Listed here, not read from disk, so the bundled server carries its migrations with it.
const migrations: Record<string, Migration> = {
  "0001_reporting": m0001,
  "0002_lessons": m0002,
  "0003_cases": m0003,
  "0004_accounts": m0004,
  "0005_escalation": m0005,
  "0006_dashboards": m0006,
  "0008_sealed_text": m0008,
  "0009_retention": m0009,
  "0010_posters": m0010,
  "0011_digests": m0011,
  "0012_access_log_by_person": m0012,
  "0013_phones": m0013,
  "0014_form_tokens": m0014,
  "0016_channels": m0016,
  "0017_flood": m0017,
  "0019_secrets_at_rest": m0019,
  "0015_duty_reader": m0015,
  "0020_screening": m0020,
};

export { dataDir };

export function regionFile(code: string): string {
  return path.join(dataDir(), `${code}.sqlite`);
}

const open = singleton("regions", () => new Map<string, Promise<RegionDb>>());
const connections = singleton("region-connections", () => new WeakMap<RegionDb, SQLite.Database>());
const codes = singleton("region-codes", () => new WeakMap<RegionDb, string>());

/** Which region a database is (for the acknowledged-reports mark and health messages). */
export function regionCodeOf(db: RegionDb): string | undefined {
  return codes.get(db);
}

/**
 * The better-sqlite3 connection under a region's Kysely instance, for the one hot path that
 * needs prepared statements (report intake). Use it only inside `db.connection().execute`,
 * which holds Kysely's lock, so it never interleaves with a Kysely transaction.
 */
export function sqliteOf(db: RegionDb): SQLite.Database {
  const sqlite = connections.get(db);
  if (!sqlite) throw new Error("not a region database");
  return sqlite;
}

/**
 * The region's database, opened once per process and migrated before first use.
 * `create: false` (the default for requests) never makes a file: an unknown region stays unknown.
 */
export async function regionDb(code: string, { create = false } = {}): Promise<RegionDb | undefined> {
  const cached = open.get(code);
  if (cached) return cached;
  if (!isRegionCode(code)) return undefined;
  const file = regionFile(code);
  if (!create && !fs.existsSync(file)) return undefined;
  const opening = openAndMigrate(code, file);
  open.set(code, opening);
  opening.catch(() => open.delete(code));
  return opening;
}

export async function requireRegionDb(code: string): Promise<RegionDb> {
  const db = await regionDb(code, { create: true });
  if (!db) throw new Error(`Unknown region: ${code}`);
  return db;
}

async function openAndMigrate(code: string, file: string): Promise<RegionDb> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma("journal_mode = WAL");
  // FULL: a report is on disk before the student is told it was received.
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  // With a replica, Litestream alone checkpoints (db/replication.server.ts says why): it holds a
  // read lock so the log is never reset under it, and it truncates the log itself.
  if (process.env.LITESTREAM_REPLICA_URL?.trim()) sqlite.pragma("wal_autocheckpoint = 0");
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: guardedDatabase(code, sqlite) }),
    plugins: [new SealedColumnsPlugin()],
  });
  connections.set(db, sqlite);
  codes.set(db, code);
  await migrateToLatest(db);
  // Evidence files written before they were sealed are sealed now (a header check per file).
  sealFilesIn(path.join(dataDir(), "evidence", code));
  return db;
}

export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

/** Opens every region whose file exists in the data directory (at start-up). */
export async function openExistingRegions(): Promise<string[]> {
  const present = REGION_CODES.filter((code) => fs.existsSync(regionFile(code)));
  const opened = await Promise.allSettled(present.map((code) => regionDb(code)));
  // A region that does not open (a damaged file) must not take the others down: /healthz names it.
  return present.filter((_, i) => opened[i]!.status === "fulfilled");
}

export async function openRegions(): Promise<Array<{ code: string; db: RegionDb }>> {
  const codes = [...open.keys()];
  const dbs = await Promise.all(codes.map((code) => open.get(code)!));
  return codes.map((code, i) => ({ code, db: dbs[i]! }));
}

/** True when every open region database answers a query. */
export async function allRegionsAnswer(): Promise<boolean> {
  try {
    const all = await openRegions();
    await Promise.all(all.map(({ db }) => sql`select 1`.execute(db)));
    return true;
  } catch {
    return false;
  }
}

export async function closeAllRegions(): Promise<void> {
  const all = await Promise.allSettled([...open.values()]);
  open.clear();
  await Promise.all(all.map((r) => (r.status === "fulfilled" ? r.value.destroy() : undefined)));
}
