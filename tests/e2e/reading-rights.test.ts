import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { dictionaries } from "../../app/i18n/dictionary";
import { launchBrowser, PSYCHOLOGIST2, root, signInOnPage, startServer, type RunningServer } from "./support";

// Four eyes (#13) on a 360 px phone, in kk and ru: a psychologist waiting for the district is told
// why the inbox is closed; the region admin sees the account in the pending list and confirms it.
const shots = path.join(root, "test-results", "reading-rights");
const phone = { viewport: { width: 360, height: 740 } };
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  // As if a school admin had invited this psychologist: the right to read waits.
  const db = new SQLite(path.join(server.dataDir, "akmola.sqlite"));
  db.prepare("update users set reading_confirmed_at = null where email = ?").run(PSYCHOLOGIST2);
  db.close();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

test.each(["kk", "ru"] as const)(
  "the waiting psychologist's inbox and the pending list, in %s",
  async (lang) => {
    const dict = dictionaries[lang];
    const waiting = await browser.newContext({ ...phone, baseURL: server.baseUrl, javaScriptEnabled: false });
    const page = await waiting.newPage();
    await signInOnPage(page, PSYCHOLOGIST2, { lang });
    await page.goto(`/school/reports?lang=${lang}`);
    await expect(page.locator("[data-reading-unconfirmed]").textContent()).resolves.toBe(dict["readingRights.awaiting"]);
    await page.screenshot({ path: path.join(shots, `inbox-waiting-${lang}.png`), fullPage: true });
    await waiting.close();

    const region = await browser.newContext({ ...phone, baseURL: server.baseUrl, javaScriptEnabled: false });
    const admin = await region.newPage();
    await signInOnPage(admin, "region@demo.senim.kz", { lang });
    await admin.goto(`/staff/reading-rights?lang=${lang}`);
    await expect(admin.locator("[data-pending]").count()).resolves.toBe(1);
    await admin.screenshot({ path: path.join(shots, `pending-${lang}.png`), fullPage: true });
    expect(await admin.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await region.close();
  },
  120_000,
);
