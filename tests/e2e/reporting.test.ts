import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import type { Browser, BrowserContext, Page, Response } from "playwright-core";
import { describe, expect, test } from "vitest";
import reportOptions from "../../content/report-options.json";
import { dictionaries, type Dictionary } from "../../app/i18n/dictionary";
import {
  OTHER_SCHOOL,
  PSYCHOLOGIST,
  PSYCHOLOGIST2,
  SCHOOL,
  filesUnder,
  reportFormToken,
  root,
  storedReceiptHash,
  signInOnPage,
  withServerAndBrowser,
} from "./support";

const ru = dictionaries.ru;
const option = (list: Array<{ id: string; label: { ru: string } }>, id: string) => {
  const found = list.find((o) => o.id === id);
  if (!found) throw new Error(`No option ${id} in content/report-options.json`);
  return found.label.ru;
};

/** One sentence each of Kazakh, Russian and Uzbek, taken from the news texts in the fixtures. */
function multilingualText(): { kk: string; ru: string; uz: string } {
  const dir = path.resolve(root, "tests/fixtures/seeds");
  const texts = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => f.endsWith(".txt"))
        .sort()
        .map((f) => fs.readFileSync(path.join(dir, f), "utf8"))
    : [];
  const sentences = (t: string) =>
    t
      .split(/(?<=[.!?])\s+/)
      .map((s) => s.replace(/\s+/g, " ").trim().normalize("NFC"))
      .filter((s) => s.length > 40 && s.length < 260);
  const uzText = texts.find((t) => /[ўҳ]/.test(t));
  const uz =
    (uzText && sentences(uzText).find((s) => /[ўҳ]/.test(s))) ?? "Мен ҳар куни мактабда ҳақоратланяпман, ўқитувчига айтишдан қўрқаман.";
  const kkText = texts.find((t) => !/[ўҳ]/.test(t) && /[әөұүң]/.test(t));
  const kk =
    (kkText && sentences(kkText).find((s) => /[әөұүң]/.test(s))) ?? "Сыныптастарым мені күн сайын мазақтайды, мұғалімге айтуға қорқамын.";
  const ruText = texts.find((t) => !/[әөұүңқғўҳі]/.test(t) && /[ыэщ]/.test(t));
  const ruSentence = (ruText && sentences(ruText).find((s) => /[ыэщ]/.test(s))) ?? "Меня дразнят каждый день, и я боюсь сказать учителю.";
  return { kk, ru: ruSentence, uz };
}

const seeds = multilingualText();
const run = randomBytes(4).toString("hex");
/** The urgent report's free text: Kazakh, Russian, Uzbek and an emoji outside the BMP. */
const urgentText = `${seeds.kk} ${seeds.ru} ${seeds.uz} 😢🆘 (${run})`;
const calmText = `Просто хочу, чтобы учитель знал: в столовой толкаются. Асханада итереді. (${run}-calm)`;
const otherSchoolText = `Report for the other school (${run}-other)`;
const replyText = `Сәлем! Здравствуй, мы прочитали твоё сообщение и хотим помочь. 🤝 (${run}-reply)`;
const followUpText = `Рахмет! Спасибо, сегодня снова было плохо. Раҳмат 🙏 (${run}-followup)`;

const env = withServerAndBrowser();

