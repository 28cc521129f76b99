import { z } from "zod";
import { schoolNowIso } from "~/domain/calendar/local-date";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { dataDir } from "../../../db/regions.server";
import { openBytes, sealBytes } from "../../../db/sealed-files.server";
import { logAccess } from "../audit/access-log.server";
import { caseAccess, type Actor, type CaseAccess } from "../policy/policy.server";
import { recordCaseEvent } from "./case-events.server";

/** Big enough for a phone photo or a scanned letter, small enough to keep in memory once. */
export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;
export const MAX_EVIDENCE_DESCRIPTION_CHARS = 300;
/** The text fields of an upload; the file itself is checked by addEvidence. */
export const evidenceSchema = z.object({
  description: z.string().trim().max(MAX_EVIDENCE_DESCRIPTION_CHARS, { error: "caseRecords.evidence.error.description" }),
});
const MAX_FILE_NAME_CHARS = 120;

export type EvidenceType = { mediaType: string; extensions: readonly string[] };

// Decided by the file's first bytes only: a name or a content-type is whatever the sender's
// machine claimed. Nothing a browser could run (HTML, SVG, scripts) is on the list.
const evidenceTypes: ReadonlyArray<EvidenceType & { matches: (b: Uint8Array) => boolean }> = [
  { mediaType: "image/png", extensions: ["png"], matches: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { mediaType: "image/jpeg", extensions: ["jpg", "jpeg"], matches: (b) => startsWith(b, [0xff, 0xd8, 0xff]) },
  { mediaType: "image/gif", extensions: ["gif"], matches: (b) => startsWithText(b, "GIF87a") || startsWithText(b, "GIF89a") },
  { mediaType: "image/webp", extensions: ["webp"], matches: (b) => startsWithText(b, "RIFF") && startsWithText(b.subarray(8), "WEBP") },
  { mediaType: "application/pdf", extensions: ["pdf"], matches: (b) => startsWithText(b, "%PDF-") },
];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((v, i) => bytes[i] === v);
}

function startsWithText(bytes: Uint8Array, prefix: string): boolean {
  return startsWith(
    bytes,
    [...prefix].map((c) => c.charCodeAt(0)),
  );
}

/** The accepted type a file's bytes show, or undefined for anything else. */
export function detectEvidenceType(bytes: Uint8Array): EvidenceType | undefined {
  const found = evidenceTypes.find((t) => t.matches(bytes));
  return found && { mediaType: found.mediaType, extensions: found.extensions };
}

export const ACCEPTED_EVIDENCE_TYPES = evidenceTypes.map((t) => t.mediaType);

/**
 * The uploaded name as something safe to show and to offer back: no folders, no control or
 * direction-changing characters (which can make "gpj.exe" read as "exe.jpg"), bounded length.
 */
export function sanitizeFileName(raw: string): string {
  const base = raw.normalize("NFC").split(/[/\\]/).pop() ?? "";
  const cleaned = [...base]
    .filter((ch) => !/[\p{Cc}\p{Cf}\u2028\u2029]/u.test(ch))
    .join("")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^\.+/, "");
  const chars = [...cleaned];
  if (chars.length <= MAX_FILE_NAME_CHARS) return cleaned;
  // Keep the extension: it is what tells the reader what the file is.
  const dot = cleaned.lastIndexOf(".");
  const extension = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : "";
  return (
    chars
      .slice(0, MAX_FILE_NAME_CHARS - [...extension].length)
      .join("")
      .trimEnd() + extension
  );
}

/** The name a download is saved under: the original, with an extension that matches what the file really is. */
export function downloadName(fileName: string, mediaType: string): string {
  const type = evidenceTypes.find((t) => t.mediaType === mediaType);
  const base = fileName || "evidence";
  if (!type) return base;
  const extension = base.includes(".") ? base.slice(base.lastIndexOf(".") + 1).toLowerCase() : "";
  return type.extensions.includes(extension) ? base : `${base}.${type.extensions[0]}`;
}

function evidenceDir(region: string): string {
  return path.join(dataDir(), "evidence", region);
}

const STORAGE_NAME = /^[0-9a-f]{32}$/;

/** Removes a stored evidence file (retention); a name that is not one of ours is left alone. */
export async function removeEvidenceFile(region: string, storageName: string): Promise<void> {
  if (STORAGE_NAME.test(storageName)) await fs.rm(path.join(evidenceDir(region), storageName), { force: true });
}

