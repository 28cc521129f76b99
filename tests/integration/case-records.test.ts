import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { regionDb, type RegionDb } from "../../db/regions.server";
import { DEMO_PASSWORD, seedDemoRegion } from "../../scripts/seed-demo";
import { markSecondFactorGiven, validateSession } from "~/domain/auth/sessions.server";
import { createStaffAccount } from "~/domain/auth/staff-accounts.server";
import { countIncomingTransfers } from "~/domain/cases/transfers.server";
import { actorFor } from "~/domain/policy/policy.server";
import { caseAccess } from "~/domain/policy/policy.server";
import { hashReceiptCode } from "~/domain/reports/receipt-code.server";
import { isSealedFile, openBytes } from "../../db/sealed-files.server";
import { createDistrict, createSchool } from "~/domain/schools/schools.server";
import { en } from "~/i18n/en";
import { receiptCodeFrom, sessionCookieFrom, startTestApp, validReport } from "../support/app";
import { schoolNowIso } from "~/domain/calendar/local-date";
import { html, withoutScripts } from "../support/html";

// Evidence files, the reporter's check-in on /status, and moving a case to another school,
// through the real Remix handler on a real SQLite database. Cases are inserted directly:
// the case core is tested elsewhere; what is under test here is what happens around it.

let app: Awaited<ReturnType<typeof startTestApp>>;
let db: RegionDb;
const cookies: Record<string, string> = {};
const ids = { school: 0, otherSchool: 0, thirdSchool: 0, psychologist: 0, psychologist2: 0, teacher: 0 };
const TODAY = "2026-11-23"; // tests/vitest.config.ts pins SENIM_TODAY

/** Text as React writes it into HTML. */
const fill = (template: string, vars: Record<string, string | number>) => template.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k]));
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

