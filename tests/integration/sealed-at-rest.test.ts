import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backupRegions } from "../../db/backup.server";
import { dataKeyFile, dataKeys, isSealed, sealedKeyId } from "../../db/data-keys.server";
import { isSealedFile, sealBytes, sealedFileKeyId, sealFilesIn } from "../../db/sealed-files.server";
import { decodeTotpSecret } from "~/domain/auth/two-factor.server";
import { hashReceiptCode, legacyReceiptHash } from "~/domain/reports/receipt-code.server";
import { rotateDataKeys } from "../../db/key-rotation.server";
import { regionDb, type RegionDb } from "../../db/regions.server";
import { SEALED_COLUMNS } from "../../db/sealed-columns.server";
import { DEMO_TOTP_SECRET, seedDemoRegion } from "../../scripts/seed-demo";
import { filesUnder } from "../e2e/support";
import { receiptCodeFrom, signIn, startTestApp, validReport, type TestApp } from "../support/app";

// Children's words and names, each marked so a byte search cannot miss or mistake them.
const marks = {
  description: "Сыныптағы Ерлан мені күнде итереді SEAL-DESC",
  contactName: "Айгерім Серікова SEAL-NAME",
  contactClass: "7Б SEAL-CLASS",
  reply: "Мы прочитали, давай поговорим SEAL-REPLY",
  person: "Дамир Сапаров SEAL-PERSON",
  personNotes: "Боится идти в столовую SEAL-NOTES",
  caseNote: "Позвонили маме SEAL-CASENOTE",
};

let app: TestApp;
let db: RegionDb;
let psychologist = "";
let caseId = 0;
let receiptCode = "";
// An evidence file: a PDF by its first bytes, with a mark inside.
const evidence = Buffer.from("%PDF-1.4\n% Скриншот переписки SEAL-EVIDENCE-BYTES\n%%EOF\n", "utf8");
const totpSecret = decodeTotpSecret(DEMO_TOTP_SECRET)!;
const text = async (res: Response) => (await res.text()).replaceAll("\0", "");
const as = (path: string, init: Parameters<TestApp["request"]>[1] = {}) =>
  app.request(path, { ...init, headers: { cookie: psychologist } });

/** Every file of the data directory, as bytes: the database, its WAL and the rest. */
function bytesOnDisk(dir: string): Buffer {
  return Buffer.concat(filesUnder(dir).map((f) => fs.readFileSync(f)));
}

beforeAll(async () => {
  app = await startTestApp();
  await seedDemoRegion();
  db = (await regionDb("akmola"))!;
  const sent = await app.request("/r/AK7K3M", {
    form: {
      ...validReport,
      description: marks.description,
      contactRequested: "yes",
      contactName: marks.contactName,
      contactClass: marks.contactClass,
    },
  });
  expect(sent.status).toBe(200);
  receiptCode = receiptCodeFrom(await sent.text());
  psychologist = await signIn(app, "psychologist@demo.senim.kz");
  const report = (await db.selectFrom("reports").select("id").orderBy("id", "desc").executeTakeFirstOrThrow()).id;
  expect((await as(`/school/reports/${report}`, { form: { intent: "reply", body: marks.reply } })).status).toBe(200);
  const opened = await as("/school/cases", { form: { intent: "from-reports", reportIds: String(report), model: "kiva" } });
  expect(opened.status).toBe(302);
  caseId = Number(/\/school\/cases\/(\d+)/.exec(opened.headers.get("location")!)![1]);
  const person = { intent: "person-add", role: "target", name: marks.person, classLabel: "7Б", notes: marks.personNotes };
  expect((await as(`/school/cases/${caseId}`, { form: person })).status).toBe(302);
  expect((await as(`/school/cases/${caseId}`, { form: { intent: "note", content: marks.caseNote } })).status).toBe(302);
  const upload = new FormData();
  upload.append("file", new File([new Uint8Array(evidence)], "chat.pdf", { type: "application/pdf" }));
  upload.append("description", "");
  expect((await as(`/school/cases/${caseId}/evidence`, { method: "POST", body: upload })).status).toBe(302);
});

