import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { decodeTotpSecret, totpCodeAt, totpStep } from "../../app/domain/auth/two-factor.server";
import {
  DEMO_PASSWORD,
  demoTotpCode,
  launchBrowser,
  PSYCHOLOGIST,
  root,
  SCHOOL,
  signInOnPage,
  startServer,
  type RunningServer,
} from "./support";

// WCAG 2.1 AA as axe-core checks it, on a 360 px phone, in every language.
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

let server: RunningServer;
let browser: Browser;
beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

type Violation = { id: string; impact: string | null; help: string; nodes: Array<{ target: string[] }> };

async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: Violation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    return result.violations;
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.help}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/**
 * A full-page screenshot at the phone's width into test-results/ (kept by CI as evidence), and
 * the problem if the page is wider than the phone (a sideways scroll on a 360 px screen).
 */
async function phoneScreenshot(page: Page, name: string): Promise<string[]> {
  const dir = path.join(root, "test-results", "360px");
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name.replace(/[^a-z0-9-]+/gi, "_")}.png`), fullPage: true });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  return width > 360 ? [`${name}: ${width} px wide on a 360 px phone`] : [];
}

describe("accessibility (axe-core, WCAG 2.1 AA)", () => {
  test("the student's pages, including errors and the receipt, in kk, ru and en", async () => {
    // Scripts on so axe can run; the pages themselves ship none.
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, bypassCSP: true });
    const page = await context.newPage();
    const problems: string[] = [];
    for (const lang of ["kk", "ru", "en"]) {
      for (const path of ["/", "/report", "/report?region=akmola&q=1", `/r/${SCHOOL}`, "/status", "/r/AKZZZZ"]) {
        await page.goto(`${server.baseUrl}${path}${path.includes("?") ? "&" : "?"}lang=${lang}`);
        problems.push(...(await seriousViolations(page)).map((p) => `${lang} ${path}: ${p}`));
      }
      // The form with every error shown, then a receipt.
      await page.goto(`${server.baseUrl}/r/${SCHOOL}?lang=${lang}`);
      await page.locator('button[type="submit"]').last().click();
      await page.waitForSelector(".error-summary");
      problems.push(...(await seriousViolations(page)).map((p) => `${lang} form errors: ${p}`));
      await page.locator('input[name="reporterRole"]').first().check();
      await page.locator('input[value="home_abuse"]').check();
      for (const name of ["location", "frequency", "since"]) await page.locator(`select[name="${name}"]`).selectOption({ index: 1 });
      await page.locator('button[type="submit"]').last().click();
      await page.waitForSelector(".receipt-code");
      problems.push(...(await seriousViolations(page)).map((p) => `${lang} receipt: ${p}`));
    }
    await context.close();
    expect(problems).toEqual([]);
  });

  test("the teacher's, school admin's and officials' lesson pages, and the audit log", async () => {
    const problems: string[] = [];
    for (const [email, paths] of [
      ["teacher@demo.senim.kz", ["/school/lessons", "/school/classes", "/school/programmes"]],
      ["school-admin@demo.senim.kz", ["/school/classes", "/school/programmes", "/staff/audit", "/school/posters", "/staff/posters"]],
      ["district@demo.senim.kz", ["/district/lessons", "/staff/posters"]],
      ["region@demo.senim.kz", ["/staff/audit?record=report", "/region/schools"]],
      ["national@demo.senim.kz", ["/national"]],
    ] as const) {
      const context = await browser.newContext({ viewport: { width: 360, height: 740 }, bypassCSP: true });
      const page = await context.newPage();
      await signInOnPage(page, email, { lang: "kk", baseUrl: server.baseUrl });
      for (const path of paths) {
        await page.goto(`${server.baseUrl}${path}`);
        problems.push(...(await seriousViolations(page)).map((p) => `${email} ${path}: ${p}`));
        problems.push(...(await phoneScreenshot(page, `${email.split("@")[0]}${path}`)));
      }
      if (email.startsWith("teacher")) {
        await page.goto(`${server.baseUrl}/school/classes`);
        await page.locator("table a").first().click();
        await page.waitForURL(/\/school\/classes\/\d+/);
        problems.push(...(await seriousViolations(page)).map((p) => `class page: ${p}`));
      }
      await context.close();
    }
    expect(problems).toEqual([]);
  });

  test("a student sends a report by keyboard alone, and every field shows where the focus is", async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/r/${SCHOOL}?lang=ru`);
    const unseen: string[] = [];
    /** Tab until the focus is on `selector`, checking that each stop shows a focus outline. */
    const tabTo = async (selector: string) => {
      for (let i = 0; i < 60; i++) {
        await page.keyboard.press("Tab");
        const stop = await page.evaluate((sel) => {
          const el = document.activeElement as HTMLElement | null;
          const style = el ? getComputedStyle(el) : null;
          const outlined = style !== null && style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
          return {
            at: el ? `${el.tagName.toLowerCase()}#${el.id || (el as HTMLInputElement).name || ""}` : "none",
            outlined,
            arrived: el?.matches(sel) ?? false,
          };
        }, selector);
        if (!stop.outlined) unseen.push(stop.at);
        if (stop.arrived) return;
      }
      throw new Error(`Tab never reached ${selector}`);
    };
    await tabTo('input[name="reporterRole"]');
    await page.keyboard.press("Space");
    await tabTo('input[name="categories"]');
    await page.keyboard.press("Space");
    for (const id of ["location", "frequency", "since"]) {
      await tabTo(`select#${id}`);
      await page.keyboard.press("ArrowDown");
    }
    await tabTo("textarea#description");
    await page.keyboard.type("Меня толкают на перемене, я пишу это только клавиатурой.");
    await tabTo('button[type="submit"]');
    await Promise.all([page.waitForLoadState("load"), page.keyboard.press("Enter")]);
    await page.locator(".receipt-code").waitFor();
    expect(unseen).toEqual([]);
    await context.close();
  });

  test("the psychologist's sign-in, inbox and report", async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, bypassCSP: true });
    const page = await context.newPage();
    const problems: string[] = [];
    await page.goto(`${server.baseUrl}/staff/sign-in?lang=ru`);
    problems.push(...(await seriousViolations(page)).map((p) => `sign-in: ${p}`));
    await page.locator("#email").fill(PSYCHOLOGIST);
    await page.locator("#password").fill(DEMO_PASSWORD);
    await page.locator('button[type="submit"]').last().click();
    // The second step: the six-digit code, with an error shown once.
    await page.waitForURL("**/staff/two-factor**");
    problems.push(...(await seriousViolations(page)).map((p) => `two-factor: ${p}`));
    await page.locator("#code").fill("12345");
    await page.locator('main button[type="submit"]').first().click();
    await page.locator("#code-error").waitFor();
    problems.push(...(await seriousViolations(page)).map((p) => `two-factor error: ${p}`));
    await page.locator("#code").fill(await demoTotpCode(PSYCHOLOGIST));
    await page.locator('main button[type="submit"]').first().click();
    await page.waitForURL("**/school/reports**");
    problems.push(...(await seriousViolations(page)).map((p) => `inbox: ${p}`));
    const first = page.locator("ol.inbox a").first();
    await first.click();
    await page.waitForURL(/\/school\/reports\/\d+/);
    problems.push(...(await seriousViolations(page)).map((p) => `report: ${p}`));
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await context.close();
    expect(problems).toEqual([]);
  });
  test("staff accounts: the school's staff, an invitation link, a new password, the first-time second factor, the account page", async () => {
    const problems: string[] = [];
    const check = async (page: Page, what: string) => {
      problems.push(...(await seriousViolations(page)).map((p) => `${what}: ${p}`));
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 360) problems.push(`${what}: ${width} px wide`);
    };
    const admin = await browser.newContext({ viewport: { width: 360, height: 740 }, bypassCSP: true });
    const page = await admin.newPage();
    await signInOnPage(page, "school-admin@demo.senim.kz", { lang: "ru", baseUrl: server.baseUrl });
    await page.goto(`${server.baseUrl}/staff/account`);
    await check(page, "account");
    await page.goto(`${server.baseUrl}/school/staff`);
    await check(page, "school staff");
    await page.locator("#email").fill("invited.psychologist@demo.senim.kz");
    await page.locator("#name").fill("Жанар Ахметова");
    await page.locator("#role").selectOption("psychologist");
    await page.locator('form:has(#email) button[type="submit"]').click();
    const link = page.locator(".made-link code");
    await link.waitFor();
    await check(page, "school staff with a link");
    const url = (await link.textContent())!;
    expect(url).toMatch(/\/staff\/link\/akmola\.[a-z2-7]{32}$/);

    // The invited person, on their own phone.
    const invited = await browser.newContext({ viewport: { width: 360, height: 740 }, bypassCSP: true });
    const phone = await invited.newPage();
    await phone.goto(`${url}?lang=kk`);
    await check(phone, "link");
    await phone.locator("#password").fill("жаңа құпиясөз 2026");
    await phone.locator("#repeat").fill("жаңа құпиясөз 2026");
    await phone.locator('main button[type="submit"]').click();
    await phone.waitForURL("**/staff/sign-in?password-set**");
    await check(phone, "sign-in after the link");
    await phone.locator("#email").fill("invited.psychologist@demo.senim.kz");
    await phone.locator("#password").fill("жаңа құпиясөз 2026");
    await phone.locator('main button[type="submit"]').click();
    await phone.waitForURL("**/staff/two-factor**");
    await check(phone, "enrolment");
    const key = (await phone.locator(".totp-key").textContent())!;
    await phone.locator("#code").fill(totpCodeAt(decodeTotpSecret(key)!, totpStep(new Date())));
    await phone.locator('main form button[type="submit"]').first().click();
    await phone.locator(".recovery-codes").waitFor();
    expect(await phone.locator(".recovery-codes li").count()).toBe(10);
    await check(phone, "recovery codes");
    await phone.locator("main a.button").click();
    await phone.waitForURL("**/school/reports**");
    await Promise.all([admin.close(), invited.close()]);
    expect(problems).toEqual([]);
  });
});
