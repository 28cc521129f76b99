import { caseContent, caseModel, caseStep } from "~/content/case-models";
import { reportOptions, type ReportOption } from "~/content/content";
import { translate } from "~/i18n/i18n";
import type { Language } from "../../../db/schema";
import { casesVisibleTo, type Actor } from "../policy/policy.server";
import { localDateOf } from "~/domain/calendar/local-date";
import { formatDay } from "./referrals.server";

// The chronology entries a service needs to carry the case on. Notes, check-ins through
// /status and everything about the reporter stay with the school.
const SUMMARY_EVENTS = ["screened", "step", "escalated", "monitoring_started", "closed", "reopened"];

const labelOf = (options: ReportOption[], id: string | null, lang: Language) => {
  const o = options.find((x) => x.id === id);
  return o ? o.label[lang] : (id ?? "");
};

/** The screening criteria the team found: the screening entry keeps their ids, comma-separated, as its participants. */
function criteriaOf(participants: string): string[] {
  const ids = new Set(participants.split(/[\s,;]+/));
  return caseContent.screeningCriteria.filter((c) => ids.has(c.id)).map((c) => c.id);
}

/**
 * The case as a service needs it, written from the case record in the actor's language, for the
 * psychologist to review and correct before sending: programme, status and round, screening,
 * the people with their roles and classes, the steps taken with dates and what was agreed,
 * follow-up results, and what the linked reports were about (categories only). Nothing of the
 * anonymous reporter (who they are, their words, the conversation) is read. Undefined when the
 * actor may not read the case.
 */
export async function referralSummary(actor: Actor, caseId: number, lang: Language): Promise<string | undefined> {
  const t = (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) => translate(lang, key, vars);
  const visible = casesVisibleTo(actor).select("cases.id").where("cases.id", "=", caseId);
  const theCase = await actor.db
    .selectFrom("cases")
    .innerJoin("schools", "schools.id", "cases.school_id")
    .selectAll("cases")
    .select(["schools.name_kk", "schools.name_ru", "schools.name_en"])
    .where("cases.id", "in", visible)
    .executeTakeFirst();
  if (!theCase) return undefined;
  const [people, events, categories] = await Promise.all([
    actor.db.selectFrom("case_people").selectAll().where("case_id", "in", visible).orderBy("id").execute(),
    actor.db
      .selectFrom("case_events")
      .selectAll()
      .where("case_id", "in", visible)
      .where("kind", "in", SUMMARY_EVENTS)
      .orderBy("id")
      .execute(),
    actor.db
      .selectFrom("report_categories")
      .innerJoin("case_reports", "case_reports.report_id", "report_categories.report_id")
      .select("report_categories.category")
      .distinct()
      .where("case_reports.case_id", "in", visible)
      .execute(),
  ]);

  const school = lang === "kk" ? theCase.name_kk : lang === "ru" ? theCase.name_ru : theCase.name_en;
  const roleOf = (role: string) => labelOf(caseContent.personRoles, role, lang);
  const lines: string[] = [];
  lines.push(t("referrals.summary.heading", { id: theCase.id, school }));
  lines.push(t("referrals.summary.programme", { model: caseModel(theCase.model).label[lang] }));
  lines.push(t("referrals.summary.status", { status: t(`referrals.caseStatus.${theCase.status}`), round: theCase.round }));
  lines.push(t("referrals.summary.opened", { date: formatDay(lang, localDateOf(theCase.opened_at)) }));
  lines.push(
    theCase.origin === "report"
      ? t("referrals.summary.fromReport")
      : t("referrals.summary.fromConcern", { source: labelOf(caseContent.concernSources, theCase.concern_source, lang) }),
  );
  if (categories.length > 0) {
    lines.push(
      t("referrals.summary.categories", {
        categories: categories.map((c) => labelOf(reportOptions.categories, c.category, lang)).join("; "),
      }),
    );
  }
  if (theCase.screening_result) {
    const when = theCase.screened_at ? formatDay(lang, localDateOf(theCase.screened_at)) : "—";
    lines.push(
      t("referrals.summary.screening", { date: when, result: labelOf(caseContent.screeningResults, theCase.screening_result, lang) }),
    );
  }
  const screened = events.filter((e) => e.kind === "screened");
  const criteria = new Set(screened.flatMap((e) => criteriaOf(e.participants)));
  if (criteria.size > 0) {
    lines.push(
      t("referrals.summary.criteria", { criteria: [...criteria].map((c) => labelOf(caseContent.screeningCriteria, c, lang)).join("; ") }),
    );
  }

  lines.push("", t("referrals.summary.people"));
  if (people.length === 0) lines.push(`- ${t("referrals.summary.none")}`);
  for (const p of people) {
    lines.push(
      `- ${p.class_label ? t("referrals.summary.person", { role: roleOf(p.role), name: p.name, class: p.class_label }) : t("referrals.summary.personNoClass", { role: roleOf(p.role), name: p.name })}`,
    );
  }

  lines.push("", t("referrals.summary.steps"));
  // A screening is listed as a step only when the team wrote a note with it.
  const stepped = events.filter((e) => e.kind !== "screened" || e.content.trim());
  if (stepped.length === 0) lines.push(`- ${t("referrals.summary.none")}`);
  for (const e of stepped) {
    const day = formatDay(lang, e.held_on ?? localDateOf(e.at));
    const person = people.find((p) => p.id === e.person_id);
    let title: string;
    if (e.kind === "step") title = (e.step_id && caseStep(theCase.model, e.step_id)?.label[lang]) || (e.step_id ?? "");
    else title = t(`referrals.summary.event.${e.kind as "screened" | "escalated" | "monitoring_started" | "closed" | "reopened"}`);
    if (person) title = t("referrals.summary.stepWith", { step: title, person: `${person.name} (${roleOf(person.role)})` });
    lines.push(`- ${day} · ${title}`);
    if (e.participants && e.kind !== "screened") lines.push(`  ${t("referrals.summary.participants", { participants: e.participants })}`);
    const words = e.content.trim();
    if (words) lines.push(`  ${t("referrals.summary.recorded", { content: words.replace(/\s*\n\s*/g, " ") })}`);
    const isPlan = e.kind === "step" && e.step_id !== null && caseStep(theCase.model, e.step_id)?.records === "plan";
    if (e.result && isPlan) lines.push(`  ${t("referrals.summary.reviewBy", { date: formatDay(lang, e.result) })}`);
    else if (e.result && e.kind === "step")
      lines.push(`  ${t("referrals.summary.result", { result: labelOf(caseContent.followUpResults, e.result, lang) })}`);
    if (e.kind === "closed" && theCase.outcome)
      lines.push(`  ${t("referrals.summary.outcome", { outcome: labelOf(caseContent.outcomes, theCase.outcome, lang) })}`);
  }
  if (theCase.status === "monitoring" && theCase.monitoring_until) {
    lines.push("", t("referrals.summary.monitoringUntil", { date: formatDay(lang, theCase.monitoring_until) }));
  }
  return lines.join("\n");
}
