import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import SQLite from "better-sqlite3";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import caseModels from "../../content/case-models.json";
import reportOptions from "../../content/report-options.json";
import services from "../../content/services.json";
import { dictionaries, type Dictionary } from "../../app/i18n/dictionary";
import { PSYCHOLOGIST, SCHOOL, launchBrowser, signInOnPage, startServer, type RunningServer } from "./support";

// A KiVa case from an urgent anonymous report to the reporter's check-in, through the pages as
// people use them: the student without JavaScript, staff on a 360 px phone. The school's days
// move forward by restarting the server on the same data with a later SENIM_TODAY.

const OPENED_ON = "2026-11-23"; // the e2e config's day (a Monday)
const FOLLOW_UP_ON = "2026-12-07"; // past the follow-ups' 10 and 11 days
const CHECKIN_ON = "2026-12-28"; // KiVa asks the reporter 21 days after closing

const run = randomBytes(4).toString("hex");
const ru = dictionaries.ru;
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const kiva = caseModels.models.find((m) => m.id === "kiva")!;
type Lang = "kk" | "ru" | "en";
const stepLabel = (id: string, lang: Lang) => kiva.steps.find((s) => s.id === id)!.label[lang];
const contentLabel = (list: Array<{ id: string; label: Record<Lang, string> }>, id: string, lang: Lang) =>
  list.find((o) => o.id === id)!.label[lang];
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

let browser: Browser;
const servers: RunningServer[] = [];
let dataDir: string | undefined;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  for (const s of servers) await s.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

/** A server on the shared data directory, its school calendar at `today`. */
async function serverOn(today: string): Promise<RunningServer> {
  for (const s of servers) await s.stop();
  servers.length = 0;
  const server = await startServer({ dataDir, keepData: true, env: { SENIM_TODAY: today } });
  dataDir = server.dataDir;
  servers.push(server);
  return server;
}

/** A phone: 360 px wide; CSP bypassed only so axe can be injected (the pages' own scripts run under it anyway). */
function phone(server: RunningServer, options: { javaScriptEnabled?: boolean } = {}): Promise<BrowserContext> {
  return browser.newContext({
    baseURL: server.baseUrl,
    viewport: { width: 360, height: 740 },
    locale: "ru-RU",
    bypassCSP: true,
    ...options,
  });
}

async function dictionaryOf(page: Page): Promise<{ dict: Dictionary; lang: Lang }> {
  const lang = (await page.locator("html").getAttribute("lang")) as Lang;
  return { dict: dictionaries[lang], lang };
}

type Violation = { id: string; impact: string | null; help: string; nodes: Array<{ target: string[] }> };

/** Serious or critical WCAG 2.1 AA violations as axe-core sees them, and whether the page scrolls sideways. */
async function accessibilityProblems(page: Page, what: string): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: Violation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    return result.violations;
  });
  const problems = violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${what}: ${v.id} (${v.help}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  if (width > 360) problems.push(`${what}: ${width} px wide`);
  return problems;
}

async function openDetails(details: Locator): Promise<void> {
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await details.locator("> summary").click();
}

/** The task of a step on the case page (or "my tasks"), by the step's label and the person it concerns. */
function taskItem(page: Page, step: string, person?: string): Locator {
  const item = page.locator("li.task").filter({ has: page.locator("h2, h3", { hasText: new RegExp(`^${escape(step)}( ·|$)`) }) });
  return person ? item.filter({ hasText: person }) : item;
}

/** Writes a step down through its form: who took part, what was said, a follow-up's answer. */
async function recordStep(
  page: Page,
  task: Locator,
  dict: Dictionary,
  fields: { participants: string; contentLabel: string; content: string; result?: string },
) {
  await openDetails(task.locator("details").filter({ has: page.locator("summary", { hasText: dict["cases.record.title"] }) }));
  await task.getByLabel(dict["cases.record.participants"], { exact: true }).fill(fields.participants);
  if (fields.result) await task.getByLabel(fields.result, { exact: true }).check();
  await task.getByLabel(fields.contentLabel, { exact: true }).fill(fields.content);
  await task.getByRole("button", { name: dict["cases.record.save"], exact: true }).click();
}

