import path from "node:path";
import type { BrowserContext, Page, Request } from "playwright-core";
import { describe, expect, test } from "vitest";
import { dictionaries } from "../../app/i18n/dictionary";
import { findLesson } from "../../app/content/programmes";
import { localToday } from "../../app/domain/calendar/local-date";
import { DEMO_PASSWORD, root, withServerAndBrowser } from "./support";

const ru = dictionaries.ru;
const TEACHER = "teacher@demo.senim.kz";
const LESSON = "kiva-2-03";
const fill = (template: string, vars: Record<string, string | number>) => template.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k]));

const env = withServerAndBrowser();

/** A cheap phone: narrow screen, JavaScript off. */
function phoneContext(): Promise<BrowserContext> {
  return env.browser.newContext({
    baseURL: env.server.baseUrl,
    javaScriptEnabled: false,
    viewport: { width: 360, height: 740 },
    locale: "ru-RU",
  });
}

async function signInTeacher(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto("/staff/sign-in?lang=ru");
  await page.getByLabel(ru["signIn.email"], { exact: true }).fill(TEACHER);
  await page.getByLabel(ru["signIn.password"], { exact: true }).fill(DEMO_PASSWORD);
  await Promise.all([
    page.waitForURL((u) => u.pathname === "/school/lessons"),
    page.getByRole("button", { name: ru["signIn.submit"], exact: true }).click(),
  ]);
  return page;
}

/** The main frame's document requests: what the teacher waits for on a slow connection. */
function trackNavigations(page: Page) {
  const seen: Array<{ method: string; url: string; redirect: boolean }> = [];
  const onRequest = (r: Request) => {
    if (r.isNavigationRequest() && r.frame() === page.mainFrame())
      seen.push({ method: r.method(), url: r.url(), redirect: r.redirectedFrom() !== null });
  };
  page.on("request", onRequest);
  return {
    seen,
    stop: () => page.off("request", onRequest),
    /** Page loads the teacher starts (a redirect after a submit belongs to the submit). */
    loads: () => seen.filter((s) => s.method === "GET" && !s.redirect).length,
    submits: () => seen.filter((s) => s.method === "POST").length,
  };
}

describe("logging a lesson on a phone without JavaScript", () => {
  test("the teacher logs one lesson for 5А and 5Б, corrects it, and sees it given on the class page", async () => {
    const today = localToday();
    const title = findLesson(LESSON)!.lesson.title.ru;
    const context = await phoneContext();
    const page = await signInTeacher(context);

    // --- Logging: from opening the page to the notice. ---
    const nav = trackNavigations(page);
    const started = Date.now();
    const opened = await page.goto("/school/lessons");
    expect(opened?.status()).toBe(200);
    // JavaScript really is off (the page's inline scripts never ran), so the form is a plain HTML form.
    expect(await page.evaluate(() => typeof (window as unknown as { __reactRouterContext?: unknown }).__reactRouterContext)).toBe(
      "undefined",
    );
    expect(await page.locator("form[method=post]", { has: page.locator("select#lessonId") }).getAttribute("action")).toMatch(
      /^\/school\/lessons(\?|$)/,
    );

    await page.getByRole("checkbox", { name: /^5А\s/ }).check();
    await page.getByRole("checkbox", { name: /^5Б\s/ }).check();
    const lessonSelect = page.getByLabel(ru["lessons.lesson"], { exact: true });
    await lessonSelect.selectOption({ label: `3. ${title}` });
    expect(await lessonSelect.inputValue()).toBe(LESSON);
    // The date is left as it is: today.
    expect(await page.getByLabel(ru["lessons.date"], { exact: true }).inputValue()).toBe(today);
    await Promise.all([
      page.waitForURL((u) => u.pathname === "/school/lessons" && u.searchParams.get("logged") === "2"),
      page.getByRole("button", { name: ru["lessons.save"], exact: true }).click(),
    ]);
    const notice = page.getByRole("status");
    expect((await notice.textContent())?.trim()).toBe(fill(ru["lessons.logged"], { count: 2 }));
    const elapsed = Date.now() - started;
    nav.stop();

    // One page load and one form submit (whose redirect lands on the notice), nothing more.
    expect(nav.seen.map((s) => `${s.method} ${new URL(s.url).pathname}${new URL(s.url).search}${s.redirect ? " (redirect)" : ""}`)).toEqual(
      ["GET /school/lessons", "POST /school/lessons", "GET /school/lessons?logged=2 (redirect)"],
    );
    expect(nav.loads()).toBeLessThanOrEqual(1);
    expect(nav.submits()).toBeLessThanOrEqual(1);
    expect(elapsed, "logging took too long").toBeLessThan(15_000);

    // Both classes among "my recent entries".
    const recent = page.locator("section.card", { has: page.getByRole("heading", { name: ru["lessons.recent"], exact: true }) });
    const entryA = recent.getByRole("link", { name: `${today} · 5А · ${title}`, exact: true });
    const entryB = recent.getByRole("link", { name: `${today} · 5Б · ${title}`, exact: true });
    expect(await entryA.count()).toBe(1);
    expect(await entryB.count()).toBe(1);

    // Nothing scrolls sideways on a 360-pixel screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: path.join(root, "test-results/lesson-log-360.png"), fullPage: true });

    // --- Correcting the 5А entry. ---
    await Promise.all([page.waitForURL(/\/school\/lessons\/\d+$/), entryA.click()]);
    const entryUrl = new URL(page.url()).pathname;
    expect((await page.getByRole("heading", { level: 1 }).textContent())?.replace(/\s+/g, " ").trim()).toBe(`5А · ${title}`);
    const present = page.getByLabel(ru["lessons.present"], { exact: true });
    expect(await present.inputValue()).toBe("");
    await present.fill("19");
    await Promise.all([
      page.waitForURL((u) => u.pathname === "/school/lessons" && u.search === ""),
      page.getByRole("button", { name: ru["lessonEntry.save"], exact: true }).click(),
    ]);
    await page.goto(entryUrl);
    expect(await page.getByLabel(ru["lessons.present"], { exact: true }).inputValue()).toBe("19");
    expect(await page.getByLabel(ru["lessons.minutes"], { exact: true }).inputValue()).toBe("90");

    // --- The class page shows the lesson as given. ---
    await page.goto("/school/classes");
    await Promise.all([page.waitForURL(/\/school\/classes\/\d+$/), page.getByRole("link", { name: "5А", exact: true }).click()]);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toContain(fill(ru["classes.classTitle"], { class: "5А" }));
    const row = page.locator("tr", { has: page.getByRole("cell", { name: title, exact: true }) });
    expect(await row.count()).toBe(1);
    expect((await row.locator("td").last().textContent())?.trim()).toBe(ru["classes.lessonStatus.done"]);
    expect((await row.getAttribute("class")) ?? "").toContain("status-done");
    const logged = page.locator("ul.entries li", { hasText: `${today} · ${title}` });
    expect(await logged.count()).toBe(1);
    const line = (await logged.textContent())?.replace(/\s+/g, " ") ?? "";
    expect(line).toContain(fill(ru["classes.minutesShort"], { minutes: 90 }));
    expect(line).toContain(fill(ru["lessons.pupils"], { count: 19 }));

    await context.close();
  });
});