/** A form post as a phone would send it, from a chosen local address and with a chosen user agent. */
function postFrom(
  localAddress: string,
  userAgent: string,
  pathname: string,
  form: Record<string, string>,
): Promise<{ status: number; body: string }> {
  const body = new URLSearchParams(form).toString();
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port: env.server.port,
        path: pathname,
        method: "POST",
        localAddress,
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "content-length": Buffer.byteLength(body),
          "user-agent": userAgent,
          origin: env.server.baseUrl,
          host: new URL(env.server.baseUrl).host,
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

function studentContext(extra: Parameters<Browser["newContext"]>[0] = {}): Promise<BrowserContext> {
  return env.browser.newContext({
    baseURL: env.server.baseUrl,
    javaScriptEnabled: false,
    viewport: { width: 360, height: 740 },
    locale: "ru-RU",
    ...extra,
  });
}

type ReportFields = { who: string; what: string[]; where: string; often: string; since: string; text: string };

/** Fills the Russian report form by its visible labels and sends it; returns the receipt page's facts. */
async function sendReport(page: Page, school: string, r: ReportFields) {
  const res = await page.goto(`/r/${school}?lang=ru`);
  expect(res?.status()).toBe(200);
  await page.getByLabel(r.who, { exact: true }).check();
  for (const w of r.what) await page.getByLabel(w, { exact: true }).check();
  await page.getByLabel(ru["report.where"], { exact: true }).selectOption({ label: r.where });
  await page.getByLabel(ru["report.howOften"], { exact: true }).selectOption({ label: r.often });
  await page.getByLabel(ru["report.since"], { exact: true }).selectOption({ label: r.since });
  await page.getByLabel(ru["report.description"], { exact: true }).fill(r.text);
  const [response] = await Promise.all([
    page.waitForResponse((x) => x.request().method() === "POST" && x.url().includes(`/r/${school}`)),
    page.getByRole("button", { name: ru["report.send"], exact: true }).click(),
  ]);
  expect(response.status(), `POST /r/${school} failed; server log:\n${env.server.log()}`).toBe(200);
  const receipt = page.locator(".receipt-code");
  await receipt.waitFor();
  const code = ((await receipt.textContent()) ?? "").replace(/\s+/g, "");
  expect(code).toMatch(/^\d{16}$/);
  const urgentBlock = page.locator("section.urgent");
  const urgent = (await urgentBlock.count()) > 0;
  return { code, urgent, urgentBlock };
}

async function dictionaryOf(page: Page): Promise<Dictionary> {
  const lang = (await page.locator("html").getAttribute("lang")) as keyof typeof dictionaries;
  const dict = dictionaries[lang];
  if (!dict) throw new Error(`Unexpected page language ${lang}`);
  return dict;
}

async function signIn(context: BrowserContext, email: string): Promise<Page> {
  const page = await context.newPage();
  // Password, then the six-digit code from the demo authenticator.
  await signInOnPage(page, email);
  await page.waitForURL(/\/school\/reports$/);
  // The staff layout (and with it the inbox) has rendered.
  await page.locator("nav.staff-nav").waitFor();
  await page.locator("section.card h1").waitFor();
  return page;
}

const calmReport: ReportFields = {
  who: option(reportOptions.reporterRoles, "witness"),
  what: [option(reportOptions.categories, "physical")],
  where: option(reportOptions.locations, "canteen"),
  often: option(reportOptions.frequencies, "once"),
  since: option(reportOptions.since, "days"),
  text: calmText,
};

const urgentReport: ReportFields = {
  who: "Это происходит со мной",
  what: [option(reportOptions.categories, "verbal"), option(reportOptions.categories, "suicide_self_harm")],
  where: option(reportOptions.locations, "corridor"),
  often: option(reportOptions.frequencies, "daily"),
  since: option(reportOptions.since, "months"),
  text: urgentText,
};

describe("the reporting loop in a real browser", () => {
  test("student reports without JavaScript, the psychologist replies, the student reads it, the other school cannot see it", async () => {
    // The labels the brief names are the ones in the content files.
    expect(urgentReport.who).toBe(option(reportOptions.reporterRoles, "self"));
    expect(urgentReport.what[0]).toMatch(/^Словесная/);
    expect(urgentReport.what[1]).toMatch(/^Мысли о самоубийстве/);
    expect(urgentText).toMatch(/[әөұүң]/); // Kazakh
    expect(urgentText).toMatch(/[ыэщ]/); // Russian
    expect(urgentText).toMatch(/[ўҳ]/); // Uzbek

    const student = await studentContext();
    const sp = await student.newPage();

    // A calm report first, so "urgent first" in the inbox is not just "oldest first".
    const calm = await sendReport(sp, SCHOOL, calmReport);
    expect(calm.urgent).toBe(false);
    expect(await sp.locator('a[href="tel:112"].button').count()).toBe(0);

    // A report to the other school, so psychologist2's inbox is not empty.
    const other = await sendReport(sp, OTHER_SCHOOL, { ...calmReport, text: otherSchoolText });
    expect(other.urgent).toBe(false);

    const urgent = await sendReport(sp, SCHOOL, urgentReport);
    expect(urgent.urgent).toBe(true);
    expect(urgent.code).not.toBe(calm.code);
    await expect(urgent.urgentBlock.locator('a[href="tel:112"]').textContent()).resolves.toBe("112");
    await expect(urgent.urgentBlock.locator('a[href="tel:111"]').textContent()).resolves.toBe("111");
    expect(await urgent.urgentBlock.textContent()).toContain(ru["receipt.urgentNow"]);

    // The psychologist of the school, JavaScript on, ordinary screen.
    const staff = await env.browser.newContext({ baseURL: env.server.baseUrl, viewport: { width: 1280, height: 900 }, locale: "ru-RU" });
    const cspViolations: string[] = [];
    staff.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
    const pp = await signIn(staff, PSYCHOLOGIST);
    // The CSP lets Remix's nonce'd scripts run: the page hydrates, and nothing was refused.
    await pp.waitForFunction(() => "__reactRouterDataRouter" in window);
    const items = pp.locator("ol.inbox > li");
    expect(await items.count()).toBe(2);
    const first = items.first();
    expect((await first.getAttribute("class")) ?? "").toContain("urgent");
    const href = await first.locator("a").getAttribute("href");
    expect(href).toMatch(/^\/school\/reports\/\d+$/);
    const reportUrl = href!;
    await first.locator("a").click();
    await pp.waitForURL((u) => u.pathname === reportUrl);
    const description = pp.locator("section.card.urgent p.body");
    await description.waitFor();
    expect(await description.textContent()).toBe(urgentText);
    const staffDict = await dictionaryOf(pp);
    await pp.getByLabel(staffDict["reportView.reply"], { exact: true }).fill(replyText);
    await pp.getByRole("button", { name: staffDict["reportView.send"], exact: true }).click();
    const staffMessage = pp.locator("ol.conversation li.staff p.body", { hasText: replyText });
    await staffMessage.waitFor();
    expect(await staffMessage.textContent()).toBe(replyText);
    // And it survives a reload (it was stored, not just rendered optimistically).
    await pp.reload();
    expect(await pp.locator("ol.conversation li.staff p.body").allTextContents()).toEqual([replyText]);

    // The other inbox item is the calm report and holds the calm text.
    await pp.goto("/school/reports");
    const hrefs = await pp.locator("ol.inbox > li a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    expect(hrefs).toHaveLength(2);
    expect(hrefs).toContain(reportUrl);
    const calmUrl = hrefs.find((h) => h !== reportUrl)!;
    expect((await pp.goto(calmUrl))?.status()).toBe(200);
    expect(await pp.locator("p.body").first().textContent()).toBe(calmText);

    // The student reads the reply with the code, still without JavaScript.
    await sp.goto("/status?lang=ru");
    await sp.getByLabel(ru["status.codeLabel"], { exact: true }).fill(urgent.code);
    await sp.getByRole("button", { name: ru["status.open"], exact: true }).click();
    const reply = sp.locator("ol.conversation li.staff p.body");
    await reply.waitFor();
    expect(await reply.allTextContents()).toEqual([replyText]);
    expect(cspViolations).toEqual([]);
    await sp.getByLabel(ru["status.addMessage"], { exact: true }).fill(followUpText);
    await sp.getByRole("button", { name: ru["status.send"], exact: true }).click();
    const mine = sp.locator("ol.conversation li.reporter p.body", { hasText: followUpText });
    await mine.waitFor();
    expect(await mine.textContent()).toBe(followUpText);
    expect(await sp.locator("ol.conversation li p.body").allTextContents()).toEqual([replyText, followUpText]);

    // The psychologist sees the follow-up.
    await pp.goto(reportUrl);
    expect(await pp.locator("ol.conversation li.reporter p.body").allTextContents()).toEqual([followUpText]);

    // No cookie ever reached the student's env.browser.
    expect(await student.cookies()).toEqual([]);
    // ...while the staff browser does hold its session (so the check above can tell).
    expect((await staff.cookies()).length).toBeGreaterThan(0);

    // Another school's psychologist: 404 on the URL, and not in the inbox.
    const staff2 = await env.browser.newContext({ baseURL: env.server.baseUrl, viewport: { width: 1280, height: 900 }, locale: "ru-RU" });
    const p2 = await signIn(staff2, PSYCHOLOGIST2);
    const links2 = await p2.locator("ol.inbox > li a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    expect(links2).toHaveLength(1);
    expect(links2).not.toContain(reportUrl);
    const goto404: Response | null = await p2.goto(reportUrl);
    expect(goto404?.status()).toBe(404);
    expect(await p2.content()).not.toContain(run);
    // Their own report does open, so the 404 above is about the school, not a broken page.
    const own = await p2.goto(links2[0]!);
    expect(own?.status()).toBe(200);
    expect(await p2.locator("p.body").first().textContent()).toBe(otherSchoolText);

    await Promise.all([student.close(), staff.close(), staff2.close()]);
  });

  test("student pages load no JavaScript and set no cookies", async () => {
    // JavaScript on: if a page linked a script, the browser would fetch it.
    const context = await env.browser.newContext({ baseURL: env.server.baseUrl, viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    const seen: Array<{ url: string; type: string }> = [];
    page.on("response", (r) => seen.push({ url: r.url(), type: r.headers()["content-type"] ?? "" }));
    const isJs = (x: { url: string; type: string }) =>
      /javascript|ecmascript/i.test(x.type) || /\.m?js(\?|$)/.test(new URL(x.url).pathname);

    for (const p of ["/", "/report", `/r/${SCHOOL}`, "/status"]) {
      seen.length = 0;
      const res = await page.goto(p, { waitUntil: "networkidle" });
      expect(res?.status(), p).toBe(200);
      expect(
        seen.some((x) => x.type.includes("text/css")),
        `${p} loads its stylesheet`,
      ).toBe(true);
      expect(seen.filter(isJs), p).toEqual([]);
      expect(await page.locator("script").count(), p).toBe(0);
    }
    expect(await context.cookies()).toEqual([]);

    // The staff sign-in page is hydrated: the same listener sees its scripts, so it can tell.
    seen.length = 0;
    await page.goto("/staff/sign-in", { waitUntil: "networkidle" });
    expect(seen.filter(isJs).length).toBeGreaterThan(0);
    await context.close();
  });

  test("neither the database nor the server log holds the reporter's browser or address", async () => {
    const agent = `SenimProbe/9.9 UniqueAgent-${randomBytes(8).toString("hex")}`;
    const marker = `probe-marker-${randomBytes(6).toString("hex")}`;
    const context = await studentContext({ userAgent: agent });
    const page = await context.newPage();
    // The server really receives the probe agent on every page request (GETs and POSTs).
    const agents: Array<Promise<string>> = [];
    page.on("request", (r) => {
      if (r.resourceType() === "document") agents.push(r.allHeaders().then((h) => h["user-agent"] ?? ""));
    });
    const sent = await sendReport(page, SCHOOL, { ...calmReport, text: `Anonymity probe ${marker}` });
    await page.goto("/status?lang=ru");
    await page.getByLabel(ru["status.codeLabel"], { exact: true }).fill(sent.code);
    await page.getByRole("button", { name: ru["status.open"], exact: true }).click();
    await page.getByLabel(ru["status.addMessage"], { exact: true }).fill(`Follow-up ${marker}`);
    await page.getByRole("button", { name: ru["status.send"], exact: true }).click();
    await page.locator("ol.conversation li.reporter").waitFor();
    expect(agents.length).toBeGreaterThan(4);
    expect([...new Set(await Promise.all(agents))]).toEqual([agent]);
    await context.close();
    // And from a distinctive address: Linux routes all of 127.0.0.0/8 to loopback, so a client
    // can send from an address nobody else uses.
    const address = `127.${41 + (randomBytes(1)[0]! % 200)}.${randomBytes(1)[0]! % 250}.${2 + (randomBytes(1)[0]! % 250)}`;
    const fromAddress = await postFrom(address, agent, `/r/${SCHOOL}`, {
      reporterRole: "self",
      categories: "verbal",
      location: "classroom",
      frequency: "weekly",
      since: "weeks",
      description: `Address probe ${marker}`,
      formToken: await reportFormToken(env.server.baseUrl),
    });
    expect(fromAddress.status).toBe(200);
    const secondCode = /class="receipt-code"[^>]*>([\d ]+)</.exec(fromAddress.body)![1]!.replace(/\s/g, "");
    expect((await postFrom(address, agent, "/status", { intent: "open", code: secondCode })).status).toBe(200);

    const files = filesUnder(env.server.dataDir);
    expect(files.some((f) => f.endsWith(".sqlite"))).toBe(true);
    const contents = files.map((f) => ({ f, text: fs.readFileSync(f).toString("latin1") }));
    // The grep can see what was written: both reports' receipt hashes are on disk (database or WAL);
    // their words are not: they are sealed (AES-256-GCM).
    for (const code of [sent.code, secondCode])
      expect(contents.some((c) => c.text.includes(storedReceiptHash(env.server.dataDir, code)))).toBe(true);
    expect(contents.some((c) => c.text.includes(marker))).toBe(false);

    const log = env.server.log();
    expect(log).toContain("listening"); // the log was captured
    for (const needle of [agent, "UniqueAgent", "SenimProbe", address, "127.0.0.1", "::1"]) {
      const hits = contents.filter((c) => c.text.includes(needle)).map((c) => path.basename(c.f));
      expect(hits, `"${needle}" found in ${hits.join(", ")}`).toEqual([]);
      expect(log.includes(needle), `"${needle}" in the server log`).toBe(false);
    }
  });
});