beforeAll(async () => {
  app = await startTestApp();
  await seedDemoRegion();
  db = (await regionDb("akmola"))!;
  const schoolId = async (code: string) =>
    (await db.selectFrom("schools").select("id").where("code", "=", code).executeTakeFirstOrThrow()).id;
  ids.school = await schoolId("AK7K3M");
  ids.otherSchool = await schoolId("AK4P9T");
  ids.thirdSchool = await schoolId("AKH2WX");
  // A psychologist at a third school: must see nothing offered to another school.
  await createStaffAccount({
    region: "akmola",
    email: "psychologist3@test.senim.kz",
    password: DEMO_PASSWORD,
    role: "psychologist",
    displayName: "Третий Психолог",
    schoolCode: "AKH2WX",
    language: "en",
  });
  const userId = async (email: string) =>
    (await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
  ids.psychologist = await userId("psychologist@demo.senim.kz");
  ids.psychologist2 = await userId("psychologist2@demo.senim.kz");
  ids.teacher = await userId("teacher@demo.senim.kz");
  for (const [who, email] of [
    ["psychologist", "psychologist@demo.senim.kz"],
    ["psychologist2", "psychologist2@demo.senim.kz"],
    ["psychologist3", "psychologist3@test.senim.kz"],
    ["teacher", "teacher@demo.senim.kz"],
    ["teacher2", "teacher2@demo.senim.kz"],
  ] as const) {
    const res = await app.request("/staff/sign-in", { form: { email, password: DEMO_PASSWORD } });
    expect(res.status, who).toBe(302);
    cookies[who] = sessionCookieFrom(res);
    // The second factor has its own tests; here it is taken as given.
    const session = await validateSession(cookies[who]!.slice("senim_session=".length));
    if (session?.secondFactorPending) await markSecondFactorGiven(session);
  }
});
afterAll(() => app.stop());

const as = (who: string, pathname: string, init: Parameters<typeof app.request>[1] = {}) =>
  app.request(pathname, { ...init, headers: { cookie: cookies[who]!, ...(init.headers as Record<string, string> | undefined) } });

type NewCase = {
  schoolId?: number;
  status?: "screening" | "open" | "monitoring" | "closed";
  checkinOn?: string | null;
  people?: Array<{ role: string; name: string; classLabel: string }>;
};

/** A case as the case core would have left it, with its people and two tasks (one done). */
async function insertCase(c: NewCase = {}): Promise<number> {
  const now = schoolNowIso();
  const status = c.status ?? "open";
  const { id } = await db
    .insertInto("cases")
    .values({
      school_id: c.schoolId ?? ids.school,
      model: "kiva",
      status,
      origin: "report",
      summary: "Staff-only summary that a reporter must never read",
      screening_result: "bullying",
      screened_at: now,
      checkin_on: c.checkinOn ?? null,
      opened_by: ids.psychologist,
      opened_at: now,
      closed_at: status === "closed" ? now : null,
      outcome: status === "closed" ? "stopped" : null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const p of c.people ?? []) {
    await db
      .insertInto("case_people")
      .values({ case_id: id, role: p.role, name: p.name, class_label: p.classLabel, added_at: now })
      .execute();
  }
  await db
    .insertInto("case_tasks")
    .values([
      { case_id: id, step_id: "discussion_target", owner_id: ids.psychologist, due_on: TODAY, created_at: now },
      { case_id: id, step_id: "follow_up_target", owner_id: ids.teacher, due_on: TODAY, created_at: now },
      { case_id: id, step_id: "home_contact", owner_id: ids.psychologist, due_on: TODAY, created_at: now, done_at: now },
    ])
    .execute();
  return id;
}

// ---- Small valid files, built byte by byte ----

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
/** A 2×2 RGB PNG: signature, IHDR, IDAT, IEND with correct CRCs. */
function tinyPng(): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0);
  ihdr.writeUInt32BE(2, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.from([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255, 255]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", ihdr),
    pngChunk("IDAT", zlib.deflateSync(rows)),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}
/** A one-page PDF with a correct cross-reference table. */
function tinyPdf(): Buffer {
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
  ];
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

function uploadForm(bytes: Buffer, name: string, type: string, description = ""): FormData {
  const form = new FormData();
  form.append("file", new File([new Uint8Array(bytes)], name, { type }));
  form.append("description", description);
  return form;
}
const upload = (who: string, caseId: number, form: FormData) =>
  as(who, `/school/cases/${caseId}/evidence?lang=en`, { method: "POST", body: form });
const evidenceDir = () => path.join(app.dataDir, "evidence", "akmola");
const filesOnDisk = () => (fs.existsSync(evidenceDir()) ? fs.readdirSync(evidenceDir()).length : 0);
const evidenceCount = async (caseId: number) =>
  Number(
    (
      await db
        .selectFrom("case_evidence")
        .select((eb) => eb.fn.countAll().as("n"))
        .where("case_id", "=", caseId)
        .executeTakeFirstOrThrow()
    ).n,
  );
const eventsOf = (caseId: number, kind: string) =>
  db.selectFrom("case_events").selectAll().where("case_id", "=", caseId).where("kind", "=", kind).execute();

describe("evidence files", () => {
  let caseId = 0;
  let pngId = 0;
  const png = tinyPng();
  const pdf = tinyPdf();
  beforeAll(async () => {
    caseId = await insertCase();
  });

  it("stores an uploaded PNG under a random name, with its SHA-256, and lists it", async () => {
    const res = await upload("psychologist", caseId, uploadForm(png, "скрин чата.png", "image/png", "Сообщения в группе класса"));
    expect(res.status).toBe(302);
    const row = await db
      .selectFrom("case_evidence")
      .selectAll()
      .where("case_id", "=", caseId)
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    pngId = row.id;
    expect(res.headers.get("location")).toBe(`/school/cases/${caseId}/evidence?added=${row.id}`);
    expect(row).toMatchObject({
      file_name: "скрин чата.png",
      media_type: "image/png",
      size_bytes: png.length,
      sha256: sha256(png),
      description: "Сообщения в группе класса",
      user_id: ids.psychologist,
    });
    expect(row.storage_name).toMatch(/^[0-9a-f]{32}$/);
    expect(row.storage_name).not.toContain("png");
    // Sealed on disk (db/sealed-files.server.ts); the SHA-256 shown to staff is the plaintext's.
    const onDisk = fs.readFileSync(path.join(evidenceDir(), row.storage_name));
    expect(isSealedFile(onDisk)).toBe(true);
    expect(onDisk.includes(png.subarray(8, 40))).toBe(false);
    expect(sha256(openBytes(onDisk))).toBe(sha256(png));
    const events = await eventsOf(caseId, "evidence_added");
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ user_id: ids.psychologist, content: "скрин чата.png" });

    const before = await db
      .selectFrom("access_log")
      .select("id")
      .where("entity", "=", "case")
      .where("entity_id", "=", caseId)
      .where("action", "=", "view")
      .execute();
    const page = await as("psychologist", `/school/cases/${caseId}/evidence?lang=en`);
    expect(page.status).toBe(200);
    const text = await page.text();
    expect(text).toContain("скрин чата.png");
    expect(text).toContain(sha256(png));
    expect(text).toContain("Сообщения в группе класса");
    expect(text).toContain("Айгерім Серікқызы");
    expect(text).toContain(html(en["caseRecords.evidence.privacyHint"]));
    expect(text).toContain(`href="/school/cases/${caseId}/evidence/${row.id}"`);
    const after = await db
      .selectFrom("access_log")
      .select("id")
      .where("entity", "=", "case")
      .where("entity_id", "=", caseId)
      .where("action", "=", "view")
      .execute();
    expect(after.length).toBe(before.length + 1);
  });

  it("downloads the same bytes as an attachment that the browser must not sniff or keep", async () => {
    const res = await as("psychologist", `/school/cases/${caseId}/evidence/${pngId}`);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(png)).toBe(true);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("cache-control")).toBe("no-store");
    const disposition = res.headers.get("content-disposition")!;
    expect(disposition).toMatch(/^attachment; /);
    expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent("скрин чата.png")}`);
    expect(disposition).toMatch(/filename="[\x20-\x7e]+"/);
    const logged = await db.selectFrom("access_log").selectAll().where("entity_id", "=", caseId).where("action", "=", "download").execute();
    expect(logged.map((l) => l.user_id)).toContain(ids.psychologist);
  });

  it("keeps only the last part of a path as the name and never lets the name reach the header raw", async () => {
    const res = await upload(
      "teacher",
      caseId,
      uploadForm(pdf, 'C:\\Users\\pc\\..\\письмо "родителей";\r\nX: y.pdf', "application/octet-stream"),
    );
    expect(res.status).toBe(302);
    const row = await db
      .selectFrom("case_evidence")
      .selectAll()
      .where("case_id", "=", caseId)
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ media_type: "application/pdf", sha256: sha256(pdf), user_id: ids.teacher });
    expect(row.file_name).toBe('письмо "родителей";X: y.pdf');
    const download = await as("teacher", `/school/cases/${caseId}/evidence/${row.id}`);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("application/pdf");
    expect(Buffer.from(await download.arrayBuffer()).equals(pdf)).toBe(true);
    const disposition = download.headers.get("content-disposition")!;
    expect(disposition).not.toMatch(/[\r\n]/);
    expect(disposition).toMatch(/^attachment; filename="[^"]*"; filename\*=UTF-8''[A-Za-z0-9%!._~-]+$/);
  });

  it("decides the type from the bytes: HTML named .png and sent as image/png is refused", async () => {
    const [rowsBefore, diskBefore] = [await evidenceCount(caseId), filesOnDisk()];
    const disguised = Buffer.from("<!doctype html><script>alert(1)</script>");
    const res = await upload("psychologist", caseId, uploadForm(disguised, "photo.png", "image/png"));
    expect(res.status).toBe(415);
    expect(await res.text()).toContain(html(en["caseRecords.evidence.error.type"]));
    const svg = await upload(
      "psychologist",
      caseId,
      uploadForm(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), "a.svg", "image/svg+xml"),
    );
    expect(svg.status).toBe(415);
    expect(await evidenceCount(caseId)).toBe(rowsBefore);
    expect(filesOnDisk()).toBe(diskBefore);
  });

  it("answers a file over 10 MB with 413 and a translated message, and an empty one with an error", async () => {
    const rowsBefore = await evidenceCount(caseId);
    const justOver = Buffer.concat([png, Buffer.alloc(10 * 1024 * 1024 + 1 - png.length)]);
    const over = await upload("psychologist", caseId, uploadForm(justOver, "big.png", "image/png"));
    expect(over.status).toBe(413);
    expect(await over.text()).toContain(fill(en["caseRecords.evidence.error.tooLarge"], { max: "10 MB" }));
    const huge = await upload("psychologist", caseId, uploadForm(Buffer.alloc(11 * 1024 * 1024, 1), "huge.png", "image/png"));
    expect(huge.status).toBe(413);
    expect(await huge.text()).toContain(fill(en["caseRecords.evidence.error.tooLarge"], { max: "10 MB" }));
    const empty = await upload("psychologist", caseId, uploadForm(Buffer.alloc(0), "empty.png", "image/png"));
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain(html(en["caseRecords.evidence.error.empty"]));
    expect(await evidenceCount(caseId)).toBe(rowsBefore);
  });

  it("answers 404 to another school's psychologist and to a teacher not on the team: list, upload and download", async () => {
    const rowsBefore = await evidenceCount(caseId);
    for (const who of ["psychologist2", "teacher2"]) {
      expect((await as(who, `/school/cases/${caseId}/evidence`)).status, who).toBe(404);
      expect((await upload(who, caseId, uploadForm(png, "x.png", "image/png"))).status, who).toBe(404);
      expect((await as(who, `/school/cases/${caseId}/evidence/${pngId}`)).status, who).toBe(404);
    }
    expect(await evidenceCount(caseId)).toBe(rowsBefore);
  });

  it("answers 404 to a file of another case, and to ids that are not ids", async () => {
    const otherCase = await insertCase();
    expect((await as("psychologist", `/school/cases/${otherCase}/evidence/${pngId}`)).status).toBe(404);
    expect((await as("psychologist", `/school/cases/${caseId}/evidence/999999`)).status).toBe(404);
    for (const bad of ["abc", "0", "-1", "1e3", "99999999999999999999"]) {
      expect((await as("psychologist", `/school/cases/${bad}/evidence`)).status, bad).toBe(404);
      expect((await as("psychologist", `/school/cases/${caseId}/evidence/${bad}`)).status, bad).toBe(404);
    }
  });
});

describe("the reporter's check-in on /status", () => {
  /** A report through the real form, and its id. */
  async function report(description: string) {
    const sent = await app.request("/r/AK7K3M?lang=en", { form: { ...validReport, description } });
    const code = receiptCodeFrom(await sent.text());
    const row = await db.selectFrom("reports").select("id").where("receipt_hash", "=", hashReceiptCode(code)).executeTakeFirstOrThrow();
    return { code, reportId: row.id };
  }
  async function closedCaseFor(reportId: number, checkinOn: string) {
    const caseId = await insertCase({
      status: "closed",
      checkinOn,
      people: [{ role: "target", name: "Тимур Секретов", classLabel: "7А" }],
    });
    await db.insertInto("case_reports").values({ case_id: caseId, report_id: reportId }).execute();
    await db
      .updateTable("reports")
      .set({ status: "closed", closure_reason: "resolved", closed_at: schoolNowIso() })
      .where("id", "=", reportId)
      .execute();
    return caseId;
  }
  const status = (code: string, extra: Record<string, string> = {}) =>
    app.request("/status?lang=en", { form: { intent: "open", code, ...extra } });
  const question = html(en["caseRecords.checkin.question"]);

  it("asks only when the day has come, and never shows staff names or the case", async () => {
    const due = await report("Due check-in");
    const dueCase = await closedCaseFor(due.reportId, "2026-11-20");
    const later = await report("Later check-in");
    await closedCaseFor(later.reportId, "2026-12-20");
    const none = await report("No case at all");

    // The psychologist answered the reporter: the name stays on the staff side.
    expect(
      (await as("psychologist", `/school/reports/${due.reportId}`, { form: { intent: "reply", body: "Мы разобрались." } })).status,
    ).toBe(200);

    const page = await (await status(due.code)).text();
    expect(page).toContain(question);
    expect(page).toContain(html(en["caseRecords.checkin.stopped"]));
    expect(page).toContain(html(en["caseRecords.checkin.startedAgain"]));
    expect(page).not.toContain("Айгерім");
    expect(page).not.toContain("Тимур Секретов");
    expect(page).not.toContain("Staff-only summary");
    expect(page).not.toContain(`>${dueCase}<`);
    expect(page).not.toMatch(/<script/i);

    expect(await (await status(later.code)).text()).not.toContain(question);
    expect(await (await status(none.code)).text()).not.toContain(question);
    // Answering a question that is not asked changes nothing.
    const early = await status(later.code, { intent: "checkin", answer: "stopped" });
    expect(early.status).toBe(400);
    expect(await early.text()).toContain(html(en["caseRecords.checkin.notAsked"]));
    const laterCase = await db
      .selectFrom("case_reports")
      .innerJoin("cases", "cases.id", "case_reports.case_id")
      .select(["cases.checkin_answer"])
      .where("report_id", "=", later.reportId)
      .executeTakeFirstOrThrow();
    expect(laterCase.checkin_answer).toBeNull();
  });

  it("records 'it stopped' once, however often it is sent", async () => {
    const r = await report("Stopped check-in");
    const caseId = await closedCaseFor(r.reportId, "2026-11-01");
    for (let i = 0; i < 2; i++) {
      const res = await status(r.code, { intent: "checkin", answer: "stopped" });
      expect(res.status).toBe(200);
      const page = await res.text();
      expect(page).toContain(html(en["caseRecords.checkin.thanksStopped"]));
      expect(page).not.toContain(question);
    }
    const kase = await db.selectFrom("cases").selectAll().where("id", "=", caseId).executeTakeFirstOrThrow();
    expect(kase).toMatchObject({ checkin_answer: "stopped", status: "closed", round: 1 });
    const events = await eventsOf(caseId, "checkin");
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ user_id: null, result: "stopped" });
    // To the minute, like everything the reporter does.
    expect(events[0]!.at).toMatch(/:00\.000Z$/);
    expect(await (await status(r.code)).text()).not.toContain(question);
    const bad = await status(r.code, { intent: "checkin", answer: "maybe" });
    expect(bad.status).toBe(400);
  });

  it("reopens the case when it started again, and puts the report back in the inbox", async () => {
    const r = await report("Started again check-in");
    const caseId = await closedCaseFor(r.reportId, TODAY);
    const res = await status(r.code, { intent: "checkin", answer: "started_again" });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(html(en["caseRecords.checkin.thanksStartedAgain"]));
    const kase = await db.selectFrom("cases").selectAll().where("id", "=", caseId).executeTakeFirstOrThrow();
    expect(kase).toMatchObject({ checkin_answer: "started_again", status: "open", round: 2 });
    expect(await eventsOf(caseId, "checkin")).toMatchObject([{ user_id: null, result: "started_again" }]);
    const reopened = await eventsOf(caseId, "reopened");
    expect(reopened).toHaveLength(1);
    expect(reopened[0]!.user_id).toBeNull();
    expect(reopened[0]!.content).toContain(en["caseRecords.checkin.reopenReason"]);
    const reportRow = await db.selectFrom("reports").select("status").where("id", "=", r.reportId).executeTakeFirstOrThrow();
    expect(reportRow.status).toBe("in_progress");
    // A second answer neither reopens again nor records again.
    expect((await status(r.code, { intent: "checkin", answer: "started_again" })).status).toBe(200);
    expect(await eventsOf(caseId, "reopened")).toHaveLength(1);
    expect((await db.selectFrom("cases").select("round").where("id", "=", caseId).executeTakeFirstOrThrow()).round).toBe(2);
  });

  it("keeps the existing message form working alongside the question", async () => {
    const r = await report("Message and check-in");
    await closedCaseFor(r.reportId, "2026-11-01");
    const res = await status(r.code, { intent: "message", body: "Ещё одно сообщение" });
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain("Ещё одно сообщение");
    expect(page).toContain(question);
  });
});

describe("transferring a case to another school", () => {
  const people = [
    { role: "target", name: "Айдана Құпиякова", classLabel: "6Б" },
    { role: "initiator", name: "Максим Тайнов", classLabel: "7А" },
  ];
  const transferPath = (id: number) => `/school/cases/${id}/transfer?lang=en`;
  const requestTransfer = (who: string, id: number, form: Record<string, string>) => as(who, transferPath(id), { form });
  const incoming = (who: string) => as(who, "/school/transfers?lang=en");
  const answer = (who: string, form: Record<string, string>) => as(who, "/school/transfers?lang=en", { form });
  const pendingOf = (id: number) =>
    db.selectFrom("case_transfers").selectAll().where("case_id", "=", id).where("state", "=", "pending").execute();
  const actorOf = async (email: string) => {
    const user = await db.selectFrom("users").selectAll().where("email", "=", email).executeTakeFirstOrThrow();
    return actorFor(user, "akmola", db);
  };

  it("offers the region's other schools, and refuses the same school, another region's and a missing note", async () => {
    const caseId = await insertCase({ people });
    const page = await as("psychologist", transferPath(caseId));
    expect(page.status).toBe(200);
    const text = await page.text();
    expect(text).toContain('value="AK4P9T"');
    expect(text).toContain("AK-4P9T");
    expect(text).not.toContain('value="AK7K3M"');
    expect(text).toContain(html(fill(en["caseRecords.transfer.reportsStay"], { count: 0 })));
    const searched = await (await as("psychologist", `/school/cases/${caseId}/transfer?lang=en&q=AK-4P9T`)).text();
    expect(searched).toContain('value="AK4P9T"');
    expect(searched).not.toContain('value="AKH2WX"');

    const same = await requestTransfer("psychologist", caseId, { school: "AK7K3M", note: "Переезд" });
    expect(same.status).toBe(400);
    expect(await same.text()).toContain(html(en["caseRecords.transfer.error.sameSchool"]));

    // A school in another region lives in another database: its code is not a choice here.
    const district = await createDistrict("astana", { kk: "Есіл ауданы", ru: "район Есиль", en: "Esil District" });
    const faraway = await createSchool("astana", {
      districtId: district,
      locality: "urban",
      names: { kk: "№1 мектеп", ru: "Школа №1", en: "School No. 1" },
    });
    const otherRegion = await requestTransfer("psychologist", caseId, { school: faraway.code, note: "Переезд в Астану" });
    expect(otherRegion.status).toBe(400);
    expect(await otherRegion.text()).toContain(html(en["caseRecords.transfer.error.school"]));
    expect((await requestTransfer("psychologist", caseId, { school: "AKZZZZ", note: "x" })).status).toBe(400);

    const noNote = await requestTransfer("psychologist", caseId, { school: "AK4P9T", note: "   " });
    expect(noNote.status).toBe(400);
    expect(await noNote.text()).toContain(html(en["caseRecords.transfer.error.note"]));
    expect(await pendingOf(caseId)).toHaveLength(0);

    // Someone who cannot work on the case cannot send it anywhere.
    expect((await requestTransfer("psychologist2", caseId, { school: "AKH2WX", note: "x" })).status).toBe(404);
    expect((await requestTransfer("teacher2", caseId, { school: "AK4P9T", note: "x" })).status).toBe(404);
    expect((await as("psychologist2", transferPath(caseId))).status).toBe(404);
  });

  it("moves the case, its open tasks and its future to the school that accepts; the sender keeps a read-only record", async () => {
    const caseId = await insertCase({ people });
    const earlyFile = tinyPng();
    expect((await upload("psychologist", caseId, uploadForm(earlyFile, "before.png", "image/png"))).status).toBe(302);
    const earlyId = (await db.selectFrom("case_evidence").select("id").where("case_id", "=", caseId).executeTakeFirstOrThrow()).id;

    const note = "Семья переехала; встречи с целью каждую неделю, договорённости в хронологии.";
    const sent = await requestTransfer("psychologist", caseId, { school: "AK4P9T", note });
    expect(sent.status).toBe(302);
    expect(sent.headers.get("location")).toBe(`/school/cases/${caseId}/transfer?requested=1`);
    const [pending] = await pendingOf(caseId);
    expect(pending).toMatchObject({ from_school_id: ids.school, to_school_id: ids.otherSchool, note, requested_by: ids.psychologist });
    expect(await eventsOf(caseId, "transfer_requested")).toMatchObject([{ user_id: ids.psychologist, content: note, result: "AK4P9T" }]);
    // One request at a time.
    const second = await requestTransfer("psychologist", caseId, { school: "AKH2WX", note: "Другая школа" });
    expect(second.status).toBe(409);
    expect(await pendingOf(caseId)).toHaveLength(1);

    // The receiving school sees what it needs to decide, without names; nobody else sees it.
    expect(await countIncomingTransfers(await actorOf("psychologist2@demo.senim.kz"))).toBe(1);
    expect(await countIncomingTransfers(await actorOf("psychologist3@test.senim.kz"))).toBe(0);
    expect(await countIncomingTransfers(await actorOf("psychologist@demo.senim.kz"))).toBe(0);
    const offered = await incoming("psychologist2");
    expect(offered.status).toBe(200);
    const offeredText = await offered.text();
    expect(offeredText).toContain(html(note));
    expect(offeredText).toContain("AK-7K3M");
    expect(offeredText).toContain("Target");
    expect(offeredText).toContain("6Б");
    expect(offeredText).toContain("KiVa");
    expect(offeredText).not.toContain("Айдана");
    expect(offeredText).not.toContain("Максим");
    expect(offeredText).not.toContain("Staff-only summary");
    for (const who of ["psychologist3", "psychologist"]) {
      const text = await (await incoming(who)).text();
      expect(text, who).not.toContain(html(note));
      expect(text, who).toContain(html(en["caseRecords.incoming.none"]));
    }
    expect((await incoming("teacher2")).status).toBe(403);
    // Only the receiving school can answer.
    expect((await answer("psychologist", { intent: "accept", transferId: String(pending!.id) })).status).toBe(404);
    expect((await answer("psychologist3", { intent: "accept", transferId: String(pending!.id) })).status).toBe(404);
    expect((await answer("psychologist2", { intent: "accept", transferId: "abc" })).status).toBe(404);

    const accepted = await answer("psychologist2", { intent: "accept", transferId: String(pending!.id) });
    expect(accepted.status).toBe(302);
    expect(accepted.headers.get("location")).toBe(`/school/cases/${caseId}`);
    const kase = await db.selectFrom("cases").selectAll().where("id", "=", caseId).executeTakeFirstOrThrow();
    expect(kase.school_id).toBe(ids.otherSchool);
    const tasks = await db.selectFrom("case_tasks").selectAll().where("case_id", "=", caseId).execute();
    expect(tasks.filter((t) => t.done_at === null).every((t) => t.owner_id === ids.psychologist2)).toBe(true);
    expect(tasks.find((t) => t.done_at !== null)!.owner_id).toBe(ids.psychologist);
    const transfer = await db.selectFrom("case_transfers").selectAll().where("id", "=", pending!.id).executeTakeFirstOrThrow();
    expect(transfer).toMatchObject({ state: "accepted", answered_by: ids.psychologist2 });
    const [acceptedEvent] = await eventsOf(caseId, "transfer_accepted");
    expect(acceptedEvent).toMatchObject({ user_id: ids.psychologist2 });
    expect(transfer.answered_at).toBe(acceptedEvent!.at);
    expect(await countIncomingTransfers(await actorOf("psychologist2@demo.senim.kz"))).toBe(0);

    // The sender: a read-only record up to the moment of acceptance.
    expect(await caseAccess(await actorOf("psychologist@demo.senim.kz"), caseId)).toEqual({
      caseId,
      mode: "read",
      until: transfer.answered_at,
    });
    const rowsBefore = await evidenceCount(caseId);
    expect((await upload("psychologist", caseId, uploadForm(tinyPng(), "after.png", "image/png"))).status).toBe(403);
    expect(await evidenceCount(caseId)).toBe(rowsBefore);
    expect((await requestTransfer("psychologist", caseId, { school: "AKH2WX", note: "обратно" })).status).toBe(403);
    // The receiver works on it now, files included.
    expect((await upload("psychologist2", caseId, uploadForm(tinyPdf(), "new-school.pdf", "application/pdf"))).status).toBe(302);
    const lateId = (
      await db.selectFrom("case_evidence").select("id").where("case_id", "=", caseId).orderBy("id", "desc").executeTakeFirstOrThrow()
    ).id;
    expect((await as("psychologist2", `/school/cases/${caseId}/evidence/${earlyId}`)).status).toBe(200);
    const senderList = await as("psychologist", `/school/cases/${caseId}/evidence?lang=en`);
    expect(senderList.status).toBe(200);
    const senderText = await senderList.text();
    expect(senderText).toContain("before.png");
    expect(senderText).not.toContain("new-school.pdf");
    expect(withoutScripts(senderText)).not.toContain(html(en["caseRecords.evidence.upload"]));
    expect((await as("psychologist", `/school/cases/${caseId}/evidence/${earlyId}`)).status).toBe(200);
    expect((await as("psychologist", `/school/cases/${caseId}/evidence/${lateId}`)).status).toBe(404);
    const senderTransferPage = await (await as("psychologist", transferPath(caseId))).text();
    expect(senderTransferPage).toContain(html(en["caseRecords.transfer.state.accepted"]));
    expect(senderTransferPage).not.toContain('name="note"');
  });

  it("leaves the case with the sender when the other school declines, with the reason", async () => {
    const caseId = await insertCase({ people });
    expect((await requestTransfer("psychologist", caseId, { school: "AK4P9T", note: "Ребёнок переходит к вам" })).status).toBe(302);
    const [pending] = await pendingOf(caseId);
    const noReason = await answer("psychologist2", { intent: "decline", transferId: String(pending!.id), reason: " " });
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toContain(html(en["caseRecords.incoming.error.reason"]));
    expect(await pendingOf(caseId)).toHaveLength(1);

    const reason = "Ребёнок к нам не поступал: проверьте школу.";
    const declined = await answer("psychologist2", { intent: "decline", transferId: String(pending!.id), reason });
    expect(declined.status).toBe(302);
    expect(declined.headers.get("location")).toBe("/school/transfers?declined=1");
    const transfer = await db.selectFrom("case_transfers").selectAll().where("id", "=", pending!.id).executeTakeFirstOrThrow();
    expect(transfer).toMatchObject({ state: "declined", answered_by: ids.psychologist2 });
    const kase = await db.selectFrom("cases").selectAll().where("id", "=", caseId).executeTakeFirstOrThrow();
    expect(kase.school_id).toBe(ids.school);
    expect(await eventsOf(caseId, "transfer_declined")).toMatchObject([{ user_id: ids.psychologist2, content: reason }]);
    const tasks = await db.selectFrom("case_tasks").select("owner_id").where("case_id", "=", caseId).where("done_at", "is", null).execute();
    expect(tasks.some((t) => t.owner_id === ids.psychologist2)).toBe(false);
    // Answered once: a second answer finds nothing.
    expect((await answer("psychologist2", { intent: "accept", transferId: String(pending!.id) })).status).toBe(404);

    expect(await caseAccess(await actorOf("psychologist@demo.senim.kz"), caseId)).toEqual({ caseId, mode: "edit" });
    const page = await (await as("psychologist", transferPath(caseId))).text();
    expect(page).toContain(html(en["caseRecords.transfer.state.declined"]));
    expect(page).toContain(html(reason));
    // The sender may try another school.
    expect((await requestTransfer("psychologist", caseId, { school: "AKH2WX", note: "Попробуем другую школу" })).status).toBe(302);
  });
});
