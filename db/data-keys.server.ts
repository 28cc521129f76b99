import cluster from "node:cluster";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { dataDir } from "./data-dir";
import { keyIdsInFile } from "./sealed-columns.server";
import { singleton } from "./singleton";

/**
 * The keys that seal children's words and names in the region databases (AES-256-GCM).
 *
 * `SENIM_DATA_KEYS` ("id:base64key,id:base64key", the first one seals) or a key file
 * (`SENIM_DATA_KEY_FILE`, default `DATA_DIR/data-keys`: one "id:base64key" per line, the first
 * one seals). Without either, the key file is created with a fresh key on first use, readable by
 * the server's user only, but only while no region holds sealed data (see readKeyFile). Backups never carry it: a stolen database file or backup alone reveals
 * no child's words. Older keys stay listed until every value sealed with them is resealed
 * (`npm run keys:rotate`).
 */
export type DataKey = { id: string; key: Buffer };

const KEY_ID = /^[a-z0-9]{1,16}$/;
const SEALED_PREFIX = "sealed:v1:";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class DataKeyError extends Error {}

export function dataKeyFile(): string {
  return path.resolve(process.env.SENIM_DATA_KEY_FILE ?? path.join(dataDir(), "data-keys"));
}

export function parseDataKeys(entries: string[], source: string): DataKey[] {
  const keys = entries
    .map((e) => e.trim())
    .filter((e) => e !== "" && !e.startsWith("#"))
    .map((entry) => {
      const [id, encoded, ...rest] = entry.split(":");
      const key = Buffer.from(encoded ?? "", "base64");
      if (!id || !KEY_ID.test(id) || rest.length > 0 || key.length !== 32) {
        throw new DataKeyError(`${source}: each key is "id:base64" with a 1–16 character id [a-z0-9] and 32 bytes of key`);
      }
      return { id, key };
    });
  if (keys.length === 0) throw new DataKeyError(`${source}: no key`);
  if (new Set(keys.map((k) => k.id)).size !== keys.length) throw new DataKeyError(`${source}: a key id is listed twice`);
  return keys;
}

export function newDataKeyLine(existing: DataKey[] = []): string {
  let id: string;
  do id = `k${crypto.randomBytes(4).toString("hex")}`;
  while (existing.some((k) => k.id === id));
  return `${id}:${crypto.randomBytes(32).toString("base64")}`;
}

/** The key ids that sealed values in the data directory's region files use (read-only), and the files that could not be read. */
export function keyIdsOnDisk(dir = dataDir()): { ids: Set<string>; unreadable: string[] } {
  const ids = new Set<string>();
  const unreadable: string[] = [];
  if (!fs.existsSync(dir)) return { ids, unreadable };
  for (const name of fs.readdirSync(dir)) {
    if (!name.endsWith(".sqlite")) continue;
    try {
      for (const id of keyIdsInFile(path.join(dir, name))) ids.add(id);
    } catch {
      unreadable.push(path.join(dir, name));
    }
  }
  return { ids, unreadable };
}

/**
 * A key file is made only for a data directory that holds no sealed value yet, and never by a
 * cluster worker: a lost key file must stop the server, not be replaced by a key that opens
 * nothing (old conversations would fail, and reports sealed meanwhile would need the new key).
 */