/** The forms a TOTP secret could be found in: raw, base64 (as stored before sealing), base32 (as shown). */
const secretForms = () => [Buffer.from(totpSecret), Buffer.from(Buffer.from(totpSecret).toString("base64")), Buffer.from(DEMO_TOTP_SECRET)];
afterAll(() => app.stop());

describe("children's words and names at rest", () => {
  it("are listed name by name in the case list, with two targets as with one", async () => {
    const second = { intent: "person-add", role: "target", name: "Айбек Сериков SEAL-SECOND", classLabel: "7Б", notes: "" };
    expect((await as(`/school/cases/${caseId}`, { form: second })).status).toBe(302);
    const list = await as("/school/cases");
    expect(list.status).toBe(200);
    expect(await text(list)).toContain(`${marks.person}, Айбек Сериков SEAL-SECOND`);
  });

  it("are shown to the psychologist as written", async () => {
    const report = (await db.selectFrom("reports").select("id").orderBy("id", "desc").executeTakeFirstOrThrow()).id;
    const reportPage = await text(await as(`/school/reports/${report}`));
    for (const m of [marks.description, marks.contactName, marks.contactClass, marks.reply]) expect(reportPage).toContain(m);
    const casePage = await text(await as(`/school/cases/${caseId}`));
    for (const m of [marks.person, marks.personNotes, marks.caseNote]) expect(casePage).toContain(m);
  });

  it("appear nowhere in the database file, its WAL or anything else under the data directory", () => {
    const disk = bytesOnDisk(app.dataDir);
    expect(disk.length).toBeGreaterThan(10_000);
    for (const m of Object.values(marks)) expect(disk.includes(Buffer.from(m, "utf8")), m).toBe(false);
    expect(disk.includes(Buffer.from("SEAL-EVIDENCE-BYTES")), "evidence file").toBe(false);
    for (const form of secretForms()) expect(disk.includes(form), "TOTP secret").toBe(false);
    // The control: a value that is not sealed (the school's code) is found by the same search.
    expect(disk.includes(Buffer.from("AK7K3M", "utf8"))).toBe(true);
  });

  it("stay sealed in a backup, which does not carry the key", async () => {
    const target = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "senim-sealed-backup-")), "b");
    await backupRegions(target);
    const copied = bytesOnDisk(target);
    expect(copied.includes(Buffer.from("AK7K3M", "utf8"))).toBe(true);
    for (const m of Object.values(marks)) expect(copied.includes(Buffer.from(m, "utf8")), m).toBe(false);
    expect(filesUnder(path.join(target, "evidence")).length).toBe(1);
    expect(copied.includes(Buffer.from("SEAL-EVIDENCE-BYTES")), "evidence file").toBe(false);
    for (const form of secretForms()) expect(copied.includes(form), "TOTP secret").toBe(false);
    for (const k of dataKeys()) expect(copied.includes(Buffer.from(k.key.toString("base64"), "utf8"))).toBe(false);
    fs.rmSync(path.dirname(target), { recursive: true, force: true });
  });

  it("are sealed again with a new key on rotation; older keys go only when asked and unused", async () => {
    const before = dataKeys().map((k) => k.id);
    const rotation = await rotateDataKeys([db]);
    expect(rotation.resealed).toBeGreaterThanOrEqual(Object.keys(marks).length);
    expect(before).not.toContain(rotation.sealingKey);
    expect(dataKeys().map((k) => k.id)).toEqual([rotation.sealingKey, ...before]);
    // Every stored value of every sealed column now names the new key.
    for (const [table, columns] of Object.entries(SEALED_COLUMNS)) {
      for (const column of columns) {
        const { rows } = await sql<{ v: string | null }>`select ${sql.ref(column)} as v from ${sql.table(table)}`.execute(
          db.withoutPlugins(),
        );
        for (const r of rows) if (r.v) expect(sealedKeyId(r.v), `${table}.${column}`).toBe(rotation.sealingKey);
      }
    }
    const evidenceFiles = filesUnder(path.join(app.dataDir, "evidence"));
    for (const f of evidenceFiles) expect(sealedFileKeyId(fs.readFileSync(f))).toBe(rotation.sealingKey);
    // The receipt code is a keyed hash that cannot be remade without the code: its key stays
    // listed until the code is used (and its hash upgraded).
    const kept = await rotateDataKeys([db], { dropUnused: true });
    expect(kept.stillListed).toEqual(before);
    expect((await app.request("/status", { form: { intent: "open", code: receiptCode } })).status).toBe(200);
    const dropped = await rotateDataKeys([db], { dropUnused: true });
    // The code's hash now names the key current when it was used; the original key can go.
    expect(dropped.dropped).toEqual(before);
    expect(dropped.stillListed).toEqual([kept.sealingKey]);
    expect(fs.readFileSync(dataKeyFile(), "utf8").trim().split("\n")).toHaveLength(2);
    expect(await text(await as(`/school/cases/${caseId}`))).toContain(marks.person);
    const file = await as(`/school/cases/${caseId}/evidence/1`);
    expect(Buffer.from(await file.arrayBuffer()).equals(evidence)).toBe(true);
    // The authenticator still works: its secret was resealed with the rest.
    await signIn(app, "psychologist@demo.senim.kz");
  });
});

