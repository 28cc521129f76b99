import "../support/raise-rate-limits";
import naughty from "big-list-of-naughty-strings/blns.json" with { type: "json" };
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { regionDb, type RegionDb } from "../../db/regions.server";
import { seedDemoRegion } from "../../scripts/seed-demo";
import { receiptCodeFrom, signIn, startTestApp, validReport, type TestApp } from "../support/app";
import { html } from "../support/html";

// Every string of the Big List of Naughty Strings through every field of every public form and
// the sign-in: never a 500; a refusal is a 4xx page with its error shown; text that is accepted
// is stored exactly as the form promises (NFC, CRLF as LF, trimmed) and shown escaped.
const strings = (naughty as string[]).filter((s) => s !== "");

let app: TestApp;
let db: RegionDb;
let psychologist = "";
const asStored = (s: string) => s.normalize("NFC").replace(/\r\n?/g, "\n").trim();

type Outcome = { status: number; body: string };
async function send(path: string, form?: Record<string, string | string[]>): Promise<Outcome> {
  const res = await app.request(path, form ? { form } : {});
  return { status: res.status, body: (await res.text()).replaceAll("\0", "") };
}

/** A refusal must be a page with words, not a bare status. */
function expectAnswered(o: Outcome, what: string) {
  expect(o.status, what).toBeLessThan(500);
  if (o.status >= 400 && o.status !== 404 && o.status !== 405)
    expect(/role="alert"|class="field-error"/.test(o.body), `${what}: no error shown`).toBe(true);
}

beforeAll(async () => {
  app = await startTestApp();
  await seedDemoRegion();
  db = (await regionDb("akmola"))!;
  psychologist = await signIn(app, "psychologist@demo.senim.kz");
});
afterAll(() => app.stop());

describe(`the ${strings.length} naughty strings`, () => {
  it("as a report's description: stored and shown exactly, or refused with words", async () => {
    let accepted = 0;
    for (const s of strings) {
      const o = await send("/r/AK7K3M", { ...validReport, description: s });
      expectAnswered(o, JSON.stringify(s));
      if (o.status !== 200) continue;
      accepted++;
      const code = receiptCodeFrom(o.body);
      const row = await db.selectFrom("reports").select(["id", "description"]).orderBy("id", "desc").limit(1).executeTakeFirstOrThrow();
      expect(row.description, JSON.stringify(s)).toBe(asStored(s));
      const page = await app.request(`/school/reports/${row.id}`, { headers: { cookie: psychologist } });
      expect(page.status).toBe(200);
      // The words the life-safety screen matched are marked (<mark>), the rest in <span>s: read as text.
      const shown = (await page.text()).replaceAll("\0", "").replace(/<\/?(?:mark|span)>/g, "");
      if (asStored(s) !== "") expect(shown, JSON.stringify(s)).toContain(html(asStored(s).replaceAll("\0", "")));
      expect(code).toMatch(/^\d{16}$/);
    }
    expect(accepted).toBeGreaterThan(strings.length * 0.9);
  }, 180_000);

  it("as the contact name and class, and in every choice of the report form", async () => {
    for (const s of strings) {
      const contact = await send("/r/AK7K3M", { ...validReport, contactRequested: "yes", contactName: s, contactClass: s });
      expectAnswered(contact, `contact ${JSON.stringify(s)}`);
      if (contact.status === 200) {
        const row = await db
          .selectFrom("reports")
          .select(["contact_name", "contact_class"])
          .orderBy("id", "desc")
          .limit(1)
          .executeTakeFirstOrThrow();
        expect(row, JSON.stringify(s)).toEqual({ contact_name: asStored(s), contact_class: asStored(s) });
      }
      // Every choice at once: validation reads each field and reports every one it refuses, so
      // one request per string walks each field's parse (a ninth of the requests, same paths).
      const choices = Object.fromEntries(
        ["reporterRole", "location", "frequency", "since", "grade", "categories", "contactRequested"].map((f) => [f, s]),
      );
      expectAnswered(await send("/r/AK7K3M?lang=ru", { ...validReport, ...choices }), `choices ${JSON.stringify(s)}`);
      // The honeypot is read before validation: alone, so a filled one meets a valid report.
      expectAnswered(await send("/r/AK7K3M?lang=ru", { ...validReport, website: s }), `website ${JSON.stringify(s)}`);
    }
  }, 180_000);

  it("as a school code in the poster address, and in the school finder and the language", async () => {
    for (const s of strings) {
      expectAnswered(await send(`/r/${encodeURIComponent(s)}`), `path ${JSON.stringify(s)}`);
      expectAnswered(await send(`/r/${encodeURIComponent(s)}`, validReport), `post to ${JSON.stringify(s)}`);
      const q = encodeURIComponent(s);
      expectAnswered(await send(`/report?region=${q}&district=${q}&q=${q}&lang=${q}`), `finder ${JSON.stringify(s)}`);
      expectAnswered(await send(`/?lang=${q}`), `home ${JSON.stringify(s)}`);
    }
  }, 180_000);

  it("as a receipt code, and as a reporter's message, answer and intent", async () => {
    const code = receiptCodeFrom((await send("/r/AK7K3M", validReport)).body);
    for (const s of strings) {
      expectAnswered(await send("/status", { intent: "open", code: s }), `code ${JSON.stringify(s)}`);
      expectAnswered(await send("/status", { intent: s, code, answer: s }), `intent ${JSON.stringify(s)}`);
      const o = await send("/status", { intent: "message", code, body: s });
      expectAnswered(o, `message ${JSON.stringify(s)}`);
      if (o.status === 200 && asStored(s) !== "") expect(o.body, JSON.stringify(s)).toContain(html(asStored(s).replaceAll("\0", "")));
    }
  }, 180_000);

  it("as the email and the password at sign-in", async () => {
    // Each attempt hashes a password (argon2id, off the main thread): a few at once use every core.
    const attempts = strings.flatMap((s) => [
      { what: `email ${JSON.stringify(s)}`, form: { email: s, password: "not the password" } },
      { what: `password ${JSON.stringify(s)}`, form: { email: "teacher2@demo.senim.kz", password: s } },
    ]);
    for (let i = 0; i < attempts.length; i += 4) {
      const batch = attempts.slice(i, i + 4);
      const outcomes = await Promise.all(batch.map((a) => send("/staff/sign-in", a.form)));
      outcomes.forEach((o, j) => expectAnswered(o, batch[j]!.what));
    }
  }, 300_000);
});
