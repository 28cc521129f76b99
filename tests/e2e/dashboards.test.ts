import fs from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, test } from "vitest";
import { signInOnPage, withServerAndBrowser } from "./support";

// The officials' dashboard in Chromium: charts drawn by chart.js under the real CSP (nonce'd
// modules only, no violation), tables of the same numbers, sort links that work without
// JavaScript, and WCAG 2.1 AA on a 360 px phone.
const env = withServerAndBrowser();
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

describe("officials' dashboard", () => {
  test("draws every chart with chart.js under the CSP, beside its table", async () => {
    const context = await env.browser.newContext({ baseURL: env.server.baseUrl, viewport: { width: 1280, height: 900 } });
    const violations: string[] = [];
    context.on("console", (m) => {
      if (/Content Security Policy|Refused/i.test(m.text())) violations.push(m.text());
    });
    const page = await context.newPage();
    page.on("pageerror", (e) => violations.push(String(e)));
    await signInOnPage(page, "region@demo.senim.kz", { lang: "ru" });
    await page.goto("/district/dashboard?lang=ru");
    await page.waitForFunction(() => "__reactRouterDataRouter" in window);
    // chart.js takes over each canvas (it sizes it and sets display: block through the CSSOM).
    await page.waitForFunction(() =>
      [...document.querySelectorAll(".chart canvas")].every((c) => (c as HTMLCanvasElement).style.display === "block"),
    );
    const charts = await page.locator(".chart canvas").count();
    expect(charts).toBe(8);
    expect(await page.locator("section[data-table] table").count()).toBe(8);
    expect(violations).toEqual([]);
    await context.close();
  });

  test("sorts the schools table by links, without JavaScript, and passes axe on a phone", async () => {
    const context = await env.browser.newContext({
      baseURL: env.server.baseUrl,
      viewport: { width: 360, height: 740 },
      javaScriptEnabled: false,
    });
    const page = await context.newPage();
    await signInOnPage(page, "district@demo.senim.kz", { lang: "kk" });
    await page.goto("/district/dashboard?lang=kk");
    await page.locator("#schools thead a").first().click();
    expect(new URL(page.url()).searchParams.get("sort")).toBe("name");
    const names = await page.locator("#schools tbody th").allTextContents();
    expect(names.length).toBeGreaterThan(1);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, "kk")));
    expect(await page.locator('#schools th[aria-sort="ascending"]').count()).toBe(1);
    // The filter form is a GET form: the period and grade band end up in the address.
    await page.locator('select[name="band"]').selectOption("lower");
    await page.locator(".dash-filters button[type=submit]").click();
    expect(new URL(page.url()).searchParams.get("band")).toBe("lower");
    await context.close();

    const axeContext = await env.browser.newContext({
      baseURL: env.server.baseUrl,
      viewport: { width: 360, height: 740 },
      bypassCSP: true,
    });
    const axePage = await axeContext.newPage();
    await signInOnPage(axePage, "district@demo.senim.kz", { lang: "kk" });
    const problems: string[] = [];
    for (const lang of ["kk", "ru", "en"]) {
      await axePage.goto(`/district/dashboard?lang=${lang}`);
      await axePage.addScriptTag({ content: axeSource });
      const found = await axePage.evaluate(async () => {
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
      problems.push(
        ...found
          .filter((v) => v.impact === "serious" || v.impact === "critical")
          .map((v) => `${lang} ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
      );
    }
    expect(problems).toEqual([]);
    await axeContext.close();
  });
});
