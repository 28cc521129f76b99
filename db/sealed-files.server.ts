import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { DataKeyError, dataKeys, reloadDataKeys } from "./data-keys.server";

/**
 * Files kept beside the databases (evidence uploads), sealed with the data keys: AES-256-GCM,
 * "SENIMF1\n" + key id + "\n" + IV + ciphertext + tag. Files are at most a few MB and are held
 * in memory once anyway, so one GCM stream per file; `openBytes` checks the tag before it
 * returns a byte, so nothing changed on disk is ever served. Files written before sealing have
 * no header and are returned as they are until `sealFilesIn` (start-up, `keys:rotate`) seals them.
 */
const MAGIC = Buffer.from("SENIMF1\n");
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function isSealedFile(bytes: Uint8Array): boolean {
  return bytes.length >= MAGIC.length && Buffer.from(bytes.buffer, bytes.byteOffset, MAGIC.length).equals(MAGIC);
}

function header(bytes: Buffer): { id: string; bodyAt: number } {
  const end = bytes.indexOf(0x0a, MAGIC.length);
  if (end < 0 || end - MAGIC.length > 16) throw new DataKeyError("A sealed file is cut short.");
  return { id: bytes.subarray(MAGIC.length, end).toString("ascii"), bodyAt: end + 1 };
}

export function sealedFileKeyId(bytes: Uint8Array): string | undefined {
  return isSealedFile(bytes) ? header(Buffer.from(bytes)).id : undefined;
}

export function sealBytes(plain: Uint8Array): Buffer {
  const { id, key } = dataKeys()[0]!;
  const iv = crypto.randomBytes(IV_BYTES);
  const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([MAGIC, Buffer.from(`${id}\n`, "ascii"), iv, body, cipher.getAuthTag()]);
}

export function openBytes(stored: Buffer): Buffer {
  if (!isSealedFile(stored)) return stored;
  const { id, bodyAt } = header(stored);
  let key = dataKeys().find((k) => k.id === id);
  if (!key) {
    reloadDataKeys();
    key = dataKeys().find((k) => k.id === id);
  }
  if (!key) throw new DataKeyError(`No data key "${id}": the key file or SENIM_DATA_KEYS lacks a key this file was sealed with.`);
  if (stored.length < bodyAt + IV_BYTES + TAG_BYTES) throw new DataKeyError("A sealed file is cut short.");
  const decipher = crypto.createDecipheriv("aes-256-gcm", key.key, stored.subarray(bodyAt, bodyAt + IV_BYTES));
  decipher.setAuthTag(stored.subarray(stored.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(stored.subarray(bodyAt + IV_BYTES, stored.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new DataKeyError(`A file sealed with key "${id}" does not open: it was changed, or the key is not the one it was sealed with.`);
  }
}

/** Writes a file whole and durably: a temporary file, fsync, rename over, fsync of the folder. */
export function writeFileDurably(file: string, bytes: Uint8Array): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, "w", 0o600);
  try {
    fs.writeSync(fd, bytes);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  const dir = fs.openSync(path.dirname(file), "r");
  try {
    fs.fsyncSync(dir);
  } finally {
    fs.closeSync(dir);
  }
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.endsWith(".tmp"))
    .map((e) => path.join(e.parentPath, e.name));
}

/**
 * Seals with the current key every file under `dir` that is plain or sealed with another key.
 * Returns how many it rewrote. A reader meanwhile sees the old file or the new one, both readable.
 */
export function sealFilesIn(dir: string): number {
  const current = dataKeys()[0]!.id;
  let rewritten = 0;
  for (const file of filesUnder(dir)) {
    if (headKeyId(file) === current) continue; // the header only: start-up reads no file whole
    writeFileDurably(file, sealBytes(openBytes(fs.readFileSync(file))));
    rewritten++;
  }
  return rewritten;
}

/** The ids of the keys files under `dir` are sealed with. */
export function fileKeyIdsIn(dir: string): Set<string> {
  const ids = new Set<string>();
  for (const file of filesUnder(dir)) {
    const id = headKeyId(file);
    if (id) ids.add(id);
  }
  return ids;
}

function headKeyId(file: string): string | undefined {
  const fd = fs.openSync(file, "r");
  const head = Buffer.alloc(MAGIC.length + 18);
  try {
    const n = fs.readSync(fd, head, 0, head.length, 0);
    const read = head.subarray(0, n);
    return isSealedFile(read) && read.indexOf(0x0a, MAGIC.length) > 0 ? sealedFileKeyId(read) : undefined;
  } finally {
    fs.closeSync(fd);
  }
}
