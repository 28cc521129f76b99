import path from "node:path";
import SQLite from "better-sqlite3";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import reportOptions from "../../content/report-options.json";
import { dictionaries } from "../../app/i18n/dictionary";
import { launchBrowser, SCHOOL, startServer, storedReceiptHash, type RunningServer } from "./support";
import type { Browser } from "playwright-core";

// Issue #12 in a browser without JavaScript, at 360 px, at 22:00 Kazakhstan time (school is
// closed): the child ticks only "thoughts of suicide or self-harm", writes one sentence, and
// is told the truth — a duty psychologist is told now — with 111 and 112 at hand. A refreshed
// /status page stores their message once.

let server: RunningServer;
let browser: Browser;
const shots = process.env.SENIM_SCREENSHOTS ?? path.join(process.env.TMPDIR ?? "/tmp", "senim-life-safety");

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ env: { SENIM_NOW: "2026-12-02T22:00" } }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const words = { kk: "мен енді өмір сүргім келмейді", ru: "я больше не хочу жить" } as const;
const label = (id: string, lang: "kk" | "ru") => reportOptions.categories.find((c) => c.id === id)!.label[lang];

function reporterMessagesOf(code: string): number {
  const db = new SQLite(path.join(server.dataDir, "akmola.sqlite"), { readonly: true, fileMustExist: true });
  try {
    const report = db.prepare("select id from reports where receipt_hash = ?").get(storedReceiptHash(server.dataDir, code)) as {
      id: number;
    };
    return (
      db.prepare("select count(*) as n from report_messages where report_id = ? and author = 'reporter'").get(report.id) as { n: number }
    ).n;
  } finally {
    db.close();
  }
}

async function child(lang: "kk" | "ru"): Promise<Page> {
  const context = await browser.newContext({
    baseURL: server.baseUrl,
    javaScriptEnabled: false,
    viewport: { width: 360, height: 740 },
    locale: `${lang}-KZ`,
  });
  return context.newPage();
}

describe.each(["kk", "ru"] as const)("a child in danger, without JavaScript, in %s", (lang) => {
  const t = dictionaries[lang];

  test("one box and one sentence are enough; the receipt says who reads it now and shows 111 and 112", async () => {
    const page = await child(lang);
    expect((await page.goto(`/r/${SCHOOL}?lang=${lang}`))?.status()).toBe(200);
    await page.screenshot({ path: path.join(shots, `form-${lang}.png`), fullPage: true });
    await page.getByLabel(label("suicide_self_harm", lang), { exact: true }).check();
    await page.getByLabel(t["report.description"], { exact: true }).fill(words[lang]);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes(`/r/${SCHOOL}`)),
      page.getByRole("button", { name: t["report.send"], exact: true }).click(),
    ]);
    expect(response.status(), server.log()).toBe(200);
    const code = ((await page.locator(".receipt-code").textContent()) ?? "").replace(/\s+/g, "");
    expect(code).toMatch(/^\d{16}$/);
    const urgent = page.locator("section.card.urgent");
    expect(await urgent.textContent()).toContain(t["intake.truth.urgentClosed"]);
    expect(await urgent.locator('a[href="tel:112"]').count()).toBe(1);
    expect(await urgent.locator('a[href="tel:111"]').count()).toBe(1);
    const text = (await page.locator("main").textContent()) ?? "";
    expect(text).toContain(t["intake.next.urgent"]);
    expect(text).not.toMatch(/день-два|Бір-екі күн/i);
    await page.screenshot({ path: path.join(shots, `receipt-${lang}.png`), fullPage: true });

    // /status: the same truth while nobody has answered; a refresh after sending stores nothing twice.
    await page.goto(`/status?lang=${lang}`);
    await page.getByLabel(t["status.codeLabel"], { exact: true }).fill(code);
    await page.getByRole("button", { name: t["status.open"], exact: true }).click();
    expect(await page.locator("section.card.urgent").textContent()).toContain(t["intake.truth.urgentClosed"]);
    await page.getByLabel(t["status.addMessage"], { exact: true }).fill(`${words[lang]} (2)`);
    await page.getByRole("button", { name: t["status.send"], exact: true }).click();
    await page.locator("ol.conversation li.reporter").waitFor();
    expect(reporterMessagesOf(code)).toBe(1);
    const again = await page.reload();
    expect(again?.request().method()).toBe("POST");
    expect(again?.status()).toBe(200);
    await page.locator("ol.conversation li.reporter").first().waitFor();
    expect(await page.locator("ol.conversation li.reporter").count()).toBe(1);
    expect(reporterMessagesOf(code)).toBe(1);
    await page.screenshot({ path: path.join(shots, `status-${lang}.png`), fullPage: true });

    // The form page sent again (a refresh of the receipt): nothing new, the numbers to call.
    await page.context().close();
  });

  test("a refreshed receipt stores no second report and says it was received", async () => {
    const page = await child(lang);
    await page.goto(`/r/${SCHOOL}?lang=${lang}`);
    await page.getByLabel(label("weapon_attack", lang), { exact: true }).check();
    await page.getByRole("button", { name: t["report.send"], exact: true }).click();
    await page.locator(".receipt-code").waitFor();
    const again = await page.reload();
    expect(again?.request().method()).toBe("POST");
    expect(again?.status()).toBe(409);
    expect(await page.locator("main").textContent()).toContain(t["intake.already.title"]);
    expect(await page.locator('main a[href="tel:112"]').count()).toBeGreaterThan(0);
    expect(await page.locator(".receipt-code").count()).toBe(0);
    await page.screenshot({ path: path.join(shots, `already-${lang}.png`), fullPage: true });
    await page.context().close();
  });
});
