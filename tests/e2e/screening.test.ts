import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import reportOptions from "../../content/report-options.json";
import { dictionaries } from "../../app/i18n/dictionary";
import { launchBrowser, PSYCHOLOGIST, SCHOOL, signInOnPage, startServer, type RunningServer } from "./support";

// Issue #17 in a browser without JavaScript, at 360 px: a child ticks only "verbal" and writes that
// they want to kill themselves; the report is urgent (111 and 112 on the receipt) and the
// psychologist sees the phrase marked. A funny film with "өліп қалдым" stays ordinary.

let server: RunningServer;
let browser: Browser;
const shots = process.env.SENIM_SCREENSHOTS ?? path.join(process.env.TMPDIR ?? "/tmp", "senim-screening");
const label = (id: string, lang: "kk" | "ru") => reportOptions.categories.find((c) => c.id === id)!.label[lang];

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function childPage(): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.baseUrl, javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
  return context.newPage();
}

/** Sends a report with only "verbal" ticked; returns the receipt page. */
async function sendVerbal(page: Page, lang: "kk" | "ru", words: string) {
  const t = dictionaries[lang];
  await page.goto(`/r/${SCHOOL}?lang=${lang}`);
  await page.getByLabel(label("verbal", lang), { exact: true }).check();
  await page.getByLabel(t["report.description"], { exact: true }).fill(words);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes(`/r/${SCHOOL}`)),
    page.getByRole("button", { name: t["report.send"], exact: true }).click(),
  ]);
  expect(response.status(), server.log()).toBe(200);
  return page;
}

describe("words in danger under 'verbal', without JavaScript", () => {
  test("make the report urgent for the child, and marked for the psychologist, in kk and ru", async () => {
    const danger = { kk: "мен бүгін өзімді өлтіргім келеді", ru: "меня травят, я хочу умереть" } as const;
    const marked = { kk: "өзімді өлтіргім", ru: "хочу умереть" } as const;
    for (const lang of ["kk", "ru"] as const) {
      const page = await sendVerbal(await childPage(), lang, danger[lang]);
      const urgent = page.locator("section.card.urgent");
      expect(await urgent.count()).toBe(1);
      expect(await urgent.locator('a[href="tel:112"]').count()).toBe(1);
      expect(await urgent.locator('a[href="tel:111"]').count()).toBe(1);
      await page.screenshot({ path: path.join(shots, `receipt-${lang}.png`), fullPage: true });

      const staff = await (await browser.newContext({ baseURL: server.baseUrl, viewport: { width: 360, height: 740 } })).newPage();
      await signInOnPage(staff, PSYCHOLOGIST, { lang });
      await staff.goto(`/school/reports?status=urgent&lang=${lang}`);
      await staff.locator("main a[href^='/school/reports/']").first().click();
      await staff.locator("mark").first().waitFor();
      expect(await staff.locator("mark").first().textContent()).toBe(marked[lang]);
      expect(await staff.locator("section.screen").textContent()).toContain(dictionaries[lang]["screen.raised"]);
      await staff.screenshot({ path: path.join(shots, `report-${lang}.png`), fullPage: true });
      await staff.context().close();
    }
  });

  test("a funny film stays an ordinary report", async () => {
    const page = await sendVerbal(await childPage(), "kk", "кеше кинода өліп қалдым күлкіден, сосын олар мені мазақтады");
    expect(await page.locator("section.card.urgent").count()).toBe(0);
    expect(await page.locator(".receipt-code").count()).toBe(1);
  });
});
