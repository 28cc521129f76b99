import http from "node:http";
import path from "node:path";
import SQLite from "better-sqlite3";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { reportOptions } from "../../app/content/content";
import { kk } from "../../app/i18n/kk";
import { ru } from "../../app/i18n/ru";
import { launchBrowser, PSYCHOLOGIST, SCHOOL, signInOnPage, startServer, type RunningServer } from "./support";

// Issue #12 in a browser with JavaScript off: after a 600-report flood sent over HTTP (limits
// raised), a child's report sent through the plain form is the first of "new" in the
// psychologist's inbox, the counts match the database, the banner shows for the urgent burst,
// and a page of the flood is set aside as not genuine and restored, each in one plain POST.

let server: RunningServer;
let browser: Browser;
const label = (list: Array<{ id: string; label: { ru: string } }>, id: string) => list.find((o) => o.id === id)!.label.ru;

beforeAll(async () => {
  [server, browser] = await Promise.all([
    startServer({ env: { RATE_LIMIT_MULTIPLIER: "100000", ESCALATION_INTERVAL_SECONDS: "1", WEB_CONCURRENCY: "1" } }),
    launchBrowser(),
  ]);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** One report posted as a scripted flood would: fetch the form (for its formToken, when it has one), then post. */
async function floodReport(from: string, urgent: boolean, i: number): Promise<number> {
  const agent = new http.Agent({ localAddress: from } as http.AgentOptions);
  const form = await fetchFrom(agent, "GET", `/r/${SCHOOL}?lang=ru`);
  const token = /name="formToken"[^>]*value="([^"]*)"/.exec(form.body)?.[1];
  const body = new URLSearchParams({
    reporterRole: "self",
    categories: urgent ? "suicide_self_harm" : "verbal",
    location: "classroom",
    frequency: "once",
    since: "days",
    description: `flood ${i}`,
    website: "",
    ...(token ? { formToken: token } : {}),
  });
  return (await fetchFrom(agent, "POST", `/r/${SCHOOL}?lang=ru`, body.toString())).status;
}
function fetchFrom(agent: http.Agent, method: string, pathname: string, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port: server.port,
        path: pathname,
        method,
        agent,
        headers: {
          host: new URL(server.baseUrl).host,
          ...(body
            ? { origin: server.baseUrl, "content-type": "application/x-www-form-urlencoded", "content-length": Buffer.byteLength(body) }
            : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

const badge = async (page: Page, view: string) => Number(await page.locator(`.tabs a[data-view="${view}"] .badge`).textContent());
// "New" lists the unacknowledged urgent first, then newest first: the first ordinary report is the newest.
const firstOrdinaryId = async (page: Page) =>
  Number(/\/school\/reports\/(\d+)/.exec((await page.locator("ol.inbox li:not(.urgent) a").first().getAttribute("href")) ?? "")?.[1]);

test(
  "a flood of 600 reports: the child's new report is first under “new”, the counts are right, the banner shows, a page is set aside and restored",
  { timeout: 240_000 },
  async () => {
    // 600 reports, 40 of them urgent, from 20 addresses, 10 in flight.
    let sent = 0;
    await Promise.all(
      Array.from({ length: 10 }, async (_, lane) => {
        for (let i = lane; i < 600; i += 10) {
          expect(await floodReport(`127.0.0.${2 + (i % 20)}`, i % 15 === 0, i)).toBe(200);
          sent++;
        }
      }),
    );
    expect(sent).toBe(600);

    // A child sends a report through the plain form, at 360 px, no JavaScript.
    const child = await browser.newContext({
      baseURL: server.baseUrl,
      javaScriptEnabled: false,
      viewport: { width: 360, height: 740 },
      locale: "ru-RU",
    });
    const form = await child.newPage();
    await form.goto(`/r/${SCHOOL}?lang=ru`);
    await form.getByLabel(label(reportOptions.reporterRoles, "self"), { exact: true }).check();
    await form.getByLabel(label(reportOptions.categories, "exclusion"), { exact: true }).check();
    await form.getByLabel(ru["report.where"], { exact: true }).selectOption({ label: label(reportOptions.locations, "classroom") });
    await form.getByLabel(ru["report.howOften"], { exact: true }).selectOption({ label: label(reportOptions.frequencies, "once") });
    await form.getByLabel(ru["report.since"], { exact: true }).selectOption({ label: label(reportOptions.since, "days") });
    await form.getByLabel(ru["report.description"], { exact: true }).fill("Со мной никто не сидит, это после всех этих сообщений");
    await form.getByRole("button", { name: ru["report.send"], exact: true }).click();
    await form.locator(".receipt-code").waitFor();
    await child.close();
    const db = new SQLite(path.join(server.dataDir, "akmola.sqlite"), { readonly: true });
    const schoolId = (db.prepare("select id from schools where code = ?").get(SCHOOL) as { id: number }).id;
    const childsReport = (db.prepare("select max(id) id from reports where school_id = ?").get(schoolId) as { id: number }).id;
    const count = (where: string) =>
      (db.prepare(`select count(*) n from reports where school_id = ? and ${where}`).get(schoolId) as { n: number }).n;

    // The psychologist, no JavaScript either, at 360 px.
    const staff = await browser.newContext({
      baseURL: server.baseUrl,
      javaScriptEnabled: false,
      viewport: { width: 360, height: 740 },
      locale: "ru-RU",
    });
    const page = await staff.newPage();
    await signInOnPage(page, PSYCHOLOGIST, { lang: "ru" });
    await page.goto("/school/reports?status=new&lang=ru");
    expect(await firstOrdinaryId(page)).toBe(childsReport);
    expect(await badge(page, "new")).toBe(count("status = 'new' and not_genuine_at is null"));
    expect(await badge(page, "all")).toBe(count("not_genuine_at is null"));
    expect(await badge(page, "all")).toBeGreaterThan(600);
    const waiting = `urgent = 1 and status <> 'closed' and first_response_at is null and not_genuine_at is null
    and not exists (select 1 from escalations e where e.report_id = reports.id and e.acknowledged_at is not null)`;
    const urgent = count(waiting);
    expect(urgent).toBeGreaterThanOrEqual(40);
    expect(await badge(page, "urgent")).toBe(urgent);

    // The timer has seen the burst: the banner, in Russian and Kazakh. Screenshots to look at.
    await expect
      .poll(async () => (await page.goto("/school/reports?lang=ru"), await page.locator("#flood-banner").count()), { timeout: 20_000 })
      .toBe(1);
    expect(await page.locator("#flood-banner").textContent()).toContain(ru["flood.banner.title"]);
    await page.screenshot({ path: path.join(server.dataDir, "..", "flood-inbox-ru.png"), fullPage: false });
    await page.goto("/school/reports?lang=kk");
    expect(await page.locator("#flood-banner").textContent()).toContain(kk["flood.banner.title"]);
    await page.screenshot({ path: path.join(server.dataDir, "..", "flood-inbox-kk.png"), fullPage: false });

    // The urgent view holds the 40 on its first page: set the page aside in one action.
    await page.goto("/school/reports?status=urgent&lang=ru");
    const onPage = Math.min(50, urgent);
    expect(await page.locator("ol.inbox li").count()).toBe(onPage);
    await page.getByRole("button", { name: ru["flood.setAsidePage"], exact: true }).click();
    await expect
      .poll(() => page.locator(".notice[role=status]").textContent())
      .toContain(ru["flood.setAsideDone"].replace("{count}", String(onPage)).slice(0, 30));
    expect(await badge(page, "urgent")).toBe(urgent - onPage);
    expect(await badge(page, "not_genuine")).toBe(onPage);
    expect(count("not_genuine_at is not null")).toBe(onPage);

    // Restore two of them by their checkboxes, then the rest of the page.
    await page.goto("/school/reports?status=not_genuine&lang=ru");
    const boxes = page.locator("ol.inbox input[type=checkbox]");
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await page.getByRole("button", { name: ru["flood.restore"], exact: true }).click();
    await expect.poll(() => badge(page, "not_genuine")).toBe(onPage - 2);
    await page.getByRole("button", { name: ru["flood.restorePage"], exact: true }).click();
    await expect.poll(() => badge(page, "not_genuine")).toBe(0);
    expect(await badge(page, "urgent")).toBe(urgent);
    expect(count("not_genuine_at is not null")).toBe(0);
    db.close();
    await staff.close();
  },
);
