import fs from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { ru } from "../../app/i18n/ru";
import { kk } from "../../app/i18n/kk";
import { signInOnPage, withServerAndBrowser, PSYCHOLOGIST } from "./support";

// The anonymous class survey end to end: the psychologist opens one for 5А and reads its code;
// ten students answer on phones with no JavaScript, and no cookie is ever set; the results
// (victims and bullies at 2–3 times a month or more, against the 6.8 % baseline) appear only
// from the tenth answer, and the district official sees the prevalence beside report counts.
const env = withServerAndBrowser();
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const found = await page.evaluate(async () => {
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
  return found
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

describe("class survey", () => {
  test("from a class code to results, anonymously", async () => {
    const staff = await env.browser.newContext({ baseURL: env.server.baseUrl, viewport: { width: 1280, height: 900 } });
    const pp = await staff.newPage();
    await signInOnPage(pp, PSYCHOLOGIST, { lang: "ru" });
    await pp.goto("/school/surveys?lang=ru");
    await pp.locator("#classId").selectOption({ label: "5А" });
    await pp.getByRole("button", { name: ru["surveys.openButton"], exact: true }).click();
    const notice = pp.locator("p.notice[data-code]");
    await notice.waitFor();
    const code = (await notice.getAttribute("data-code"))!;
    expect(code).toMatch(/^AK-[2-9A-HJKMNP-Z]{5}$/);

    // Ten students: three bullied weekly (one of them also bullies others), the rest not at all.
    for (let i = 0; i < 10; i++) {
      const phone = await env.browser.newContext({
        baseURL: env.server.baseUrl,
        viewport: { width: 360, height: 740 },
        javaScriptEnabled: false,
      });
      const page = await phone.newPage();
      await page.goto("/survey?lang=kk");
      // Typed as a Kazakh keyboard might: lower case, Cyrillic look-alikes where they exist, no dash.
      await page
        .getByLabel(kk["survey.codeLabel"], { exact: true })
        .fill(code.replace("-", "").toLowerCase().replace("a", "а").replace("k", "к"));
      await page.getByRole("button", { name: kk["survey.start"], exact: true }).click();
      await page
        .getByRole("group", { name: kk["survey.beenBullied"] })
        .getByLabel(kk[i < 3 ? "survey.frequency.weekly" : "survey.frequency.never"], { exact: true })
        .check();
      if (i === 0) {
        // Forgetting a question keeps the answers given and says what is missing.
        await page.getByRole("button", { name: kk["survey.submit"], exact: true }).click();
        await page.locator("#bulliedOthers-error").waitFor();
        expect(
          await page
            .getByRole("group", { name: kk["survey.beenBullied"] })
            .getByLabel(kk["survey.frequency.weekly"], { exact: true })
            .isChecked(),
        ).toBe(true);
      }
      await page
        .getByRole("group", { name: kk["survey.bulliedOthers"] })
        .getByLabel(kk[i === 0 ? "survey.frequency.two_three_month" : "survey.frequency.never"], { exact: true })
        .check();
      if (i < 3) await page.getByLabel(kk["survey.form.cyber"], { exact: true }).check();
      await page
        .getByRole("group", { name: kk["survey.trustedAdult"] })
        .getByLabel(kk[i < 6 ? "survey.trusted.yes" : "survey.trusted.no"], { exact: true })
        .check();
      await page.getByRole("button", { name: kk["survey.submit"], exact: true }).click();
      await page.getByText(kk["survey.thanks"]).waitFor();
      expect(await phone.cookies()).toEqual([]);
      await phone.close();

      if (i === 8) {
        await pp.goto("/school/surveys?lang=ru");
        const row = pp.locator(`tr[data-survey="${code}"]`);
        expect(await row.locator("td").nth(1).textContent()).toBe("9");
        expect(await row.textContent()).toContain(ru["surveys.tooFew"]);
      }
    }

    await pp.goto("/school/surveys?lang=ru");
    const row = pp.locator(`tr[data-survey="${code}"]`);
    expect(await row.locator("td").nth(1).textContent()).toBe("10");
    const percent = (x: number) => new Intl.NumberFormat("ru", { style: "percent", maximumFractionDigits: 1 }).format(x);
    expect(await row.locator("td.victims strong").textContent()).toBe(percent(0.3));
    expect(await row.locator("td.victims").textContent()).toContain(percent(0.068));
    // Last year's 5th grade (the demo's closed survey): 4 of 24 bullied 2–3 times a month or more.
    expect(await row.locator("td.victims").textContent()).toContain(ru["surveys.lastYear"].replace("{percent}", percent(4 / 24)));
    expect(await row.locator("td.bullies").textContent()).toBe(percent(0.1));
    expect(await row.locator("td.trusted").textContent()).toBe(percent(0.6));
    await staff.close();

    // The district official (AK-7K3M is in district 1) sees the survey beside the report counts.
    const official = await env.browser.newContext({ baseURL: env.server.baseUrl, viewport: { width: 1280, height: 900 } });
    const op = await official.newPage();
    await signInOnPage(op, "district@demo.senim.kz", { lang: "ru" });
    await op.goto("/district/dashboard?lang=ru");
    const summary = await op.locator(".survey-summary").textContent();
    expect(summary).toContain(ru["dash.survey.respondents"].replace("{count}", "10"));
    expect(summary).toContain(ru["dash.survey.victims"].replace("{percent}", percent(0.3)).replace("{baseline}", percent(0.068)));
    await official.close();
  });

  test("an unknown or closed code is a 404 with the form again, in words", async () => {
    const phone = await env.browser.newContext({ baseURL: env.server.baseUrl, javaScriptEnabled: false });
    const page = await phone.newPage();
    const res = await page.goto("/survey?lang=ru&code=AK-22222");
    expect(res?.status()).toBe(404);
    expect(await page.locator("#code-error").textContent()).toBe(ru["survey.notFound"]);
    expect(await phone.cookies()).toEqual([]);
    await phone.close();
  });

  test("the survey pages pass axe on a 360 px phone in kk, ru and en", async () => {
    const staff = await env.browser.newContext({ baseURL: env.server.baseUrl, viewport: { width: 360, height: 740 }, bypassCSP: true });
    const pp = await staff.newPage();
    await signInOnPage(pp, PSYCHOLOGIST, { lang: "kk" });
    await pp.goto("/school/surveys");
    await pp.locator("#grade").selectOption("7");
    await pp.locator("form button.button").first().click();
    const code = (await pp.locator("p.notice[data-code]").getAttribute("data-code"))!;
    const problems: string[] = (await seriousViolations(pp)).map((p) => `/school/surveys: ${p}`);
    const phone = await env.browser.newContext({ baseURL: env.server.baseUrl, viewport: { width: 360, height: 740 }, bypassCSP: true });
    const page = await phone.newPage();
    for (const lang of ["kk", "ru", "en"]) {
      await page.goto(`/survey?lang=${lang}`);
      problems.push(...(await seriousViolations(page)).map((p) => `${lang} code form: ${p}`));
      await page.goto(`/survey?lang=${lang}&code=${code}`);
      await page.locator('form[method="post"] button[type="submit"]').click();
      await page.locator("#beenBullied-error").waitFor();
      problems.push(...(await seriousViolations(page)).map((p) => `${lang} questions with errors: ${p}`));
    }
    expect(problems).toEqual([]);
    await phone.close();
    await staff.close();
  });
});
