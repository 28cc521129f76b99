import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { regionDb, requireRegionDb } from "../../db/regions.server";
import { seedDemoRegion } from "../../scripts/seed-demo";
import { hashReceiptCode } from "~/domain/reports/receipt-code.server";
import { kk } from "~/i18n/kk";
import { receiptCodeFrom, startTestApp, validReport } from "../support/app";

let app: Awaited<ReturnType<typeof startTestApp>>;
const SCHOOL = "AK7K3M";

beforeAll(async () => {
  app = await startTestApp();
  await seedDemoRegion();
});
afterAll(() => app.stop());

const seedText = (file: string, chars: number) =>
  fs
    .readFileSync(path.join("tests", "fixtures", "seeds", file), "utf8")
    .replace(/^ date \S+ /, "")
    .slice(0, chars);

async function reportsDb() {
  return (await regionDb("akmola"))!;
}

describe("the report form", () => {
  it("is served in kk, ru and en with the school's name, no script and no cookie", async () => {
    for (const [lang, legend] of [
      ["kk", "Кім хабарлап отыр?"],
      ["ru", "Кто сообщает?"],
      ["en", "Who is reporting?"],
    ]) {
      const res = await app.request(`/r/${SCHOOL}?lang=${lang}`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain(`<html lang="${lang}"`);
      expect(html).toContain(legend);
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toContain("\0"); // React 18's stray buffer bytes, see entry.server.tsx
      expect(res.headers.get("set-cookie")).toBeNull();
    }
  });

  it("takes the school code as printed or typed: lower case, Cyrillic letters", async () => {
    expect((await app.request("/r/ak7k3m")).status).toBe(200);
    expect((await app.request(`/r/${encodeURIComponent("АК7К3М")}`)).status).toBe(200);
  });

  it("answers an unknown school code with a friendly 404 that leads to the school finder", async () => {
    const res = await app.request("/r/AKZZZZ?lang=ru");
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain("Школа с кодом AKZZZZ не найдена.");
    expect(html).toContain('href="/report?lang=ru"');
    expect((await app.request("/r/%3Cscript%3E")).status).toBe(404);
  });

  it("stores a report durably and shows a 16-digit receipt code, keeping only its hash", async () => {
    const res = await app.request(`/r/${SCHOOL}?lang=en`, { form: validReport });
    expect(res.status).toBe(200);
    const code = receiptCodeFrom(await res.text());
    expect(code).toMatch(/^\d{16}$/);
    const db = await reportsDb();
    const row = await db.selectFrom("reports").selectAll().where("receipt_hash", "=", hashReceiptCode(code)).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ reporter_role: "self", location: "classroom", grade: 7, urgent: 0, status: "new", language: "en" });
    const cats = await db.selectFrom("report_categories").select("category").where("report_id", "=", row.id).execute();
    expect(cats.map((c) => c.category).sort()).toEqual(["exclusion", "verbal"]);
    // The code itself is nowhere in the database file.
    const file =
      fs.readFileSync(path.join(app.dataDir, "akmola.sqlite-wal")).toString("latin1") +
      fs.readFileSync(path.join(app.dataDir, "akmola.sqlite")).toString("latin1");
    expect(file).not.toContain(code);
  });

  it("flags a life-safety report urgent and shows the numbers to call at once", async () => {
    const res = await app.request(`/r/${SCHOOL}?lang=kk`, { form: { ...validReport, categories: ["verbal", "suicide_self_harm"] } });
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('href="tel:112"');
    expect(html).toContain('href="tel:111"');
    // Worded for an urgent report, in or out of school hours (life-safety-intake.test.ts pins the clock).
    expect([kk["intake.truth.urgentOpen"], kk["intake.truth.urgentClosed"]].some((t) => html.includes(t))).toBe(true);
    expect(html).not.toContain("Бір-екі күннен кейін");
    const code = receiptCodeFrom(html);
    const row = await (
      await reportsDb()
    )
      .selectFrom("reports")
      .select("urgent")
      .where("receipt_hash", "=", hashReceiptCode(code))
      .executeTakeFirstOrThrow();
    expect(row.urgent).toBe(1);
  });

  it("stores Kazakh, Russian and Uzbek text and emoji exactly, and shows markup as text", async () => {
    const text = [
      seedText("000_dac4017af5d565c2.txt", 300),
      seedText("002_e606ca00595a1adc.txt", 300),
      seedText("004_ea4dab23f1f6e253.txt", 300),
      "😢👊🏽 <b>bold</b> <script>alert(1)</script>",
    ]
      .join("\n")
      .normalize("NFC")
      .trim();
    const res = await app.request(`/r/${SCHOOL}`, { form: { ...validReport, description: text } });
    const code = receiptCodeFrom(await res.text());
    const row = await (
      await reportsDb()
    )
      .selectFrom("reports")
      .select("description")
      .where("receipt_hash", "=", hashReceiptCode(code))
      .executeTakeFirstOrThrow();
    expect(row.description).toBe(text);
    expect(text).toMatch(/Қозоғистон/);
  });

  it("re-renders invalid input with translated messages beside the fields and keeps what was typed", async () => {
    const res = await app.request(`/r/${SCHOOL}?lang=ru`, {
      form: { reporterRole: "self", categories: [], description: "Мой текст остаётся", contactRequested: "yes" },
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Отметь хотя бы один вариант того, что произошло.");
    // Only "what happened" is required.
    expect(html).not.toContain('id="location-error"');
    expect(html).toContain("Напиши своё имя или сними отметку");
    expect(html).toContain("Мой текст остаётся");
    expect(html).toMatch(/name="reporterRole" checked="" value="self"/);
    expect((await (await reportsDb()).selectFrom("reports").select("description").execute()).map((r) => r.description)).not.toContain(
      "Мой текст остаётся",
    );
  });

  it("refuses text over the limit with a message, not a truncation", async () => {
    const res = await app.request(`/r/${SCHOOL}?lang=en`, { form: { ...validReport, description: "ә".repeat(2001) } });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("The text is too long.");
  });

  it("answers an oversized body with 413 and a body that is not a form with 415", async () => {
    const big = await app.request(`/r/${SCHOOL}`, {
      method: "POST",
      body: "description=" + "a".repeat(70_000),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(big.status).toBe(413);
    const json = await app.request(`/r/${SCHOOL}`, { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    expect(json.status).toBe(415);
  });

  it("turns away a filled honeypot without storing anything", async () => {
    const before = await (
      await reportsDb()
    )
      .selectFrom("reports")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    const res = await app.request(`/r/${SCHOOL}?lang=en`, { form: { ...validReport, website: "http://spam.example" } });
    expect(res.status).toBe(400);
    const after = await (
      await reportsDb()
    )
      .selectFrom("reports")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it("limits how many reports one client sends, with a translated 429 that still shows the help numbers", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await app.request(`/r/AK4P9T?lang=ru`, { form: validReport, client: "flooder" })).status);
    expect(statuses.every((s) => s === 200)).toBe(true);
    const last = await app.request(`/r/AK4P9T?lang=ru`, { form: validReport, client: "flooder" });
    expect(last.status).toBe(429);
    const html = await last.text();
    expect(html).toContain("звони сейчас 112 или 111");
    // Another client is not affected.
    expect((await app.request(`/r/AK4P9T`, { form: validReport, client: "someone-else" })).status).toBe(200);
  });

  it("never lets a flood of reports silence a life-safety report to the same school", async () => {
    // 60 an hour fill the school's limit (the flood comes from many addresses).
    for (let i = 0; i < 60; i++) await app.request("/r/AKH2WX", { form: validReport, client: `bot-${i}` });
    const ordinary = await app.request("/r/AKH2WX?lang=en", { form: validReport, client: "a-child" });
    expect(ordinary.status).toBe(429);
    const urgent = await app.request("/r/AKH2WX?lang=en", {
      form: { ...validReport, categories: ["weapon_attack"] },
      client: "another-child",
    });
    expect(urgent.status).toBe(200);
    expect(receiptCodeFrom(await urgent.text())).toMatch(/^\d{16}$/);
  });

  it("does not let a client that is already refused use up the school's allowance", async () => {
    for (let i = 0; i < 20; i++) await app.request("/r/AK8NQR", { form: validReport, client: "noisy" });
    for (let i = 0; i < 60; i++) expect((await app.request("/r/AK8NQR", { form: validReport, client: "noisy" })).status).toBe(429);
    // 20 of the school's 60 went to the noisy client; the refusals took nothing more.
    for (let i = 0; i < 40; i++) expect((await app.request("/r/AK8NQR", { form: validReport, client: `pupil-${i}` })).status).toBe(200);
  });

  it("keeps reporter times to the minute", async () => {
    const res = await app.request(`/r/${SCHOOL}`, { form: { ...validReport, description: "minute check" } });
    const code = receiptCodeFrom(await res.text());
    const row = await (
      await reportsDb()
    )
      .selectFrom("reports")
      .select("submitted_at")
      .where("receipt_hash", "=", hashReceiptCode(code))
      .executeTakeFirstOrThrow();
    expect(row.submitted_at).toMatch(/:00\.000Z$/);
  });

  it("links the language switch to this page only, whatever its path", async () => {
    const res = await app.request("//evil.example");
    const html = await res.text();
    expect(html).not.toContain('href="//evil.example');
    expect(html).toContain('href="?lang=ru"');
  });
});

describe("/status with the receipt code", () => {
  it("explains a malformed code and an unknown code without revealing anything", async () => {
    const bad = await app.request("/status?lang=en", { form: { intent: "open", code: "12345" } });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("The code has 16 digits.");
    const unknown = await app.request("/status?lang=en", { form: { intent: "open", code: "0000 0000 0000 0000" } });
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain("We could not find a report with this code.");
  });

  it("opens the report, lets the reporter add information, and never puts the code in a URL or cookie", async () => {
    const sent = await app.request(`/r/${SCHOOL}?lang=ru`, { form: { ...validReport, description: "Первое сообщение" } });
    const code = receiptCodeFrom(await sent.text());
    const open = await app.request("/status?lang=ru", { form: { intent: "open", code } });
    expect(open.status).toBe(200);
    expect(open.headers.get("set-cookie")).toBeNull();
    const html = await open.text();
    expect(html).toContain("Получено, ждёт прочтения");
    expect(html).toContain("Ответа пока нет.");
    expect(html).not.toMatch(new RegExp(`href="[^"]*${code}`));

    const added = await app.request("/status?lang=ru", { form: { intent: "message", code, body: "Ещё: это было вчера 😞" } });
    expect(added.status).toBe(200);
    const page = await added.text();
    expect(page).toContain("Твоё сообщение отправлено.");
    expect(page).toContain("Ещё: это было вчера 😞");

    const empty = await app.request("/status?lang=ru", { form: { intent: "message", code, body: "   " } });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("Сначала напиши сообщение.");
  });

  it("rate-limits code guessing per client", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      statuses.push((await app.request("/status", { form: { intent: "open", code: String(1e15 + i) }, client: "guesser" })).status);
    }
    expect(statuses.slice(0, 20).every((s) => s === 404)).toBe(true);
    expect(statuses[20]).toBe(429);
  });
});

describe("/report, the school finder", () => {
  it("goes from region to district to a school, and jumps straight to a typed code", async () => {
    const region = await (await app.request("/report?lang=ru&region=akmola")).text();
    expect(region).toContain("Бурабайский район");
    const districtId = /<option value="(\d+)">Бурабайский район/.exec(region)![1];
    const found = await (await app.request(`/report?lang=ru&region=akmola&district=${districtId}&q=школа`)).text();
    expect(found).toContain("Найдено школ: 4");
    expect(found).toContain("(Бурабайский район)");
    const byCode = await app.request("/report?code=ak-7k3m&lang=kk");
    expect(byCode.status).toBe(302);
    expect(byCode.headers.get("location")).toBe("/r/AK7K3M?lang=kk");
    const wrong = await (await app.request("/report?code=XX0000&lang=en")).text();
    expect(wrong).toContain("We could not find a school with this code.");
  });

  it("survives nonsense in the query string", async () => {
    expect((await app.request("/report?region=%00&district=abc&q=" + "x".repeat(500))).status).toBe(200);
  });
});

describe("/healthz", () => {
  it("answers 200 while every open region answers, 503 when one does not", async () => {
    const ok = await app.request("/healthz");
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ ok: true, problems: [] });
    // A second region whose connection is then broken.
    const broken = await requireRegionDb("ulytau");
    await broken.destroy();
    const down = await app.request("/healthz");
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ ok: false, problems: ["a region database does not answer"] });
  });
});
