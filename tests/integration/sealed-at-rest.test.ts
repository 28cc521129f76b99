import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backupRegions } from "../../db/backup.server";
import { dataKeyFile, dataKeys, sealedKeyId } from "../../db/data-keys.server";
import { rotateDataKeys } from "../../db/key-rotation.server";
import { regionDb, type RegionDb } from "../../db/regions.server";
import { SEALED_COLUMNS } from "../../db/sealed-columns.server";
import { seedDemoRegion } from "../../db/seed-demo";
import { filesUnder } from "../e2e/support";
import { signIn, startTestApp, validReport, type TestApp } from "../support/app";

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
const text = async (res: Response) => (await res.text()).replaceAll("\0", "");
const as = (path: string, init: Parameters<TestApp["request"]>[1] = {}) => app.request(path, { ...init, headers: { cookie: psychologist } });

/** Every file of the data directory, as bytes: the database, its WAL and the rest. */
function bytesOnDisk(dir: string): Buffer {
  return Buffer.concat(filesUnder(dir).map((f) => fs.readFileSync(f)));
}

beforeAll(async () => {
  app = await startTestApp();
  await seedDemoRegion();
  db = (await regionDb("akmola"))!;
  const sent = await app.request("/r/AK7K3M", {
    form: { ...validReport, description: marks.description, contactRequested: "yes", contactName: marks.contactName, contactClass: marks.contactClass },
  });
  expect(sent.status).toBe(200);
  psychologist = await signIn(app, "psychologist@demo.senim.kz");
  const report = (await db.selectFrom("reports").select("id").orderBy("id", "desc").executeTakeFirstOrThrow()).id;
  expect((await as(`/school/reports/${report}`, { form: { intent: "reply", body: marks.reply } })).status).toBe(200);
  const opened = await as("/school/cases", { form: { intent: "from-reports", reportIds: String(report), model: "kiva" } });
  expect(opened.status).toBe(302);
  caseId = Number(/\/school\/cases\/(\d+)/.exec(opened.headers.get("location")!)![1]);
  const person = { intent: "person-add", role: "target", name: marks.person, classLabel: "7Б", notes: marks.personNotes };
  expect((await as(`/school/cases/${caseId}`, { form: person })).status).toBe(302);
  expect((await as(`/school/cases/${caseId}`, { form: { intent: "note", content: marks.caseNote } })).status).toBe(302);
});
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
    // The control: a value that is not sealed (the school's code) is found by the same search.
    expect(disk.includes(Buffer.from("AK7K3M", "utf8"))).toBe(true);
  });

  it("stay sealed in a backup, which does not carry the key", async () => {
    const target = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "senim-sealed-backup-")), "b");
    await backupRegions(target);
    const copied = bytesOnDisk(target);
    expect(copied.includes(Buffer.from("AK7K3M", "utf8"))).toBe(true);
    for (const m of Object.values(marks)) expect(copied.includes(Buffer.from(m, "utf8")), m).toBe(false);
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
        const { rows } = await sql<{ v: string | null }>`select ${sql.ref(column)} as v from ${sql.table(table)}`.execute(db.withoutPlugins());
        for (const r of rows) if (r.v) expect(sealedKeyId(r.v), `${table}.${column}`).toBe(rotation.sealingKey);
      }
    }
    const dropped = await rotateDataKeys([db], { dropUnused: true });
    expect(dropped.dropped.sort()).toEqual([...before, rotation.sealingKey].sort());
    expect(fs.readFileSync(dataKeyFile(), "utf8").trim().split("\n")).toHaveLength(1);
    expect(await text(await as(`/school/cases/${caseId}`))).toContain(marks.person);
  });
});
