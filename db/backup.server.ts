import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { z } from "zod";
import { isRegionCode, REGION_CODES } from "./region-codes";
import { dataDir, regionFile } from "./regions.server";
import { clearMark } from "./acknowledged.server";
import { lockDataDir } from "./data-dir-lock.server";
import { listedDataKeys } from "./data-keys.server";
import { keyIdsInFile } from "./sealed-columns.server";

const MANIFEST = "manifest.json";
/** Write-once files kept beside the databases (evidence uploads); copied as they are. */
const FILE_TREES = ["evidence"];

const manifestSchema = z.object({
  createdAt: z.string(),
  regions: z.array(z.object({ code: z.string(), file: z.string(), bytes: z.number(), sha256: z.string() })),
});
export type BackupManifest = z.infer<typeof manifestSchema>;

export type Progress = (message: string) => void;

function sha256Of(file: string): string {
  return createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

function integrityOk(file: string): boolean {
  let db: SQLite.Database | undefined;
  try {
    db = new SQLite(file, { readonly: true, fileMustExist: true });
    return db.pragma("integrity_check", { simple: true }) === "ok";
  } catch {
    // A page damaged badly enough makes the check itself fail (SQLITE_CORRUPT): as damaged.
    return false;
  } finally {
    db?.close();
  }
}

function regionsPresent(codes: string[] | undefined): string[] {
  const wanted = codes?.length ? codes : REGION_CODES;
  for (const code of wanted) if (!isRegionCode(code)) throw new Error(`Unknown region: ${code}`);
  return wanted.filter((code) => fs.existsSync(regionFile(code)));
}

/**
 * Copies every region database with SQLite's online backup while the server keeps serving:
 * the copy is one consistent snapshot, whatever is written meanwhile. Each copy must pass
 * `integrity_check` before the backup counts, and the manifest records its SHA-256.
 */
export async function backupRegions(target: string, codes?: string[], progress: Progress = () => {}): Promise<BackupManifest> {
  if (fs.existsSync(target) && fs.readdirSync(target).length > 0)
    throw new Error(`${target} is not empty: choose a new folder for each backup.`);
  fs.mkdirSync(target, { recursive: true });
  const manifest: BackupManifest = { createdAt: new Date().toISOString(), regions: [] };
  for (const code of regionsPresent(codes)) {
    const source = new SQLite(regionFile(code), { readonly: true, fileMustExist: true });
    const file = `${code}.sqlite`;
    const copy = path.join(target, file);
    try {
      // All remaining pages in one step: a busy writer cannot keep restarting the copy.
      await source.backup(copy, { progress: ({ remainingPages }) => Math.max(remainingPages, 1) });
    } finally {
      source.close();
    }
    if (!integrityOk(copy)) throw new Error(`The copy of ${code} failed integrity_check`);
    const bytes = fs.statSync(copy).size;
    manifest.regions.push({ code, file, bytes, sha256: sha256Of(copy) });
    progress(`${code}: ${(bytes / 1024).toFixed(0)} KB copied and checked`);
  }
  for (const tree of FILE_TREES) {
    const from = path.join(dataDir(), tree);
    if (fs.existsSync(from)) {
      fs.cpSync(from, path.join(target, tree), { recursive: true });
      progress(`${tree}/: copied`);
    }
  }
  fs.writeFileSync(path.join(target, MANIFEST), JSON.stringify(manifest, null, 2));
  return manifest;
}

export function readManifest(source: string): BackupManifest {
  const file = path.join(source, MANIFEST);
  if (!fs.existsSync(file)) throw new Error(`${source} has no ${MANIFEST}: not a Senim backup.`);
  return manifestSchema.parse(JSON.parse(fs.readFileSync(file, "utf8")));
}

/**
 * Puts a backup back into the data directory. Refused while a server holds the data directory
 * (DATA_DIR/senim.lock). Every file is checked against the manifest's SHA-256, integrity_check
 * and the key file (every key id its sealed values use) before anything is replaced, and
 * the database it replaces is kept beside it (`<region>.sqlite.before-restore-<time>`).
 */
export function restoreRegions(source: string, codes?: string[], progress: Progress = () => {}): string[] {
  // Under a running server, reports it acknowledges after the swap go into the file renamed away.
  const unlock = lockDataDir("restore");
  try {
    return restoreUnlocked(source, codes, progress);
  } finally {
    unlock();
  }
}

/** The key ids a database's sealed values use that the key file (or SENIM_DATA_KEYS) does not list. */
export function missingKeyIds(file: string): string[] {
  const listed = new Set(listedDataKeys().map((k) => k.id));
  return [...keyIdsInFile(file)].filter((id) => !listed.has(id));
}

function restoreUnlocked(source: string, codes: string[] | undefined, progress: Progress): string[] {
  const manifest = readManifest(source);
  const chosen = manifest.regions.filter((r) => !codes?.length || codes.includes(r.code));
  for (const code of codes ?? []) if (!manifest.regions.some((r) => r.code === code)) throw new Error(`The backup has no region ${code}`);
  for (const r of chosen) {
    const file = path.join(source, r.file);
    if (!fs.existsSync(file) || sha256Of(file) !== r.sha256)
      throw new Error(`${r.file} does not match the manifest: the backup is damaged.`);
    if (!integrityOk(file)) throw new Error(`${r.file} failed integrity_check: the backup is damaged; nothing was restored.`);
    const missing = missingKeyIds(file);
    if (missing.length > 0) {
      throw new Error(
        `${r.file} holds values sealed with key id(s) ${missing.join(", ")}, which the data key file does not list: put the key file of that time in place (SENIM_DATA_KEY_FILE) first; nothing was restored.`,
      );
    }
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  fs.mkdirSync(dataDir(), { recursive: true });
  for (const r of chosen) {
    const live = regionFile(r.code);
    const staging = `${live}.restoring`;
    fs.copyFileSync(path.join(source, r.file), staging);
    const fd = fs.openSync(staging, "r+");
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    if (fs.existsSync(live)) fs.renameSync(live, `${live}.before-restore-${stamp}`);
    // The old write-ahead log belongs to the replaced file; applying it to the restored one would corrupt it.
    for (const suffix of ["-wal", "-shm"]) fs.rmSync(`${live}${suffix}`, { force: true });
    fs.renameSync(staging, live);
    clearMark(r.code); // the restored file is older on purpose: its reports are the ones to expect
    progress(`${r.code}: restored from ${manifest.createdAt}`);
  }
  for (const tree of FILE_TREES) {
    const from = path.join(source, tree);
    // Evidence files are write-once and named at random: adding the backup's back loses nothing newer.
    if (fs.existsSync(from)) fs.cpSync(from, path.join(dataDir(), tree), { recursive: true, force: false, errorOnExist: false });
  }
  return chosen.map((r) => r.code);
}