const people = {
  target: { name: `Айгерім Сапарова ${run}`, role: "target", classLabel: "5А", notes: "Жиі жылайды, үзілісте жалғыз." },
  initiator: { name: `Данияр Қасымов ${run}`, role: "initiator", classLabel: "5А", notes: "" },
  supporter1: { name: `Мадина Ерланова ${run}`, role: "peer_supporter", classLabel: "5А", notes: "" },
  supporter2: { name: `Арман Болатов ${run}`, role: "peer_supporter", classLabel: "5А", notes: "" },
};
const targetDiscussion = `Айгерім айтты: үзілісте мазақтайды, телефонын алып қояды. Біз оны қорғайтынымызды айттық. (${run}-target)`;
const commitments = `Данияр уәде берді: мазақтамайды, телефонды алмайды, үзілісте Айгерімге жақындамайды. (${run}-commitments)`;
const referralNote = `Психолог тексерді: отбасы қайта айтып бермеуі керек. (${run}-reviewed)`;
const serviceAction = `Провели три консультации с ребёнком и одну с мамой. (${run}-action)`;
const serviceOutcome = `Тревожность снизилась, ребёнок посещает школу, рекомендовано наблюдение. (${run}-outcome)`;

describe("casework in a real browser", () => {
  test("a KiVa case from an urgent report: report → case → screening → both discussions → referral answered → follow-ups due → closed → the reporter's check-in", async () => {
    const problems: string[] = [];

    // ---- Day 1: the student's urgent report, on a phone without JavaScript.
    let server = await serverOn(OPENED_ON);
    const student = await phone(server, { javaScriptEnabled: false });
    const sp = await student.newPage();
    await sp.goto(`/r/${SCHOOL}?lang=ru`);
    await sp.getByLabel(contentLabel(reportOptions.reporterRoles, "self", "ru"), { exact: true }).check();
    await sp.getByLabel(contentLabel(reportOptions.categories, "verbal", "ru"), { exact: true }).check();
    await sp.getByLabel(contentLabel(reportOptions.categories, "suicide_self_harm", "ru"), { exact: true }).check();
    await sp
      .getByLabel(ru["report.where"], { exact: true })
      .selectOption({ label: contentLabel(reportOptions.locations, "corridor", "ru") });
    await sp
      .getByLabel(ru["report.howOften"], { exact: true })
      .selectOption({ label: contentLabel(reportOptions.frequencies, "daily", "ru") });
    await sp.getByLabel(ru["report.since"], { exact: true }).selectOption({ label: contentLabel(reportOptions.since, "months", "ru") });
    await sp
      .getByLabel(ru["report.description"], { exact: true })
      .fill(`Меня каждый день дразнят в коридоре, я не хочу жить. (${run}-report)`);
    await sp.getByRole("button", { name: ru["report.send"], exact: true }).click();
    const receipt = sp.locator(".receipt-code");
    await receipt.waitFor();
    const code = ((await receipt.textContent()) ?? "").replace(/\s+/g, "");
    expect(code).toMatch(/^\d{16}$/);
    expect(await sp.locator("section.urgent").count()).toBe(1);
    await student.close();

    // ---- The psychologist, on a phone: the urgent report first in the inbox, a case opened from it.
    let staff = await phone(server);
    let pp = await staff.newPage();
    await signInOnPage(pp, PSYCHOLOGIST);
    await pp.waitForURL(/\/school\/reports$/);
    const { dict, lang } = await dictionaryOf(pp);
    const first = pp.locator("ol.inbox > li").first();
    expect((await first.getAttribute("class")) ?? "").toContain("urgent");
    await first.locator("a").click();
    await pp.waitForURL(/\/school\/reports\/\d+$/);
    const reportPath = new URL(pp.url()).pathname;
    await pp.locator("p.body", { hasText: `${run}-report` }).waitFor();
    // The school runs KiVa, so that is the model offered.
    expect(await pp.getByLabel(dict["cases.model"], { exact: true }).inputValue()).toBe("kiva");
    await pp.getByRole("button", { name: dict["cases.report.open"], exact: true }).click();
    await pp.waitForURL(/\/school\/cases\/\d+/);
    const casePath = new URL(pp.url()).pathname;
    await pp.locator("#people").waitFor();
    expect(await pp.locator("h1 .badge").textContent()).toBe(dict["cases.status.screening"]);
    // The reporter's conversation stays one click away.
    expect(await pp.locator(`#top a[href="${reportPath}"]`).count()).toBe(1);

    // People, each with their own role.
    const addForm = pp.locator("#people > details");
    for (const person of Object.values(people)) {
      await openDetails(addForm);
      await addForm.getByLabel(dict["cases.person.name"], { exact: true }).fill(person.name);
      await addForm
        .getByLabel(dict["cases.person.role"], { exact: true })
        .selectOption({ label: contentLabel(caseModels.personRoles, person.role, lang) });
      await addForm.getByLabel(dict["cases.person.class"], { exact: true }).fill(person.classLabel);
      if (person.notes) await addForm.getByLabel(dict["cases.person.notes"], { exact: true }).fill(person.notes);
      await addForm.getByRole("button", { name: dict["cases.person.addSubmit"], exact: true }).click();
      await pp.locator("#people li strong", { hasText: person.name }).waitFor();
    }
    const listed = await pp.locator("#people ul.entries > li").allTextContents();
    for (const person of Object.values(people)) {
      expect(listed.some((t) => t.includes(person.name) && t.includes(contentLabel(caseModels.personRoles, person.role, lang)))).toBe(true);
    }

    // Screening: all three criteria, bullying → the KiVa steps become tasks.
    for (const c of caseModels.screeningCriteria) await pp.getByLabel(c.label[lang], { exact: true }).check();
    await pp.getByLabel(contentLabel(caseModels.screeningResults, "bullying", lang), { exact: true }).check();
    await pp.getByRole("button", { name: dict["cases.screening.save"], exact: true }).click();
    await pp.locator("#tasks").waitFor();
    expect(await pp.locator("h1 .badge").textContent()).toBe(dict["cases.status.open"]);
    const targetTask = taskItem(pp, stepLabel("discussion_target", lang), people.target.name);
    const initiatorTask = taskItem(pp, stepLabel("discussion_initiator", lang), people.initiator.name);
    await expect(targetTask.count()).resolves.toBe(1);
    await expect(initiatorTask.count()).resolves.toBe(1);
    problems.push(...(await accessibilityProblems(pp, "case page with tasks")));

    // The discussion with the target, then the individual discussion with the initiator and their commitments.
    await recordStep(pp, targetTask, dict, {
      participants: "Психолог, Айгерім",
      contentLabel: dict["cases.record.content.discussion"],
      content: targetDiscussion,
    });
    await pp.locator("#chronology p.body", { hasText: targetDiscussion }).waitFor();
    await recordStep(pp, initiatorTask, dict, {
      participants: "Психолог, Данияр",
      contentLabel: dict["cases.record.commitments"],
      content: commitments,
    });
    await pp.locator("#chronology p.body", { hasText: commitments }).waitFor();
    await expect(targetTask.count()).resolves.toBe(0);
    await expect(initiatorTask.count()).resolves.toBe(0);

    // A screenshot as evidence: stored, listed with the SHA-256 of exactly the bytes sent.
    await pp.goto(`${casePath}/evidence`);
    const screenshot = Buffer.from(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
      "base64",
    );
    await pp
      .getByLabel(dict["caseRecords.evidence.file"], { exact: true })
      .setInputFiles({ name: "chat.png", mimeType: "image/png", buffer: screenshot });
    await pp.getByLabel(dict["caseRecords.evidence.descriptionLabel"], { exact: true }).fill("Сынып чатынан скриншот");
    await pp.getByRole("button", { name: dict["caseRecords.evidence.submit"], exact: true }).click();
    await pp.waitForURL(/added/);
    await pp.locator("main code", { hasText: createHash("sha256").update(screenshot).digest("hex") }).waitFor();

    // The case's other pages, on the same phone.
    for (const page of ["/school/cases", `${casePath}/evidence`, `${casePath}/transfer`]) {
      await pp.goto(page);
      problems.push(...(await accessibilityProblems(pp, page)));
    }

    // A referral: consent recorded, the generated summary reviewed and edited, then sent.
    await pp.goto(`${casePath}/referrals`);
    problems.push(...(await accessibilityProblems(pp, "the case's referrals")));
    const summary = pp.getByLabel(dict["referrals.summary"], { exact: true });
    const generated = await summary.inputValue();
    // The summary is written from the case: the people with their roles and the recorded discussion.
    expect(generated).toContain(people.target.name);
    expect(generated).toContain(commitments);
    const centreName = services.seed.find((n) => n.kind === "psych_centre")!.name[lang].replace(", {region}", "");
    const serviceSelect = pp.getByLabel(dict["referrals.service"], { exact: true });
    const centreOption = await serviceSelect.locator("option", { hasText: centreName }).getAttribute("value");
    await serviceSelect.selectOption(centreOption!);
    await pp.getByLabel(dict["referrals.basis.consent"], { exact: true }).check();
    await pp.getByLabel(dict["referrals.guardianConsent"], { exact: true }).fill("Анасы Сапарова Г. 23.11 телефон арқылы келісім берді.");
    await pp.getByLabel(dict["referrals.childVoice"], { exact: true }).fill("Айгерім психологпен сөйлескісі келеді.");
    await summary.fill(`${generated}\n\n${referralNote}`);
    await pp.getByLabel(dict["referrals.reviewed"], { exact: true }).check();
    await pp.getByRole("button", { name: dict["referrals.send"], exact: true }).click();
    await pp.waitForURL(/sent/);
    await pp.getByText(dict["referrals.sentNotice"], { exact: true }).waitFor();

    // ---- The service: only its own referrals; it accepts, records what it did and the outcome.
    const serviceContext = await phone(server);
    const svc = await serviceContext.newPage();
    await signInOnPage(svc, "service@demo.senim.kz");
    await svc.waitForURL(/\/service\/referrals$/);
    const s = (await dictionaryOf(svc)).dict;
    await svc.locator("main li a[href^='/service/referrals/']").first().click();
    await svc.waitForURL(/\/service\/referrals\/\d+$/);
    const referralPath = new URL(svc.url()).pathname;
    // The reviewed summary, as sent (client navigation changes the address before the page).
    await svc.locator("main", { hasText: referralNote }).waitFor();
    problems.push(...(await accessibilityProblems(svc, "service referral, to answer")));
    await svc.getByRole("button", { name: s["referrals.view.accept"], exact: true }).click();
    await svc.getByLabel(s["referrals.view.actionTaken"], { exact: true }).fill(serviceAction);
    await svc.getByLabel(s["referrals.view.outcome"], { exact: true }).fill(serviceOutcome);
    await svc.getByRole("button", { name: s["referrals.view.completeButton"], exact: true }).click();
    await svc.locator("main dd", { hasText: serviceOutcome }).waitFor();
    problems.push(...(await accessibilityProblems(svc, "service referral, answered")));
    await serviceContext.close();

    // Another service's staff get 404 on that referral, like a missing one.
    const otherService = await phone(server);
    const svc2 = await otherService.newPage();
    await signInOnPage(svc2, "service2@demo.senim.kz");
    await svc2.waitForURL(/\/service\/referrals$/);
    await svc2.locator("main h1").waitFor();
    expect(await svc2.locator(`a[href="${referralPath}"]`).count()).toBe(0);
    expect((await svc2.goto(referralPath))?.status()).toBe(404);
    await otherService.close();

    // The outcome lands in the school's case.
    await pp.goto(casePath);
    await pp.locator("#chronology p.body", { hasText: serviceOutcome }).waitFor();
    expect(await pp.locator("#chronology li", { hasText: dict["cases.event.referral_completed"] }).count()).toBe(1);
    await staff.close();

    // ---- Two weeks later: the follow-ups are due and stand out.
    server = await serverOn(FOLLOW_UP_ON);
    staff = await phone(server);
    pp = await staff.newPage();
    await signInOnPage(pp, PSYCHOLOGIST);
    await pp.waitForURL(/\/school\/reports$/);
    // Home contact and both follow-ups are the psychologist's; the peer supporters are the class teacher's.
    const banner = pp.locator("p.problem a[href='/staff/tasks']");
    await expect(banner.textContent()).resolves.toBe(dict["cases.tasksOverdueBanner"].replace("{count}", "3"));
    await banner.click();
    await pp.waitForURL(/\/staff\/tasks$/);
    const followUpTarget = taskItem(pp, stepLabel("follow_up_target", lang), people.target.name);
    await expect(followUpTarget.locator(".badge.danger").textContent()).resolves.toBe(dict["cases.overdue"]);
    problems.push(...(await accessibilityProblems(pp, "my tasks")));

    // The follow-ups, written down on "my tasks": it stopped; the initiator kept his word.
    await recordStep(pp, followUpTarget, dict, {
      participants: "Психолог, Айгерім",
      contentLabel: dict["cases.record.content.follow_up"],
      content: `Айгерім: енді мазақтамайды. (${run}-followup)`,
      result: contentLabel(caseModels.followUpResults, "stopped", lang),
    });
    await pp.waitForURL(/recorded/);
    await followUpTarget.waitFor({ state: "detached" });
    const followUpInitiator = taskItem(pp, stepLabel("follow_up_initiator", lang), people.initiator.name);
    await recordStep(pp, followUpInitiator, dict, {
      participants: "Психолог, Данияр",
      contentLabel: dict["cases.record.content.follow_up"],
      content: `Данияр уәдесін орындады. (${run}-kept)`,
      result: contentLabel(caseModels.followUpResults, "stopped", lang),
    });
    await followUpInitiator.waitFor({ state: "detached" });

    // The class teacher (not signed in before, no second factor) names the peer supporters on her own "my tasks".
    const teacherContext = await phone(server);
    const tp = await teacherContext.newPage();
    await signInOnPage(tp, "teacher@demo.senim.kz");
    await tp.goto("/staff/tasks");
    const td = (await dictionaryOf(tp)).dict;
    const tlang = (await dictionaryOf(tp)).lang;
    const supporters = taskItem(tp, stepLabel("peer_supporters", tlang), people.target.name);
    await expect(supporters.locator(".badge.danger").textContent()).resolves.toBe(td["cases.overdue"]);
    expect(await tp.locator("li.task").count()).toBe(1);
    await recordStep(tp, supporters, td, {
      participants: "Классный руководитель 5А",
      contentLabel: td["cases.record.content.note"],
      content: `Поддерживают: ${people.supporter1.name}, ${people.supporter2.name}. (${run}-supporters)`,
    });
    await tp.waitForURL(/recorded/);
    await tp.getByText(td["cases.tasks.empty"], { exact: true }).waitFor();
    await teacherContext.close();

    // Closing with the outcome.
    await pp.goto(casePath);
    await pp
      .getByLabel(dict["cases.close.outcome"], { exact: true })
      .selectOption({ label: contentLabel(caseModels.outcomes, "stopped", lang) });
    await pp.getByLabel(dict["cases.close.note"], { exact: true }).fill(`Буллинг тоқтады, қолдау жалғасады. (${run}-closed)`);
    await pp.getByRole("button", { name: dict["cases.close.save"], exact: true }).click();
    await pp.locator("h1 .badge", { hasText: dict["cases.status.closed"] }).waitFor();
    const chronology = await pp.locator("#chronology").textContent();
    for (const needle of [targetDiscussion, commitments, serviceOutcome, `${run}-followup`, `${run}-supporters`, `${run}-closed`])
      expect(chronology).toContain(needle);
    await staff.close();

    // The same day, the reporter is not asked yet: the question waits for the configured weeks.
    const early = await phone(server, { javaScriptEnabled: false });
    const ep = await early.newPage();
    await ep.goto("/status?lang=ru");
    await ep.getByLabel(ru["status.codeLabel"], { exact: true }).fill(code);
    await ep.getByRole("button", { name: ru["status.open"], exact: true }).click();
    await ep.getByRole("heading", { name: ru["status.conversation"], exact: true }).waitFor();
    expect(await ep.locator("#checkin-question").count()).toBe(0);
    await early.close();

    // ---- Three weeks after closing: the reporter is asked through /status and says it stopped.
    server = await serverOn(CHECKIN_ON);
    const reporter = await phone(server, { javaScriptEnabled: false });
    const rp = await reporter.newPage();
    await rp.goto("/status?lang=ru");
    await rp.getByLabel(ru["status.codeLabel"], { exact: true }).fill(code);
    await rp.getByRole("button", { name: ru["status.open"], exact: true }).click();
    await rp.locator("#checkin-question").waitFor();
    expect(await rp.locator("#checkin-question").textContent()).toBe(ru["caseRecords.checkin.question"]);
    await rp.getByRole("button", { name: ru["caseRecords.checkin.stopped"], exact: true }).click();
    await rp.getByText(ru["caseRecords.checkin.thanksStopped"], { exact: true }).waitFor();
    expect(await rp.locator("#checkin-question").count()).toBe(0);
    expect(await reporter.cookies()).toEqual([]);
    await reporter.close();

    // The answer is in the case's chronology; the case stays closed.
    staff = await phone(server);
    pp = await staff.newPage();
    await signInOnPage(pp, PSYCHOLOGIST);
    await pp.goto(casePath);
    const checkin = pp.locator("#chronology li", { hasText: dict["cases.event.checkin"] });
    await expect(checkin.textContent()).resolves.toContain(dict["cases.checkin.stopped"]);
    expect(await pp.locator("h1 .badge").textContent()).toBe(dict["cases.status.closed"]);
    await staff.close();

    const db = new SQLite(path.join(server.dataDir, "akmola.sqlite"), { readonly: true });
    try {
      const id = Number(casePath.split("/").pop());
      expect(db.prepare("select status, outcome, checkin_answer from cases where id = ?").get(id)).toEqual({
        status: "closed",
        outcome: "stopped",
        checkin_answer: "stopped",
      });
    } finally {
      db.close();
    }
    expect(problems).toEqual([]);
  }, 300_000);

  test("the other casework pages pass axe at 360 px: incoming transfers, the district's and region's referral pages, the service directory", async () => {
    const server = await serverOn(OPENED_ON);
    const problems: string[] = [];
    for (const [email, paths] of [
      ["school-admin@demo.senim.kz", ["/school/transfers", "/staff/tasks", "/school/cases"]],
      ["district@demo.senim.kz", ["/district/referrals"]],
      ["region@demo.senim.kz", ["/district/referrals", "/region/services"]],
      ["service2@demo.senim.kz", ["/service/referrals"]],
    ] as const) {
      const context = await phone(server);
      const page = await context.newPage();
      await signInOnPage(page, email);
      for (const p of paths) {
        const res = await page.goto(p);
        expect(res?.status(), `${email} ${p}`).toBe(200);
        problems.push(...(await accessibilityProblems(page, `${email} ${p}`)));
      }
      await context.close();
    }
    expect(problems).toEqual([]);
  });
});
