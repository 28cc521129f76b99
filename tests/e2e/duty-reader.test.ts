import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { reportOptions } from "../../app/content/content";
import { dictionaries } from "../../app/i18n/dictionary";
import { launchBrowser, root, SCHOOL, signInOnPage, startServer, type RunningServer } from "./support";

// Issue #12 through the real server and its own ladder timer: at 22:00 on a Tuesday a child
// (no JavaScript) reports a danger to life; the region's duty psychologist is called, signs in
// on a phone, reads the words and acknowledges, in kk and in ru; the school psychologist was
// called at once and is called again when school opens at 08:00 — only for what nobody acknowledged.
const DUTY = "duty@demo.senim.kz";
const PSYCHOLOGIST = "psychologist@demo.senim.kz";
const shots = path.join(root, "test-results", "duty-reader");
const phone = { viewport: { width: 360, height: 740 } };
let server: RunningServer;
let browser: Browser;
let dataDir = "";

/** The real server with its ladder ticking every second, its school clock starting at `now` (Kazakhstan time). */
const serverAt = (now: string, existing?: string) =>
  startServer({ dataDir: existing, keepData: true, env: { SENIM_NOW: now, ESCALATION_INTERVAL_SECONDS: "1", WEB_CONCURRENCY: "1" } });

beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  [server, browser] = await Promise.all([serverAt("2026-12-08T22:00"), launchBrowser()]);
  dataDir = server.dataDir;
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

function query<T>(sql: string, ...params: unknown[]): T[] {
  const db = new SQLite(path.join(dataDir, "akmola.sqlite"), { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}
const notifiedAt = (reportId: number, rung: string) =>
  query<{ email: string }>(
    "select u.email from notifications n join users u on u.id = n.user_id where n.report_id = ? and n.rung = ? order by u.email",
    reportId,
    rung,
  ).map((r) => r.email);
async function until(what: string, ok: () => boolean) {
  const deadline = Date.now() + 20_000;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen in 20 s:\n${server.log()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A child's urgent report through the plain HTML form, JavaScript off; returns the report's id. */
async function childReports(lang: "kk" | "ru", words: string): Promise<number> {
  const child: BrowserContext = await browser.newContext({ ...phone, javaScriptEnabled: false });
  try {
    const page = await child.newPage();
    const dict = dictionaries[lang];
    const label = (o: { label: Record<string, string> }) => o.label[lang]!;
    await page.goto(`${server.baseUrl}/r/${SCHOOL}?lang=${lang}`);
    await page.getByLabel(label(reportOptions.reporterRoles[0]!), { exact: true }).check();
    await page.getByLabel(label(reportOptions.categories.find((c) => c.id === "suicide_self_harm")!), { exact: true }).check();
    for (const field of ["report.where", "report.howOften", "report.since"] as const)
      await page.getByLabel(dict[field], { exact: true }).selectOption({ index: 1 });
    await page.getByLabel(dict["report.description"], { exact: true }).fill(words);
    await page.getByRole("button", { name: dict["report.send"], exact: true }).click();
    await page.locator(".receipt-code").waitFor();
  } finally {
    await child.close();
  }
  return query<{ id: number }>("select max(id) as id from reports")[0]!.id;
}

test("at 22:00 the duty psychologist reads and acknowledges (kk, ru); the school psychologist is called at once and again at 08:00", async () => {
  const words = { kk: `Мен бүгін үйге барудан қорқамын ${Date.now()}`, ru: `Мне страшно идти домой сегодня ${Date.now()}` };
  const reports = { kk: await childReports("kk", words.kk), ru: await childReports("ru", words.ru) };
  await until("the first duty calls", () => [reports.kk, reports.ru].every((id) => notifiedAt(id, "duty").length === 1));
  // A third urgent report within the region's burst window (content/escalation.json) would be a
  // flood, notified as one grouped alert (tests/integration/flood.test.ts). This test is about each
  // child's own call, so the third arrives after the window, on a server whose clock is at 22:11.
  await server.stop();
  server = await serverAt("2026-12-08T22:11", dataDir);
  const unanswered = await childReports("ru", `Никто не ответил ${Date.now()}`);
  await until("the duty calls", () => [reports.kk, reports.ru, unanswered].every((id) => notifiedAt(id, "duty").length === 1));
  expect(query<{ n: number }>("select count(*) as n from bursts")[0]!.n).toBe(0);
  for (const id of [reports.kk, reports.ru, unanswered]) {
    expect(notifiedAt(id, "duty")).toEqual([DUTY]);
    expect(notifiedAt(id, "reader")).toEqual([PSYCHOLOGIST]);
    expect(notifiedAt(id, "morning")).toEqual([]);
  }

  const staff = await browser.newContext(phone);
  const page = await staff.newPage();
  await signInOnPage(page, DUTY, { lang: "ru", baseUrl: server.baseUrl });
  for (const lang of ["kk", "ru"] as const) {
    const dict = dictionaries[lang];
    const id = reports[lang];
    await page.goto(`${server.baseUrl}/staff/notifications?lang=${lang}`);
    const card = page.locator(`section[data-report="${id}"]`).first();
    expect(await card.locator('a[href^="tel:+7"]').count()).toBeGreaterThan(1);
    expect(await card.textContent()).not.toContain(words[lang]);
    await card.screenshot({ path: path.join(shots, `notification-${lang}.png`) });
    await card.getByRole("link", { name: dict["ladder.open"], exact: true }).click();
    await page.waitForURL(new RegExp(`/staff/urgent/${id}`));
    expect(await page.locator("[data-words]").textContent()).toBe(words[lang]);
    await page.screenshot({ path: path.join(shots, `report-${lang}.png`), fullPage: true });
    await page.getByRole("button", { name: dict["escalation.ack.button"], exact: true }).click();
    await page.getByText(dict["escalation.ack.saved"]).waitFor();
    expect(
      query<{ email: string }>("select u.email from escalations e join users u on u.id = e.acknowledged_by where e.report_id = ?", id)[0]
        ?.email,
    ).toBe(DUTY);
  }
  await staff.close();
  // Every reading is in the access log (the page shown again after acknowledging is a reading too); the unread one has none.
  const views = (id: number) =>
    query<{ n: number }>(
      "select count(*) as n from access_log a join users u on u.id = a.user_id where u.email = ? and a.entity = 'report' and a.entity_id = ? and a.action = 'view'",
      DUTY,
      id,
    )[0]!.n;
  expect(views(reports.kk)).toBeGreaterThanOrEqual(1);
  expect(views(reports.ru)).toBeGreaterThanOrEqual(1);
  expect(views(unanswered)).toBe(0);

  // The next school day: a new server on the same data, its clock at Wednesday 08:00.
  await server.stop();
  server = await serverAt("2026-12-09T08:00", dataDir);
  await until("the morning call", () => notifiedAt(unanswered, "morning").length === 1);
  expect(notifiedAt(unanswered, "morning")).toEqual([PSYCHOLOGIST]);
  expect(notifiedAt(reports.kk, "morning")).toEqual([]);
  expect(notifiedAt(reports.ru, "morning")).toEqual([]);
}, 180_000);