function readKeyFile(file: string): DataKey[] {
  if (!fs.existsSync(file)) {
    if (cluster.isWorker)
      throw new DataKeyError(`The data key file ${file} is missing. Workers never create keys: put the file back and restart.`);
    const { ids, unreadable } = keyIdsOnDisk();
    if (ids.size > 0) throw new MissingKeysError([...ids], `the data key file ${file} is missing`);
    // A file that cannot be read may hold sealed data: no key is made over it.
    if (unreadable.length > 0)
      throw new DataKeyError(
        `The data key file ${file} is missing and ${unreadable.join(", ")} cannot be read to tell whether it holds sealed data.`,
      );
    fs.mkdirSync(path.dirname(file), { recursive: true });
    try {
      // "wx": if two processes start at once, one creates the file and the other reads it.
      fs.writeFileSync(file, `${newDataKeyLine()}\n`, { flag: "wx", mode: 0o600 });
      console.log(`Senim: created the data key file ${file}. Keep a copy apart from the backups: without it they cannot be read.`);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
  }
  return parseDataKeys(fs.readFileSync(file, "utf8").split("\n"), file);
}

/** Sealed data needs keys that are not listed: the message names them (ids only, never a key). */
export class MissingKeysError extends DataKeyError {
  constructor(
    readonly ids: string[],
    why: string,
  ) {
    super(
      `Senim cannot start: ${why}, and the region databases hold values sealed with key id(s) ${ids.join(", ")}. Put the key file (or SENIM_DATA_KEYS) holding them back; a new key would open none of them.`,
    );
  }
}

/** The keys listed now, without ever creating a key file: for checks (health, restore). */
export function listedDataKeys(): DataKey[] {
  if (process.env.SENIM_DATA_KEYS) return parseDataKeys(process.env.SENIM_DATA_KEYS.split(","), "SENIM_DATA_KEYS");
  const file = dataKeyFile();
  return fs.existsSync(file) ? parseDataKeys(fs.readFileSync(file, "utf8").split("\n"), file) : [];
}

const loaded = singleton("data-keys", () => ({ keys: undefined as DataKey[] | undefined, source: "" }));

function currentSource(): string {
  return process.env.SENIM_DATA_KEYS ? "env" : dataKeyFile();
}

/** The keys in force; read again when their source changed (tests, `keys:rotate`). */
export function dataKeys(): DataKey[] {
  const source = currentSource();
  if (!loaded.keys || loaded.source !== source) {
    loaded.keys = process.env.SENIM_DATA_KEYS
      ? parseDataKeys(process.env.SENIM_DATA_KEYS.split(","), "SENIM_DATA_KEYS")
      : readKeyFile(source);
    loaded.source = source;
  }
  return loaded.keys;
}

/** Forget the loaded keys, so the next use reads them again. */
export function reloadDataKeys(): void {
  loaded.keys = undefined;
}

export function isSealed(value: string): boolean {
  return value.startsWith(SEALED_PREFIX);
}

/** The id of the key a sealed value was sealed with. */
export function sealedKeyId(value: string): string | undefined {
  if (!isSealed(value)) return undefined;
  return value.slice(SEALED_PREFIX.length, value.indexOf(":", SEALED_PREFIX.length));
}

/** Seals a text with the current key. The empty text stays empty: it says nothing. */
export function sealText(plain: string): string {
  if (plain === "") return plain;
  const { id, key } = dataKeys()[0]!;
  const iv = crypto.randomBytes(IV_BYTES);
  const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return `${SEALED_PREFIX}${id}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")}`;
}

/** Opens a sealed text; a value that was never sealed (written before sealing began) is returned as it is. */
export function openText(stored: string): string {
  if (!isSealed(stored)) return stored;
  const id = sealedKeyId(stored)!;
  let key = dataKeys().find((k) => k.id === id);
  if (!key) {
    reloadDataKeys();
    key = dataKeys().find((k) => k.id === id);
  }
  if (!key) throw new DataKeyError(`No data key "${id}": the key file or SENIM_DATA_KEYS lacks a key this database was sealed with.`);
  const raw = Buffer.from(stored.slice(SEALED_PREFIX.length + id.length + 1), "base64url");
  if (raw.length < IV_BYTES + TAG_BYTES) throw new DataKeyError("A sealed value is cut short.");
  const decipher = crypto.createDecipheriv("aes-256-gcm", key.key, raw.subarray(0, IV_BYTES));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch {
    throw new DataKeyError(`A value sealed with key "${id}" does not open: it was changed, or the key is not the one it was sealed with.`);
  }
}

/** Writes the key file whole (a temporary file renamed over it), readable by the server's user only. */
export function writeKeyFile(file: string, keys: DataKey[]): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, keys.map((k) => `${k.id}:${k.key.toString("base64")}\n`).join(""), { mode: 0o600 });
  fs.renameSync(tmp, file);
  reloadDataKeys();
}

/**
 * A secret for one purpose (receipt codes, unknown sign-in addresses), derived from a data key:
 * it is kept, rotated and backed up (never) with the keys themselves.
 */
export function derivedSecret(key: DataKey, purpose: string): Buffer {
  return crypto.createHmac("sha256", key.key).update(`senim:${purpose}`).digest();
}

const KEYED_PREFIX = "h1:";

/** "h1:<key id>:<hex HMAC-SHA-256>" of a text, with the current key unless another is given. */
export function keyedHash(purpose: string, text: string, key: DataKey = dataKeys()[0]!): string {
  return `${KEYED_PREFIX}${key.id}:${crypto.createHmac("sha256", derivedSecret(key, purpose)).update(text).digest("hex")}`;
}

/** The keyed hashes of a text under every key in force, current first (lookups by a hash written before a rotation). */
export function keyedHashes(purpose: string, text: string): string[] {
  return dataKeys().map((k) => keyedHash(purpose, text, k));
}

/** The id of the key a keyed hash was made with. */
export function keyedHashKeyId(value: string): string | undefined {
  if (!value.startsWith(KEYED_PREFIX)) return undefined;
  return value.slice(KEYED_PREFIX.length, value.indexOf(":", KEYED_PREFIX.length));
}
