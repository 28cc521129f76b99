import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import SQLite from "better-sqlite3";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { ladderFor } from "../../app/content/escalation";
import { isSchoolHours } from "../../app/domain/escalation/school-hours";
import { mailText, startSmtpSink } from "../support/smtp-sink";
import { en } from "../../app/i18n/en";
import { receiptCodeFrom } from "../support/app";
import { launchBrowser, SCHOOL, signInOnPage, startServer, type RunningServer } from "./support";

// The real server's own timer (scripts/serve.ts, primary process, workers on both cores) climbs
// the ladder of an urgent report sent over HTTP and mails the people on its first rung.
let server: RunningServer;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let browser: Browser;
let receiptCode = "";
let firstRung: string[] = [];

beforeAll(async () => {
  sink = await startSmtpSink();
  [server, browser] = await Promise.all([
    startServer({
      env: { ESCALATION_INTERVAL_SECONDS: "1", SMTP_URL: sink.url, MAIL_FROM: "Senim <senim@test.invalid>", WEB_CONCURRENCY: "2" },
    }),
    launchBrowser(),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await sink?.stop();
});

test("an urgent report reaches its first rung by the server's timer, in the app and by mail, once", async () => {
  const words = `I have a plan to end it ${Date.now()}`;
  const sentAt = new Date();
  const res = await fetch(`${server.baseUrl}/r/${SCHOOL}?lang=en`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      reporterRole: "self",
      categories: "suicide_self_harm",
      location: "online",
      frequency: "once",
      since: "days",
      description: words,
    }).toString(),
  });
  expect(res.status).toBe(200);
  receiptCode = receiptCodeFrom(await res.text());
  // Which rung comes first depends on the hour the test runs at.
  // Out of hours the district's official, with the duty psychologist and the school psychologist who may read the words.
  const expected = isSchoolHours(ladderFor("akmola"), sentAt)
    ? ["psychologist@demo.senim.kz", "teacher@demo.senim.kz"]
    : ["district@demo.senim.kz", "duty@demo.senim.kz", "psychologist@demo.senim.kz"];
  const deadline = Date.now() + 20_000;
  while (sink.received.length < expected.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  expect(
    sink.received
      .map((m) => m.to)
      .flat()
      .sort(),
  ).toEqual(expected);
  firstRung = expected;
  for (const m of sink.received) expect(mailText(m.raw)).not.toContain(words);

  // A few more ticks: nothing is sent twice.
  await new Promise((r) => setTimeout(r, 2_500));
  expect(sink.received).toHaveLength(expected.length);
  const db = new SQLite(path.join(server.dataDir, "akmola.sqlite"), { readonly: true });
  try {
    const rows = db.prepare("select count(*) as n from notifications").get() as { n: number };
    expect(rows.n).toBe(expected.length);
  } finally {
    db.close();
  }
  expect(server.log()).not.toContain("Email is not configured");
}, 60_000);

// WCAG 2.1 AA as axe-core checks it (tests/e2e/accessibility.test.ts does the same for the older pages).
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
async function problemsOn(page: Page, what: string): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: Document,
            opts: object,
          ) => Promise<{ violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: string[] }> }> }>;
        };
      }
    ).axe;
    return (await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })).violations;
  });
  const problems = violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${what}: ${v.id} ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  if (width > 360) problems.push(`${what}: ${width} px wide`);
  return problems;
}

test("on a 360 px phone: the person called acknowledges, the child's /status then says a person has seen it; every new page passes axe", async () => {
  expect(firstRung.length).toBeGreaterThan(0);
  const problems: string[] = [];
  const phone = { viewport: { width: 360, height: 740 }, bypassCSP: true };

  const child = await browser.newContext({ ...phone, javaScriptEnabled: true });
  const status = await child.newPage();
  const openStatus = async () => {
    await status.goto(`${server.baseUrl}/status?lang=en`);
    await status.locator("#code").fill(receiptCode);
    await status.getByRole("button", { name: en["status.open"], exact: true }).click();
    await status.locator("section.card.urgent").waitFor();
  };
  await openStatus();
  expect(await status.locator("section.card.urgent").textContent()).toContain(en["escalation.status.notYet"]);
  expect(await status.locator('section.card.urgent a[href="tel:112"]').count()).toBe(1);
  problems.push(...(await problemsOn(status, "status before")));

  // Whoever the first rung called: the psychologist in school hours, the district's official otherwise.
  const called = firstRung[0]!;
  const staff = await browser.newContext(phone);
  const page = await staff.newPage();
  await signInOnPage(page, called, { lang: "en", baseUrl: server.baseUrl });
  await page.goto(`${server.baseUrl}/staff/notifications?lang=en`);
  expect(await page.locator("[data-waiting]").textContent()).toBe(en["escalation.nav.waiting"].replace("{count}", "1"));
  problems.push(...(await problemsOn(page, `notifications of ${called}`)));
  await page.getByRole("button", { name: en["escalation.ack.button"], exact: true }).click();
  await page.getByText(en["escalation.ack.saved"]).waitFor();
  await expect.poll(() => page.locator("[data-waiting]").count(), { timeout: 5_000 }).toBe(0);
  problems.push(...(await problemsOn(page, "after acknowledging")));

  await openStatus();
  expect(await status.locator("section.card.urgent").textContent()).toContain(en["escalation.status.seen"]);

  // The psychologist's report page names who acknowledged it, and when.
  const psychologist = await browser.newContext(phone);
  const report = await psychologist.newPage();
  await signInOnPage(report, "psychologist@demo.senim.kz", { lang: "en", baseUrl: server.baseUrl });
  await report.goto(`${server.baseUrl}/school/reports?lang=en`);
  await report.locator("ol.inbox a").first().click();
  await report.waitForURL(/\/school\/reports\/\d+/);
  expect(await report.locator("[data-acknowledged]").textContent()).toMatch(/^Acknowledged by .+ on /);
  problems.push(...(await problemsOn(report, "report with acknowledgement")));
  await psychologist.close();

  for (const [email, paths] of [
    ["school-admin@demo.senim.kz", ["/school/escalation"]],
    ["district@demo.senim.kz", ["/district/duty", "/district/urgent"]],
  ] as const) {
    const context = await browser.newContext(phone);
    const p = await context.newPage();
    await signInOnPage(p, email, { lang: "kk", baseUrl: server.baseUrl });
    for (const path of paths) {
      await p.goto(`${server.baseUrl}${path}`);
      problems.push(...(await problemsOn(p, `${email} ${path}`)));
    }
    await context.close();
  }
  await staff.close();
  await child.close();
  expect(problems).toEqual([]);
}, 120_000);

test("without SMTP, SMS gateway or Telegram settings the server says once, at start, that notifications are in the app only", async () => {
  const plain = await startServer({ env: { WEB_CONCURRENCY: "2" } });
  try {
    const said = plain.log().split("No channel is configured").length - 1;
    expect(said).toBe(1);
  } finally {
    await plain.stop();
  }
}, 60_000);