describe("secrets written before sealing", () => {
  it("a receipt code stored as plain SHA-256 still opens /status, and is then stored as a keyed hash", async () => {
    const sent = await app.request("/r/AK7K3M", { form: validReport });
    const code = receiptCodeFrom(await sent.text());
    const keyed = hashReceiptCode(code);
    expect(keyed).not.toBe(legacyReceiptHash(code));
    expect(keyed).not.toContain(legacyReceiptHash(code));
    await db
      .updateTable("reports")
      .set({ receipt_hash: legacyReceiptHash(code) })
      .where("receipt_hash", "=", keyed)
      .execute();
    expect((await app.request("/status", { form: { intent: "open", code } })).status).toBe(200);
    expect(await db.selectFrom("reports").select("id").where("receipt_hash", "=", keyed).executeTakeFirst()).toBeDefined();
    expect(
      await db.selectFrom("reports").select("id").where("receipt_hash", "=", legacyReceiptHash(code)).executeTakeFirst(),
    ).toBeUndefined();
  });

  it("a plain evidence file is served as it is, and sealed when the region opens", async () => {
    const row = await db.selectFrom("case_evidence").select(["id", "storage_name"]).executeTakeFirstOrThrow();
    const file = path.join(app.dataDir, "evidence", "akmola", row.storage_name);
    fs.writeFileSync(file, evidence);
    const served = await as(`/school/cases/${caseId}/evidence/${row.id}`);
    expect(Buffer.from(await served.arrayBuffer()).equals(evidence)).toBe(true);
    sealFilesIn(path.join(app.dataDir, "evidence"));
    expect(isSealedFile(fs.readFileSync(file))).toBe(true);
    // A changed byte is refused, never served.
    const damaged = fs.readFileSync(file);
    damaged[damaged.length - 20]! ^= 1;
    fs.writeFileSync(file, damaged);
    expect((await as(`/school/cases/${caseId}/evidence/${row.id}`)).status).toBe(500);
    fs.writeFileSync(file, sealBytes(evidence));
  });

  it("a TOTP secret stored as raw bytes still signs in, and is sealed by keys:rotate", async () => {
    const user = await db.selectFrom("users").select("id").where("email", "=", "psychologist@demo.senim.kz").executeTakeFirstOrThrow();
    await db
      .withoutPlugins()
      .updateTable("totp_credentials")
      .set({ secret: Buffer.from(totpSecret) as never })
      .where("user_id", "=", user.id)
      .execute();
    await signIn(app, "psychologist@demo.senim.kz");
    await rotateDataKeys([db]);
    const { rows } = await sql<{ secret: unknown }>`select secret from totp_credentials where user_id = ${user.id}`.execute(
      db.withoutPlugins(),
    );
    expect(typeof rows[0]!.secret === "string" && isSealed(rows[0]!.secret)).toBe(true);
    await signIn(app, "psychologist@demo.senim.kz");
  });
});