/** Writes the bytes under a fresh random name and waits until they (and the name) are on disk. */
async function storeDurably(region: string, bytes: Uint8Array): Promise<string> {
  const dir = evidenceDir(region);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const storageName = randomBytes(16).toString("hex");
  const file = await fs.open(path.join(dir, storageName), "wx", 0o600);
  try {
    // Sealed with the data keys: the data folder and its backups hold no child's photo in the clear.
    await file.writeFile(sealBytes(bytes));
    await file.sync();
  } finally {
    await file.close();
  }
  // The directory entry must survive a crash too, or the row would point at nothing.
  const directory = await fs.open(dir, "r");
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
  return storageName;
}

export type EvidenceUpload = { fileName: string; bytes: Uint8Array; description: string };
export type EvidenceProblem = "read_only" | "empty" | "too_large" | "type";
export type AddEvidenceResult = { ok: true; id: number } | { ok: false; problem: EvidenceProblem };

/**
 * Adds a file to a case the actor works on. The file is on disk before its row exists, so a
 * listed file can always be downloaded; a row that fails to insert takes its file with it.
 */
export async function addEvidence(actor: Actor, access: CaseAccess, upload: EvidenceUpload): Promise<AddEvidenceResult> {
  if (access.mode !== "edit") return { ok: false, problem: "read_only" };
  const { caseId } = access;
  if (upload.bytes.byteLength === 0) return { ok: false, problem: "empty" };
  if (upload.bytes.byteLength > MAX_EVIDENCE_BYTES) return { ok: false, problem: "too_large" };
  const type = detectEvidenceType(upload.bytes);
  if (!type) return { ok: false, problem: "type" };

  const fileName = sanitizeFileName(upload.fileName) || `evidence.${type.extensions[0]}`;
  const sha256 = createHash("sha256").update(upload.bytes).digest("hex");
  const storageName = await storeDurably(actor.region, upload.bytes);
  try {
    const id = await actor.db.transaction().execute(async (tx) => {
      // Checked again inside the write: the case may have moved to another school meanwhile.
      if ((await caseAccess({ ...actor, db: tx }, caseId))?.mode !== "edit") return undefined;
      const row = await tx
        .insertInto("case_evidence")
        .values({
          case_id: caseId,
          file_name: fileName,
          media_type: type.mediaType,
          size_bytes: upload.bytes.byteLength,
          sha256,
          storage_name: storageName,
          description: upload.description,
          user_id: actor.user.id,
          at: schoolNowIso(),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await recordCaseEvent(tx, { caseId, kind: "evidence_added", userId: actor.user.id, content: fileName });
      return row.id;
    });
    if (id === undefined) {
      await removeEvidenceFile(actor.region, storageName);
      return { ok: false, problem: "read_only" };
    }
    return { ok: true, id };
  } catch (error) {
    await removeEvidenceFile(actor.region, storageName);
    throw error;
  }
}

/** Files a read-only record keeps: those added before the case left the school. */
function evidenceOf(actor: Actor, access: CaseAccess) {
  let query = actor.db
    .selectFrom("case_evidence")
    .innerJoin("users", "users.id", "case_evidence.user_id")
    .where("case_evidence.case_id", "=", access.caseId);
  if (access.mode === "read") query = query.where("case_evidence.at", "<=", access.until);
  return query;
}

/** A case's files, newest first, written to the access log. */
export async function listEvidence(actor: Actor, access: CaseAccess) {
  const files = await evidenceOf(actor, access)
    .select([
      "case_evidence.id",
      "case_evidence.file_name",
      "case_evidence.media_type",
      "case_evidence.size_bytes",
      "case_evidence.sha256",
      "case_evidence.description",
      "case_evidence.at",
      "users.display_name as added_by",
    ])
    .orderBy("case_evidence.id", "desc")
    .execute();
  await logAccess(actor, "view", "case", access.caseId);
  return files;
}

/** One file's bytes and how to offer them, written to the access log; undefined when the case has no such file. */
export async function openEvidenceFile(actor: Actor, access: CaseAccess, evidenceId: number) {
  const row = await evidenceOf(actor, access)
    .select(["case_evidence.file_name", "case_evidence.media_type", "case_evidence.storage_name", "case_evidence.size_bytes"])
    .where("case_evidence.id", "=", evidenceId)
    .executeTakeFirst();
  if (!row || !STORAGE_NAME.test(row.storage_name)) return undefined;
  // Opened whole, its GCM tag checked, before a byte is served; a file from before sealing opens as it is.
  const opened = openBytes(await fs.readFile(path.join(evidenceDir(actor.region), row.storage_name)));
  const bytes = new Uint8Array(opened);
  await logAccess(actor, "download", "case", access.caseId);
  return { bytes, mediaType: row.media_type, fileName: downloadName(row.file_name, row.media_type) };
}
